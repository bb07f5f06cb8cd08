"""Error codes: the catalogue (codes.py), README's table and the code raised agree."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

from hearingpress import codes

CODE = re.compile(r"\bHP\d{3}\b")
SOURCES = sorted([*(ROOT / "src" / "hearingpress").rglob("*.py"), *(ROOT / "filters").glob("*.py")])
CATALOGUE = ROOT / "src" / "hearingpress" / "codes.py"
# Raised without a code until the schema work gives them theirs (HP42x, issue 11).
UNCODED: set[str] = set()


def readme_rows() -> dict[str, tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Error codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (HP\d{3}) \| (.+?) \| (.+?) \|$", section, flags=re.MULTILINE)
    assert len(rows) == len({code for code, _, _ in rows}), "a code is listed twice"
    return {code: (meaning, fix) for code, meaning, fix in rows}


def codes_in_source() -> dict[str, set[str]]:
    """Each code written in the package and the filters (but the catalogue), with its files."""
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        if path != CATALOGUE:
            for code in CODE.findall(path.read_text(encoding="utf-8")):
                found.setdefault(code, set()).add(path.name)
    return found


def test_the_readme_table_is_the_catalogue() -> None:
    assert readme_rows() == {code: tuple(entry) for code, entry in codes.CODES.items()}
    assert codes.table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_catalogue_entries_are_well_formed() -> None:
    assert list(codes.CODES) == sorted(codes.CODES)
    for code, entry in codes.CODES.items():
        assert CODE.fullmatch(code)
        assert entry.meaning and entry.fix, code
        assert "|" not in entry.meaning + entry.fix, code


def test_every_code_raised_is_catalogued_and_every_catalogued_code_is_raised() -> None:
    used = codes_in_source()
    assert sorted(set(used) - set(codes.CODES)) == []
    assert sorted(set(codes.CODES) - set(used)) == []


def test_every_user_error_carries_a_code() -> None:
    uncoded = []
    for path in SOURCES:
        if path.name in UNCODED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "UserError"
                and len(node.args) < 4
                and not any(keyword.arg == "code" for keyword in node.keywords)
            ):
                uncoded.append(f"{path.name}:{node.lineno}")
    assert uncoded == []
