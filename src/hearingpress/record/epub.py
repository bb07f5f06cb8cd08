"""The record as one EPUB 3: the hearing cover (with the list of statements) as the title
page, the contents (nav, nested statement → sections), then one spine item per statement.

Pandoc starts a new file at each level-1 heading at the top of the body, so each statement
opens with its title as that heading, followed by the rest of its title block (witness,
hearing, date); its notes pop up from its own file, numbered from 1.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import panflute as pf

from hearingpress import cite, pandoc
from hearingpress.filters.titleblock import plain_words
from hearingpress.record.assemble import (
    Record,
    cover,
    prefix_ast_ids,
    statement_id,
    witness_line,
)
from hearingpress.writers import epub, epubpackage, htmlpage, notes

STYLES = (*epub.STYLES, "record.css")


def _opening(title_block: pf.Div) -> tuple[pf.Header, pf.Div]:
    """The title block split for a spine item: its heading first, then the other lines
    (without the "on" that led into the title)."""
    lines = list(title_block.content)
    index = next(i for i, b in enumerate(lines) if isinstance(b, pf.Header))
    heading = lines.pop(index)
    if index and pf.stringify(lines[index - 1]).strip() == "on":
        lines.pop(index - 1)
    heading.classes = ["unnumbered"]  # listed in the nav, unlike the title block's heading
    return heading, pf.Div(*lines, identifier="title-block", classes=["title-block"])


def statements_list(record: Record) -> pf.Div:
    """The title page's list of statements: witness and title, in order of appearance."""
    items = [
        pf.ListItem(
            pf.Plain(
                *plain_words(witness_line(p.statement) + ":"),
                pf.Space(),
                pf.Emph(*plain_words(p.statement.full_title)),
            )
        )
        for p in record.statements
    ]
    return pf.Div(
        pf.Para(pf.Strong(pf.Str("Statements"))),
        pf.OrderedList(*items),
        classes=["record-contents"],
    )


def chapters(record: Record) -> list[pf.Block]:
    """Each statement's blocks, its ids prefixed, its notes (from 1) as popups at its end."""
    body: list[pf.Block] = []
    for number, publication in enumerate(record.statements, start=1):
        doc = htmlpage.html_doc(publication)
        numbers = notes.number_notes(doc)
        (title_block,) = epub.take_title_block(doc)
        heading, rest = _opening(title_block)
        chapter = [heading, rest, *doc.content]
        prefix_ast_ids(chapter, f"{statement_id(number)}-")
        chapter += epub.popup_notes(chapter, numbers)
        body += chapter
    return body


def identifier(record: Record) -> str:
    """A UUIDv5 of the hearing's title, date and statements: the same on every build."""
    names = [record.hearing.title, record.hearing.date.isoformat()]
    names += [p.statement.full_title for p in record.statements]
    return f"urn:uuid:{uuid.uuid5(cite.ID_NAMESPACE, chr(10).join(['hearing', *names]))}"


def _metadata(record: Record, a11y: dict[str, object], title_page: list[pf.Block]) -> dict:
    hearing = record.hearing
    witnesses = [p.statement.witness.name for p in record.statements]
    keywords = dict.fromkeys(k for p in record.statements for k in p.statement.keywords)
    return {
        "title": [{"text": hearing.title, "type": "main"}],
        "creator": [{"text": name, "role": "author"} for name in witnesses],
        "date": record.date.date().isoformat(),
        "lang": record.lang,
        "identifier": identifier(record),
        "description": (
            f"Statements of {', '.join(witnesses)} at a hearing before the {record.venue}, "
            f"{hearing.chamber_name}, {hearing.sitting_label}."
        ),
        "subject": list(keywords),
        "toc-title": "Contents",
        "hp-title-page": pf.MetaBlocks(*title_page),
        **a11y,
    }


def render(record: Record) -> bytes:
    everything = pf.Doc(*[block for p in record.statements for block in p.doc().content])
    a11y = epub.accessibility(everything)
    title_page: list[pf.Block] = [cover(record), statements_list(record)]
    doc = pf.Doc(*chapters(record))
    doc.metadata = _metadata(record, a11y, title_page)
    with tempfile.TemporaryDirectory(prefix="hearingpress-record-epub-") as tmp:
        text = pf.stringify(doc) + pf.stringify(pf.Doc(*title_page)) + "Contents"
        args = epub.pandoc_args(Path(tmp), text, STYLES)
        # Images are data: URLs in the AST (hearingpress.images): pandoc reads no file of ours.
        raw = pandoc.write(doc, "epub3", [*args, f"--resource-path={tmp}"])
    first = f"{statement_id(1)}-title"  # the first statement's heading (the title block's id)
    return epubpackage.finish(
        raw,
        date=record.date,
        extra_meta={"dcterms:conformsTo": epub.CONFORMS_TO, "a11y:certifiedBy": "Hearing Press"},
        bodymatter=f"text/ch001.xhtml#{first}",
    )
