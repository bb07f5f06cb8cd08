"""Bad input: each case in tests/bad_inputs/ gives its one expected line, exit 2, no traceback,
and leaves a previously built output folder exactly as it was.

Most cases run the CLI in-process (`cli.main`), which is what `python -m hearingpress` calls;
a few run it as a real subprocess to prove the end-to-end contract (stderr, exit code).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from hearingpress import cli, metadata

CASES = Path(__file__).parent / "bad_inputs"
EXPECTED: dict[str, dict] = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
PREFIX = "hearingpress: error: "


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with a good build in it, which no failed build may touch."""
    out = tmp_path_factory.mktemp("dist")
    assert cli.main(["build", str(FIXTURES / "minimal.md"), "--out", str(out), "--quiet"]) == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, hidden ones included, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run_in_process(capsys: pytest.CaptureFixture, *args: str | Path) -> tuple[int, str]:
    code = cli.main(["build", *map(str, args)])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err


def run_subprocess(*args: str | Path) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "hearingpress", "build", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == ""
    return result.returncode, result.stderr


def the_error(code: int, stderr: str) -> str:
    """The one line of a user error, without the prefix; fails on anything else."""
    assert "Traceback" not in stderr
    assert code == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(PREFIX), lines[0]
    return lines[0].removeprefix(PREFIX)


def expected_line(name: str, source: Path) -> str:
    case = EXPECTED[name]
    where = CASES / case["file"] if "file" in case else source
    line = f":{case['line']}" if case["line"] else ""
    code = f"{case['code']}: " if "code" in case else ""
    return f"{where}{line}: {code}{case['message']}"


def test_the_corpus_is_complete() -> None:
    files = sorted(path.name for path in CASES.glob("*.md"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 30
    for case in EXPECTED.values():
        assert "; " in case["message"], f"no 'what to do' in: {case['message']}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_its_one_line(
    name: str, dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = CASES / name
    before = snapshot(dist)
    code, stderr = run_in_process(capsys, source, "--out", dist)
    assert the_error(code, stderr) == expected_line(name, source)
    assert snapshot(dist) == before


@pytest.mark.parametrize(
    "name", ["32-raw-html-script.md", "49-lists-nested-12-deep.md", "53-not-utf8.md"]
)
def test_end_to_end_in_a_subprocess(name: str, dist: Path) -> None:
    before = snapshot(dist)
    source = CASES / name
    code, stderr = run_subprocess(source, "--out", dist)
    assert the_error(code, stderr) == expected_line(name, source)
    assert snapshot(dist) == before


def test_a_5_mb_source_is_refused_before_parsing(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    good = (FIXTURES / "minimal.md").read_text(encoding="utf-8")
    source = tmp_path / "huge.md"
    paragraph = "Thank you for the chance to testify on this matter. " * 20 + "\n\n"
    source.write_text(good + paragraph * (5_000_000 // len(paragraph)), encoding="utf-8")
    assert source.stat().st_size > 4_900_000
    before = snapshot(dist)
    code, stderr = run_in_process(capsys, source, "--out", dist)
    error = the_error(code, stderr)
    assert error.startswith(f"{source}: is ")
    assert f"over the {metadata.MAX_SOURCE_BYTES:,}-byte limit; split it" in error
    assert snapshot(dist) == before


def test_a_folder_instead_of_a_file(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "statement.md"
    folder.mkdir()
    code, stderr = run_in_process(capsys, folder, "--out", dist)
    assert the_error(code, stderr) == (
        f"{folder}: is a folder, not a file; give the path of a Markdown statement"
    )


def test_a_missing_file(dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, stderr = run_in_process(capsys, tmp_path / "nope.md", "--out", dist)
    assert the_error(code, stderr) == (
        f"{tmp_path / 'nope.md'}: no such file; give the path of a Markdown statement"
    )


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_an_unwritable_output_folder(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # Tests run as root, so permissions stop nothing: use places no one can create a folder.
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "sub" if where == "under-a-file" else Path("/proc/hearingpress-out")
    source = tmp_path / "minimal.md"
    shutil.copy(FIXTURES / "minimal.md", source)
    code, stderr = run_in_process(capsys, source, "--out", out, "--format", "html")
    error = the_error(code, stderr)
    assert error.startswith(f"{out}: cannot write there (")
    assert error.endswith("); choose another --out folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file.txt", "minimal.md"]
