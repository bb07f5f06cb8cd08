"""The benchmark keeps working: its profile times every step of a build as the build runs
them (bench/run.py is no test and never fails on a number, so nothing else would notice)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_profile_times_each_step_of_a_build(tmp_path: Path) -> None:
    bench = _bench()
    steps = dict(bench.profile(bench.scaled_source(tmp_path, 1)))
    writers = {f"write {name}" for name in ("html", "epub", "docx", "xml", "csl", "bib", "ris")}
    assert writers <= steps.keys()
    assert "write pdf: WeasyPrint layout (one pass)" in steps
    assert all(seconds > 0 for seconds in steps.values())
