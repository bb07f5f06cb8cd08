"""Lint on whole statements: the testimony and fixtures are clean enough, the seed's recorded
errors are found where they are, held-out statements' planted errors are found. (Its speed,
under 1 s for the testimony, is measured by `nox -s bench`, not here.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hearingpress.lint import lint_text

ROOT = Path(__file__).resolve().parents[2]
TESTIMONY = ROOT / "source" / "testimony.md"
SEED = ROOT / "source" / "original" / "testimony-as-received.txt"
ERRATA = ROOT / "source" / "errata.yaml"
HELDOUT = Path(__file__).parent / "heldout"
QUOTES = str.maketrans("“”‘’", "\"\"''")
# Codes that can overlap an erratum's words without being its error: a straight quote
# anywhere; in a note's citation, "US" in a cited title or an abbreviation never introduced.
INCIDENTAL = {"body": {"L211"}, "notes": {"L211", "L306", "L307"}}


def errors(source: str) -> list[str]:
    doc, findings = lint_text(source)
    return [
        f"{doc.position(f.start)}: {f.code} {f.message}" for f in findings if f.severity == "error"
    ]


def test_testimony_has_no_error():
    assert errors(TESTIMONY.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures").glob("*.md")), ids=str)
def test_fixtures_have_at_most_one_error(path):
    assert len(errors(path.read_text(encoding="utf-8"))) <= 1


@pytest.fixture(scope="module")
def seed():
    """The raw extraction under the canonical metadata, and its findings."""
    metadata = TESTIMONY.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    source = metadata + SEED.read_text(encoding="utf-8")
    _doc, findings = lint_text(source)
    return source, findings


def _occurrences(source: str, original: str) -> list[tuple[int, int]]:
    """Where the erratum's original wording is (quotes straight or curly alike)."""
    haystack = source.translate(QUOTES)
    needle = re.escape(original.translate(QUOTES)).replace(r"\ ", r"\s+")
    return [(m.start(), m.end()) for m in re.finditer(needle, haystack)]


def test_seed_errors_in_the_errata_are_flagged_where_they_are(seed):
    source, findings = seed
    errata = yaml.safe_load(ERRATA.read_text(encoding="utf-8"))
    entries = [
        (part, entry)
        for part in ("body", "notes")
        for entry in errata[part]
        if entry["original"] != entry["corrected"]
    ]
    found, missed = [], []
    for part, entry in entries:
        spans = _occurrences(source, entry["original"])
        hit = [
            f.code
            for f in findings
            for start, end in spans
            if f.start < end
            and start < f.end  # the finding overlaps the error's words
            and f.code not in INCIDENTAL[part]
        ]
        (found if hit else missed).append((entry["original"][:40], sorted(set(hit))))
    print(f"\nseed: {len(found)} of {len(entries)} errata entries flagged at their span")
    for original, codes in found:
        print(f"  found  {codes} {original!r}")
    for original, _codes in missed:
        print(f"  missed {original!r}")
    assert len(found) >= 20


def test_held_out_statements_planted_errors_found():
    planted = yaml.safe_load((HELDOUT / "planted.yaml").read_text(encoding="utf-8"))
    total = found = false = 0
    for name, errors_planted in planted.items():
        source = (HELDOUT / name).read_text(encoding="utf-8")
        doc, findings = lint_text(source)
        expected = []
        for code, context, words in errors_planted:
            start = source.index(words, source.index(context))
            expected.append((code, start, start + len(words)))
        matched = set()
        for code, start, end in expected:
            hits = [f for f in findings if f.code == code and f.start < end and start < f.end]
            matched.update(id(f) for f in hits)
            found += bool(hits)
            if not hits:
                print(f"missed {name} {code} {source[start:end]!r}")
        for f in findings:
            if id(f) not in matched:
                false += 1
                print(f"false  {name}:{doc.position(f.start)} {f.code} {f.message}")
        total += len(expected)
    print(f"held out: {found} of {total} planted errors found, {false} other findings")
    assert found / total >= 0.85
    assert false <= 3
