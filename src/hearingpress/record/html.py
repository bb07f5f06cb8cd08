"""The record in HTML: an index page (the hearing cover, the statements with their witnesses,
the record in its other formats) linking to one page per statement, the statement's own HTML
as `build` writes it under its House name. Each statement stays one self-contained,
accessible page with its notes numbered from 1; the index is the record's front door."""

from __future__ import annotations

from html import escape

import lxml.html

from hearingpress import fonts, stylesheets
from hearingpress.record import pages
from hearingpress.record.assemble import Record

FORMAT_NAMES = {"pdf": "PDF (print)", "epub": "EPUB (e-readers)", "xml": "USLM XML (GPO)"}


def formats_html(record: Record) -> str:
    """Links to the record in its other formats written alongside."""
    items = [
        f'<li><a href="{escape(record.stem)}.{fmt}">{escape(name)}</a></li>'
        for fmt, name in FORMAT_NAMES.items()
        if fmt in record.formats
    ]
    if not items:
        return ""
    return "\n".join(
        [
            '<section class="record-formats" aria-labelledby="formats-heading">',
            '<h2 id="formats-heading">The whole record</h2>',
            "<ul>",
            *items,
            "</ul>",
            "</section>",
        ]
    )


def render(record: Record) -> bytes:
    hrefs = [f"{stem}.html" for stem in record.stems]
    contents = pages.contents_html(record, hrefs, heading="Statements")
    body = "\n".join(
        [
            pages.cover_html(record),
            '<main id="main" tabindex="-1">',
            contents,
            formats_html(record),
            "</main>",
        ]
    )
    text = lxml.html.fromstring(body).text_content()  # what the font subsets must hold
    css = "\n".join(
        [
            fonts.font_face_css(text),
            stylesheets.style("base.css"),
            stylesheets.style("screen.css"),
            stylesheets.style("record.css"),
        ]
    )
    return pages.fill("page.html", record, css=css, body=body).encode("utf-8")
