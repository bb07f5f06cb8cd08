"""Golden pairs per lint code (tests/lint/codes.yaml): flagged at an exact span, near miss quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hearingpress.lint import lint_text
from hearingpress.lint.catalogue import RULES

CODES = yaml.safe_load((Path(__file__).parent / "codes.yaml").read_text(encoding="utf-8"))
# A code's entry is one golden pair, or a list of them when a rule reads several shapes.
CASES = {
    f"{code}" if isinstance(entry, dict) else f"{code}-{n}": (code, case)
    for code, entry in CODES.items()
    for n, case in enumerate([entry] if isinstance(entry, dict) else entry, 1)
}


def test_every_code_has_a_golden_pair():
    assert sorted(CODES) == sorted(RULES)


def _nth(text: str, span: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(span, start + 1)
    return start


@pytest.mark.parametrize("name", sorted(CASES))
def test_flagged_at_its_span(name):
    code, case = CASES[name]
    text = case["flagged"]
    start = _nth(text, case["span"], case.get("occurrence", 1))
    _doc, findings = lint_text(text)
    spans = [(f.start, f.end) for f in findings if f.code == code]
    assert (start, start + len(case["span"])) in spans, [
        (text[a:b], a) for a, b in spans
    ] or f"no {code} finding"


@pytest.mark.parametrize("name", sorted(CASES))
def test_near_miss_not_flagged(name):
    code, case = CASES[name]
    _doc, findings = lint_text(case["near_miss"])
    assert [f.message for f in findings if f.code == code] == []
