"""`hearingpress lint` on the command line: output, exit codes, coded input errors, --fix."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

BODY = "The agency sent the the report in AUGUST 2019.,\n"


def lint(*args: str, cwd=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "hearingpress", "lint", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


def test_text_output_and_exit_one_on_errors(tmp_path):
    (tmp_path / "s.md").write_text(BODY, encoding="utf-8")
    result = lint("s.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "s.md:1:17: L101 error: doubled word: “the the” (the)\n" in result.stdout


def test_json_output_and_exit_zero_on_warnings_only(tmp_path):
    (tmp_path / "s.md").write_text("Prices rose 2% and 3 percent.\n", encoding="utf-8")
    result = lint("s.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    [row] = json.loads(result.stdout)
    assert row == {
        "file": "s.md", "line": 1, "column": 14, "end_line": 1, "end_column": 15,
        "code": "L402", "severity": "warning",
        "message": "“percent” and “%” in the same paragraph: “%” beside “percent”",
        "suggestion": "percent",
    }  # fmt: skip


def test_input_errors_are_one_coded_line(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe")
    (tmp_path / "open.md").write_text("---\ntitle: x\n", encoding="utf-8")
    (tmp_path / "s.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- not an errata map\n", encoding="utf-8")
    cases = {
        ("missing.md",): "HP601",
        ("bad.md",): "HP602",
        ("open.md",): "HP603",
        ("open.md", "--fix"): "HP604",
        ("s.md", "--fix", "--errata", "list.yaml"): "HP605",
    }
    for args, code in cases.items():
        result = lint(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and f" {code}: " in result.stderr
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == BODY  # nothing written


def test_fix_applies_mechanical_fixes_and_records_them(tmp_path):
    (tmp_path / "s.md").write_text(BODY, encoding="utf-8")
    result = lint("s.md", "--fix", "--errata", "errata.yaml", cwd=tmp_path)
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == (
        "The agency sent the report in August 2019,\n"
    )
    assert result.returncode == 0
    errata = yaml.safe_load((tmp_path / "errata.yaml").read_text(encoding="utf-8"))
    assert [(e["original"], e["corrected"], e["reason"][:4]) for e in errata["body"]] == [
        ("sent the the report", "sent the report", "L101"),
        ("in AUGUST 2019.,", "in August 2019.,", "L206"),
        ("August 2019.,", "August 2019,", "L204"),
    ]
    text = BODY  # the entries, applied in order, reproduce the fixed file
    for entry in errata["body"]:
        assert entry["original"] in text
        text = text.replace(entry["original"], entry["corrected"], 1)
    assert text == (tmp_path / "s.md").read_text(encoding="utf-8")
