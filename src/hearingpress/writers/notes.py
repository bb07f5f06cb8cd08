"""Notes for HTML-based outputs: number them in reading order and lay them out.

Pandoc's own HTML notes give back-links no accessible name and put the notes outside our
<main>; so the HTML writers replace each Note in the AST with an explicit call and build the
notes list themselves. Print (PDF) uses the same calls with the note text at the call site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

import panflute as pf


def collect_notes(doc: pf.Doc) -> list[pf.Note]:
    """Every note in reading order (the title block's author note first)."""
    notes: list[pf.Note] = []

    def visit(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Note):
            notes.append(elem)

    for block in doc.content:  # the body only: the metadata holds a copy of the author's note
        block.walk(visit)
    return notes


def number_notes(doc: pf.Doc) -> dict[int, int]:
    """Each note's number (by object id), in reading order: the same in every format."""
    return {id(note): n for n, note in enumerate(collect_notes(doc), start=1)}


Call = Callable[[int, list[pf.Block]], pf.Inline | list[pf.Inline]]


def replace_notes(
    blocks: Iterable[pf.Block], call: Call, numbers: dict[int, int] | None = None
) -> dict[int, list[pf.Block]]:
    """Replace each note in `blocks` by `call(number, its blocks)`; return the notes' blocks
    by number, in order. Every note-based layout (endnotes, footnotes, popups) is built on it.
    Without `numbers` (from number_notes), the notes are numbered as met: the same numbers,
    since both walks go in reading order."""
    found: dict[int, list[pf.Block]] = {}

    def replace(elem: pf.Element, _doc: pf.Doc) -> pf.Inline | list[pf.Inline] | None:
        if not isinstance(elem, pf.Note):
            return None
        number = numbers[id(elem)] if numbers is not None else len(found) + 1
        found[number] = list(elem.content)
        return call(number, found[number])

    for block in blocks:
        block.walk(replace)
    return dict(sorted(found.items()))


def note_call(number: int, *, epub: bool = False) -> str:
    """The call of endnote `number` in the text; `epub` adds epub:type="noteref"."""
    epub_type = 'epub:type="noteref" ' if epub else ""
    return (
        f'<a class="noteref" id="noteref-{number}" href="#note-{number}" {epub_type}'
        f'role="doc-noteref" aria-label="Note {number}"><sup>{number}</sup></a>'
    )


BACK_ARROW = "↑"  # what an endnote's link back to its call shows


def back_link(number: int) -> pf.RawInline:
    return pf.RawInline(
        f' <a class="backlink" href="#noteref-{number}" role="doc-backlink" '
        f'aria-label="Back to note {number} in the text">{BACK_ARROW}</a>',
        format="html",
    )


def _with_back_link(blocks: list[pf.Block], number: int) -> list[pf.Block]:
    last = blocks[-1] if blocks else None
    if isinstance(last, pf.Para | pf.Plain):
        last.content.append(back_link(number))
    else:
        blocks.append(pf.Plain(back_link(number)))
    return blocks


def to_endnotes(doc: pf.Doc, heading: str = "Notes") -> int:
    """Replace notes by calls and append a Notes section; return how many notes there were."""
    bodies = replace_notes(
        list(doc.content), lambda number, _: pf.RawInline(note_call(number), format="html")
    )
    if not bodies:
        return 0
    blocks: list[pf.Block] = [
        pf.RawBlock(
            '<section id="notes" class="notes" role="doc-endnotes" '
            f'aria-labelledby="notes-heading">\n<h2 id="notes-heading">{escape(heading)}</h2>\n'
            "<ol>",
            format="html",
        )
    ]
    for number, body in bodies.items():
        blocks.append(pf.RawBlock(f'<li id="note-{number}" value="{number}">', format="html"))
        blocks.extend(_with_back_link(body, number))
        blocks.append(pf.RawBlock("</li>", format="html"))
    blocks.append(pf.RawBlock("</ol>\n</section>", format="html"))
    doc.content.extend(blocks)
    return len(bodies)


def footnote_call(number: int) -> str:
    """The call for print: the number is the link itself (no <sup> inside the <a>, which
    WeasyPrint would turn into a second, untagged link annotation); CSS raises it."""
    return f'<a class="noteref" id="noteref-{number}" href="#note-{number}">{number}</a>'


def _note_inlines(blocks: list[pf.Block]) -> list[pf.Inline]:
    """A note's text as inlines, so it can sit inside the paragraph that calls it."""
    out: list[pf.Inline] = []
    for block in blocks:
        if out:
            out.append(pf.LineBreak())
        if isinstance(block, pf.Para | pf.Plain):
            out.extend(block.content)
        else:  # notes are prose; anything else keeps its words
            out.append(pf.Str(pf.stringify(block).strip()))
    return out


def to_footnotes(doc: pf.Doc) -> int:
    """Replace each note by its call followed by the note text in a span.footnote (for CSS
    `float: footnote`, which sets it at the foot of the page); return how many there were."""

    def call(number: int, body: list[pf.Block]) -> list[pf.Inline]:
        return [
            pf.RawInline(footnote_call(number), format="html"),
            pf.Span(
                # "1." in a hanging box (print.css); no space after it, the box is the gap.
                pf.Span(pf.Str(f"{number}."), classes=["note-number"]),
                *_note_inlines(body),
                identifier=f"note-{number}",
                classes=["footnote"],
            ),
        ]

    return len(replace_notes(list(doc.content), call))
