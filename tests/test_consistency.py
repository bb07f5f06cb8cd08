"""The formats say the same thing: the same body words in the same order, the same notes
with the same numbers, and every note call leads to its note. Run on the testimony and on the
second statement; the HTML is the reference the others are compared with.

What each medium may legitimately change is undone in tests/textextract.py (and only that):
page furniture, note calls, list markers drawn as text, line-end breaks in compounds and
URLs, ligatures, soft hyphens; here, the capitals the print style sets some title lines in.
The Word file is read back by pandoc's docx reader.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import panflute as pf
import pytest
import textextract
from textextract import Extract

from hearingpress import pipeline
from hearingpress.writers import notes, shortnotes

STATEMENTS = {  # name -> (fixture of built files, fixture of the publication)
    "testimony": ("built", "publication"),
    "senate": ("senate_built", "senate_publication"),
}
OTHERS = ("epub", "xml", "pdf", "docx")


def extract_all(built: dict[str, Path], publication: pipeline.Publication) -> dict[str, Extract]:
    markers = textextract.list_markers(built["html"])
    return {
        "html": textextract.from_html(built["html"]),
        "epub": textextract.from_epub(built["epub"]),
        "xml": textextract.from_xml(built["xml"]),
        "pdf": textextract.from_pdf(built["pdf"], publication.statement, markers),
        "docx": textextract.from_docx(built["docx"]),
    }


@pytest.fixture(scope="module", params=list(STATEMENTS))
def statement(request: pytest.FixtureRequest) -> tuple[dict[str, Extract], pipeline.Publication]:
    """Each statement built in all four formats (once per session) and read back once."""
    built_name, publication_name = STATEMENTS[request.param]
    built = request.getfixturevalue(built_name)
    publication = request.getfixturevalue(publication_name)
    return extract_all(built, publication), publication


def as_printed(pdf_words: list[str], html_words: list[str]) -> list[str]:
    """The HTML's words as the print style shows them: where the PDF has a word in capitals
    (CSS text-transform on the title block's connective lines), so does this."""
    return [
        theirs.upper() if index < len(pdf_words) and pdf_words[index] == theirs.upper() else theirs
        for index, theirs in enumerate(html_words)
    ]


def source_note_count(publication: pipeline.Publication) -> int:
    return len(notes.collect_notes(publication.doc()))


@pytest.mark.parametrize("fmt", ["html", *OTHERS])
def test_every_note_call_resolves_in_order(statement, fmt: str) -> None:
    extracts, publication = statement
    extract = extracts[fmt]
    count = source_note_count(publication)
    assert count > 5
    assert extract.problems == []
    assert extract.calls == list(range(1, count + 1)), "one call per note, numbered in order"
    assert sorted(extract.notes) == extract.calls


@pytest.mark.parametrize("fmt", OTHERS)
def test_same_body_words_in_the_same_order(statement, fmt: str) -> None:
    extracts, _ = statement
    html, ours = extracts["html"].words, extracts[fmt].words
    assert len(html) > 500
    if fmt == "pdf":
        html = as_printed(ours, html)
    difference = textextract.word_diff(ours, html, (fmt.upper(), "HTML"))
    assert difference is None, difference


def popup_notes(publication: pipeline.Publication) -> dict[int, list[str]]:
    """The notes as the EPUB's popups give them: a bare "Ibid." as its source's short form."""
    doc = publication.doc()
    shortnotes.replace_ibid(doc, publication.statement.bibliography_data)
    return {n: pf.stringify(note).split() for n, note in enumerate(notes.collect_notes(doc), 1)}


@pytest.mark.parametrize("fmt", OTHERS)
def test_same_notes_with_the_same_numbers(statement, fmt: str) -> None:
    extracts, publication = statement
    html, ours = extracts["html"].notes, extracts[fmt].notes
    if fmt == "epub":  # a popup stands alone: no "Ibid." there
        short = popup_notes(publication)
        html = {n: short[n] if words[:1] == ["Ibid."] else words for n, words in html.items()}
    assert ours.keys() == html.keys()
    for number, words in html.items():
        assert words, f"note {number} has text"
        difference = textextract.word_diff(ours[number], words, (fmt.upper(), "HTML"))
        assert difference is None, f"note {number}: {difference}"


def test_html_notes_are_the_source_notes(statement) -> None:
    """The reference itself is checked against the AST: same notes, same words."""
    extracts, publication = statement
    source = [pf.stringify(note) for note in notes.collect_notes(publication.doc())]
    html = extracts["html"].notes
    assert [html[n] for n in sorted(html)] == [textextract.normalize(s) for s in source]


# --------------------------------------------------------------------------- the check can fail


@pytest.fixture(scope="module")
def senate_files(senate_built: dict[str, Path], tmp_path_factory) -> dict[str, Path]:
    """Copies of the second statement's files, to damage."""
    out = tmp_path_factory.mktemp("damaged")
    return {fmt: Path(shutil.copy(senate_built[fmt], out)) for fmt in ("html", "xml", "pdf")}


def test_a_dropped_word_is_found_and_shown(senate_files: dict[str, Path], tmp_path: Path):
    page = senate_files["html"].read_text(encoding="utf-8")
    damaged = tmp_path / "damaged.html"
    damaged.write_text(page.replace("shippers told us", "shippers told", 1), encoding="utf-8")
    original = textextract.from_html(senate_files["html"]).words
    difference = textextract.word_diff(textextract.from_html(damaged).words, original, ("A", "B"))
    assert difference is not None and "[-us]" in difference


def test_a_changed_note_and_a_dangling_call_are_found(senate_files, tmp_path: Path) -> None:
    xml = senate_files["xml"].read_text(encoding="utf-8")
    damaged = tmp_path / "damaged.xml"
    xml = xml.replace("Scanning began in March 2023", "Scanning began in May 2023", 1)
    damaged.write_text(xml.replace('idref="fn-5"', 'idref="fn-50"', 1), encoding="utf-8")
    found = textextract.from_xml(damaged)
    assert found.problems == ["XML call 5 -> idref fn-50"]
    reference = textextract.from_xml(senate_files["xml"]).notes
    assert found.notes[4] != reference[4] and found.notes[3] == reference[3]


def test_pdf_furniture_is_matched_by_its_text(senate_files, senate_publication) -> None:
    """Told another witness, the reader finds no running head: it strips nothing by guess."""
    statement = senate_publication.statement
    other = dataclasses.replace(
        statement, witness=dataclasses.replace(statement.witness, name="Someone Else")
    )
    markers = textextract.list_markers(senate_files["html"])
    found = textextract.from_pdf(senate_files["pdf"], other, markers)
    heads = [p for p in found.problems if re.search(r"page \d+: no running head", p)]
    pages = textextract.bbox_pages(senate_files["pdf"])
    assert len(heads) == len(pages) - 1 > 0
