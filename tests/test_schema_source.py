"""GPO's schema: fetched from a base URL, verified against pinned hashes, cached per user.

Each test has its own empty cache (XDG_CACHE_HOME) and a mirror made from the verified set
the suite already uses (HEARINGPRESS_USLM_URL in the noxfile points at the offline stand-in).
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from conftest import FIXTURES

from hearingpress import cli, uslm_schema
from hearingpress.errors import UserError
from hearingpress.uslm_schema import source

MINIMAL = FIXTURES / "minimal.md"


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good mirror of the 12 files, an empty cache, and no folder override."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    for name in source.FILES:
        shutil.copyfile(uslm_schema.schema_dir() / name, folder / name)
    monkeypatch.delenv(source.FOLDER_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(source.URL_VAR, folder.as_uri())
    return folder


def build_xml(out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(["build", str(MINIMAL), "--out", str(out), "--format", "xml", "--quiet"])
    return code, capsys.readouterr().err.splitlines()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on leaving: nothing listens there


def test_fetched_once_verified_and_reused(mirror: Path, tmp_path: Path, capsys) -> None:
    assert not source.cache_folder().exists()
    assert build_xml(tmp_path / "out", capsys) == (0, [])
    cached = source.cache_folder()
    assert sorted(p.name for p in cached.iterdir()) == sorted(source.FILES)
    assert source.is_complete(cached)
    assert not list(cached.parent.glob(".fetch-*"))
    shutil.rmtree(mirror)  # the source is gone: the cache serves, and a no-op needs nothing
    assert source.schema_dir() == cached
    shutil.rmtree(cached)
    assert build_xml(tmp_path / "out", capsys) == (0, [])  # up to date: no schema wanted
    assert not cached.exists()


def test_a_damaged_cache_is_fetched_again(mirror: Path) -> None:
    cached = source.schema_dir()
    (cached / "dc.xsd").write_text("<oops/>", encoding="utf-8")
    assert source.schema_dir() == cached
    assert source.is_complete(cached)


def test_a_tampered_file_is_one_line_and_nothing_is_cached(
    mirror: Path, tmp_path: Path, capsys
) -> None:
    with (mirror / "uslm-components-2.1.0.xsd").open("a", encoding="utf-8") as schema:
        schema.write("<!-- changed -->\n")
    out = tmp_path / "out"
    code, err = build_xml(out, capsys)
    assert code == 2 and len(err) == 1
    assert err[0].startswith(
        f"hearingpress: error: {(mirror / 'uslm-components-2.1.0.xsd').as_uri()}: HP421: "
    )
    assert "uslm-components-2.1.0.xsd at commit 1003389921; nothing was cached" in err[0]
    assert not out.exists()
    assert not source.cache_folder().exists()
    assert list(source.cache_folder().parent.iterdir()) == []


@pytest.mark.parametrize("where", ["missing folder", "closed port"])
def test_an_unreachable_source_is_one_line(
    where: str, mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    url = (
        (tmp_path / "nowhere").as_uri()
        if where == "missing folder"
        else f"http://127.0.0.1:{closed_port()}/uslm/"
    )
    monkeypatch.setenv(source.URL_VAR, url)
    out = tmp_path / "out"
    code, err = build_xml(out, capsys)
    assert code == 2 and len(err) == 1, err
    line = err[0]
    assert line.startswith(f"hearingpress: error: {url.rstrip('/')}/uslm-2.1.0.xsd: HP420: ")
    assert "cannot download GPO's USLM 2.1.0 schema" in line
    assert f"set {source.URL_VAR} to a mirror" in line
    assert line.endswith("--format html,pdf,epub needs no schema")
    assert not out.exists()
    assert not source.cache_folder().exists()


def test_a_url_of_another_kind_is_refused(mirror: Path, monkeypatch) -> None:
    monkeypatch.setenv(source.URL_VAR, str(mirror))
    with pytest.raises(UserError, match=r"HP423: HEARINGPRESS_USLM_URL is '/.*'; give an https"):
        source.schema_dir()


def test_the_default_source_is_gpo_at_the_pinned_commit(monkeypatch) -> None:
    monkeypatch.delenv(source.URL_VAR, raising=False)
    assert source.base_url() == (
        "https://raw.githubusercontent.com/usgpo/uslm/100338992150c276aae5544d01d9b821a27eb383/"
    )
    assert len(source.FILES) == 12 and source.ENTRY in source.FILES
