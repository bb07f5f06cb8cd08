"""Accessible HTML: one self-contained page, no JavaScript, fonts and CSS inlined."""

from __future__ import annotations

from hearingpress import fonts, stylesheets
from hearingpress.publication import Publication
from hearingpress.writers import htmlpage, notes, shown


def render(publication: Publication) -> bytes:
    doc = htmlpage.html_doc(publication)
    shown_text = shown.text(publication, doc)  # before the notes leave the AST
    has_notes = notes.to_endnotes(doc) > 0
    extra = (("notes-heading", "Notes"),) if has_notes else ()
    extra += ((htmlpage.CITE_HEADING, "Cite this statement"),)
    contents = htmlpage.contents_nav(doc, extra)
    css = "\n".join(
        [
            fonts.font_face_css(shown_text),
            stylesheets.style("base.css"),
            stylesheets.style("screen.css"),
        ]
    )
    page = htmlpage.render_page(
        publication, doc, css=css, contents=contents, after_main=htmlpage.cite_this(publication)
    )
    return page.encode("utf-8")
