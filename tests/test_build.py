"""Incremental, parallel builds; the committed dist/ is current (reproducible: see
test_reproducible.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TESTIMONY

from hearingpress import build, cache, stylesheets
from hearingpress.metadata import read_statement

ALL = list(build.FORMATS)
DIST = ROOT / "dist"


def test_nothing_changed_is_a_no_op(tmp_path: Path) -> None:
    build.build(FIXTURES / "minimal.md", tmp_path, ["html", "xml"])
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    again = build.build(FIXTURES / "minimal.md", tmp_path, ["html", "xml"])
    assert again.written == [] and again.fresh == ["html", "xml"]
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_a_changed_or_missing_output_is_rebuilt(tmp_path: Path) -> None:
    build.build(FIXTURES / "minimal.md", tmp_path, ["html"])
    page = tmp_path / "minimal.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    assert build.build(FIXTURES / "minimal.md", tmp_path, ["html"]).written == [page]
    assert page.read_bytes() == original


def test_a_print_style_change_rebuilds_only_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(stylesheets.styles_dir(), styles)
    monkeypatch.setenv("HEARINGPRESS_STYLES", str(styles))
    out = tmp_path / "out"
    source = FIXTURES / "minimal.md"
    assert len(build.build(source, out, ALL).written) == len(ALL)
    with (styles / "print.css").open("a", encoding="utf-8") as css:
        css.write("\nh2 { letter-spacing: 0.01em; }\n")
    result = build.build(source, out, ALL)
    assert [p.name for p in result.written] == ["minimal.pdf"]
    assert sorted(result.fresh) == sorted(f for f in ALL if f != "pdf")
    assert len(build.build(source, out, ALL, force=True).written) == len(ALL)


def test_a_house_template_is_used_and_rebuilds_only_its_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The templates are files of styles/ like the CSS: pandoc reads a house style's own, and
    a change to the EPUB's rebuilds only the EPUB."""
    styles = tmp_path / "styles"
    shutil.copytree(stylesheets.styles_dir(), styles)
    monkeypatch.setenv("HEARINGPRESS_STYLES", str(styles))
    out = tmp_path / "out"
    source = FIXTURES / "minimal.md"
    formats = ["html", "epub"]
    build.build(source, out, formats)
    template = styles / "epub.xhtml"
    mark = 'name="house-style"'
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</head>", f"<meta {mark} />\n</head>"), encoding="utf-8")
    result = build.build(source, out, formats)
    assert [p.name for p in result.written] == ["minimal.epub"]
    with zipfile.ZipFile(out / "minimal.epub") as book:
        assert mark in book.read("EPUB/text/ch001.xhtml").decode("utf-8")


def test_concurrent_builds_do_not_corrupt_the_folder(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "hearingpress",
        "build",
        str(FIXTURES / "minimal.md"),
        "--out",
        str(tmp_path),
        "--format",
        "html,xml",
        "--quiet",
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["formats"].values():
        assert cache.file_digest(tmp_path / entry["file"]) == entry["sha256"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_manifest_and_sums_describe_the_outputs(built: dict[str, Path]) -> None:
    out = built["html"].parent
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == "testimony.md"
    assert set(manifest["inputs"]) == {"testimony.md", "references.json", "csl"}
    assert manifest["tools"]["pypandoc-binary"] and manifest["tools"]["weasyprint"]
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert cache.file_digest(out / name) == digest
        (entry,) = [e for e in manifest["formats"].values() if e["file"] == name]
        assert entry["sha256"] == digest


def test_committed_dist_is_current() -> None:
    """dist/ is what users download: it must match the source as committed. Rebuild it with
    `nox -s build` and commit it when this fails."""
    manifest = json.loads((DIST / "manifest.json").read_text(encoding="utf-8"))
    text, statement = read_statement(TESTIMONY)
    keys = cache.format_keys(cache.source_inputs(TESTIMONY, text, statement), ALL)
    stale = [fmt for fmt in ALL if manifest["formats"].get(fmt, {}).get("key") != keys[fmt]]
    assert stale == [], f"dist/ is stale for {stale}: run `nox -s build` and commit dist/"
    for fmt in ALL:
        assert cache.is_fresh(manifest, DIST, fmt, keys[fmt]), f"dist/{fmt} was altered"
    sums = (DIST / "SHA256SUMS").read_text(encoding="utf-8")
    assert sums == cache.sums_text(manifest)
