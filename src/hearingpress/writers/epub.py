"""EPUB 3: the same AST through pandoc's EPUB writer, with popup footnotes and true
accessibility metadata, packed byte for byte the same on every build.

Layout of the book (spine order): title page (our title block, the same as the other
formats, then "Cite this statement"), contents (nav), the statement (one file, opened by the
title as its heading, notes as <aside epub:type="footnote"> at the end). Pandoc's own title
page shows metadata fields; ours comes from the AST (metadata field hp-title-page, set in by
our template styles/epub.xhtml), so the title block is rendered once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import panflute as pf

from hearingpress import cite, fonts, pandoc, stylesheets
from hearingpress.publication import Publication
from hearingpress.writers import epubpackage, htmlpage, notes, shortnotes, shown

STATEMENT_ID = "statement"  # the heading that opens the statement: the bodymatter landmark
NOTES_ID = epubpackage.NOTES_ID  # the statement's footnotes, under their own heading
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
STYLES = ("base.css", "epub.css")
TEMPLATE = "epub.xhtml"  # styles/: each XHTML file of the book, the title page ours


def render(publication: Publication) -> bytes:
    doc = htmlpage.html_doc(publication)
    shown_text = shown.text(publication, doc)  # before the writer changes the AST
    shortnotes.replace_ibid(doc, publication.statement.bibliography_data)  # a popup stands alone
    a11y = accessibility(doc)  # before the notes leave the AST
    # Numbered in reading order, the title block's note first, as in the other formats.
    numbers = notes.number_notes(doc)
    # The title page: the title block, how to cite the statement, the title block's notes.
    title_page = take_title_block(doc) + htmlpage.cite_this(publication)
    title_page += popup_notes(title_page, numbers)
    body = [statement_heading(publication), *doc.content]
    body += notes_section(popup_notes(body, numbers))
    doc.content = body
    doc.metadata = _metadata(publication, a11y, title_page)
    with tempfile.TemporaryDirectory(prefix="hearingpress-epub-") as tmp:
        args = pandoc_args(Path(tmp), shown_text)
        # Every image is a data: URL in the AST (hearingpress.images), so pandoc needs no
        # file but ours: its resource path is our temporary folder, not the statement's.
        raw = pandoc.write(doc, "epub3", [*args, f"--resource-path={tmp}"])
    return epubpackage.finish(
        raw,
        date=publication.date,
        extra_meta={
            "dcterms:conformsTo": CONFORMS_TO,
            "a11y:certifiedBy": _certifier(publication),
            "dcterms:bibliographicCitation": publication.citation.text,
        },
        bodymatter=f"text/ch001.xhtml#{STATEMENT_ID}",
    )


# --------------------------------------------------------------------------- the AST


def take_title_block(doc: pf.Doc) -> list[pf.Block]:
    """Remove the title block from the body; return its blocks (the title page). The
    metadata contract requires what the title block is made of, so it is always there."""
    index = next(
        i
        for i, block in enumerate(doc.content)
        if isinstance(block, pf.Div) and block.identifier == "title-block"
    )
    return [doc.content.pop(index)]


def _footnote(number: int, blocks: list[pf.Block]) -> list[pf.Block]:
    """One popup footnote: <aside epub:type="footnote">, opened by its number, which links
    back to the call (a popup shows the number; a reader without popups can go back)."""
    label = pf.RawInline(
        f'<a class="note-label" href="#noteref-{number}" role="doc-backlink" '
        f'aria-label="Back to note {number} in the text">{number}.</a> ',
        format="html",
    )
    if blocks and isinstance(blocks[0], pf.Para | pf.Plain):
        blocks[0].content.insert(0, label)
    else:
        blocks.insert(0, pf.Plain(label))
    return [
        pf.RawBlock(
            f'<aside id="note-{number}" class="footnote" epub:type="footnote" role="doc-footnote">',
            format="html",
        ),
        *blocks,
        pf.RawBlock("</aside>", format="html"),
    ]


def popup_notes(blocks: list[pf.Block], numbers: dict[int, int]) -> list[pf.Block]:
    """Replace the notes in `blocks` by calls; return their footnotes, in number order."""
    found = notes.replace_notes(
        blocks,
        lambda number, _: pf.RawInline(notes.note_call(number, epub=True), format="html"),
        numbers,
    )
    return [b for number, body in found.items() for b in _footnote(number, body)]


def statement_heading(publication: Publication) -> pf.Header:
    """The heading that opens the statement (and names it in the contents): not the title
    again, which the title page shows, but whose statement it is."""
    name = f"Statement of {publication.statement.witness.name}"
    return pf.Header(*_words(name), level=1, identifier=STATEMENT_ID, classes=["unnumbered"])


def notes_section(footnotes: list[pf.Block]) -> list[pf.Block]:
    """The statement's footnotes under a "Notes" heading, listed in the contents: for reading
    systems without popups, which show them after the statement."""
    if not footnotes:
        return []
    heading = pf.Header(pf.Str("Notes"), level=2, identifier=NOTES_ID, classes=["unnumbered"])
    return [heading, *footnotes]


def _words(text: str) -> list[pf.Inline]:
    inlines: list[pf.Inline] = []
    for word in text.split():
        inlines += [pf.Space(), pf.Str(word)] if inlines else [pf.Str(word)]
    return inlines


# --------------------------------------------------------------------------- metadata


def identifier(publication: Publication) -> str:
    return cite.identifier(publication.statement)


def _certifier(publication: Publication) -> str:
    return publication.statement.publisher or "Hearing Press"


def _present(doc: pf.Doc) -> set[str]:
    """Which of images, abbreviations, languages and footnotes the AST holds: one walk."""
    found: set[str] = set()

    def look(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Image):
            found.add("images")
        elif isinstance(elem, pf.Note):
            found.add("footnotes")
        elif isinstance(elem, pf.Span):
            if "abbr" in elem.classes:
                found.add("abbreviations")
            if "lang" in elem.attributes:
                found.add("languages")

    doc.walk(look)
    return found


def accessibility(doc: pf.Doc) -> dict[str, object]:
    """schema.org accessibility metadata that is true of this book, from what the AST holds."""
    present = _present(doc)
    images, footnotes = "images" in present, "footnotes" in present
    abbreviations, languages = "abbreviations" in present, "languages" in present
    features = ["readingOrder", "structuralNavigation", "tableOfContents"]
    features += ["alternativeText"] if images else []
    features += ["displayTransformability", "unlocked"]
    marked = [
        "abbreviations carry their expansions" if abbreviations else "",
        "phrases in other languages are marked with their language" if languages else "",
    ]
    speech = " and ".join(m for m in marked if m)
    sentences = [
        "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA.",
        "It has images, each with a text alternative." if images else "It is text only.",
        "Headings give its structure and a table of contents links them.",
        "Notes are footnotes, linked from the text and back to it." if footnotes else "",
        f"For text-to-speech, {speech}." if speech else "",
        "The text reflows; its fonts, sizes and colours can be changed by the reader.",
        "No hazards.",
    ]
    summary = " ".join(sentence for sentence in sentences if sentence)
    return {
        "accessModes": ["textual", "visual"] if images else ["textual"],
        "accessModeSufficient": ["textual"],
        "accessibilityFeatures": features,
        "accessibilityHazards": ["none"],
        "accessibilitySummary": summary,
    }


def _metadata(
    publication: Publication, a11y: dict[str, object], title_page: list[pf.Block]
) -> dict:
    """Only what pandoc's EPUB writer reads: the source's own fields stay out of the package."""
    statement = publication.statement
    hearing = statement.hearing
    titles = [{"text": statement.title, "type": "main"}]
    if statement.subtitle:
        titles.append({"text": statement.subtitle, "type": "subtitle"})
    meta: dict[str, object] = {
        "title": titles,
        "creator": [{"text": statement.witness.name, "role": "author"}],
        "date": publication.date.date().isoformat(),
        "lang": statement.lang,
        "identifier": identifier(publication),
        "description": (
            f"{statement.appearance}, {hearing.chamber_name}, {hearing.sitting_label}."
        ),
        "subject": list(statement.keywords),
        "toc-title": "Contents",
        "hp-title-page": pf.MetaBlocks(*title_page),
        **a11y,
    }
    if statement.publisher:
        meta["publisher"] = statement.publisher
    return meta


# --------------------------------------------------------------------------- pandoc


def pandoc_args(tmp: Path, text: str, sheets: tuple[str, ...] = STYLES) -> list[str]:
    """Write the stylesheet (`sheets` from styles/) and the fonts subset to `text` (all the
    text the book shows) to `tmp`; return the options (pandoc reads the template from
    styles/)."""
    font_dir = tmp / "fonts"
    font_dir.mkdir()
    rules = []
    args = []
    for face, data in fonts.font_files(text):
        path = font_dir / f"{face.slug}.ttf"
        path.write_bytes(data)
        args.append(f"--epub-embed-font={path}")
        rules.append(fonts.font_face_rule(face, f'url("../fonts/{path.name}") format("truetype")'))
    css = tmp / "hearingpress.css"
    css.write_text(
        "\n".join([*rules, *map(stylesheets.style, sheets)]),
        encoding="utf-8",
    )
    return [
        *args,
        f"--css={css}",
        f"--template={stylesheets.path(TEMPLATE)}",
        "--epub-title-page=true",
        "--toc",
        "--toc-depth=3",
        "--split-level=1",
        "--html-q-tags=false",
    ]
