"""The blind set (tests/lint/blind/): statements whose planted errors were written and
committed before lint was run on them; SCORE.md has each batch's first run and these numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hearingpress.lint import lint_text

BLIND = Path(__file__).parent / "blind"
# The codes that count as finding a planted error of each class (SCORE.md).
CLASS_CODES = {
    "doubled word": {"L101"},
    "repeated item": {"L102", "L101"},
    "determiner": {"L103", "L104"},
    "a/an": {"L105"},
    "its/it's": {"L106"},
    "missing to": {"L107"},
    "agreement": {"L108"},
    "number": {"L108", "L109", "L110"},
    "then/the": {"L111"},
    "unpaired quote": {"L201"},
    "unpaired parenthesis": {"L202"},
    "unpaired bracket": {"L203"},
    "stray punctuation": {"L204"},
    "U.S": {"L205", "L113"},
    "month case": {"L206"},
    "near-duplicate name": {"L301"},
    "accent variant": {"L302", "L303"},
    "agency name": {"L304"},
    "abbreviation": {"L305", "L306"},
}
# What the rules reach now on the three batches (221 planted errors), after changes prompted
# by each batch's misses. Each batch's blind first run (SCORE.md): 79 of 107, 43 of 60, 48 of 54.
FOUND_AT_LEAST = 217
FALSE_AT_MOST = 1  # childcare.md: L203 on the note's “^[” (the planted “[” inside the note)


def _span(doc, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return doc.position(start), doc.position(end)


@pytest.fixture(scope="module")
def score() -> tuple[int, int, list[str], list[str]]:
    """(found, planted, misses, false findings) over the whole blind set."""
    found = planted = 0
    misses: list[str] = []
    false: list[str] = []
    for path in sorted(BLIND.glob("*.md")):
        if path.name == "SCORE.md":
            continue
        doc, findings = lint_text(path.read_text(encoding="utf-8"))
        key = yaml.safe_load(path.with_suffix(".key.yaml").read_text(encoding="utf-8"))
        spans = [(f, *_span(doc, f.start, f.end)) for f in findings]
        matched: set[int] = set()
        for error in key["errors"]:
            first = (error["line"], error["column"])
            last = (error["end_line"], error["end_column"])
            hits = [
                id(f)
                for f, start, end in spans
                if f.code in CLASS_CODES[error["class"]] and start < last and first < end
            ]
            planted += 1
            found += bool(hits)
            matched.update(hits)
            if not hits:
                misses.append(f"{path.name}:{error['line']} {error['class']}: {error['words']!r}")
        for f, start, end in spans:
            planted_here = any(
                start < (e["end_line"], e["end_column"]) and (e["line"], e["column"]) < end
                for e in key["errors"]
            )
            if f.severity == "error" and id(f) not in matched and not planted_here:
                false.append(f"{path.name}:{start[0]}:{start[1]} {f.code} {f.message}")
    return found, planted, misses, false


def test_blind_set_planted_errors_are_found(score):
    found, planted, misses, _false = score
    print(f"\nblind: {found} of {planted} planted errors found", *misses, sep="\n  missed ")
    assert found / planted >= 0.85
    assert found >= FOUND_AT_LEAST


def test_blind_set_has_few_false_findings(score):
    _found, _planted, _misses, false = score
    assert len(false) <= min(3, FALSE_AT_MOST), false
