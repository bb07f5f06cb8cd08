"""Hostile and unusual inputs the corpus cannot hold as files, and the limits of a build.

Named pipes, devices and links to them as the source, the bibliography or the style; URLs that
a local server proves are never fetched; an oversized bibliography; the lock, the pandoc and
rendering time limits, a dying worker, and a rename that fails halfway through the outputs.
Each is refused within 5 s with one coded line, exit 2, and nothing written.
"""

from __future__ import annotations

import fcntl
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import FIXTURES
from test_bad_inputs import CASES, run_in_process, snapshot, the_error

from hearingpress import build, confine, includes, pandoc
from hearingpress.writers import html

MINIMAL = FIXTURES / "minimal.md"
REFS = CASES / "refs.json"
SECONDS = 5.0


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with a good HTML and EPUB build in it."""
    out = tmp_path_factory.mktemp("dist")
    build.build(MINIMAL, out, ["html", "epub"])
    return out


def statement(folder: Path, fields: str = "", cite: bool = False) -> Path:
    """The minimal statement in `folder`, with extra metadata fields (and a citation)."""
    text = MINIMAL.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    body += "\nAs reported.[@doe2020]\n" if cite else ""
    source = folder / "statement.md"
    source.write_text(f"{head}\n{fields}---\n{body}", encoding="utf-8")
    return source


def refused(capsys: pytest.CaptureFixture, source: Path, out: Path, *args: str) -> str:
    """The one coded line a build gives, checked to come within 5 s and to leave `out` alone."""
    before = snapshot(out)
    start = time.perf_counter()
    code, stderr = run_in_process(capsys, source, "--out", out, "--quiet", *args)
    assert time.perf_counter() - start < SECONDS
    assert snapshot(out) == before
    return the_error(code, stderr)


def field_line(source: Path, field: str) -> int:
    lines = source.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{field}:"))


# ----------------------------------------------------------------- sources that are not files


def test_dev_zero_as_the_source(dist: Path, capsys: pytest.CaptureFixture) -> None:
    assert refused(capsys, Path("/dev/zero"), dist) == (
        "/dev/zero: HP103: is a device, not a regular file; save the statement as a file and "
        "give its path"
    )


def test_a_named_pipe_as_the_source(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    fifo = tmp_path / "statement.md"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading the usual way blocks forever
    assert refused(capsys, fifo, dist) == (
        f"{fifo}: HP103: is a named pipe (FIFO), not a regular file; save the statement as a "
        "file and give its path"
    )


def test_a_link_to_dev_zero_as_the_source(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    link = tmp_path / "statement.md"
    link.symlink_to("/dev/zero")
    assert refused(capsys, link, dist).startswith(f"{link}: HP103: is a device, not a regular")


def test_a_name_with_a_newline_still_gives_one_line(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = tmp_path / "state\nment\u202e.md"
    assert refused(capsys, source, dist) == (
        f"{tmp_path}/state\\nment\\u202e.md: HP101: no such file; give the path of a Markdown "
        "statement"
    )


def test_at_most_the_limit_and_one_byte_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size `stat` reports is not trusted (files in /proc report 0, a file can grow): the
    read itself stops after the limit and one byte."""
    grown = tmp_path / "grown.md"
    grown.write_bytes(b"x" * 100)
    assert confine.read_bounded(grown, 100) == b"x" * 100
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path: os.stat_result((*real_stat(path)[:6], 0, 0, 0, 0)))
    reads: list[int] = []
    real_fdopen = os.fdopen

    def counting_fdopen(fd: int, mode: str) -> object:
        handle = real_fdopen(fd, mode)
        read = handle.read
        handle.read = lambda size: reads.append(size) or read(size)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(os, "fdopen", counting_fdopen)
    with pytest.raises(confine.Refused) as caught:
        confine.read_bounded(grown, 10)
    assert caught.value.problem == "too-big"
    assert reads == [11]


# ------------------------------------------------------- what a statement pulls in, made here


@pytest.mark.parametrize(
    ("field", "code"), [("bibliography", "HP303"), ("csl", "HP313")], ids=["bib", "csl"]
)
def test_a_named_pipe_inside_the_folder(
    field: str, code: str, dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    os.mkfifo(tmp_path / "pipe.csl")
    shutil.copy(REFS, tmp_path / "refs.json")
    extra = "bibliography: refs.json\n" if field == "csl" else ""
    source = statement(tmp_path, f"{extra}{field}: pipe.csl\n", cite=True)
    what = "a CSL JSON file" if field == "bibliography" else "a .csl file"
    assert refused(capsys, source, dist) == (
        f"{source}:{field_line(source, field)}: {code}: {field} 'pipe.csl' is a named pipe "
        f"(FIFO), not a file; give {what}"
    )


def test_a_link_inside_the_folder_to_dev_zero(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "refs.json").symlink_to("/dev/zero")
    source = statement(tmp_path, "bibliography: refs.json\n", cite=True)
    assert refused(capsys, source, dist) == (
        f"{source}:{field_line(source, 'bibliography')}: HP302: bibliography 'refs.json' is a "
        "link to a file outside the statement's folder; copy the file into that folder and "
        "give its name"
    )


def test_a_bibliography_over_the_limit(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    entry = '{"id": "x%d", "type": "book", "title": "A title long enough to add up quickly"},\n'
    big = "[\n" + "".join(entry % n for n in range(40_000)) + REFS.read_text()[1:]
    (tmp_path / "refs.json").write_text(big, encoding="utf-8")
    source = statement(tmp_path, "bibliography: refs.json\n", cite=True)
    size = len(big.encode())
    assert size > confine.MAX_FILE_BYTES
    assert refused(capsys, source, dist) == (
        f"{source}:{field_line(source, 'bibliography')}: HP306: bibliography 'refs.json' is "
        f"{size:,} bytes, over the 2,000,000-byte limit; give a CSL JSON file of at most 2 MB"
    )


def test_a_style_in_a_subfolder_is_allowed(tmp_path: Path) -> None:
    """Inside the folder means below it too; a link that stays inside is followed."""
    (tmp_path / "styles").mkdir()
    named = includes.citation_style(None, tmp_path / "statement.md", None)  # the default
    shutil.copy(named, tmp_path / "styles" / "house.csl")
    (tmp_path / "linked.csl").symlink_to("styles/house.csl")
    shutil.copy(REFS, tmp_path / "refs.json")
    for name in ("styles/house.csl", "linked.csl"):
        source = statement(tmp_path, f"bibliography: refs.json\ncsl: {name}\n", cite=True)
        result = build.build(source, tmp_path / "out", ["html"], force=True)
        assert result.written == [tmp_path / "out" / "statement.html"]


# ------------------------------------------------------------------ nothing is ever fetched


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        thread.join()


def test_remote_bibliography_and_styles_are_never_fetched(
    server: tuple[str, list[str]], dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Pandoc would fetch each of these (even with --sandbox); we refuse them first."""
    url, requests = server
    shutil.copy(REFS, tmp_path / "refs.json")
    dependent = (CASES / "dependent.csl").read_text(encoding="utf-8")
    (tmp_path / "dependent.csl").write_text(
        dependent.replace("http://127.0.0.1:8765", url), encoding="utf-8"
    )
    cases = {
        f"bibliography: {url}/refs.json\n": "HP305",
        f"bibliography: refs.json\ncsl: {url}/style.csl\n": "HP314",
        "bibliography: refs.json\ncsl: dependent.csl\n": "HP317",
        f"bibliography: refs.json\ncitation-abbreviations: {url}/abbreviations.json\n": "HP318",
    }
    for fields, code in cases.items():
        source = statement(tmp_path, fields, cite=True)
        error = refused(capsys, source, dist)
        assert error.startswith(f"{source}:") and f": {code}: " in error, error
    assert requests == []


# ------------------------------------------------------------------------ limits of a build


def test_the_lock_gives_up_after_its_wait(
    dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(build, "LOCK_WAIT_SECONDS", 0.5)
    with open(dist / build.LOCK, "a") as other_build:
        fcntl.flock(other_build, fcntl.LOCK_EX)
        error = refused(capsys, MINIMAL, dist, "--force")
    assert error == (
        f"{dist}: HP405: another build has been writing here for over 0.5 s; wait for it to "
        "finish, or build into another --out folder"
    )


def test_pandoc_has_a_time_limit(
    dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(pandoc, "TIMEOUT_SECONDS", 0.001)
    assert refused(capsys, MINIMAL, dist, "--force") == (
        "HP410: pandoc took over 0.001 s; simplify the deepest nesting in the statement"
    )


def test_rendering_has_a_time_limit(
    dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(build, "RENDER_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(html, "render", lambda publication: time.sleep(60))  # a stuck worker
    assert refused(capsys, MINIMAL, dist, "--force", "--format", "html") == (
        "HP411: rendering html took over 0.2 s; simplify the statement, or build one format at "
        "a time with --format"
    )


def test_a_worker_that_dies(
    dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(html, "render", lambda publication: os._exit(9))  # as if OOM-killed
    assert refused(capsys, MINIMAL, dist, "--force", "--format", "html") == (
        "HP412: a worker process stopped before it finished (out of memory?); free some memory, "
        "or build one format at a time with --format"
    )


@pytest.mark.parametrize("formats", ["html,epub", "pdf,html"], ids=["replaced", "new"])
def test_a_failed_rename_restores_the_previous_outputs(
    formats: str,
    dist: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    """The second rename fails: the first output, already replaced, gets its previous contents
    back; or, new (no PDF in the folder yet), is removed again."""
    source = tmp_path / "minimal.md"
    source.write_text(MINIMAL.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    replace = os.replace
    calls: list[str | Path] = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    second = dist / f"minimal.{formats.split(',')[1]}"
    assert refused(capsys, source, dist, "--format", formats) == (
        f"{dist}: HP407: could not rename {second.name} into place (No space left on device); "
        "the previous files are restored; check the disk and build again"
    )
