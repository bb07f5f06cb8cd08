"""EPUB 3: valid (EPUBCheck), accessible (DAISY Ace), popup footnotes, fixed zip order and times.

Ace's JSON report and the phone-width screenshots are kept under test-artifacts/epub/
(git-ignored); the tests print where.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import shutil
import uuid
import zipfile
from pathlib import Path

import panflute as pf
import pytest
from lxml import etree
from validators import ace_report, ace_violations, browser_page, epubcheck_messages

from hearingpress import pipeline
from hearingpress.errors import UserError
from hearingpress.writers import epub, epubpackage, notes, shortnotes

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "epub"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
PHONE = 390  # CSS px, an ordinary phone held upright


@pytest.fixture(scope="module")
def book(built: dict[str, Path]) -> Path:
    return built["epub"]


@pytest.fixture(scope="module")
def files(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def opf(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["EPUB/content.opf"])


def xhtml(files: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(files[f"EPUB/{name}"])


def words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def meta(opf: etree._Element, prop: str) -> list[str]:
    return [m.text for m in opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]


def dc(opf: etree._Element, name: str) -> list[str]:
    return [e.text for e in opf.iterfind(f"opf:metadata/dc:{name}", NS)]


@pytest.fixture(scope="module")
def source_notes(publication: pipeline.Publication) -> list[str]:
    """The text of every note in reading order, as the AST has it, a bare "Ibid." given the
    short form of its source (a popup note stands alone)."""
    doc = publication.doc()
    shortnotes.replace_ibid(doc, publication.statement.bibliography_data)
    return [" ".join(pf.stringify(n).split()) for n in notes.collect_notes(doc)]


def test_no_popup_note_is_a_bare_ibid(files, publication: pipeline.Publication) -> None:
    _calls, asides = _calls_and_notes(files)
    texts = [words(aside).split(" ", 1)[1] for aside in asides.values()]
    html_notes = [pf.stringify(n) for n in notes.collect_notes(publication.doc())]
    assert sum(text.strip().startswith("Ibid") for text in html_notes) == 2  # notes 16, 21
    assert not [text for text in texts if text.startswith("Ibid")]


def test_the_short_form_is_citeprocs_own(publication: pipeline.Publication) -> None:
    """Where citeproc itself wrote a short form (a later, non-adjacent note), ours is the same."""
    references = {r["id"]: r for r in json.loads(publication.statement.bibliography.read_bytes())}
    seen: set[str] = set()
    compared = []

    def visit(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Cite) and elem.citations[0].mode == "NormalCitation":
            key, text = elem.citations[0].id, " ".join(pf.stringify(elem).split())
            if key in seen and not text.startswith("Ibid"):
                ours = pf.stringify(pf.Plain(*shortnotes.short_form(references[key])))
                compared.append((text, ours))
            seen.add(key)

    publication.doc().walk(visit)
    assert len(compared) >= 3
    assert all(text == ours for text, ours in compared), compared


# --------------------------------------------------------------------------- the real tools


def test_epubcheck_reports_nothing(book: Path) -> None:
    messages = epubcheck_messages(book)
    assert messages == [], "\n".join(map(str, messages))


def test_ace_finds_no_violations(book: Path) -> None:
    out = ARTIFACTS / "ace"
    shutil.rmtree(out, ignore_errors=True)
    report = ace_report(book, out)
    print(f"Ace report: {out / 'report.json'}")
    violations = ace_violations(report)
    assert violations == [], "\n".join(map(str, violations))
    assert report["earl:result"]["earl:outcome"] == "pass"
    # Ace reads the same accessibility metadata we claim.
    present = set(report["a11y-metadata"]["present"])
    assert {"schema:accessMode", "schema:accessibilitySummary", "dcterms:conformsTo"} <= present


# --------------------------------------------------------------------------- the archive


def test_archive_is_laid_out_for_reading_systems(book: Path, publication) -> None:
    with zipfile.ZipFile(book) as archive:
        infos = archive.infolist()
    first = infos[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED and first.extra == b""
    assert book.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"
    day = publication.date
    assert {info.date_time for info in infos} == {(day.year, day.month, day.day, 0, 0, 0)}
    names = [info.filename for info in infos[1:]]
    meta_inf = [n for n in names if n.startswith("META-INF/")]
    assert names == meta_inf + sorted(set(names) - set(meta_inf))
    assert meta_inf == sorted(meta_inf)


# --------------------------------------------------------------------------- package metadata


def test_package_metadata(opf: etree._Element, publication: pipeline.Publication) -> None:
    statement = publication.statement
    assert dc(opf, "title") == [statement.title, statement.subtitle]
    assert meta(opf, "title-type") == ["main", "subtitle"]
    assert dc(opf, "creator") == [statement.witness.name]
    assert meta(opf, "role") == ["aut"]
    assert dc(opf, "language") == [statement.lang]
    assert dc(opf, "date") == [publication.date.date().isoformat()]
    assert meta(opf, "dcterms:modified") == [publication.date.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert dc(opf, "subject") == list(statement.keywords)
    assert dc(opf, "publisher") == ([statement.publisher] if statement.publisher else [])
    (identifier,) = dc(opf, "identifier")
    if statement.identifier:
        assert identifier == statement.identifier
    else:  # derived from the metadata, not random: a version-5 (name-based) UUID
        assert uuid.UUID(identifier.removeprefix("urn:uuid:")).version == 5
    assert opf.get("unique-identifier") == opf.find("opf:metadata/dc:identifier", NS).get("id")


def test_identifier_follows_the_metadata(publication: pipeline.Publication) -> None:
    def changed(**fields: str) -> pipeline.Publication:
        statement = dataclasses.replace(publication.statement, **fields)
        return dataclasses.replace(publication, statement=statement)

    same = epub.identifier(publication)
    assert same == epub.identifier(publication)
    assert epub.identifier(changed(title="Another Statement")) != same
    given = "urn:isbn:9780000000002"
    assert epub.identifier(changed(identifier=given)) == given


def test_accessibility_metadata_is_true_of_this_book(opf, files) -> None:
    assert meta(opf, "schema:accessMode") == ["textual"]
    assert meta(opf, "schema:accessModeSufficient") == ["textual"]
    assert meta(opf, "schema:accessibilityHazard") == ["none"]
    assert meta(opf, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert meta(opf, "a11y:certifiedBy") != []
    features = set(meta(opf, "schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= features
    pages = b"".join(data for name, data in files.items() if name.endswith(".xhtml"))
    # No images in this book, so no claim of text alternatives for them.
    assert b"<img" not in pages and "alternativeText" not in features
    (summary,) = meta(opf, "schema:accessibilitySummary")
    assert "text only" in summary
    # The summary says abbreviations and languages are marked: they are.
    assert b"<abbr title=" in pages and b'lang="es"' in pages
    assert "abbreviations" in summary and "languages" in summary


def test_an_image_without_alt_text_is_a_user_error(tmp_path: Path) -> None:
    source = tmp_path / "statement.md"
    text = (ROOT / "tests" / "fixtures" / "minimal.md").read_text(encoding="utf-8")
    source.write_text(text + "\n![](chart.png)\n", encoding="utf-8")
    with pytest.raises(UserError, match="no text alternative"):
        epub.render(pipeline.prepare(source))


# --------------------------------------------------------------------------- notes


def _calls_and_notes(files: dict[str, bytes]) -> tuple[list, dict]:
    calls, asides = [], {}
    for name in ("text/title_page.xhtml", "text/ch001.xhtml"):
        page = xhtml(files, name)
        calls += [(name, a) for a in page.iterfind(".//x:a[@role='doc-noteref']", NS)]
        for aside in page.iterfind(".//x:aside", NS):
            asides[(name, aside.get("id"))] = aside
    return calls, asides


def test_notes_are_popup_footnotes_numbered_as_in_the_source(files, source_notes) -> None:
    calls, asides = _calls_and_notes(files)
    assert len(source_notes) == 25
    assert [words(a) for _, a in calls] == [str(n) for n in range(1, len(source_notes) + 1)]
    assert len(asides) == len(source_notes)
    for number, (page, call) in enumerate(calls, start=1):
        assert call.get(EPUB_TYPE) == "noteref"
        assert call.get("aria-label") == f"Note {number}"
        aside = asides[(page, call.get("href").removeprefix("#"))]  # in the same file
        assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back.get("href") == f"#{call.get('id')}"
        assert back.get("aria-label") == f"Back to note {number} in the text"
        # The popup shows the number, then the note's own text, unchanged.
        assert words(aside) == f"{number}. {source_notes[number - 1]}"


def test_footnotes_follow_the_statement_under_a_notes_heading(files) -> None:
    body = xhtml(files, "text/ch001.xhtml").find("x:body", NS)
    asides = body.findall(".//x:aside", NS)
    (section,) = body.findall(".//x:section[@id='notes']", NS)
    assert words(section.find("x:h2", NS)) == "Notes"
    assert asides and all(aside.getparent() is section for aside in asides)
    assert section[-1] is asides[-1]
    assert not [s for s in section.itersiblings() if s.tag == f"{{{NS['x']}}}section"]


# --------------------------------------------------------------------------- structure


def test_title_page_is_the_title_block(files, publication: pipeline.Publication) -> None:
    doc = publication.doc()
    block = next(b for b in doc.content if getattr(b, "identifier", "") == "title-block")
    page = xhtml(files, "text/title_page.xhtml")
    section = page.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "titlepage"
    shown = section.find("x:div[@id='title-block']", NS)
    for call in shown.findall(".//x:a[@role='doc-noteref']", NS):
        call.getparent().remove(call)  # its tail is blank

    def line(elem: pf.Element) -> str:
        elem = elem.walk(lambda e, _d: [] if isinstance(e, pf.Note) else None)
        return " ".join(pf.stringify(elem).replace('"', "").split())

    # Line by line, the same words (pandoc renders Quoted as curly quotes, stringify as straight).
    assert [words(child).strip("“”") for child in shown] == [line(b) for b in block.content]
    assert words(page.find(".//x:h1", NS)) == publication.statement.full_title
    assert len(page.findall(".//x:h1", NS)) == 1


def test_navigation_has_contents_and_landmarks(files, publication) -> None:
    nav = xhtml(files, "nav.xhtml")
    toc = nav.find(".//x:nav[@role='doc-toc']", NS)
    listed = [words(a) for a in toc.iterfind(".//x:a", NS)]
    headings = []
    publication.doc().walk(
        lambda e, _d: (
            headings.append(" ".join(pf.stringify(e).split()))
            if isinstance(e, pf.Header) and e.level in (2, 3)
            else None
        )
    )
    opening = f"Statement of {publication.statement.witness.name}"  # not the title again
    assert listed == [opening, *headings, "Notes"]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert kinds == {
        "titlepage": "text/title_page.xhtml",
        "toc": "#toc",
        "bodymatter": "text/ch001.xhtml#statement",
    }
    statement = xhtml(files, "text/ch001.xhtml")
    assert statement.find(".//x:section[@id='statement']/x:h1", NS) is not None


def test_every_page_has_a_real_title(files) -> None:
    titles = {
        name: words(xhtml(files, name.removeprefix("EPUB/")).find("x:head/x:title", NS))
        for name in files
        if name.endswith(".xhtml")
    }
    assert all(title and ".xhtml" not in title for title in titles.values()), titles


def test_language_and_abbreviations_as_in_the_ast(files, publication) -> None:
    spans = {"lang": 0, "abbr": 0}

    def count(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Span):
            spans["lang"] += elem.attributes.get("lang") == "es"
            spans["abbr"] += "abbr" in elem.classes

    for block in publication.doc().content:
        block.walk(count)
    pages = [xhtml(files, n) for n in ("text/title_page.xhtml", "text/ch001.xhtml")]
    spanish = [e for p in pages for e in p.iterfind(".//*[@lang='es']", NS)]
    abbrs = [e for p in pages for e in p.iterfind(".//x:abbr[@title]", NS)]
    assert spans["lang"] > 0 and len(spanish) == spans["lang"]
    assert spans["abbr"] > 0 and len(abbrs) == spans["abbr"]


def test_fonts_are_embedded_subset_and_used(files, opf) -> None:
    items = opf.iterfind("opf:manifest/opf:item[@media-type='font/ttf']", NS)
    fonts = {f"EPUB/{item.get('href')}" for item in items}
    assert len(fonts) == 7 and fonts <= files.keys()
    css = files["EPUB/styles/stylesheet1.css"].decode("utf-8")
    referenced = {f"EPUB/fonts/{name}" for name in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)}
    assert referenced == fonts
    # Subset: a few thousand glyphs' worth of Latin would be several times larger.
    assert all(len(files[name]) < 60_000 for name in fonts)


# --------------------------------------------------------------------------- as a reader sees it


@pytest.fixture(scope="module")
def unpacked(book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(book) as archive:
        archive.extractall(out)
    return out / "EPUB"


@pytest.mark.parametrize("page", ["text/title_page.xhtml", "text/ch001.xhtml", "nav.xhtml"])
def test_pages_fit_a_phone_with_our_fonts(unpacked: Path, page: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{Path(page).stem}-{PHONE}.png"
    with browser_page(PHONE, height=844, url=unpacked / page) as tab:
        tab.evaluate("document.fonts.ready")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE
        loaded = tab.evaluate("[...document.fonts].filter(f => f.status === 'loaded').length")
        assert loaded >= 2  # at least the serif text face and the sans headings
        tab.screenshot(path=shot)
    print(f"screenshot: {shot}")


def test_a_reader_can_follow_a_note_and_come_back(unpacked: Path) -> None:
    with browser_page(PHONE, height=844, url=unpacked / "text/ch001.xhtml") as tab:
        tab.click("#noteref-5")
        assert tab.evaluate("location.hash") == "#note-5"
        assert tab.is_visible("#note-5")
        tab.click("#note-5 a[role='doc-backlink']")
        assert tab.evaluate("location.hash") == "#noteref-5"


def test_zip_times_never_before_1980() -> None:
    early = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # SOURCE_DATE_EPOCH=0
    data = epubpackage.pack({"mimetype": b"", "EPUB/a.xhtml": b"x"}, early)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
