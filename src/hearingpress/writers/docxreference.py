"""The reference document for the DOCX writer, made in code: our styles on pandoc's default.

Pandoc takes a Word file's styles, fonts, theme, settings and page setup from a "reference
document". We start from pandoc's own (pinned with pandoc) and replace what carries the house
style: the type (Source Serif 4 for text, Source Sans 3 for headings, named, never embedded;
the Word theme fonts point at them too, so nothing falls back to Aptos), the title block, the
headings with their outline levels, body text, block quotes, notes, tables and captions, and
a US Letter page. Spacing lives in the styles, so no empty paragraph is ever needed for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lxml import etree

from hearingpress import pandoc
from hearingpress.writers import zipfixed

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"
SERIF = "Source Serif 4"  # the text face (fonts.py ships it for the other formats)
SANS = "Source Sans 3"  # headings, the title block's small lines, captions
FALLBACKS = {SERIF: ("Georgia", "roman"), SANS: ("Arial", "swiss")}  # if not installed
TEXT_SIZE = 23  # half-points: 11.5 pt, as in print
LINE = 327  # twips, at least: 16.3 pt, the print style's 1.42 × 11.5 pt
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:eastAsia="{face}"/>'


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


@dataclass(frozen=True)
class Style:
    """One style: its name (pandoc's `custom-style` names it), kind, parent, and its
    paragraph and run properties as WordprocessingML (in the schema's element order)."""

    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next: str | None = None
    ppr: str = ""
    rpr: str = ""

    @property
    def style_id(self) -> str:
        """Word's id for the name: "heading 1" -> "Heading1", "Body Text" -> "BodyText"."""
        return "".join(word[:1].upper() + word[1:] for word in self.name.split())


CENTER = '<w:jc w:val="center"/>'
KEEP = "<w:keepNext/><w:keepLines/>"
TITLE_LINE = "Title Block"
AFTER_BLOCK = "Body Text After Block"
STYLES = (
    Style("Body Text", ppr='<w:spacing w:before="0" w:after="200"/>'),
    Style("First Paragraph", based_on="BodyText", next="BodyText"),
    # The paragraph after a table or a list: the space they cannot give below themselves.
    Style(
        AFTER_BLOCK,
        based_on="BodyText",
        next="BodyText",
        ppr='<w:spacing w:before="240" w:after="200"/>',
    ),
    Style("Compact", based_on="BodyText", ppr='<w:spacing w:before="0" w:after="60"/>'),
    Style(
        "Block Text",
        based_on="BodyText",
        next="BodyText",
        ppr='<w:spacing w:before="0" w:after="200"/><w:ind w:left="432" w:right="0"/>',
    ),
    # The title block, in the manner of a congressional statement: centred, the small lines
    # in spaced capitals (display only: the text keeps its case), a rule under the date.
    Style(
        f"{TITLE_LINE} Connective",
        ppr=f'<w:spacing w:before="240" w:after="0"/>{CENTER}',
        rpr=fonts(SANS) + '<w:caps/><w:spacing w:val="16"/>' + size(19),
    ),
    Style(
        f"{TITLE_LINE} Witness",
        ppr=f'<w:spacing w:before="40" w:after="0"/>{CENTER}',
        rpr="<w:b/><w:bCs/>" + size(31),
    ),
    Style(
        f"{TITLE_LINE} Affiliation",
        ppr=f'<w:spacing w:before="40" w:after="0"/>{CENTER}',
        rpr="<w:i/><w:iCs/>",
    ),
    Style(
        "Title",
        next="Subtitle",
        ppr=f'{KEEP}<w:spacing w:before="80" w:after="0"/>{CENTER}',
        rpr=fonts(SANS) + "<w:b/><w:bCs/>" + size(34),
    ),
    Style(
        "Subtitle",
        based_on="Title",
        ppr=f'{KEEP}<w:spacing w:before="60" w:after="0"/>{CENTER}',
        rpr=fonts(SANS) + '<w:b w:val="0"/><w:bCs w:val="0"/>' + size(27),
    ),
    Style(
        f"{TITLE_LINE} Hearing Title",
        ppr=f'<w:spacing w:before="40" w:after="0"/>{CENTER}',
        rpr=size(25),
    ),
    Style(f"{TITLE_LINE} Venue", ppr=f'<w:spacing w:before="40" w:after="0"/>{CENTER}'),
    Style(
        f"{TITLE_LINE} Date",
        next="FirstParagraph",
        ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="12" w:color="000000"/></w:pBdr>'
        f'<w:spacing w:before="240" w:after="480"/>{CENTER}',
        rpr="<w:b/><w:bCs/>",
    ),
    *(
        Style(
            f"heading {level}",
            next="FirstParagraph",
            ppr=f'{KEEP}<w:spacing w:before="{before}" w:after="{after}"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>',
            rpr=fonts(SANS) + "<w:b/><w:bCs/>" + ("<w:i/><w:iCs/>" if level > 2 else "") + size(sz),
        )
        for level, before, after, sz in (
            (1, 360, 120, 26),
            (2, 280, 80, 23),
            (3, 240, 60, 23),
            (4, 240, 60, 23),
            (5, 200, 60, 23),
            (6, 200, 60, 23),
        )
    ),
    Style(
        "Footnote Text",
        next="FootnoteText",
        ppr='<w:spacing w:before="0" w:after="60" w:line="234" w:lineRule="atLeast"/>',
        rpr=size(18),
    ),
    Style(
        "Footnote Reference",
        kind="character",
        based_on=None,
        rpr='<w:vertAlign w:val="superscript"/>',
    ),
    Style(
        "Hyperlink",
        kind="character",
        based_on=None,
        rpr='<w:color w:val="0A4F99"/><w:u w:val="single"/>',
    ),
    Style(
        "Table Caption",
        ppr=f'{KEEP}<w:spacing w:before="120" w:after="80"/>',
        rpr=fonts(SANS) + size(20),
    ),
    Style(
        "Image Caption",
        ppr='<w:spacing w:before="80" w:after="240"/>',
        rpr=fonts(SANS) + size(20),
    ),
    Style("Footer", ppr=CENTER, rpr=fonts(SANS) + size(17)),
    Style("Figure", ppr=f'<w:keepNext/><w:spacing w:before="120" w:after="0"/>{CENTER}'),
    Style("Captioned Figure", based_on="Figure", ppr=f"<w:keepNext/>{CENTER}"),
)
# The table style: figures a little smaller, a rule under the header row (bold), none else.
TABLE_STYLE = f"""\
<w:style xmlns:w="{W_NS}" w:type="table" w:default="1" w:styleId="Table">
  <w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>
  <w:rPr>{size(21)}</w:rPr>
  <w:tblPr>
    <w:tblInd w:w="0" w:type="dxa"/>
    <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="86" w:type="dxa"/>
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="86" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>
    </w:tcBorders><w:vAlign w:val="bottom"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER = "footer1.xml"
FOOTER_ID = "rIdHearingPressFooter"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
PAGE = (  # US Letter, one-inch margins, notes numbered through the statement, the footer
    f'<w:sectPr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'
    '<w:footnotePr><w:numRestart w:val="continuous"/></w:footnotePr>'
    '<w:pgSz w:w="12240" w:h="15840"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" '
    'w:footer="720" w:gutter="0"/></w:sectPr>'
)


def _field(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# "Page N of M" at the foot of each page, centred, as in the PDF.
FOOTER_XML = (
    f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    f'<w:r><w:t xml:space="preserve">Page </w:t></w:r>{_field("PAGE")}'
    f'<w:r><w:t xml:space="preserve"> of </w:t></w:r>{_field("NUMPAGES")}</w:p></w:ftr>'
)


# Word's own style names (the others are marked as custom styles).
BUILT_IN = {
    "Normal", "Title", "Subtitle", "Body Text", "Block Text", "Footnote Text",
    "Footnote Reference", "Hyperlink", "Footer", *(f"heading {level}" for level in range(1, 10)),
}  # fmt: skip
# Settings that would embed the machine's fonts or a preview picture in every file.
DROPPED_SETTINGS = ("embedSystemFonts", "savePreviewPicture", "embedTrueTypeFonts")


def xml_bytes(root: etree._Element) -> bytes:
    """A part as Word writes it: UTF-8 with a standalone declaration in double quotes."""
    return XML_DECLARATION + etree.tostring(root, encoding="unicode").encode("utf-8")


def _fragment(xml: str) -> list[etree._Element]:
    wrapper = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{xml}</w:x>')
    return list(wrapper)


def _style_element(style: Style) -> etree._Element:
    element = etree.Element(f"{W}style", nsmap={"w": W_NS})
    element.set(f"{W}type", style.kind)
    if style.name not in BUILT_IN:
        element.set(f"{W}customStyle", "1")
    element.set(f"{W}styleId", style.style_id)
    etree.SubElement(element, f"{W}name").set(f"{W}val", style.name)
    if style.based_on:
        etree.SubElement(element, f"{W}basedOn").set(f"{W}val", style.based_on)
    if style.next:
        etree.SubElement(element, f"{W}next").set(f"{W}val", style.next)
    etree.SubElement(element, f"{W}qFormat")
    for tag, xml in (("pPr", style.ppr), ("rPr", style.rpr)):
        if xml:
            etree.SubElement(element, f"{W}{tag}").extend(_fragment(xml))
    return element


def styles_xml(original: bytes, lang: str) -> bytes:
    root = etree.fromstring(original)
    for element in root.iter(f"{W}rFonts", f"{W}color"):  # theme fonts and colours
        if any("theme" in etree.QName(name).localname.lower() for name in element.attrib):
            element.getparent().remove(element)
    defaults = root.find(f"{W}docDefaults")
    defaults.clear()
    defaults.extend(
        _fragment(
            f"<w:rPrDefault><w:rPr>{fonts(SERIF)}{size(TEXT_SIZE)}"
            f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{LINE}" w:lineRule="atLeast"/>'
            "</w:pPr></w:pPrDefault>"
        )
    )
    ours = [_style_element(style) for style in STYLES] + [etree.fromstring(TABLE_STYLE)]
    existing = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
    for element in ours:  # in place of pandoc's style of the same id, or added
        old = existing.get(element.get(f"{W}styleId"))
        if old is not None:
            old.addnext(element)
            root.remove(old)
        else:
            root.append(element)
    return xml_bytes(root)


def font_table_xml(original: bytes) -> bytes:
    root = etree.fromstring(original)
    for face, (alternative, family) in FALLBACKS.items():
        font = etree.SubElement(root, f"{W}font")
        font.set(f"{W}name", face)
        etree.SubElement(font, f"{W}altName").set(f"{W}val", alternative)
        etree.SubElement(font, f"{W}family").set(f"{W}val", family)
        etree.SubElement(font, f"{W}pitch").set(f"{W}val", "variable")
    return xml_bytes(root)


def theme_xml(original: bytes) -> bytes:
    """The theme's heading and body fonts are ours, for anything Word styles by theme."""
    root = etree.fromstring(original)
    for scheme, face in (("majorFont", SANS), ("minorFont", SERIF)):
        for latin in root.iter(f"{{{A_NS}}}{scheme}"):
            latin.find(f"{{{A_NS}}}latin").set("typeface", face)
    return xml_bytes(root)


def settings_xml(original: bytes) -> bytes:
    """Settings without font embedding. Pandoc writes its own settings part (it keeps only a
    few of the reference's), so this is applied to the finished file (docx.render)."""
    root = etree.fromstring(original)
    for name in DROPPED_SETTINGS:
        for element in root.findall(f"{W}{name}"):
            root.remove(element)
    return xml_bytes(root)


def document_xml(original: bytes) -> bytes:
    """The sample body is pandoc's; only its last section properties (the page) are read."""
    root = etree.fromstring(original)
    body = root.find(f"{W}body")
    old = body.find(f"{W}sectPr")
    body.replace(old, etree.fromstring(PAGE))
    return xml_bytes(root)


REWRITES = {
    "word/fontTable.xml": font_table_xml,
    "word/theme/theme1.xml": theme_xml,
    "word/document.xml": document_xml,
}


def add_footer(files: dict[str, bytes]) -> None:
    """The footer part, its relationship from the document and its content type."""
    files[f"word/{FOOTER}"] = XML_DECLARATION + FOOTER_XML.encode("utf-8")
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    relationship = etree.SubElement(rels, f"{{{PACKAGE_RELS}}}Relationship")
    relationship.set("Id", FOOTER_ID)
    relationship.set("Type", f"{R_NS}/footer")
    relationship.set("Target", FOOTER)
    files["word/_rels/document.xml.rels"] = xml_bytes(rels)
    types = etree.fromstring(files["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override")
    override.set("PartName", f"/word/{FOOTER}")
    override.set("ContentType", FOOTER_TYPE)
    files["[Content_Types].xml"] = xml_bytes(types)


@functools.cache
def reference_docx(lang: str) -> bytes:
    """The reference document for a statement in `lang` (made once per process)."""
    out, _ = pandoc.run(["--print-default-data-file=reference.docx"])
    files = zipfixed.unpack(out)
    for name, rewrite in REWRITES.items():
        files[name] = rewrite(files[name])
    files["word/styles.xml"] = styles_xml(files["word/styles.xml"], lang)
    add_footer(files)
    return zipfixed.pack(files, zipfixed.ZIP_EPOCH)
