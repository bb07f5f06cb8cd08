"""The command line contract: outputs, progress, and one clear line with exit 2 for mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES

MINIMAL = FIXTURES / "minimal.md"


def hearingpress(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hearingpress", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_builds_the_chosen_format_with_plain_progress(tmp_path: Path) -> None:
    result = hearingpress("build", MINIMAL, "--out", tmp_path, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "minimal.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "html done in" in result.stderr  # not a terminal: plain lines, no colour codes
    assert "\033[" not in result.stderr
    assert "wrote" in result.stdout


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    result = hearingpress("build", MINIMAL, "--out", tmp_path, "--format", "html", "--quiet")
    assert result.returncode == 0
    assert result.stdout == result.stderr == ""


def test_missing_file(tmp_path: Path) -> None:
    result = hearingpress("build", tmp_path / "nope.md", "--out", tmp_path / "out")
    assert_one_line_error(result, "nope.md", "no such file")
    assert not (tmp_path / "out").exists()


def test_file_without_metadata(tmp_path: Path) -> None:
    source = tmp_path / "bare.md"
    source.write_text("# A heading\n\nJust text.\n", encoding="utf-8")
    result = hearingpress("build", source, "--out", tmp_path / "out")
    assert_one_line_error(result, "bare.md:1:", "YAML", "README")


def test_unknown_format(tmp_path: Path) -> None:
    result = hearingpress("build", MINIMAL, "--out", tmp_path, "--format", "html,odt")
    assert_one_line_error(result, "HP403: unknown format 'odt'", "docx")
    assert list(tmp_path.iterdir()) == []


def test_every_unknown_format_is_named(tmp_path: Path) -> None:
    result = hearingpress("build", MINIMAL, "--out", tmp_path, "--format", "odt,PDF,rtf")
    assert result.stderr == (
        "hearingpress: error: HP403: unknown formats 'odt', 'rtf'; choose from html, pdf, epub, "
        "xml, docx, csl, bib, ris\n"
    )


def test_formats_in_any_case_and_no_empty_keywords(tmp_path: Path) -> None:
    """`--format HTML,Pdf` works; a statement without keywords gets no empty keywords field."""
    assert "keywords" not in MINIMAL.read_text(encoding="utf-8")
    result = hearingpress("build", MINIMAL, "--out", tmp_path, "--format", "HTML,Pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    assert 'name="keywords"' not in (tmp_path / "minimal.html").read_text(encoding="utf-8")
    with pikepdf.open(tmp_path / "minimal.pdf") as pdf:
        assert "/Keywords" not in pdf.docinfo
        assert "/Author" in pdf.docinfo


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("  chamber: House", "  chamber: Parliament", "hearing.chamber"),
        ("  date: 2025-03-04", "  date: 2025-02-30", "hearing.date"),
        ("  congress: 119", "  congress: many", "hearing.congress"),
        ('  name: "Jane Doe"', "  name:", "witness.name"),
    ],
)
def test_bad_metadata_names_the_field_and_line(
    tmp_path: Path, field: str, bad: str, expected: str
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    assert field in text
    line = text.splitlines().index(field) + 1
    source = tmp_path / "bad.md"
    source.write_text(text.replace(field, bad), encoding="utf-8")
    result = hearingpress("build", source, "--out", tmp_path / "out")
    assert_one_line_error(result, expected, f"bad.md:{line}:")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert hearingpress("build", MINIMAL, "--out", out, "--format", "html").returncode == 0
    before = snapshot(out)
    assert "minimal.html" in before and "manifest.json" in before
    broken = tmp_path / "minimal.md"
    broken.write_text(MINIMAL.read_text(encoding="utf-8").replace("2025-03-04", "soon"), "utf-8")
    result = hearingpress("build", broken, "--out", out, "--format", "html")
    assert result.returncode == 2
    assert snapshot(out) == before


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "hearingpress"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("hearingpress ")


def test_a_failed_build_into_a_new_folder_leaves_no_folder(tmp_path: Path) -> None:
    broken = tmp_path / "raw.md"
    broken.write_text(MINIMAL.read_text(encoding="utf-8") + "\n<script>x()</script>\n", "utf-8")
    result = hearingpress("build", broken, "--out", tmp_path / "new", "--format", "html")
    assert_one_line_error(result, "raw.md:", "<script>")
    assert not (tmp_path / "new").exists()
