"""Sessions: `nox -s build` writes dist/, `nox -s tests` runs the suite, `nox -s lint` runs ruff
and vulture.

Every session installs what it needs on a fresh machine: Python packages pinned by
requirements.lock (used as constraints), the npm validators from package-lock.json, and the
Debian packages (chromium, poppler-utils, a Java runtime) through apt-get when missing.
GPO's USLM schema is fetched by the build itself (HEARINGPRESS_USLM_URL says from where).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
LOCK = "requirements.lock"
SOURCE = "source/testimony.md"
# The stand-in for GPO's server on this project's machines (no network): a mirror of the
# schema beside the clone. The tests read it through the same fetch-verify-cache path.
SCHEMA_MIRROR = ROOT.parent / "shared" / "schemas" / "uslm"
# Debian package for each command the tests run.
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "java": "default-jre-headless",
}


def install_python(session: nox.Session, extras: str = "") -> None:
    target = f".[{extras}]" if extras else "."
    session.install("-c", LOCK, "-e", target)


def install_debian(session: nox.Session) -> None:
    missing = sorted({pkg for cmd, pkg in DEBIAN_PACKAGES.items() if not shutil.which(cmd)})
    if not missing:
        return
    if os.geteuid() == 0:
        sudo = []
    elif shutil.which("sudo"):
        sudo = ["sudo", "-n"]  # CI runners: password-less sudo
    else:
        session.error(f"missing Debian packages: run 'sudo apt-get install {' '.join(missing)}'")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*sudo, "apt-get", "update", "-q", external=True, env=env)
    session.run(*sudo, "apt-get", "install", "-y", "-q", *missing, external=True, env=env)


def schema_source() -> dict[str, str]:
    """HEARINGPRESS_USLM_URL for the tests: as set, else the mirror beside the clone if there
    is one, else unset (the build downloads from GPO, at the pinned commit)."""
    if os.environ.get("HEARINGPRESS_USLM_URL") or not SCHEMA_MIRROR.is_dir():
        return {}
    return {"HEARINGPRESS_USLM_URL": SCHEMA_MIRROR.as_uri()}


def install_npm(session: nox.Session) -> None:
    stamp = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    # Validators only; nothing may download a browser: Ace drives Debian's chromium.
    env = {"PUPPETEER_SKIP_DOWNLOAD": "1"}
    session.run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", external=True, env=env)


@nox.session
def build(session: nox.Session) -> None:
    """Publish source/testimony.md into dist/ in every format."""
    install_python(session)
    session.run("hearingpress", "build", SOURCE, "--out", "dist", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole suite, with the real pandoc, WeasyPrint, browsers and validators."""
    install_debian(session)
    install_npm(session)
    install_python(session, "test")
    session.run("pytest", *(session.posargs or ["-q"]), env=schema_source())


@nox.session
def release(session: nox.Session) -> None:
    """The release bundle in release/: every artifact, SHA256SUMS, manifest.json, notes."""
    install_python(session)
    session.run("hearingpress", "build", SOURCE, "--out", "dist")
    release_dir = ROOT / "release"
    shutil.rmtree(release_dir, ignore_errors=True)
    release_dir.mkdir()
    manifest = json.loads((ROOT / "dist" / "manifest.json").read_text(encoding="utf-8"))
    names = [entry["file"] for entry in manifest["formats"].values()]
    for name in [*names, "SHA256SUMS", "manifest.json"]:
        shutil.copy2(ROOT / "dist" / name, release_dir / name)
    with session.chdir(release_dir):
        session.run("sha256sum", "--check", "--strict", "SHA256SUMS", external=True)
    rows = [
        f"| `{e['file']}` | {e['bytes']:,} | `{e['sha256']}` |"
        for e in manifest["formats"].values()
    ]
    notes = [
        f"# {manifest['source']}, published by {manifest['generator']}",
        "",
        "| file | bytes | sha256 |",
        "| --- | ---: | --- |",
        *rows,
        "",
        "Verify with `sha256sum --check SHA256SUMS`; `manifest.json` lists the input hashes",
        "and tool versions the artifacts were built from.",
    ]
    (release_dir / "NOTES.md").write_text("\n".join(notes) + "\n", encoding="utf-8")
    session.log(f"release bundle in {release_dir}")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against the bare tools; prints a table (pass --runs N --scales 1,10,50)."""
    install_python(session)
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check; vulture: no dead code (settings in pyproject.toml)."""
    session.install("-c", LOCK, "ruff", "vulture")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("vulture")
