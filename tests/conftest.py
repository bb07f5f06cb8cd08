"""Shared fixtures: the testimony is parsed and built once per test session, with the real tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearingpress import pipeline

ROOT = Path(__file__).resolve().parents[1]
TESTIMONY = ROOT / "source" / "testimony.md"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def publication() -> pipeline.Publication:
    """The testimony parsed and filtered (the one AST every writer gets)."""
    return pipeline.prepare(TESTIMONY)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The testimony built in every format, once: {"html": path, "pdf": path, ...}."""
    out = tmp_path_factory.mktemp("dist")
    paths = pipeline.build(TESTIMONY, out, list(pipeline.FORMATS))
    return {path.suffix.lstrip("."): path for path in paths}
