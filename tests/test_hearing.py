"""`hearingpress hearing`: a hearing of the testimony and a second statement of the same
hearing (tests/fixtures/hearing/) builds the record in four formats that pass the same
validators as one statement, each statement's files under the House Committee Repository's
names, and record.json; a statement from another hearing is refused by line. The hearing is
built once for this module."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest
import textextract
import validators
from conftest import FIXTURES, ROOT, SENATE
from lxml import etree
from test_cli import assert_one_line_error, hearingpress

from hearingpress import cache, uslm_schema
from hearingpress.errors import UserError
from hearingpress.formats import FORMATS
from hearingpress.record import assemble, naming
from hearingpress.record.build import RECORD_FORMATS, RECORD_JSON, build_hearing
from hearingpress.writers import uslm

HEARING = FIXTURES / "hearing" / "hearing.yaml"
REALUYO = "HHRG-116-BA10-Wstate-RealuyoC-20200304"
DE_LA_FUENTE = "HHRG-116-BA10-Wstate-delaFuenteT-20200304"
STEMS = (REALUYO, DE_LA_FUENTE)
TITLES = (
    "Global Illicit Networks and their Facilitators in the Americas",
    "Following the Money Through Trade",
)
NOTES = (25, 4)  # each statement's notes, numbered from 1 in the record too
NS = {"u": uslm.USLM}
FILES = len(RECORD_FORMATS) + len(FORMATS) * len(STEMS)  # the record's and each statement's
ARTIFACTS = ROOT / "test-artifacts" / "hearing"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hearing")
    result = build_hearing(HEARING, folder, list(FORMATS))
    assert len(result.written) == FILES
    return folder


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Celina B. Realuyo", ("Realuyo", "C")),
        ("Tomás A. de la Fuente, Jr.", ("delaFuente", "T")),  # particles kept, suffix dropped
        ("Dr. José Peña III", ("Pena", "J")),  # honorific and suffix dropped, accent folded
        ("Mary O’Neil-Smith", ("ONeilSmith", "M")),
        ("Hon. Jean-Luc Van Damme", ("VanDamme", "J")),
    ],
)
def test_witness_names_in_the_repository_scheme(name: str, parts: tuple[str, str]) -> None:
    assert naming.name_parts(name) == parts


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "First"), (2, "Second"), (100, "One Hundredth"), (116, "One Hundred Sixteenth"),
     (121, "One Hundred Twenty-First")],
)  # fmt: skip
def test_congress_in_words(number: int, words: str) -> None:
    assert assemble.ordinal_words(number) == words


def test_files_are_named_for_the_house_repository(out: Path) -> None:
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    expected = [FORMATS[fmt].file_name(stem) for stem in STEMS for fmt in FORMATS]
    expected += [f"hearing.{fmt}" for fmt in RECORD_FORMATS] + [RECORD_JSON, cache.SUMS]
    assert names == sorted(expected)


def test_record_json_lists_each_file_with_witness_type_and_sha256(out: Path) -> None:
    record = json.loads((out / RECORD_JSON).read_text(encoding="utf-8"))
    assert record["hearing"]["code"] == "BA10" and record["hearing"]["congress"] == 116
    files = {entry["file"]: entry for entry in record["files"]}
    assert len(files) == FILES
    for entry in files.values():
        assert entry["sha256"] == cache.file_digest(out / entry["file"])
    assert files[f"{REALUYO}.pdf"]["witness"] == "Celina B. Realuyo"
    assert files[f"{DE_LA_FUENTE}.xml"]["witness"] == "Tomás A. de la Fuente, Jr."
    assert {files[f"{stem}.html"]["type"] for stem in STEMS} == {"Wstate"}
    assert files["hearing.pdf"]["type"] == "record"


# --------------------------------------------------------------------------- incremental


def test_a_second_run_writes_nothing(out: Path) -> None:
    result = build_hearing(HEARING, out, list(FORMATS))
    assert result.written == [] and len(result.fresh) == FILES


def test_only_the_changed_statement_and_the_record_are_rendered_again(tmp_path: Path) -> None:
    source = FIXTURES / "hearing"
    for name in ("house-statement.md", "house-references.json"):
        shutil.copy(source / name, tmp_path / name)
    yaml_text = HEARING.read_text(encoding="utf-8")
    testimony = (ROOT / "source" / "testimony.md").as_posix()
    (tmp_path / "hearing.yaml").write_text(
        yaml_text.replace("../../../source/testimony.md", testimony), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert len(build_hearing(tmp_path / "hearing.yaml", out, ["html"]).written) == 3
    statement = tmp_path / "house-statement.md"
    statement.write_text(statement.read_text(encoding="utf-8") + "\nOne more line.\n")
    result = build_hearing(tmp_path / "hearing.yaml", out, ["html"])
    assert sorted(p.name for p in result.written) == [f"{DE_LA_FUENTE}.html", "hearing.html"]
    assert result.fresh == [f"{REALUYO}.html"]


# --------------------------------------------------------------------------- PDF


def test_record_pdf_is_pdf_ua_1_and_pdf_a_3a(out: Path) -> None:
    assert validators.pdf_ua_failures(out / "hearing.pdf") == []
    assert validators.pdf_ua_failures(out / "hearing.pdf", "3a") == []


def test_record_pdf_has_at_least_the_pages_of_its_parts(out: Path) -> None:
    parts = sum(validators.pdf_page_count(out / f"{stem}.pdf") for stem in STEMS)
    assert validators.pdf_page_count(out / "hearing.pdf") >= parts + 2  # cover, contents


def test_record_pdf_cover_contents_and_statements_on_new_pages(out: Path) -> None:
    pdf_path = out / "hearing.pdf"
    cover = validators.pdftotext(pdf_path, 1)
    for line in ("HEARING", "BEFORE THE", "ONE HUNDRED SIXTEENTH CONGRESS", "March 4, 2020"):
        assert line in cover
    contents = " ".join(validators.pdftotext(pdf_path, 2).split())
    assert "Celina B. Realuyo" in contents and "Tomás A. de la Fuente, Jr." in contents
    with pikepdf.open(pdf_path) as pdf:
        pages = textextract.named_destinations(pdf)
    starts = [pages[assemble.statement_id(n)] for n in (1, 2)]
    assert starts[0] == 3
    for start, stem, title in zip(starts, STEMS, TITLES, strict=True):
        lines = validators.pdftotext(pdf_path, start).split("\n")
        witness = "Celina B. Realuyo" if stem == REALUYO else "Tomás A. de la Fuente, Jr."
        assert lines[0] == f"{witness} — The Traffickers’ Roadmap"  # its own running head
        assert lines[2] == "STATEMENT OF"  # the page starts with the statement
        listed = re.search(re.escape(title) + r"\D*(\d+)", contents)
        assert listed and listed.group(1) == str(start)  # the contents give its page
    second = " ".join(validators.pdftotext(pdf_path, starts[1]).split())
    assert " 1. The views expressed are the author’s own" in second  # notes from 1 again
    assert " 2. Tomás A. de la Fuente Jr., Priced to Move" in second


def test_record_pdf_bookmarks_nest_statement_then_sections(out: Path) -> None:
    with pikepdf.open(out / "hearing.pdf") as pdf, pdf.open_outline() as outline:
        # (any space a space: the last two words of a title are tied with a no-break space)
        top = {" ".join(item.title.split(":")[0].split()): item for item in outline.root}
        for title in TITLES:
            sections = [child.title for child in top[title].children]
            assert len(sections) >= 2, (title, sections)
        second = [" ".join(child.title.split()) for child in top[TITLES[1]].children]
        assert second == ["How Trade Hides Money", "What the Subcommittee Could Do"]


# --------------------------------------------------------------------------- EPUB


def test_record_epub_passes_epubcheck_and_ace(out: Path) -> None:
    messages = validators.epubcheck_messages(out / "hearing.epub")
    assert messages == [], "\n".join(map(str, messages))
    report = validators.ace_report(out / "hearing.epub", ARTIFACTS / "ace")
    violations = validators.ace_violations(report)
    assert violations == [], "\n".join(map(str, violations))


def test_record_epub_one_spine_item_per_statement_and_nested_nav(out: Path) -> None:
    with zipfile.ZipFile(out / "hearing.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        chapters = [archive.read(f"EPUB/text/ch00{n}.xhtml") for n in (1, 2)]
    ns = {"o": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}
    spine = opf.xpath("//o:spine/o:itemref/@idref", namespaces=ns)
    assert [i for i in spine if i.startswith("ch")] == ["ch001_xhtml", "ch002_xhtml"]
    top = nav.xpath("//x:nav[@id='toc']/x:ol/x:li", namespaces=ns)
    assert len(top) == 2
    for item, title in zip(top, TITLES, strict=True):
        listed = " ".join("".join(item.xpath("x:a//text()", namespaces=ns)).split())
        assert listed.startswith(title)
        assert len(item.xpath("x:ol/x:li", namespaces=ns)) >= 2
    for chapter, count in zip(chapters, NOTES, strict=True):
        page = etree.fromstring(chapter)
        notes = page.xpath("//x:aside[@role='doc-footnote']/@id", namespaces=ns)
        assert notes == [f"note-{n}" for n in range(1, count + 1)]


# --------------------------------------------------------------------------- HTML


def test_record_html_index_passes_vnu_and_axe(out: Path) -> None:
    page = out / "hearing.html"
    assert validators.vnu_errors(page) == []
    for width in (1280, 320):
        violations = validators.axe_violations(page, width)
        assert violations == [], validators.format_axe_violations(violations)


def test_record_html_index_links_each_statement_page(out: Path) -> None:
    page = lxml.html.fromstring((out / "hearing.html").read_bytes())
    assert page.xpath("string(//header[@id='hearing-cover']//h1)").startswith("The Traffickers")
    links = page.xpath("//nav[@id='contents']//a/@href")
    assert links == [f"{stem}.html" for stem in STEMS]
    assert all((out / link).is_file() for link in links)


# --------------------------------------------------------------------------- USLM


def test_record_xml_is_one_valid_uslm_document_with_a_component_per_statement(out: Path):
    tree = uslm_schema.parse((out / "hearing.xml").read_bytes())
    schema = uslm_schema.load_schema()
    assert schema.validate(tree), schema.error_log
    uslm.check(tree)
    components = tree.xpath("//u:collection/u:component[@role='statement']", namespaces=NS)
    assert len(components) == 2
    for number, (component, count) in enumerate(zip(components, NOTES, strict=True), 1):
        (statement,) = component.xpath("u:document[@role='testimony']", namespaces=NS)
        notes = statement.xpath(".//u:footnote/u:num/@value", namespaces=NS)
        assert notes == [str(n) for n in range(1, count + 1)]
        assert statement.xpath(".//u:footnote/@id", namespaces=NS)[0] == f"s{number}-fn-1"


# --------------------------------------------------------------------------- refusals


def _hearing_yaml(tmp_path: Path, *statements: Path, code: str | None = "BA10") -> Path:
    lines = HEARING.read_text(encoding="utf-8").split("statements:")[0].splitlines()
    lines = [line for line in lines if code or not line.startswith("code:")]
    lines += ["statements:", *[f"  - {path.as_posix()}" for path in statements]]
    path = tmp_path / "hearing.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_statement_from_another_hearing_is_refused_by_line(tmp_path: Path) -> None:
    path = _hearing_yaml(tmp_path, ROOT / "source" / "testimony.md", SENATE)
    result = hearingpress("hearing", path, "--out", tmp_path / "out")
    lines = SENATE.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  title:"))
    assert_one_line_error(result, f"senate-statement.md:{line}: HP704:", "another hearing")
    assert not (tmp_path / "out").exists()


def test_without_a_code_the_house_names_are_refused(tmp_path: Path) -> None:
    path = _hearing_yaml(tmp_path, ROOT / "source" / "testimony.md", code=None)
    with pytest.raises(UserError) as caught:
        build_hearing(path, tmp_path / "out", ["html"])
    assert caught.value.code == "HP705" and "'code'" in str(caught.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (("congress: 116", "congress: 116th"), "hearing.yaml:8: HP702: 'congress' must be"),
        (("date: 2020-03-04", "date: March 4"), "hearing.yaml:4: HP702: 'date' is 'March 4'"),
        (("chamber: House\n", ""), "hearing.yaml:3: HP702: metadata field 'chamber' is missing"),
        (("chamber: House", "chamber: Both"), "hearing.yaml:5: HP702: 'chamber' is 'Both'"),
        (("code: BA10", "code: ba-10"), "hearing.yaml:10: HP702: 'code' is 'ba-10'"),
        (("house-statement.md", "nowhere.md"), "hearing.yaml:13: HP703: statement 'nowhere.md'"),
    ],
)
def test_hearing_yaml_mistakes_are_one_line_each(tmp_path, change, fragment) -> None:
    shutil.copytree(FIXTURES / "hearing", tmp_path / "hearing")
    path = tmp_path / "hearing" / "hearing.yaml"
    testimony = (ROOT / "source" / "testimony.md").as_posix()
    text = path.read_text(encoding="utf-8").replace("../../../source/testimony.md", testimony)
    path.write_text(text.replace(*change), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        build_hearing(path, tmp_path / "out", ["html"])
    assert fragment in str(caught.value).replace(str(path.parent) + "/", ""), str(caught.value)


@pytest.mark.parametrize("make", [os.mkfifo, lambda p: p.symlink_to("/dev/zero")])
def test_a_hearing_file_that_is_a_pipe_or_a_device_is_refused_unopened(tmp_path, make) -> None:
    """A named pipe would block a reader and /dev/zero never ends: refused before reading."""
    path = tmp_path / "hearing.yaml"
    make(path)
    result = hearingpress("hearing", path, "--out", tmp_path / "out")
    assert_one_line_error(result, "hearing.yaml: HP701: is a ", "not a file")
    assert not (tmp_path / "out").exists()


def test_the_command_is_registered() -> None:
    result = hearingpress("hearing", "--help")
    assert result.returncode == 0 and "HEARING.yaml" in result.stdout
