"""Byte-identical on every machine: two clones of the tracked tree at two different paths, each
with its own empty per-user cache, built in separate processes; one with the development
install, the other with `pip install .` in a fresh virtualenv, run from another folder.
Both must give the same bytes in every format, and the bytes committed in dist/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

from hearingpress import build

FORMATS = list(build.FORMATS)
ARTIFACTS = [build.FORMATS[fmt].file_name("testimony") for fmt in FORMATS]


def copy_tracked_tree(target: Path) -> Path:
    """What a clone holds: the files git tracks, as they are in the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is not in a clone
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def machine_env(cache: Path) -> dict[str, str]:
    """This environment (HEARINGPRESS_USLM_URL, SOURCE_DATE_EPOCH…) with an empty cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, out.decode(errors="replace")


@pytest.fixture(scope="module")
def two_machines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """dist/ of clone A (development install) and of clone B (pip-installed), built apart."""
    base = tmp_path_factory.mktemp("machines")
    clone_a = copy_tracked_tree(base / "alice" / "hearing-press")
    clone_b = copy_tracked_tree(base / "bob" / "work dir" / "a-longer-name" / "hp")
    # Machine A: this interpreter, in its clone.
    first = run(
        [sys.executable, "-m", "hearingpress", "build", "source/testimony.md", "--out", "dist"],
        clone_a,
        machine_env(base / "cache-a"),
    )
    # Machine B: `pip install .` into a fresh virtualenv, run from a folder outside the clone.
    env_b = machine_env(base / "cache-b")
    prefix = base / "bob" / "venv"
    venv.create(prefix, with_pip=True)
    pip = [str(prefix / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    finish(run([*pip, "-c", "requirements.lock", "."], clone_b, env_b))
    elsewhere = base / "bob" / "elsewhere"
    elsewhere.mkdir()
    command = [str(prefix / "bin" / "hearingpress"), "build", str(clone_b / "source/testimony.md")]
    second = run([*command, "--out", str(clone_b / "dist")], elsewhere, env_b)
    finish(first)
    finish(second)
    shutil.rmtree(prefix)  # ~370 MB that pytest would otherwise keep for three runs
    return clone_a / "dist", clone_b / "dist"


def test_two_clones_two_caches_two_installs_give_the_same_bytes(
    two_machines: tuple[Path, Path],
) -> None:
    dist_a, dist_b = two_machines
    for name in [*ARTIFACTS, "manifest.json", "SHA256SUMS"]:
        assert (dist_a / name).read_bytes() == (dist_b / name).read_bytes(), f"{name} differs"


def test_the_committed_dist_is_what_a_clone_builds(two_machines: tuple[Path, Path]) -> None:
    """Fails until dist/ is rebuilt and committed after a change to the source or the code."""
    dist_a, _ = two_machines
    for name in ARTIFACTS:
        built = (dist_a / name).read_bytes()
        assert built == (ROOT / "dist" / name).read_bytes(), f"dist/{name} is not reproducible"
