#!/usr/bin/env python3
"""No word alone on the last line of a heading or a title-block line: the last two words of
each are tied with a no-break space.

WeasyPrint 70 has no `text-wrap: balance`, and a heading that ends "…and Monetary │ Policy"
or a venue line that ends "…Security │ Strategy" reads badly in every format; so the tie is
made once, here, for all of them. A line is a heading or a paragraph of the title block, cut
at its line breaks and at the subtitle (which the title block sets on its own line); a line
that ends in quotes or emphasis is tied inside them. Notes are left alone.
"""

from __future__ import annotations

import panflute as pf

NBSP = "\u00a0"
TITLE_BLOCK = "title-block"
CONTAINERS = (pf.Quoted, pf.Emph, pf.Strong, pf.Span, pf.SmallCaps)
GAPS = (pf.Space, pf.SoftBreak)


def _is_subtitle(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Span) and "subtitle" in elem.classes


def _has_gap(items: pf.ListContainer) -> bool:
    return any(isinstance(item, GAPS) for item in items)


def tie_lines(items: pf.ListContainer) -> None:
    """Tie the last two words of each line of `items` (cut at line breaks and the subtitle)."""
    start = 0
    for index in range(len(items) + 1):
        item = items[index] if index < len(items) else None
        if item is None or isinstance(item, pf.LineBreak) or _is_subtitle(item):
            _tie(items, start, index)
            if item is not None and _is_subtitle(item):
                tie_lines(item.content)
            start = index + 1


def _tie(items: pf.ListContainer, start: int, end: int) -> None:
    """Tie the last gap between words in items[start:end], inside quotes or emphasis when the
    last gap is there."""
    while end > start and isinstance(items[end - 1], GAPS):
        end -= 1
    for index in range(end - 1, start - 1, -1):
        item = items[index]
        if isinstance(item, GAPS):
            items[index] = pf.Str(NBSP)
            return
        if isinstance(item, CONTAINERS) and _has_gap(item.content):
            _tie(item.content, 0, len(item.content))
            return


def _in_title_block(elem: pf.Element) -> bool:
    parent = elem.parent
    while parent is not None:
        if isinstance(parent, pf.Note):  # a note's text is prose, not a title line
            return False
        if isinstance(parent, pf.Div) and parent.identifier == TITLE_BLOCK:
            return True
        parent = parent.parent
    return False


def action(elem: pf.Element, _doc: pf.Doc) -> None:
    if isinstance(elem, pf.Header) or (
        isinstance(elem, pf.Plain | pf.Para) and _in_title_block(elem)
    ):
        tie_lines(elem.content)


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    return pf.run_filter(action, doc=doc)


if __name__ == "__main__":
    main()
