"""Parse once, filter once, write many: the flow every format hangs on."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from hearingpress import checks, cite, images, includes, pandoc
from hearingpress.errors import UserError
from hearingpress.filters import (
    abbreviations,
    headings,
    language,
    lastwords,
    titleblock,
    typography,
)
from hearingpress.metadata import Statement
from hearingpress.parse import Parsed, parse

# Order matters: headings are renumbered before the title block adds its level-1 heading;
# the title block brings metadata text into the body before the others run; typography runs
# late because it merges words with no-break spaces; lastwords then ties the last two words of
# each heading and title-block line.
FILTERS = (headings, titleblock, abbreviations, language, typography, lastwords)


@dataclass(frozen=True)
class Publication:
    """Everything a writer needs: the filtered AST (as JSON, so each writer gets its own copy),
    the checked metadata, where the source is, the one date every output carries, how to cite
    the statement (formatted once, here, for every writer that shows it), and the SHA-256 of
    each image embedded in the AST, by its path in the statement's folder."""

    source: Path
    statement: Statement
    ast_json: bytes
    date: dt.datetime
    citation: cite.Citation
    images: dict[str, str] = field(default_factory=dict)

    def doc(self) -> pf.Doc:
        """A fresh copy of the filtered AST; writers may change it freely."""
        return pandoc.json_to_doc(self.ast_json)

    @property
    def stem(self) -> str:
        return self.source.stem


def apply_filters(doc: pf.Doc) -> pf.Doc:
    for module in FILTERS:
        doc = module.main(doc)
    return doc


def publication_date(statement: Statement) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the hearing date: never 'now'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UserError(
                f"SOURCE_DATE_EPOCH is {epoch!r}; set it to whole seconds since 1970",
                code="HP406",
            )
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = statement.hearing.date
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def prepare(source: Path) -> Publication:
    parsed: Parsed = parse(source)
    if not parsed.statement.bibliography:
        checks.check_citations_without_bibliography(parsed.doc, parsed.text, source)
    embedded = images.embed(parsed.doc, parsed.text, source)
    try:
        doc = apply_filters(parsed.doc)
    except ValueError as err:  # a filter's verdict on the input (e.g. a bad lang tag)
        raise UserError(str(err), source, code="HP217") from None
    return Publication(
        source=source,
        statement=parsed.statement,
        ast_json=pandoc.doc_to_json(doc),
        date=publication_date(parsed.statement),
        citation=cite.citation(parsed.statement, includes.style_file(parsed.statement, source)),
        images=embedded,
    )
