"""Cite this statement: one CSL JSON record, the BibTeX and RIS written from it (read back by
pandoc's own readers), the line in the HTML and EPUB in the statement's citation style, and
the JSON-LD in the HTML head."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import pytest
import validators
from conftest import TESTIMONY
from lxml import etree
from lxml import html as lxml_html

from hearingpress import build, cite, includes, pandoc, pipeline
from hearingpress.writers import citation

CITE_FORMATS = ["csl", "bib", "ris"]
GOLDEN = Path(__file__).parent / "golden" / "cite"
READERS = {"csl": "csljson", "bib": "biblatex", "ris": "ris"}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
LINE = (
    "Realuyo, Celina B. “Global Illicit Networks and Their Facilitators in the Americas: "
    "Countering the Threat from Mexican Cartels and the Opioid Epidemic.” Statement before the "
    "Subcommittee on National Security, International Development and Monetary Policy of the "
    "Committee on Financial Services, U.S. House of Representatives. The Traffickers’ Roadmap: "
    "How Bad Actors Exploit Financial Systems to Facilitate the Illicit Trade in People, "
    "Animals, Drugs, and Weapons, March 4, 2020."
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    written = build.build(TESTIMONY, tmp_path_factory.mktemp("cite"), CITE_FORMATS).written
    return {path.name.removeprefix("testimony."): path for path in written}


@pytest.fixture(scope="module")
def page(built: dict[str, Path]) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(built["html"].read_bytes())


def test_the_record(publication: pipeline.Publication) -> None:
    record = publication.citation.record
    assert record["type"] == "speech"  # why not `hearing`: hearingpress/cite.py
    assert record["id"] == "realuyo2020statement"
    assert record["author"] == [{"family": "Realuyo", "given": "Celina B."}]
    assert record["title"].endswith(
        ": Countering the Threat from Mexican Cartels and the Opioid Epidemic"
    )
    assert record["event-title"].startswith("The Traffickers’ Roadmap")
    assert record["authority"] == "Committee on Financial Services, U.S. House of Representatives"
    assert record["issued"] == {"date-parts": [[2020, 3, 4]]}
    statement = publication.statement
    accented = dataclasses.replace(statement.witness, name="María Núñez")
    key = cite.csl_record(dataclasses.replace(statement, witness=accented))["id"]
    assert key == "nunez2020statement"  # ASCII, for BibTeX


def test_files_are_named_and_listed(files: dict[str, Path]) -> None:
    assert sorted(files) == ["bib", "csl.json", "ris"]
    manifest = json.loads((files["bib"].parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["formats"]["csl"]["file"] == "testimony.csl.json"


@pytest.mark.parametrize("fmt", CITE_FORMATS)
def test_each_file_reads_back_as_the_record(files, publication, fmt: str) -> None:
    """pandoc's CSL JSON, biblatex and RIS readers find the same witness, title and year."""
    path = files["csl.json" if fmt == "csl" else fmt]
    out, warnings = pandoc.run([f"--from={READERS[fmt]}", "--to=csljson", str(path)])
    (entry,) = json.loads(out)
    record = publication.citation.record
    assert not warnings
    assert entry["author"] == record["author"]
    assert entry["title"] == record["title"]
    assert entry["issued"]["date-parts"][0][0] == 2020
    assert entry["id"] == record["id"]


@pytest.mark.parametrize("name", ["csl.json", "bib", "ris"])
def test_files_match_the_golden_ones(files: dict[str, Path], name: str) -> None:
    """tests/golden/cite/: the testimony's citation files as read and checked by eye."""
    assert files[name].read_bytes() == (GOLDEN / f"testimony.{name}").read_bytes()


def test_ris_lines_end_in_crlf(files: dict[str, Path]) -> None:
    data = files["ris"].read_bytes()
    assert data.startswith(b"TY  - HEAR\r\n") and data.endswith(b"ER  - \r\n")
    assert data.count(b"\n") == data.count(b"\r\n")


def test_tex_specials_are_escaped() -> None:
    assert citation._tex("R&D 50% of $5_000 #1 {x}") == r"R\&D 50\% of \$5\_000 \#1 \{x\}"
    assert citation._bib_name({"literal": "Cher"}) == "{Cher}"
    assert cite.person_name("Martin Luther King Jr.") == {
        "family": "King",
        "given": "Martin Luther",
        "suffix": "Jr.",
    }
    assert cite.person_name("José de la Cruz") == {"family": "de la Cruz", "given": "José"}


def test_the_html_cites_in_the_statement_style(page: lxml_html.HtmlElement) -> None:
    (section,) = page.xpath("/html/body/section[@id='cite']")
    assert section.getprevious().tag == "main"  # after the statement, outside <main>
    assert section.xpath("string(h2)") == "Cite this statement"
    assert " ".join(section.xpath("string(div[@class='reference'])").split()) == LINE
    assert page.xpath("//nav[@id='contents']//a[@href='#cite-heading']")


def test_the_line_follows_the_style(publication: pipeline.Publication, tmp_path: Path) -> None:
    """Another style, another line: APA puts the year after the author's initials."""
    apa = includes.citation_style("apa", TESTIMONY, None)
    other = cite.citation(publication.statement, apa)
    assert other.text.startswith("Realuyo, C. B. (2020, March 4). Global Illicit Networks")
    assert publication.citation.text == LINE


def test_the_epub_cites_on_its_title_page(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["epub"]) as book:
        title_page = etree.fromstring(book.read("EPUB/text/title_page.xhtml"))
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    (section,) = title_page.xpath("//x:section[@id='cite']", namespaces=XHTML)
    text = " ".join("".join(section.xpath("x:div//text()", namespaces=XHTML)).split())
    assert text == LINE
    citation_meta = opf.xpath(
        "//*[local-name()='meta'][@property='dcterms:bibliographicCitation']/text()"
    )
    assert citation_meta == [LINE]


def test_json_ld_in_the_head_is_valid_json(page: lxml_html.HtmlElement) -> None:
    (script,) = page.xpath("//script")
    assert script.getparent().tag == "head" and script.get("type") == "application/ld+json"
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Report"
    assert data["author"]["name"] == "Celina B. Realuyo"
    assert data["name"].startswith("Global Illicit Networks")
    assert data["recordedAt"]["startDate"] == "2020-03-04"
    organizer = data["recordedAt"]["organizer"]
    assert organizer["parentOrganization"]["name"] == "Committee on Financial Services"
    assert data["identifier"].startswith("urn:uuid:")


def test_json_ld_cannot_close_its_script_element(publication: pipeline.Publication) -> None:
    hostile = "A </script><script>alert(1)</script> & co"
    statement = dataclasses.replace(publication.statement, title=hostile)
    text = cite.json_ld(statement, cite.csl_record(statement), "2020-03-04")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith(hostile)


def _console_under_csp(path: Path) -> tuple[list[str], str]:
    """Open a page in Chromium with its CSP enforced (the axe harness bypasses it); return
    the console messages and the page's title afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=validators.chromium_path(), args=list(validators.CHROMIUM_ARGS)
        )
        try:
            page = browser.new_context(offline=True).new_page()
            messages: list[str] = []
            page.on("console", lambda message: messages.append(message.text))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            return messages, page.title()
        finally:
            browser.close()


def test_the_data_block_runs_nothing_and_the_csp_still_blocks_scripts(
    page: lxml_html.HtmlElement, built: dict[str, Path], tmp_path: Path
) -> None:
    """Chromium, with the page's own CSP, reports no violation for the JSON-LD (data is not
    run), while the same page with a real inline script has it blocked and reported."""
    (csp,) = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp and "script-src" not in csp
    messages, title = _console_under_csp(built["html"])
    assert [m for m in messages if "Content Security Policy" in m] == []
    hostile = tmp_path / "hostile.html"
    hostile.write_bytes(
        built["html"]
        .read_bytes()
        .replace(b"</body>", b"<script>document.title='ran'</script></body>")
    )
    messages, hostile_title = _console_under_csp(hostile)
    assert hostile_title == title != "ran"
    assert [m for m in messages if "Content Security Policy" in m]
