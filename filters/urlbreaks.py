#!/usr/bin/env python3
"""URL breaking by Chicago's rule (CMOS 14.18) for HTML-based outputs: a URL shown as its own
link text may break after `//` or a colon, and before a single slash, a period, a hyphen, an
underscore, `?`, `#`, `%`, `~`, `=` or `&`; never so that a slash or a hyphen ends a line.

Each piece between two such places is set in a `<span class="url-part">` (which CSS keeps
whole: `white-space: nowrap`, since browsers and WeasyPrint would otherwise break after any
slash or hyphen) and the places themselves get a `<wbr>`. Nothing visible is added and no
character: the link target is untouched and copied text is the URL byte for byte. A piece
longer than LONG_PIECE is left as plain text, so `overflow-wrap: anywhere` can still break it
rather than let it run into the margin; every link that shows its URL gets pandoc's class
`uri` (citeproc's links lack it), which the styles use for that fallback.

The HTML, EPUB and PDF writers run it on their copy of the AST; as `pandoc --filter` it acts
only when pandoc writes HTML or EPUB (other formats have no use for `<wbr>`).
"""

from __future__ import annotations

import itertools

import panflute as pf

BREAK_BEFORE = frozenset("/.-_?#%~=&")
NEVER_AFTER = frozenset("/-")  # a line may not end with a single slash or a hyphen
LONG_PIECE = 24
WBR = "<wbr />"  # well-formed XML too: the EPUB's pages are XHTML
HTML_FORMATS = ("html", "html4", "html5", "epub", "epub2", "epub3", "chunkedhtml")


def break_points(url: str) -> list[int]:
    """The indexes before which a line may break in `url`, by Chicago's rule."""
    points = []
    for index in range(1, len(url) - 1):
        before, char = url[index - 1], url[index]
        after_double_slash = url[index - 2 : index] == "//"
        after_colon = before == ":" and not url.startswith("//", index)
        before_single_slash = char == "/" and before != "/" and url[index + 1] != "/"
        before_mark = char in BREAK_BEFORE and char != "/"
        before_allowed = (before_single_slash or before_mark) and before not in NEVER_AFTER
        if after_double_slash or after_colon or before_allowed:
            points.append(index)
    return [p for n, p in enumerate(points) if n == 0 or p - points[n - 1] > 1]


def pieces(url: str) -> list[str]:
    """`url` cut at its break points."""
    cuts = [0, *break_points(url), len(url)]
    return [url[start:end] for start, end in itertools.pairwise(cuts)]


def breakable(url: str) -> list[pf.Inline]:
    """The URL as inlines: pieces kept whole, a <wbr> between them."""
    out: list[pf.Inline] = []
    for piece in pieces(url):
        if out:
            out.append(pf.RawInline(WBR, format="html"))
        if len(piece) > LONG_PIECE:
            out.append(pf.Str(piece))
        else:
            out.append(pf.Span(pf.Str(piece), classes=["url-part"]))
    return out


def action(elem: pf.Element, doc: pf.Doc) -> None:
    if not isinstance(elem, pf.Link) or len(elem.content) != 1:
        return
    (text,) = elem.content
    if isinstance(text, pf.Str) and text.text == elem.url and "://" in elem.url:
        elem.content = breakable(elem.url)
        if "uri" not in elem.classes:  # pandoc's class for a link that shows its URL
            elem.classes.append("uri")


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    if doc is None:  # as `pandoc --filter`: only for HTML-based output
        return pf.run_filter(_for_html)
    return pf.run_filter(action, doc=doc)


def _for_html(elem: pf.Element, doc: pf.Doc) -> None:
    if doc.format in HTML_FORMATS:
        action(elem, doc)


if __name__ == "__main__":
    main()
