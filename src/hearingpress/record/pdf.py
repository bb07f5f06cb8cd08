"""The record as one tagged PDF/UA-1: the hearing cover, the contents with page numbers, then
each statement from a new page with its title block, its footnotes numbered from 1 and its own
running head. Bookmarks come from the headings: each statement's title, then its sections."""

from __future__ import annotations

from hearingpress import stylesheets
from hearingpress.publication import Publication
from hearingpress.record import pages
from hearingpress.record.assemble import Record, statement_id
from hearingpress.writers import htmlpage, notes
from hearingpress.writers import pdf as statement_pdf


def running_head(record: Record, publication: Publication) -> str:
    """A statement's running head: its witness and the hearing's short title."""
    return f"{publication.statement.witness.name} — {record.hearing.running_title}"


def print_page(record: Record) -> str:
    articles = []
    heads = record.hearing.title + record.hearing.committee + (record.hearing.subcommittee or "")
    for number, publication in enumerate(record.statements, start=1):
        doc = htmlpage.html_doc(publication)
        notes.to_footnotes(doc)
        head = running_head(record, publication)
        heads += head
        articles.append(pages.article_html(number, publication, doc, head))
    hrefs = [f"#{statement_id(n)}" for n in range(1, len(record.statements) + 1)]
    body = "\n".join(
        [
            pages.cover_html(record),
            pages.contents_html(record, hrefs),
            '<main id="main">',
            *articles,
            "</main>",
        ]
    )
    css = "\n".join(
        [
            statement_pdf.font_faces(),
            stylesheets.style("base.css"),
            stylesheets.style("print.css"),
            stylesheets.style("record.css"),
            stylesheets.style("record-print.css"),
        ]
    )
    page = pages.fill("print.html", record, css=css, body=body)
    statement_pdf.check_glyphs(statement_pdf.page_text(page) + heads)
    return page


def render(record: Record) -> bytes:
    return statement_pdf.write(
        statement_pdf.lay_out(print_page(record), record.source),
        statement_pdf.pdf_date(record),
        b"".join(p.ast_json for p in record.statements),
    )
