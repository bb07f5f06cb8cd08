"""Shared fixtures: the testimony is parsed and built once per test session, with the real tools."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hearingpress import build, pipeline, uslm_schema

ROOT = Path(__file__).resolve().parents[1]
TESTIMONY = ROOT / "source" / "testimony.md"
FIXTURES = ROOT / "tests" / "fixtures"
SENATE = FIXTURES / "senate-statement.md"  # the second statement: tables, quotes, nested lists


@pytest.fixture(scope="session")
def publication() -> pipeline.Publication:
    """The testimony parsed and filtered (the one AST every writer gets)."""
    return pipeline.prepare(TESTIMONY)


class _Built(dict[str, Path]):
    """Format -> built file; each format is built the first time a test asks for it."""

    def __init__(self, out: Path, source: Path = TESTIMONY):
        super().__init__()
        self.out = out
        self.source = source

    def __missing__(self, fmt: str) -> Path:
        (path,) = build.build(self.source, self.out, [fmt], force=True).written
        self[fmt] = path
        return path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The testimony built once per format: built["html"], built["pdf"], ..."""
    return _Built(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def senate_publication() -> pipeline.Publication:
    """The second statement (tests/fixtures/senate-statement.md) parsed and filtered."""
    return pipeline.prepare(SENATE)


@pytest.fixture(scope="session")
def senate_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The second statement built once per format, like `built`."""
    return _Built(tmp_path_factory.mktemp("senate"), SENATE)


@pytest.fixture(scope="session", autouse=True)
def both_schema_sets_agree() -> Iterator[list[bool]]:
    """Every XML the suite validates (the writer's own check included, the fuzzed documents
    too) gets a verdict from GPO's full MathML module and one from our stand-in: they must
    be the same (why they are: uslm_schema.MATHML_STAND_IN)."""
    validate = uslm_schema.schema_errors
    for mathml in (True, False):
        uslm_schema.load_schema(mathml)  # compiled here once, inherited by forked workers
    verdicts: list[bool] = []

    def both(tree, mathml: bool | None = None) -> list[str]:
        full, stand_in = validate(tree, mathml=True), validate(tree, mathml=False)
        if not uslm_schema.has_mathml(tree):
            assert full == stand_in, "GPO's MathML module and the stand-in disagree"
        verdicts.append(full == [])
        return validate(tree, mathml)

    patch = pytest.MonkeyPatch()
    patch.setattr(uslm_schema, "schema_errors", both)
    yield verdicts
    patch.undo()
