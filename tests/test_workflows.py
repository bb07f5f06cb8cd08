"""The CI and release workflows pass actionlint and do what the README says."""

from __future__ import annotations

import validators
from conftest import ROOT

from hearingpress.uslm_schema import source

WORKFLOWS = ROOT / ".github" / "workflows"


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "release.yml"]
    assert validators.actionlint(files) == []


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m nox -s tests" in readme
    assert "python3 -m nox -s tests" in ci_script
    assert "bash .ci/run" in (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")


def test_release_publishes_the_nox_bundle_on_version_tags() -> None:
    release = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert 'tags: ["v*"]' in release
    assert "nox -s release" in release and "gh release create" in release
    assert "release/*" in release


def test_workflows_provide_the_pinned_schema_themselves() -> None:
    """Only this repository is checked out by default: each workflow also checks out GPO's
    schema at the commit the code pins, and points the build at it."""
    for name in ("ci.yml", "release.yml"):
        workflow = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "repository: usgpo/uslm" in workflow
        assert f"ref: {source.COMMIT}" in workflow
        assert "HEARINGPRESS_USLM_URL: file://${{ github.workspace }}/usgpo-uslm" in workflow
        for file in source.FILES:
            assert f"/{file}\n" in workflow, f"{name} does not check out {file}"
