"""Word (DOCX): the same AST through pandoc's docx writer, for clerks and GPO's compositors.

What pandoc gives by itself: notes as real Word footnotes, `lang` spans as runs with w:lang,
table header rows marked to repeat (w:tblHeader), image descriptions as alt text. What we add:
the reference document with our styles (docxreference.py); the title block as styled
paragraphs (the title in Word's Title style, the body's sections as Heading 1, 2 … so the
navigation pane shows the outline); the document properties written from the metadata; and a
package packed byte for byte the same on every build (dates from the publication date).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import panflute as pf
from lxml import etree

import hearingpress
from hearingpress import cite, pandoc
from hearingpress.publication import Publication
from hearingpress.writers import docxreference, zipfixed

# Title block lines (filters/titleblock.py classes) -> the style that sets them.
TITLE_BLOCK_STYLES = {
    "statement-of": "Title Block Connective",
    "connective": "Title Block Connective",
    "witness": "Title Block Witness",
    "affiliation": "Title Block Affiliation",
    "hearing-title": "Title Block Hearing Title",
    "venue": "Title Block Venue",
    "hearing-date": "Title Block Date",
}
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
SPACED_BLOCKS = (pf.Table, pf.BulletList, pf.OrderedList)
CUSTOM_PROPERTIES = "docProps/custom.xml"
# [Content_Types].xml and the package relationships first, as Word writes them.
FIRST = ("[Content_Types].xml", "_rels/.rels")


def render(publication: Publication) -> bytes:
    doc = publication.doc()
    _style_title_block(doc)
    _raise_headings(doc)
    _space_after_blocks(doc)
    doc.metadata = {"lang": publication.statement.lang}  # nothing else: no pandoc title page
    with tempfile.TemporaryDirectory(prefix="hearingpress-docx-") as tmp:
        reference = Path(tmp) / "reference.docx"
        reference.write_bytes(docxreference.reference_docx(publication.statement.lang))
        args = [
            f"--reference-doc={reference}",
            f"--resource-path={publication.source.parent}",
            "--output=-",
        ]
        raw = pandoc.write(doc, "docx", args)
    files = zipfixed.unpack(raw)
    files["docProps/core.xml"] = core_properties(publication)
    files["docProps/app.xml"] = APP_PROPERTIES
    files["word/settings.xml"] = docxreference.settings_xml(files["word/settings.xml"])
    files["word/document.xml"] = _describe_pictures(files["word/document.xml"])
    _drop_part(files, CUSTOM_PROPERTIES)
    return zipfixed.pack(files, publication.date, FIRST)


# --------------------------------------------------------------------------- the AST


def _styled(style: str, *blocks: pf.Block) -> pf.Div:
    return pf.Div(*blocks, attributes={"custom-style": style})


def _style_title_block(doc: pf.Doc) -> None:
    """Each line of the title block becomes a paragraph in its style; the title heading
    becomes Title and Subtitle paragraphs (the colon stays at the end of the title)."""
    block = next(
        (b for b in doc.content if isinstance(b, pf.Div) and b.identifier == "title-block"), None
    )
    if block is None:
        return
    lines: list[pf.Block] = []
    for line in block.content:
        if isinstance(line, pf.Header):
            lines += _title_paragraphs(line)
        elif isinstance(line, pf.Div) and line.classes and line.classes[0] in TITLE_BLOCK_STYLES:
            paragraphs = [
                pf.Para(*b.content) if isinstance(b, pf.Plain) else b for b in line.content
            ]
            lines.append(_styled(TITLE_BLOCK_STYLES[line.classes[0]], *paragraphs))
        else:
            lines.append(line)
    block.content = lines


def _title_paragraphs(header: pf.Header) -> list[pf.Block]:
    inlines = list(header.content)
    cut = next(
        (i for i, x in enumerate(inlines) if isinstance(x, pf.Span) and "subtitle" in x.classes),
        None,
    )
    if cut is None:
        return [_styled("Title", pf.Para(*inlines))]
    title = inlines[:cut]
    while title and isinstance(title[-1], pf.Space):
        title.pop()
    return [
        _styled("Title", pf.Para(*title)),
        _styled("Subtitle", pf.Para(*inlines[cut].content)),
    ]


def _raise_headings(doc: pf.Doc) -> None:
    """Body sections start at level 2 (the title owns level 1); in Word the title is the
    Title style, so sections are Heading 1 and the outline starts with them."""

    def lift(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Header) and elem.level > 1:
            elem.level -= 1

    doc.walk(lift)


def _space_after_blocks(doc: pf.Doc) -> None:
    """The paragraph that follows a table or a list is set in a style with space above it
    (Word gives a table or list no space below; an empty paragraph must not)."""
    blocks: list[pf.Block] = []
    doc.walk(lambda elem, _doc: blocks.append(elem) if isinstance(elem, SPACED_BLOCKS) else None)
    for block in blocks:
        following = block.next
        if isinstance(following, pf.Para):
            block.parent.content[following.index] = _styled(
                docxreference.AFTER_BLOCK, pf.Para(*following.content)
            )


# --------------------------------------------------------------------------- the package


def _w3cdtf(date: dt.datetime) -> str:
    return date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_properties(publication: Publication) -> bytes:
    """Title, author, subject (the hearing), keywords, description, language, identifier;
    created and modified are the publication date, never the clock."""
    statement = publication.statement
    hearing = statement.hearing
    prefixes = {prefix: NS[prefix] for prefix in ("cp", "dc", "dcterms", "xsi")}
    root = etree.Element(f"{{{NS['cp']}}}coreProperties", nsmap=prefixes)

    def add(prefix: str, name: str, text: str) -> etree._Element:
        element = etree.SubElement(root, f"{{{NS[prefix]}}}{name}")
        element.text = text
        return element

    add("dc", "title", statement.full_title)
    add("dc", "subject", f"Hearing: {hearing.title}")
    add("dc", "creator", statement.witness.name)
    if statement.keywords:
        add("cp", "keywords", ", ".join(statement.keywords))
    add(
        "dc",
        "description",
        f"{publication.citation.record['genre']}, {hearing.sitting_label}.",
    )
    add("dc", "identifier", cite.identifier(statement))
    add("dc", "language", statement.lang)
    for name in ("created", "modified"):
        add("dcterms", name, _w3cdtf(publication.date)).set(
            f"{{{NS['xsi']}}}type", "dcterms:W3CDTF"
        )
    return docxreference.xml_bytes(root)


APP_PROPERTIES = (
    docxreference.XML_DECLARATION
    + b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>Hearing Press " + hearingpress.__version__.encode() + b"</Application>"
    b"<DocSecurity>0</DocSecurity></Properties>"
)


def _describe_pictures(document: bytes) -> bytes:
    """Pandoc puts the image description in the drawing's alt text (wp:docPr/@descr) but the
    file name in the picture's own (pic:cNvPr/@descr); a file name describes nothing."""
    root = etree.fromstring(document)
    for drawing in root.iter(f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"):
        alt = drawing.find("wp:docPr", NS)
        for picture in drawing.iter(f"{{{NS['pic']}}}cNvPr"):
            picture.set("descr", alt.get("descr", "") if alt is not None else "")
    return docxreference.xml_bytes(root)


def _drop_part(files: dict[str, bytes], name: str) -> None:
    """Remove a part with its relationship and content type (pandoc's custom properties
    would list metadata we never gave it)."""
    if files.pop(name, None) is None:
        return
    rels = etree.fromstring(files["_rels/.rels"])
    for rel in rels.findall("rel:Relationship", NS):
        if rel.get("Target") == name:
            rels.remove(rel)
    files["_rels/.rels"] = docxreference.xml_bytes(rels)
    types = etree.fromstring(files["[Content_Types].xml"])
    for override in types.findall("ct:Override", NS):
        if override.get("PartName") == f"/{name}":
            types.remove(override)
    files["[Content_Types].xml"] = docxreference.xml_bytes(types)
