"""PDF for print: the shared HTML page laid out by WeasyPrint as tagged PDF/UA-1.

US Letter, our OFL fonts only (embedded, subset), footnotes at the foot of the page, running
head from page 2, "Page N of M", an outline from the headings, and metadata whose dates come
from `publication.date` so two builds are byte-identical.
"""

from __future__ import annotations

import functools
import hashlib
import re
from html import unescape
from pathlib import Path

import pydyf
import weasyprint
from fontTools.ttLib import TTFont
from tinycss2.serializer import serialize_string_value
from weasyprint.text.fonts import FontConfiguration

from hearingpress import fonts, stylesheets
from hearingpress.errors import UserError
from hearingpress.publication import Publication
from hearingpress.writers import htmlpage, notes, pdfarchive, pdffetch, pdflinks, pdfnotes, pdfpages

OPTIONS = pdfarchive.options()  # PDF/A-3a and PDF/UA-1 at once
STYLE = re.compile(r"<style\b.*?</style>", re.S)
MARKUP = re.compile(r"<[^>]*>")


def css_string(text: str) -> str:
    """`text` as a CSS string literal (on one line)."""
    return f'"{serialize_string_value(" ".join(text.splitlines()))}"'


def font_faces() -> str:
    """@font-face rules pointing at our static faces on disk (WeasyPrint subsets them)."""
    return "\n".join(
        fonts.font_face_rule(face, f'url("{fonts.static_face(face).as_uri()}")')
        for face in fonts.FACES
    )


def running_head(head: str) -> str:
    """The running head (witness — short hearing title) as CSS, from page 2 on."""
    return (
        f"@page {{ @top-center {{ content: {css_string(head)}; }} }}\n"
        "@page :first { @top-center { content: none; } }"
    )


@functools.cache
def characters(face: fonts.Face) -> frozenset[str]:
    """The characters `face` has a glyph for."""
    return frozenset(map(chr, TTFont(fonts.static_face(face)).getBestCmap()))


def page_text(page: str) -> str:
    """The text of a print page's HTML: without its style sheet and markup, entities decoded
    (the running heads, set from CSS or attributes, are not in it)."""
    return unescape(MARKUP.sub("", STYLE.sub("", page)))


def check_glyphs(text: str, source: Path | None = None) -> None:
    """Stop before WeasyPrint silently borrows a machine font for a character ours lack."""
    needed = {char for char in text if char.isprintable() and char != " "}
    for face in fonts.FACES:
        missing = sorted(needed - characters(face))
        if missing:
            shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:5])
            raise UserError(
                f"the text uses characters our fonts do not have ({shown}); "
                "replace them or add a font that has them",
                source,
                _first_line_with(missing, source),
                code="HP270",
            )


def _first_line_with(characters: list[str], source: Path | None) -> int | None:
    """The first line of the source holding one of `characters` (None if not found)."""
    if source is None:
        return None
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    found = (n for n, line in enumerate(lines, 1) if any(char in line for char in characters))
    return next(found, None)


def tag_footnotes(pdf: pydyf.PDF) -> int:
    """Retag the footnotes as PDF /Note elements, each with the /ID PDF/UA asks of a Note.

    WeasyPrint tags a page's footnote area as a NonStruct child of the Document holding one
    Span per footnote (our span.footnote); everything else at that level is Part (<main>) or
    the title block's NonStruct (<header>), whose children are Divs and a heading.
    """

    def deref(reference: bytes) -> pydyf.Dictionary:
        return pdf.objects[int(reference.split()[0])]

    document = next(
        obj
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/Document"
    )
    number = 0
    for area in map(deref, document["K"]):
        kids = [deref(kid) for kid in area["K"] if isinstance(kid, bytes)]
        if area["S"] == "/NonStruct" and kids and all(kid["S"] == "/Span" for kid in kids):
            for note in kids:
                number += 1
                note["S"] = "/Note"
                note["ID"] = pydyf.String(f"note-{number}")
    return number


def finish(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Last touches before the PDF is written: refuse machine fonts, name the note links,
    tag the footnotes as notes, one annotation per line of a link, declare PDF/UA-1 beside
    PDF/A-3."""
    ours = {face.family for face in fonts.FACES}
    for font in document.fonts.values():
        # Pango names a fallback by its own family ("DejaVu Sans"); ours by our CSS names.
        if font.family not in ours:
            raise UserError(
                f"the PDF would use the machine font '{font.family}'; a character in the text "
                "is missing from our fonts",
                code="HP271",
            )
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/Link":
            continue
        dest = obj.get("Dest")
        if isinstance(dest, pydyf.String) and dest.string.startswith("note-"):
            # A screen reader announces /Contents: "Note 3", not the bare id "note-3".
            obj["Contents"] = pydyf.String(f"Note {dest.string.removeprefix('note-')}")
    tag_footnotes(pdf)
    pdflinks.drop_nested_link_annotations(pdf)
    pdfarchive.finish(pdf)


def pdf_date(publication: Publication) -> str:
    """The publication date in the W3C form WeasyPrint turns into PDF and XMP dates."""
    return publication.date.strftime("%Y-%m-%dT%H:%M:%SZ")


def print_page(publication: Publication) -> str:
    """The print HTML: the shared page with footnotes in place and print styles."""
    doc = htmlpage.html_doc(publication)
    notes.to_footnotes(doc)
    statement = publication.statement
    head = f"{statement.witness.name} — {statement.hearing.running_title}"
    css = "\n".join(
        [
            font_faces(),
            stylesheets.style("base.css"),
            stylesheets.style("print.css"),
            running_head(head),
        ]
    )
    page = htmlpage.render_page(publication, doc, css=css, contents="", template="print.html")
    check_glyphs(page_text(page) + head, publication.source)
    return page


def lay_out(page: str, base: Path) -> weasyprint.Document:
    """A print page laid out in pages, in one pass, each note on its call's page, with
    nothing fetched but our fonts and data: URLs."""
    fetcher = pdffetch.ServedOnly(pdffetch.fonts_served())
    html = weasyprint.HTML(string=page, base_url=str(base), url_fetcher=fetcher)
    try:
        with pdfnotes.notes_stay_with_calls():
            return html.render(font_config=FontConfiguration(), **OPTIONS)
    except pdffetch.FatalURLFetchingError:
        raise pdffetch.refusal(fetcher) from None


def write(
    document: weasyprint.Document,
    date: str,
    ast_json: bytes,
    attachments: list[weasyprint.Attachment] | None = None,
) -> bytes:
    """Laid-out pages as a tagged, archival PDF with `attachments` embedded; its /ID derives
    from the AST it was made from, so a rebuild is byte-identical."""
    document.metadata.created = document.metadata.modified = date
    identifier = hashlib.sha256(ast_json).hexdigest()[:32].encode("ascii")
    with (
        pdfarchive.language_of_parts(document.metadata.lang),
        pdfarchive.unambiguous_streams(),
        pdfpages.page_references_once(),
    ):
        return document.write_pdf(
            finisher=finish, pdf_identifier=identifier, attachments=attachments, **OPTIONS
        )


def render(publication: Publication) -> bytes:
    return write(
        lay_out(print_page(publication), publication.source),
        pdf_date(publication),
        publication.ast_json,
        pdfarchive.source_attachments(publication, publication.date),
    )
