"""The per-user cache (XDG_CACHE_HOME on Linux): cut fonts and the fetched schema live there."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def user_cache(kind: str) -> Path:
    """Our folder of `kind` in the per-user cache; not created."""
    return platformdirs.user_cache_path("hearingpress") / kind
