"""The PDF: PDF/UA-1 and PDF/A-3a by page-validation, structure, metadata and attachments by
pikepdf, fonts, text order, note placement and layout by poppler. Everything here reads the
real PDF of the testimony."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from textextract import bbox_pages, link_annotations, named_destinations
from validators import pdf_page_count, pdf_ua_failures, pdffonts, pdftotext

from hearingpress import pipeline
from hearingpress.errors import UserError
from hearingpress.writers import pdf as pdf_writer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INCH = 72.0
PAGE_WIDTH, PAGE_HEIGHT = 8.5 * INCH, 11 * INCH
SIDE_MARGIN = 1.75 * INCH  # print.css @page margin
NOTE_DEST = re.compile(r"note-(\d+)")


@pytest.fixture(scope="module")
def pdf_path(built: dict[str, Path]) -> Path:
    return built["pdf"]


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> pikepdf.Pdf:
    with pikepdf.open(pdf_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def print_html(publication: pipeline.Publication) -> lxml.html.HtmlElement:
    """The print HTML the writer hands to WeasyPrint (same code path as render)."""
    return lxml.html.document_fromstring(pdf_writer.print_page(publication))


def squeeze(text: str) -> str:
    """Text without whitespace or hyphens, casefolded: pdftotext joins lines and drops
    line-end hyphens, and CSS sets some lines in capitals."""
    return re.sub(r"[\s\-\u00ad]+", "", text).casefold()


def body_text(element: lxml.html.HtmlElement) -> str:
    """An element's text without note calls and footnotes (they are read elsewhere)."""
    copy = lxml.html.fromstring(lxml.html.tostring(element))
    for extra in copy.xpath('.//*[contains(@class, "footnote") or contains(@class, "noteref")]'):
        extra.drop_tree()
    return copy.text_content()


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            walk(node.get("/K", pikepdf.Array()))

    walk(pdf.Root.StructTreeRoot.K)
    return found


# --- conformance and structure ---------------------------------------------------------------


def test_pdf_ua_1_has_no_failed_rule(pdf_path: Path) -> None:
    assert pdf_ua_failures(pdf_path) == []


def test_pdf_a_3a_has_no_failed_rule(pdf_path: Path) -> None:
    assert pdf_ua_failures(pdf_path, "3a") == []


def test_source_and_references_are_associated_files(pdf: pikepdf.Pdf, publication) -> None:
    statement = publication.statement
    expected = {
        publication.source.name: publication.source,
        statement.bibliography.name: statement.bibliography,
    }
    assert set(pdf.attachments) == set(expected)
    for name, attached in pdf.attachments.items():
        assert str(attached.obj.AFRelationship) == "/Source"
        assert attached.get_file().read_bytes() == expected[name].read_bytes()
    associated = [str(spec.UF) for spec in pdf.Root.AF]
    assert sorted(associated) == sorted(expected)  # each once


def test_other_language_spans_carry_lang(pdf: pikepdf.Pdf, print_html) -> None:
    spans = print_html.xpath("//span[@lang]")
    tagged = [element for element in struct_elements(pdf) if "/Lang" in element]
    assert len(spans) > 3
    assert {str(element.Lang) for element in tagged} == {span.get("lang") for span in spans}
    assert len(tagged) >= len(spans)  # a span broken over two lines is two elements


def test_tagged_with_language_and_title_shown(pdf: pikepdf.Pdf, publication) -> None:
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == publication.statement.lang
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True


def test_xmp_title_and_pdfua_part(pdf: pikepdf.Pdf) -> None:
    meta = pdf.open_metadata()
    assert meta["pdfuaid:part"] == "1"
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
    assert meta["dc:title"] == str(pdf.docinfo.Title)


def test_info_metadata_from_the_statement(pdf: pikepdf.Pdf, publication) -> None:
    statement = publication.statement
    info = pdf.docinfo
    assert statement.full_title in str(info.Title)
    assert str(info.Author) == statement.witness.name
    assert statement.hearing.date_label in str(info.Subject)
    assert str(info.Keywords) == ", ".join(statement.keywords)
    stamp = publication.date.strftime("D:%Y%m%d%H%M%S")
    assert str(info.CreationDate).startswith(stamp)
    assert str(info.ModDate).startswith(stamp)


def test_outline_is_the_headings(pdf: pikepdf.Pdf, print_html) -> None:
    headings = [" ".join(h.text_content().split()) for h in print_html.xpath("//h1|//h2|//h3")]
    with pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items: list) -> None:
            for item in items:
                titles.append(" ".join(item.title.split()))
                walk(item.children)

        walk(outline.root)
    assert len(headings) > 5
    assert titles == headings


def test_footnotes_are_tagged_as_notes(pdf: pikepdf.Pdf, print_html) -> None:
    notes = [e for e in struct_elements(pdf) if e.S == "/Note"]
    expected = len(print_html.xpath('//*[contains(@class, "footnote")]'))
    assert expected == 25
    assert [str(note.ID) for note in notes] == [f"note-{n}" for n in range(1, expected + 1)]


# --- links ------------------------------------------------------------------------------------


def test_one_named_link_per_note_call(pdf: pikepdf.Pdf) -> None:
    calls = [(n, a) for n, a in link_annotations(pdf) if "/Dest" in a]
    numbers = [int(NOTE_DEST.fullmatch(str(a.Dest)).group(1)) for _, a in calls]
    # One annotation per call: <a><sup>…</sup></a> would give two.
    assert numbers == list(range(1, 26))
    assert all(str(a.Contents) == f"Note {n}" for n, (_, a) in zip(numbers, calls, strict=True))
    assert all("/StructParent" in a for _, a in calls)


def test_urls_are_live_links_named_by_the_url(pdf: pikepdf.Pdf) -> None:
    external = [a for _, a in link_annotations(pdf) if "/A" in a]
    assert len(external) > 20
    for annot in external:
        assert str(annot.A.S) == "/URI"
        assert str(annot.Contents) == str(annot.A.URI)
        assert str(annot.A.URI).startswith(("http://", "https://"))


# --- fonts ------------------------------------------------------------------------------------


def test_only_our_fonts_embedded_and_subset(pdf_path: Path) -> None:
    fonts = pdffonts(pdf_path)
    assert fonts
    for font in fonts:
        assert font["embedded"] and font["subset"] and font["unicode"], font
        assert re.fullmatch(r"[A-Z]{6}\+HP-(Serif|Sans)(-[A-Za-z-]+)?", font["name"]), font


def test_a_character_our_fonts_lack_is_a_user_error(tmp_path: Path) -> None:
    source = tmp_path / "statement.md"
    text = (FIXTURES / "minimal.md").read_text(encoding="utf-8")
    source.write_text(text + "\nThe delegation signed 合同.\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"U\+5408"):
        pdf_writer.render(pipeline.prepare(source))


# --- text: order and notes ---------------------------------------------------------------------


def test_reading_order_is_the_html_order(pdf_path: Path, print_html) -> None:
    blocks = print_html.xpath(
        "//header/div|//h1|//main/h2|//main/h3|//main/p|//main//li[not(.//p)]|//main//li/p"
    )
    text = squeeze(pdftotext(pdf_path))
    position = 0
    for block in blocks:
        start = squeeze(body_text(block))[:30]
        found = text.find(start, position)
        assert found >= 0, f"not found after position {position}: {start!r}"
        position = found + len(start)
    assert len(blocks) > 50


def test_each_note_is_on_the_page_of_its_call(pdf: pikepdf.Pdf, pdf_path: Path, print_html):
    destinations = named_destinations(pdf)
    call_pages = {
        int(NOTE_DEST.fullmatch(str(a.Dest)).group(1)): page
        for page, a in link_annotations(pdf)
        if "/Dest" in a
    }
    pages = [squeeze(pdftotext(pdf_path, n)) for n in range(1, pdf_page_count(pdf_path) + 1)]
    for note in print_html.xpath('//*[contains(@class, "footnote")]'):
        number = int(note.get("id").removeprefix("note-"))
        page = call_pages[number]
        assert destinations[f"note-{number}"] == page, f"note {number}"
        words = squeeze(note.text_content())[:40]
        assert words in pages[page - 1], f"note {number} text is not on page {page}"


# --- layout -----------------------------------------------------------------------------------


def bbox_lines(pdf_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, each text line as (xMin, yMin, xMax, yMax, text) from pdftotext -bbox-layout."""
    pages = []
    for found in bbox_pages(pdf_path):
        lines: dict[int, list] = {}
        for word in found:
            lines.setdefault(word.line, []).append(word)
        pages.append(
            [
                (
                    min(w.x_min for w in line),
                    min(w.y_min for w in line),
                    max(w.x_max for w in line),
                    max(w.y_max for w in line),
                    " ".join(w.text for w in line),
                )
                for line in lines.values()
            ]
        )
    return pages


def test_no_text_outside_the_text_block(pdf_path: Path) -> None:
    for number, lines in enumerate(bbox_lines(pdf_path), 1):
        for x_min, y_min, x_max, y_max, words in lines:
            where = f"page {number}: {words!r}"
            assert x_min >= SIDE_MARGIN - 0.5, where
            assert x_max <= PAGE_WIDTH - SIDE_MARGIN + 0.5, where
            assert y_min >= INCH / 2 and y_max <= PAGE_HEIGHT - INCH / 2, where


def test_headings_are_kept_with_their_paragraph(pdf_path: Path, print_html) -> None:
    headings = {squeeze(h.text_content()) for h in print_html.xpath("//main/h2|//main/h3")}
    for number, lines in enumerate(bbox_lines(pdf_path), 1):
        body = [line for line in lines if line[3] - line[1] >= 14]  # not notes, heads, folios
        for index, line in enumerate(body):
            if squeeze(line[4]) in headings:
                assert len(body) - index > 2, f"page {number}: heading {line[4]!r} at the foot"


def test_running_head_from_page_two_and_page_numbers(pdf_path: Path, publication) -> None:
    count = pdf_page_count(pdf_path)
    head = f"{publication.statement.witness.name} — {publication.statement.hearing.running_title}"
    assert count > 5
    for number in range(1, count + 1):
        lines = [line.strip() for line in pdftotext(pdf_path, number).splitlines() if line.strip()]
        assert lines[-1] == f"Page {number} of {count}"
        assert (lines[0] == head) is (number > 1), f"page {number}: {lines[0]!r}"


# --- reproducibility ------------------------------------------------------------------------


def test_dates_come_from_source_date_epoch(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    publication = pipeline.prepare(FIXTURES / "minimal.md")
    first = pdf_writer.render(publication)
    with pikepdf.open(io.BytesIO(first)) as opened:
        stamp = dt.datetime.fromtimestamp(1700000000, tz=dt.UTC).strftime("D:%Y%m%d%H%M%S")
        assert str(opened.docinfo.CreationDate).startswith(stamp)
        assert opened.open_metadata()["xmp:CreateDate"].startswith("2023-11-14T22:13:20")
