"""Parse once, filter once, write many: the flow every format hangs on."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import panflute as pf

from hearingpress import checks, cite, images, includes, pandoc
from hearingpress.filters import (
    abbreviations,
    headings,
    language,
    lastwords,
    titleblock,
    typography,
)
from hearingpress.metadata import Statement, read_statement
from hearingpress.parse import Parsed, parse
from hearingpress.publication import Publication, publication_date


def apply_filters(doc: pf.Doc) -> pf.Doc:
    """headings, titleblock, abbreviations, language, typography, lastwords, in that order, with
    one walk for the four that act element by element: the same AST as running each filter's
    main() in turn (each also runs as pandoc --filter), one walk over the AST instead of four.

    Order matters: headings are renumbered before the title block adds its level-1 heading;
    the title block brings metadata text into the body before the others run; typography runs
    late because it merges words with no-break spaces; lastwords then ties the last two words
    of each heading and title-block line (it reads only an element's own content, which the
    others have finished with when the walk, children first, reaches it)."""
    doc = headings.main(doc)
    doc = titleblock.main(doc)
    abbreviations.prepare(doc)
    language.prepare(doc)
    return doc.walk(_each_element, doc)


def _each_element(elem: pf.Element, doc: pf.Doc) -> list[pf.Inline] | None:
    """abbreviations, language, typography, then lastwords on one element. The walk goes
    children first, as each filter's own walk does, so every element sees what it would have
    seen: the abbreviation spans are in place when language and typography read their
    container, and the phrases language wraps are polished as typography's own walk would
    have done."""
    replaced = abbreviations.action(elem, doc)
    if replaced is not None:
        return replaced  # a word split around an abbreviation span: nothing more to do
    content = getattr(elem, "content", None)
    wrapping = bool(doc.phrases) and isinstance(content, pf.ListContainer)
    before = {id(item) for item in content} if wrapping else set()
    language.action(elem, doc)
    if wrapping:
        for item in elem.content:
            if isinstance(item, pf.Span) and id(item) not in before:
                typography.action(item, doc)  # a phrase language has just wrapped
    typography.action(elem, doc)
    lastwords.action(elem, doc)
    return None


def prepare(source: Path, read: tuple[str, Statement] | None = None) -> Publication:
    """Parse the statement, check and embed its images, apply the filters and format its
    citation (in a thread, while pandoc parses). `read` is its text and checked metadata
    when the caller has read them already (`metadata.read_statement`: once per build); else
    they are read here."""
    text, statement = read or read_statement(source)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="citation") as pool:
        # citeproc-py formats the citation while pandoc parses, in its own process
        citation = pool.submit(cite.citation, statement, includes.style_file(statement, source))
        parsed: Parsed = parse(source, (text, statement))
        if not statement.bibliography:
            checks.check_citations_without_bibliography(parsed.found.cites, text, source)
        embedded = images.embed(parsed.found.images, text, source)
        doc = apply_filters(parsed.doc)
        cited = citation.result()
    return Publication(
        source=source,
        text=text,
        statement=statement,
        ast_json=pandoc.doc_to_json(doc),
        date=publication_date(statement),
        citation=cited,
        images=embedded,
    )
