"""Sessions: `nox -s build` writes dist/, `nox -s tests` runs the suite, `nox -s lint` runs ruff.

Every session installs what it needs on a fresh machine: Python packages pinned by
requirements.lock (used as constraints), the npm validators from package-lock.json, and the
Debian packages (chromium, poppler-utils, a Java runtime) through apt-get when missing.
"""

from __future__ import annotations

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
    session.run("pytest", *(session.posargs or ["-q"]))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install("-c", LOCK, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
