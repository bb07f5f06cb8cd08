"""Where stylesheets and page templates come from: our styles/ (shipped as hearingpress.styles),
or a house style folder named by HEARINGPRESS_STYLES."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def styles_dir() -> Path:
    """Our styles, or a house style folder named by HEARINGPRESS_STYLES."""
    override = os.environ.get("HEARINGPRESS_STYLES")
    return Path(override) if override else Path(str(resources.files("hearingpress.styles")))


def path(name: str) -> Path:
    """One stylesheet or template in styles_dir() (pandoc reads the templates itself)."""
    return styles_dir() / name


def style(name: str) -> str:
    """The text of one stylesheet from styles_dir()."""
    return path(name).read_text(encoding="utf-8")
