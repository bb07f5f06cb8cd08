#!/usr/bin/env python3
"""Title block: build the statement's cover from the metadata, the same for every format.

Statement of / witness (with the author's note) / position, organization / on / title (the one
level-1 heading) / at a hearing on / hearing title / before the / subcommittee, committee,
chamber / date. Body headings start at level 2 (the parser shifts them by one).
"""

from __future__ import annotations

import datetime as dt

import panflute as pf

# The chambers a hearing may be held by: the name in running text, and the title block's line.
CHAMBERS = {"House": "House of Representatives", "Senate": "Senate", "Joint": "Congress"}
CHAMBER_LINE = {
    "House": "U.S. House of Representatives",
    "Senate": "U.S. Senate",
    "Joint": "Congress of the United States",
}


def date_words(day: dt.date) -> str:
    """A date as the cover and every label write it: "March 4, 2020"."""
    return f"{day:%B} {day.day}, {day.year}"


def _inlines(doc: pf.Doc, key: str) -> list[pf.Inline]:
    """A metadata value as inlines (keeps emphasis, quotes and notes), or [] when absent."""
    value = doc.get_metadata(key, builtin=False)
    if value is None:
        return []
    if isinstance(value, pf.MetaInlines):
        return [pf.Str(" ") if isinstance(i, pf.SoftBreak) else i for i in value.content]
    return plain_words(pf.stringify(value))


def plain_words(text: str) -> list[pf.Inline]:
    """`text` as Str words separated by Space."""
    words: list[pf.Inline] = []
    for word in text.split():
        if words:
            words.append(pf.Space())
        words.append(pf.Str(word))
    return words


def _line(role: str, *inlines: pf.Inline) -> pf.Div:
    return pf.Div(pf.Plain(*inlines), classes=[role])


def _joined(parts: list[list[pf.Inline]]) -> list[pf.Inline]:
    """Lines separated by hard line breaks."""
    out: list[pf.Inline] = []
    for part in parts:
        if part:
            if out:
                out.append(pf.LineBreak())
            out.extend(part)
    return out


def title_block(doc: pf.Doc) -> pf.Div:
    title = _inlines(doc, "title")
    subtitle = _inlines(doc, "subtitle")
    heading: list[pf.Inline] = list(title)
    if subtitle:
        heading += [pf.Str(":"), pf.Space(), pf.Span(*subtitle, classes=["subtitle"])]
    name = _inlines(doc, "witness.name") + _inlines(doc, "witness.note")
    chamber = CHAMBER_LINE.get(doc.get_metadata("hearing.chamber", ""), "")
    hearing_title = _inlines(doc, "hearing.title")
    return pf.Div(
        _line("statement-of", pf.Str("Statement"), pf.Space(), pf.Str("of")),
        _line("witness", *name),
        _line(
            "affiliation",
            *_joined([_inlines(doc, "witness.position"), _inlines(doc, "witness.organization")]),
        ),
        _line("connective", pf.Str("on")),
        pf.Header(*heading, level=1, identifier="title", classes=["title", "unlisted"]),
        _line(
            "connective",
            pf.Str("at"),
            pf.Space(),
            pf.Str("a"),
            pf.Space(),
            pf.Str("hearing"),
            pf.Space(),
            pf.Str("on"),
        ),
        _line("hearing-title", pf.Quoted(*hearing_title, quote_type="DoubleQuote")),
        _line("connective", pf.Str("before"), pf.Space(), pf.Str("the")),
        _line(
            "venue",
            *_joined(
                [
                    _inlines(doc, "hearing.subcommittee"),
                    _inlines(doc, "hearing.committee"),
                    plain_words(chamber),
                ]
            ),
        ),
        _line(
            "hearing-date",
            *plain_words(date_words(dt.date.fromisoformat(doc.get_metadata("hearing.date")))),
        ),
        identifier="title-block",
        classes=["title-block"],
    )


def finalize(doc: pf.Doc) -> None:
    if doc.get_metadata("title") and doc.get_metadata("hearing.date"):
        doc.content.insert(0, title_block(doc))


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    return pf.run_filters([], finalize=finalize, doc=doc)  # no walk: finalize does it all


if __name__ == "__main__":
    main()
