"""The Word file, inspected in its XML: real footnotes, heading styles that carry the outline,
Spanish runs marked, document properties, repeating table header rows, no empty paragraphs
for spacing, our faces by name and none embedded, alt text on figures, the same bytes twice.
(That pandoc reads it back to the HTML's words and notes is in test_consistency.py.)"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import FIXTURES, TESTIMONY
from lxml import etree
from lxml import html as lxml_html

from hearingpress import build, cite
from hearingpress.writers import docx, docxreference

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}


class Word:
    """The parts of a built .docx, parsed."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.names = archive.namelist()
            self.infos = archive.infolist()
            self.parts = {name: archive.read(name) for name in self.names}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    def paragraphs(self, style: str) -> list[str]:
        found = self.xml("word/document.xml").xpath(
            f"//w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS
        )
        return [" ".join("".join(p.xpath(".//w:t/text()", namespaces=NS)).split()) for p in found]


@pytest.fixture(scope="module")
def word(built: dict[str, Path]) -> Word:
    return Word(built["docx"])


@pytest.fixture(scope="module")
def senate_word(senate_built: dict[str, Path]) -> Word:
    return Word(senate_built["docx"])


@pytest.fixture(scope="module")
def page(built: dict[str, Path]) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(built["html"].read_bytes())


def test_25_real_footnotes_each_called_once(word: Word) -> None:
    notes = word.xml("word/footnotes.xml").xpath("/w:footnotes/w:footnote", namespaces=NS)
    real = [n for n in notes if n.get(f"{{{W}}}type") is None]
    calls = word.xml("word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert len(real) == len(calls) == 25
    assert sorted(calls) == sorted(n.get(f"{{{W}}}id") for n in real)
    for note in real:  # Word's footnote mark, then the text, in the footnote style
        assert note.xpath(".//w:footnoteRef", namespaces=NS)
        assert note.xpath("w:p[1]/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["FootnoteText"]


def test_headings_carry_the_outline(word: Word, page: lxml_html.HtmlElement) -> None:
    """The title is Word's Title; the HTML's h2 and h3 are Heading 1 and 2, in order, and
    those styles have outline levels 0 and 1 (the navigation pane and PDF bookmarks)."""
    sections = [" ".join(h.text_content().split()) for h in page.xpath("//main//h2")]
    subsections = [" ".join(h.text_content().split()) for h in page.xpath("//main//h3")]
    assert word.paragraphs("Heading1") == [s for s in sections if s != "Notes"]
    assert word.paragraphs("Heading2") == subsections
    assert word.paragraphs("Title") == [
        "Global Illicit Networks and their Facilitators in the Americas:"
    ]
    styles = word.xml("word/styles.xml")
    for level in (1, 2, 3):
        (outline,) = styles.xpath(
            f"//w:style[@w:styleId='Heading{level}']/w:pPr/w:outlineLvl/@w:val", namespaces=NS
        )
        assert outline == str(level - 1)
    assert not styles.xpath("//w:style[@w:styleId='Title']//w:outlineLvl", namespaces=NS)


def test_spanish_runs_carry_w_lang(word: Word, page: lxml_html.HtmlElement) -> None:
    runs = word.xml("word/document.xml").xpath(
        "//w:r[w:rPr/w:lang/@w:val='es']/w:t/text()", namespaces=NS
    )
    spanish = [span.text_content() for span in page.xpath("//main//span[@lang='es']")]
    assert spanish and "".join(runs) == "".join(spanish)
    (default,) = word.xml("word/styles.xml").xpath("//w:docDefaults//w:lang/@w:val", namespaces=NS)
    assert default == "en-US"


def test_document_properties(word: Word) -> None:
    core = word.xml("docProps/core.xml")

    def value(path: str) -> str:
        return core.xpath(f"string({path})", namespaces=NS)

    assert value("dc:title").startswith("Global Illicit Networks and their Facilitators")
    assert value("dc:creator") == "Celina B. Realuyo"
    assert value("dc:subject").startswith("Hearing: The Traffickers’ Roadmap")
    assert value("cp:keywords").split(", ")[:2] == [
        "transnational organized crime",
        "Mexican cartels",
    ]
    assert value("dc:language") == "en-US"
    assert value("dc:description").startswith("Statement before the Subcommittee on National")
    assert value("dcterms:created") == value("dcterms:modified") == "2020-03-04T00:00:00Z"
    assert "docProps/custom.xml" not in word.names  # no leftovers from the source's metadata


def test_table_header_rows_repeat(senate_word: Word) -> None:
    tables = senate_word.xml("word/document.xml").xpath("//w:tbl", namespaces=NS)
    assert tables
    for table in tables:
        rows = table.xpath("w:tr", namespaces=NS)
        marked = [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS)) for r in rows]
        assert marked[0] and not any(marked[1:])


def test_space_after_a_table_or_list_comes_from_a_style(senate_word: Word) -> None:
    """Word gives a table or a list no space below it; the paragraph after one has it."""
    body = senate_word.xml("word/document.xml").find(f"{{{W}}}body")
    after = [block.getnext() for block in body if etree.QName(block).localname == "tbl"]
    after += [  # the first paragraph after a run of list items
        p.getnext()
        for p in body.iterchildren(f"{{{W}}}p")
        if p.xpath("w:pPr/w:numPr", namespaces=NS)
        and p.getnext() is not None
        and not p.getnext().xpath("w:pPr/w:numPr", namespaces=NS)
    ]
    styles = [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) for p in after]
    assert len(styles) >= 2 and set(styles) == {"BodyTextAfterBlock"}


@pytest.mark.parametrize("fixture", ["word", "senate_word"])
def test_no_empty_paragraphs(fixture: str, request: pytest.FixtureRequest) -> None:
    """Space comes from the styles: every paragraph holds text, a drawing or a note mark
    (Word's separator footnotes aside)."""
    document: Word = request.getfixturevalue(fixture)
    for name in ("word/document.xml", "word/footnotes.xml"):
        for paragraph in document.xml(name).iter(f"{{{W}}}p"):
            holds = paragraph.xpath(
                ".//w:t[normalize-space()] | .//w:drawing | .//w:separator"
                " | .//w:continuationSeparator",
                namespaces=NS,
            )
            assert holds, f"{name}: empty paragraph {etree.tostring(paragraph)[:200]!r}"


def test_house_faces_by_name_none_embedded(word: Word) -> None:
    styles = word.xml("word/styles.xml")
    (serif,) = styles.xpath("//w:docDefaults//w:rFonts/@w:ascii", namespaces=NS)
    (sans,) = styles.xpath("//w:style[@w:styleId='Heading1']//w:rFonts/@w:ascii", namespaces=NS)
    assert (serif, sans) == ("Source Serif 4", "Source Sans 3")
    assert not styles.xpath("//w:rFonts[@w:asciiTheme or @w:hAnsiTheme]", namespaces=NS)
    assert not [name for name in word.names if name.startswith("word/fonts/")]
    settings = word.xml("word/settings.xml")
    assert not settings.xpath("w:embedSystemFonts | w:embedTrueTypeFonts", namespaces=NS)


def test_page_n_of_m_in_the_footer(word: Word) -> None:
    (reference,) = word.xml("word/document.xml").xpath(
        "//w:body/w:sectPr/w:footerReference/@r:id",
        namespaces={
            **NS,
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        },
    )
    rels = word.xml("word/_rels/document.xml.rels")
    (target,) = [r.get("Target") for r in rels if r.get("Id") == reference]
    footer = word.xml(f"word/{target}")
    fields = [" ".join(t.split()) for t in footer.xpath("//w:instrText/text()", namespaces=NS)]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(footer.xpath("//w:t/text()", namespaces=NS)).startswith("Page 1 of")


def test_two_builds_are_identical_and_dated_by_the_hearing(word: Word, built, tmp_path) -> None:
    (again,) = build.build(TESTIMONY, tmp_path, ["docx"], force=True).written
    assert again.read_bytes() == built["docx"].read_bytes()
    assert word.names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert {info.date_time for info in word.infos} == {(2020, 3, 4, 0, 0, 0)}


def test_every_title_block_line_has_its_style(word: Word) -> None:
    """Each line of the title block is set in a style the reference document defines (a
    name it lacks would leave pandoc to make a plain one)."""
    defined = {style.name for style in docxreference.STYLES}
    assert set(docx.TITLE_BLOCK_STYLES.values()) <= defined
    for name in set(docx.TITLE_BLOCK_STYLES.values()):
        style_id = name.replace(" ", "")
        assert word.paragraphs(style_id), f"no paragraph in {name}"
    assert word.paragraphs("TitleBlockWitness") == ["Celina B. Realuyo"]


def test_the_reference_document_is_made_once_per_language() -> None:
    first = docxreference.reference_docx("en-US")
    assert first is docxreference.reference_docx("en-US")
    assert b"Source Serif 4" in zipfile.ZipFile(io.BytesIO(first)).read("word/styles.xml")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xc8\x3c\x1e" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_a_figure_keeps_its_description_as_alt_text(tmp_path: Path) -> None:
    front = FIXTURES.joinpath("minimal.md").read_text(encoding="utf-8").split("\n---\n")[0]
    (tmp_path / "bars.png").write_bytes(_png(8, 4))
    source = tmp_path / "figure.md"
    alt = "Seizures of fentanyl rose fourfold from 2016 to 2019."
    source.write_text(f"{front}\n---\n\n# Introduction\n\n![{alt}](bars.png)\n", "utf-8")
    (path,) = build.build(source, tmp_path / "out", ["docx"]).written
    figure = Word(path)
    document = figure.xml("word/document.xml")
    assert document.xpath("//wp:docPr/@descr", namespaces=NS) == [alt]
    assert document.xpath("//pic:cNvPr/@descr", namespaces=NS) == [alt]
    assert any(name.startswith("word/media/") for name in figure.names)


def test_identifier_is_the_one_the_other_formats_carry(word: Word, publication) -> None:
    core = word.xml("docProps/core.xml")
    expected = cite.identifier(publication.statement)
    assert core.xpath("string(dc:identifier)", namespaces=NS) == expected
