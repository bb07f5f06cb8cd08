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


def style(name: str) -> str:
    """The text of one stylesheet or template from styles_dir()."""
    return (styles_dir() / name).read_text(encoding="utf-8")
