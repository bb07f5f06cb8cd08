"""The canonical source: provenance, errata that account for every change, and the 25 notes.

Real pandoc and citeproc throughout (hearingpress.parse); the original is read from
source/original/testimony-as-received.txt, the errata from source/errata.yaml.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from source_text import (
    QUOTES,
    ErratumError,
    apply_errata,
    load_errata,
    normalize,
    note_positions,
    read_canonical,
    read_original,
    reference_texts,
    strip_runin_colons,
    word_diff,
    words,
)

from hearingpress.errors import UserError
from hearingpress.parse import parse

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
TESTIMONY = SOURCE / "testimony.md"
ORIGINAL = SOURCE / "original" / "testimony-as-received.txt"
ERRATA = SOURCE / "errata.yaml"
# The seed as the witness's office sent it (sha256sum of the file received); source/original/
# holds that file, byte for byte, so a clone needs nothing beside it.
SEED_SHA256 = "159889077d583cb2c063443457af4177051774959e5a0af206262a84f500d9f3"
NOTE_COUNT = 25
IBID_NOTES = (16, 21)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def parsed():
    return parse(TESTIMONY)  # raises UserError on any pandoc/citeproc warning


@pytest.fixture(scope="module")
def original():
    return read_original(ORIGINAL)


@pytest.fixture(scope="module")
def errata():
    return load_errata(ERRATA)


@pytest.fixture(scope="module")
def canonical(parsed):
    return read_canonical(parsed.doc)


def expected_tokens(original, errata, canonical) -> list[str]:
    """The original body with the errata applied and the run-in heads' colons dropped."""
    text = apply_errata(original.body, errata["body"])
    return strip_runin_colons(text, canonical.subheads).split()


def assert_same_words(expected: list[str], actual: list[str]) -> None:
    exp, act = words(expected), words(actual)
    assert exp == act, "canonical text differs from original + errata:\n" + word_diff(exp, act)


def assert_same_note_calls(expected: list[str], canonical) -> None:
    want, got = note_positions(expected), note_positions(canonical.tokens)
    assert list(got) == list(range(2, NOTE_COUNT + 1)), f"note calls in order: {list(got)}"
    wrong = {n: (want.get(n), got[n]) for n in got if want.get(n) != got[n]}
    assert not wrong, f"note calls not where the original has them: {wrong}"
    for block in canonical.blocks:
        assert not block or not block[0].startswith("⟦"), f"note call opens a block: {block[:5]}"


# --------------------------------------------------------------------------- 1. provenance


def test_provenance_copy_is_the_seed_byte_for_byte():
    assert hashlib.sha256(ORIGINAL.read_bytes()).hexdigest() == SEED_SHA256


# --------------------------------------------------------------------------- 2. errata


def test_cover_matches_the_metadata(parsed, original):
    s, w, h = parsed.statement, parsed.statement.witness, parsed.statement.hearing
    expected = (
        f"Statement of {w.name} ⟦1⟧ {w.position} {w.organization} on “{s.full_title}” "
        f"at a Hearing on “{h.title}” before the {h.subcommittee}, {h.committee}, "
        f"U.S. {h.chamber_name} on {h.date_label}"
    )
    assert normalize(original.cover) == normalize(expected)
    assert str(h.date) == "2020-03-04" and (h.congress, h.session, h.chamber) == (116, 2, "House")
    assert s.lang == "en-US"


def test_errata_account_for_every_difference(original, errata, canonical):
    assert_same_words(expected_tokens(original, errata, canonical), canonical.tokens)


def test_every_correction_is_what_is_published(errata, built):
    """The record matches the publication: each corrected wording is in the built HTML as
    it stands (quotes straight or curly alike, any space a space)."""
    page = lxml.html.fromstring(built["html"].read_bytes())
    published = " ".join(page.text_content().split()).translate(QUOTES)
    missing = [
        entry["corrected"]
        for entry in errata["body"] + errata["notes"]
        if " ".join(str(entry["corrected"]).split()).translate(QUOTES) not in published
    ]
    assert missing == []


def test_every_erratum_is_complete_and_categorized(errata):
    categories = errata["categories"]
    for entry in errata["body"] + errata["notes"]:
        assert {"original", "corrected", "reason", "category"} <= set(entry), entry
        assert entry["category"] in categories, entry
        assert str(entry["reason"]).strip(), entry
    for entry in errata["notes"]:
        assert 1 <= entry["note"] <= NOTE_COUNT, entry


def test_note_errata_apply_to_the_notes(original, errata, canonical):
    """Each note erratum: `original` is in note N as received, `corrected` in note N as
    rendered or in the reference that note N cites."""
    references = {
        key: normalize(text) for key, text in reference_texts(SOURCE / "references.json").items()
    }
    rendered = {note.number: note for note in canonical.notes}
    problems = []
    for entry in errata["notes"]:
        number = entry["note"]
        if normalize(entry["original"]) not in normalize(original.notes[number]):
            problems.append(f"note {number}: {entry['original']!r} is not in the original note")
        note = rendered[number]
        places = [normalize(note.text)] + [references[key] for key in note.keys]
        if not any(normalize(entry["corrected"]) in place for place in places):
            problems.append(f"note {number}: {entry['corrected']!r} is not in the rendered note")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- 3. notes


def test_parse_is_clean_and_gives_25_notes(parsed, canonical):
    assert len(canonical.notes) == NOTE_COUNT
    assert canonical.notes[0].keys == ["realuyo2020"], "note 1 is the author's note in metadata"
    assert canonical.notes[0].text.startswith("The views expressed in this testimony")
    assert all(note.text for note in canonical.notes)


def test_note_calls_are_where_the_original_puts_them(original, errata, canonical):
    assert_same_note_calls(expected_tokens(original, errata, canonical), canonical)


def test_every_url_of_the_original_is_in_the_rendered_notes(original, canonical):
    urls = original.urls()
    assert len(urls) == 19
    rendered = {note.number: note for note in canonical.notes}
    for url, numbers in urls.items():
        first = rendered[numbers[0]]  # later notes on the same source are short notes
        assert url in first.urls and url in first.text, f"note {numbers[0]} lacks {url}"


def test_ibid_notes(canonical):
    for number in IBID_NOTES:
        note = canonical.notes[number - 1]
        assert note.text == "Ibid.", f"note {number}: {note.text!r}"
        assert note.keys == canonical.notes[number - 2].keys, f"note {number} repeats {number - 1}"


def test_repeated_sources_come_out_as_short_notes(canonical):
    seen: set[str] = set()
    for note in canonical.notes:
        again = [key for key in note.keys if key in seen]
        if again:
            assert "http" not in note.text, f"note {note.number} repeats a source in full"
            assert len(note.text) < 90, f"note {note.number} is not a short note: {note.text}"
        seen.update(note.keys)


def test_queried_urls_are_unchanged_and_printed(original, errata, canonical):
    urls = original.urls()
    rendered = " ".join(note.text for note in canonical.notes)
    for query in errata["queried"]:
        assert query["url"] in urls and query["url"] in rendered, query["url"]
        assert set(query["notes"]) <= set(urls[query["url"]]), query


def test_spanish_is_marked_and_accents_are_consistent():
    text = TESTIMONY.read_text(encoding="utf-8")
    assert "[Sistema Nacional de Seguridad Pública]{lang=es}" in text
    for unaccented in ("Guzman", "Culiacan", "Lopez Obrador", "Andres", "Merida", "Calderon"):
        assert not re.search(rf"\b{unaccented}\b", text), unaccented


# --------------------------------------------------------------------------- the tests can fail


def _copy_source(tmp_path: Path, old: str, new: str) -> Path:
    for name in ("testimony.md", "references.json"):
        shutil.copy(SOURCE / name, tmp_path / name)
    target = tmp_path / "testimony.md"
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def test_an_unrecorded_edit_and_a_moved_note_call_are_caught(tmp_path, original, errata):
    source = _copy_source(
        tmp_path,
        "voracious appetite for illegal drugs",
        "huge appetite for illegal drugs",
    )
    text = source.read_text(encoding="utf-8")
    text = text.replace("in Mexico in 2019.[@sheridan2020]", "in Mexico[@sheridan2020] in 2019.")
    source.write_text(text, encoding="utf-8")
    altered = read_canonical(parse(source).doc)
    expected = expected_tokens(original, errata, altered)
    with pytest.raises(AssertionError, match=r"\[-voracious-\]\{\+huge\+\}"):
        assert_same_words(expected, altered.tokens)
    with pytest.raises(AssertionError, match="not where the original has them"):
        assert_same_note_calls(expected, altered)


def test_an_erratum_that_matches_nothing_or_too_often_fails(original):
    with pytest.raises(ErratumError, match="found 0"):
        apply_errata(original.body, [{"original": "no such words here", "corrected": "x"}])
    with pytest.raises(ErratumError, match="expected 1, found 6"):
        apply_errata(original.body, [{"original": "Guzman", "corrected": "Guzmán"}])


def test_an_unused_reference_is_an_error(tmp_path):
    source = _copy_source(tmp_path, "[@beittel2018]", "")
    with pytest.raises(UserError, match="beittel2018"):
        parse(source)
