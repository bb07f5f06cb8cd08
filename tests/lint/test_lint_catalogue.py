"""README's lint table mirrors the catalogue (lint/data/codes.yaml), row for row."""

from __future__ import annotations

from pathlib import Path

from hearingpress.lint.catalogue import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_table_mirrors_the_catalogue():
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| L") and line[3:5].isdigit()
    ]
    expected = [
        [r.code, r.severity, r.summary, "yes" if r.fix else "", r.exceptions]
        for r in RULES.values()
    ]
    assert rows == expected


def test_codes_are_numbered_by_family():
    families = {"1": "grammar", "2": "punctuation", "3": "names", "4": "style"}
    for code, rule in RULES.items():
        assert code[0] == "L" and code[1] in families and len(code) == 4
        assert rule.severity in ("error", "warning")
        assert code[1] != "4" or rule.severity == "warning"  # house style only warns
