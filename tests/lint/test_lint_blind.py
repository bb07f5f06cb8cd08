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
# The batches (SCORE.md), each written and committed before lint first ran on it.
BATCHES = {
    1: ("pollinators", "drones", "telehealth", "wildfire"),
    2: ("rail", "childcare"),
    3: ("water", "insurance"),
    4: ("grid", "caregivers", "fisheries", "leadpipes"),
    5: ("schoolmeals", "watercyber", "broadband"),
    6: ("parkbacklog", "chipsupply", "tornadowarnings", "vethousing"),
}
# (found at least, planted, false error findings at most) per batch: for batches 1-5, what the
# rules reach after the changes each batch's misses prompted (first runs: 79 of 107, 43 of 60,
# 48 of 54, 82 of 107, 65 of 82 with 3 false findings), so tuned numbers, not blind ones; for
# batch 6, its first run: no rule has changed since (SCORE.md).
EXPECTED = {
    1: (107, 107, 0),
    2: (58, 60, 0),
    3: (54, 54, 0),
    4: (107, 107, 0),
    5: (82, 82, 0),
    6: (82, 107, 0),
}


def _span(doc, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return doc.position(start), doc.position(end)


def _overlaps(start, end, error) -> bool:
    return (
        start < (error["end_line"], error["end_column"])
        and (
            error["line"],
            error["column"],
        )
        < end
    )


def _score(names: tuple[str, ...]) -> tuple[int, int, list[str], list[str]]:
    """(found, planted, misses, false findings) over some statements of the blind set."""
    found = planted = 0
    misses: list[str] = []
    false: list[str] = []
    for name in names:
        path = BLIND / f"{name}.md"
        doc, findings = lint_text(path.read_text(encoding="utf-8"))
        key = yaml.safe_load(path.with_suffix(".key.yaml").read_text(encoding="utf-8"))
        spans = [(f, *_span(doc, f.start, f.end)) for f in findings]
        for error in key["errors"]:
            hits = [
                f
                for f, start, end in spans
                if f.code in CLASS_CODES[error["class"]] and _overlaps(start, end, error)
            ]
            planted += 1
            found += bool(hits)
            if not hits:
                misses.append(f"{path.name}:{error['line']} {error['class']}: {error['words']!r}")
        for f, start, end in spans:
            if f.severity == "error" and not any(_overlaps(start, end, e) for e in key["errors"]):
                false.append(f"{path.name}:{start[0]}:{start[1]} {f.code} {f.message}")
    return found, planted, misses, false


@pytest.fixture(scope="module")
def scores() -> dict[int, tuple[int, int, list[str], list[str]]]:
    return {batch: _score(names) for batch, names in BATCHES.items()}


def test_every_blind_statement_is_in_a_batch():
    statements = {p.stem for p in BLIND.glob("*.md") if p.name != "SCORE.md"}
    assert statements == {name for names in BATCHES.values() for name in names}


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_blind_batch_planted_errors_are_found(scores, batch):
    found, planted, misses, _false = scores[batch]
    print(f"\nbatch {batch}: {found} of {planted} found", *misses, sep="\n  missed ")
    least, expected_planted, _ = EXPECTED[batch]
    assert planted == expected_planted
    assert found >= least


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_blind_batch_has_few_false_findings(scores, batch):
    false = scores[batch][3]
    assert len(false) <= min(3, EXPECTED[batch][2]), false


def test_blind_set_overall(scores):
    found = sum(s[0] for s in scores.values())
    planted = sum(s[1] for s in scores.values())
    assert found / planted >= 0.85
