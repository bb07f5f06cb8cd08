#!/usr/bin/env python3
"""Headings: levels that nest, whatever level the author starts at or skips to.

A heading's level comes from its place in the outline, not from its count of `#`: the first
heading of the body is a section; a heading deeper than the one before it is that heading's
subsection, however many levels it skips; a heading at the depth of an earlier one is that
one's sibling. So sections written as `##` read as `#`, and `#` then `###` reads as `#` then
`##`: every format's outline (HTML and EPUB headings, PDF tags, USLM levels) is well nested.

Sections start at level 2 when the document has a title (the title block owns level 1, as in
the pipeline), else at level 1.
"""

from __future__ import annotations

import panflute as pf


def top_level(doc: pf.Doc) -> int:
    return 2 if doc.get_metadata("title") else 1


def renumber(headers: list[pf.Header], top: int) -> None:
    """Give each heading its depth in the outline, the first at `top`."""
    open_sections: list[tuple[int, int]] = []  # (level as written, level given)
    for header in headers:
        while open_sections and open_sections[-1][0] >= header.level:
            open_sections.pop()
        given = open_sections[-1][1] + 1 if open_sections else top
        open_sections.append((header.level, given))
        header.level = given


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    def finalize(doc: pf.Doc) -> None:
        headers: list[pf.Header] = []
        for block in doc.content:  # the body only, in reading order
            block.walk(lambda e, _d: headers.append(e) if isinstance(e, pf.Header) else None)
        renumber(headers, top_level(doc))

    return pf.run_filters([], finalize=finalize, doc=doc)  # no walk: finalize does it all


if __name__ == "__main__":
    main()
