"""The second statement (tests/fixtures/senate-statement.md): a Senate hearing with what the
testimony lacks — a table with a caption, header cells and a note in a cell, a block quote,
nested and numbered lists with a note in an item, a note of two paragraphs, citations from
its own bibliography. It builds in all four formats and passes every validator the testimony
passes, with the same tools and thresholds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pikepdf
import pytest
import textextract
import validators
from lxml import etree

from hearingpress import pipeline, uslm_schema
from hearingpress.writers import uslm

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "senate"
NOTES = 7  # the author's note, three citations, the two-paragraph note, a cell's, an item's
OUR_FONT = re.compile(r"[A-Z]{6}\+HP-(Serif|Sans)(-[A-Za-z-]+)?")  # as in test_pdf
NS = {"u": uslm.USLM, "x": uslm.XHTML}


@pytest.fixture(scope="module")
def html(senate_built: dict[str, Path]) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(senate_built["html"].read_bytes())


# --------------------------------------------------------------------------- the source


def test_the_statement_has_what_it_is_for(html, senate_publication: pipeline.Publication):
    hearing = senate_publication.statement.hearing
    assert (hearing.chamber, hearing.congress) == ("Senate", 119)
    venue = html.xpath("string(//header//div[contains(@class, 'venue')])")
    assert "U.S. Senate" in " ".join(venue.split())  # the last two words are tied (lastwords)
    (table,) = html.xpath("//main//table")
    assert table.xpath("caption") and len(table.xpath("thead//th")) == 4
    assert table.xpath(".//td//a[@role='doc-noteref']"), "a note in a table cell"
    assert len(html.xpath("//main//blockquote/p")) == 2
    assert html.xpath("//main//ol/li/ol[@type='a']/li"), "a lettered list inside a numbered one"
    assert html.xpath("//main//ol/li/ul/li"), "a bulleted list inside a numbered one"
    assert html.xpath("//main//li//a[@role='doc-noteref']"), "a note in a list item"
    two = [li for li in html.xpath("//section[@id='notes']/ol/li") if len(li.xpath("p")) == 2]
    assert len(two) == 1, "a note of two paragraphs"
    assert html.xpath("//main//span[@lang='es']")
    titles = set(html.xpath("//main//abbr/@title"))
    assert {"U.S. Customs and Border Protection", "non-intrusive inspection"} <= titles
    assert len(html.xpath("//a[@role='doc-noteref']")) == NOTES


# --------------------------------------------------------------------------- HTML


def test_nu_html_checker_finds_no_errors(senate_built: dict[str, Path]) -> None:
    assert validators.vnu_errors(senate_built["html"]) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations(senate_built, width: int, scheme: str) -> None:
    violations = validators.axe_violations(senate_built["html"], width, scheme)
    assert violations == [], validators.format_axe_violations(violations)


def test_the_table_reflows_at_320_px(senate_built: dict[str, Path]) -> None:
    with validators.browser_page(320, url=senate_built["html"]) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


# --------------------------------------------------------------------------- PDF


def test_pdf_ua_1_has_no_failed_rule(senate_built: dict[str, Path]) -> None:
    assert validators.pdf_ua_failures(senate_built["pdf"]) == []


def test_only_our_fonts_embedded_and_subset(senate_built: dict[str, Path]) -> None:
    fonts = validators.pdffonts(senate_built["pdf"])
    assert fonts
    for font in fonts:
        assert font["embedded"] and font["subset"] and font["unicode"], font
        assert OUR_FONT.fullmatch(font["name"]), font


def structure(pdf_path: Path) -> list[tuple[str, str]]:
    """(type, ID) of every structure element of the PDF, in document order."""
    found: list[tuple[str, str]] = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S), str(node.get("/ID", ""))))
            walk(node.get("/K", pikepdf.Array()))

    with pikepdf.open(pdf_path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    return found


def test_notes_are_tagged_as_notes(senate_built: dict[str, Path]) -> None:
    notes = [ident for kind, ident in structure(senate_built["pdf"]) if kind == "/Note"]
    assert notes == [f"note-{n}" for n in range(1, NOTES + 1)]


def test_each_note_is_on_the_page_of_its_call(senate_built: dict[str, Path]) -> None:
    with pikepdf.open(senate_built["pdf"]) as pdf:
        destinations = textextract.named_destinations(pdf)
        calls = {
            int(str(a.Dest).removeprefix("note-")): page
            for page, a in textextract.link_annotations(pdf)
            if str(a.get("/Dest", "")).startswith("note-")
        }
    assert calls == {n: destinations[f"note-{n}"] for n in range(1, NOTES + 1)}


def test_the_table_quote_and_lists_are_tagged(senate_built: dict[str, Path]) -> None:
    kinds = [kind for kind, _ in structure(senate_built["pdf"])]
    assert kinds.count("/Table") == 1 and kinds.count("/Caption") == 1
    assert kinds.count("/TH") == 4 and kinds.count("/TD") == 12
    assert kinds.count("/L") == 3 and kinds.count("/LI") == kinds.count("/Lbl") == 8
    # WeasyPrint tags each page's fragment of a block separately: the quote runs over a page
    # break, so it is two BlockQuote elements (as <main> is one Part per page).
    assert kinds.count("/BlockQuote") >= 1


# --------------------------------------------------------------------------- EPUB


def test_epubcheck_reports_nothing(senate_built: dict[str, Path]) -> None:
    messages = validators.epubcheck_messages(senate_built["epub"])
    assert messages == [], "\n".join(map(str, messages))


def test_ace_finds_no_violations(senate_built: dict[str, Path]) -> None:
    out = ARTIFACTS / "ace"
    shutil.rmtree(out, ignore_errors=True)
    report = validators.ace_report(senate_built["epub"], out)
    print(f"Ace report: {out / 'report.json'}")
    violations = validators.ace_violations(report)
    assert violations == [], "\n".join(map(str, violations))
    assert report["earl:result"]["earl:outcome"] == "pass"


# --------------------------------------------------------------------------- USLM XML


def test_uslm_is_schema_valid_with_an_empty_error_log(senate_built: dict[str, Path]) -> None:
    tree = uslm_schema.parse(senate_built["xml"].read_bytes())
    schema = uslm_schema.load_schema()
    assert schema.validate(tree), schema.error_log
    assert len(schema.error_log) == 0
    uslm.check(tree)  # ids unique, idrefs resolve, each footnote called once
    assert tree.xpath("//u:property[@role='chamber']/text()", namespaces=NS) == ["Senate"]
    (cell,) = tree.xpath("//x:td[u:footnote]", namespaces=NS)
    assert etree.QName(cell.getparent().getparent()).localname == "tbody"
    assert tree.xpath("//u:listContent/u:footnote", namespaces=NS), "a note in a list item"
    assert len(tree.xpath("//u:footnote[count(u:p) = 2]", namespaces=NS)) == 1
    assert len(tree.xpath("//u:quotedContent/u:p", namespaces=NS)) == 2
