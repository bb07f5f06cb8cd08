"""Parse once, filter once, write many: the flow every format hangs on."""

from __future__ import annotations

from pathlib import Path

import panflute as pf

from hearingpress import checks, cite, images, includes, pandoc
from hearingpress.filters import abbreviations, headings, language, titleblock, typography
from hearingpress.metadata import Statement, read_statement
from hearingpress.parse import Parsed, parse
from hearingpress.publication import Publication, publication_date

# Order matters: headings are renumbered before the title block adds its level-1 heading;
# the title block brings metadata text into the body before the others run; typography runs
# last because it merges words with no-break spaces.
FILTERS = (headings, titleblock, abbreviations, language, typography)


def apply_filters(doc: pf.Doc) -> pf.Doc:
    for module in FILTERS:
        doc = module.main(doc)
    return doc


def prepare(source: Path, read: tuple[str, Statement] | None = None) -> Publication:
    """Parse the statement, check and embed its images, apply the filters and format its
    citation. `read` is its text and checked metadata when the caller has read them already
    (`metadata.read_statement`: once per build); else they are read here."""
    text, statement = read or read_statement(source)
    parsed: Parsed = parse(source, (text, statement))
    if not statement.bibliography:
        checks.check_citations_without_bibliography(parsed.doc, text, source)
    embedded = images.embed(parsed.doc, text, source)
    doc = apply_filters(parsed.doc)
    return Publication(
        source=source,
        statement=statement,
        ast_json=pandoc.doc_to_json(doc),
        date=publication_date(statement),
        citation=cite.citation(statement, includes.style_file(statement, source)),
        images=embedded,
    )
