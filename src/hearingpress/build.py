"""Build: check the cache, parse once, render the stale formats in parallel, write atomically.

The flow of `hearingpress build`:
1. read the metadata and compute each format's cache key (cheap: no pandoc);
2. under a lock on the output folder, skip every format whose key and file are unchanged;
3. parse and filter once (pipeline.prepare), then render the stale formats concurrently in
   worker processes (WeasyPrint and the schema are CPU-bound Python: threads would queue);
4. write each file to a temporary name and rename it, then the manifest and SHA256SUMS.
Nothing is written until every format has rendered, so a failure leaves the folder as it was.
"""

from __future__ import annotations

import fcntl
import importlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hearingpress import cache
from hearingpress.errors import UserError
from hearingpress.metadata import read_statement

if TYPE_CHECKING:
    from hearingpress.pipeline import Publication

FORMATS = cache.FORMATS
LOCK = ".hearingpress.lock"
# The slowest first, so two workers finish together (the XML's schema now loads in ~0.1 s).
COST_ORDER = ("pdf", "epub", "html", "xml")
Report = Callable[[str, float], None]


@dataclass(frozen=True)
class Result:
    written: list[Path]  # the files rebuilt
    fresh: list[str]  # formats that were already up to date


def check_formats(formats: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(formats))
    if not chosen:
        raise UserError(f"no format given; choose from {', '.join(FORMATS)}")
    for fmt in chosen:
        if fmt not in FORMATS:
            raise UserError(f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}")
    return chosen


def render(fmt: str, publication: Publication) -> tuple[str, bytes, float]:
    """Render one format (in a worker process); return it with the seconds it took."""
    start = time.perf_counter()
    data = importlib.import_module(FORMATS[fmt].module).render(publication)
    return fmt, data, time.perf_counter() - start


def render_all(publication: Publication, formats: list[str], report: Report) -> dict[str, bytes]:
    ordered = sorted(formats, key=COST_ORDER.index)
    workers = min(len(ordered), os.cpu_count() or 1)
    if workers <= 1:
        results = [render(fmt, publication) for fmt in ordered]
        for fmt, _, seconds in results:
            report(fmt, seconds)
        return {fmt: data for fmt, data, _ in results}
    rendered = {}
    context = multiprocessing.get_context("fork")  # workers inherit the imported modules
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render, fmt, publication) for fmt in ordered]
        for future in as_completed(futures):
            fmt, data, seconds = future.result()  # a UserError in a worker is raised here
            rendered[fmt] = data
            report(fmt, seconds)
    return rendered


def write_atomic(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: a reader never sees half a file."""
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits, then finds it fresh.
    A failed build into a folder it created removes the folder again."""
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK, "a")  # noqa: SIM115 - held for the whole block
    except OSError as err:
        raise UserError(
            f"cannot write there ({err.strerror}); choose another --out folder", out_dir
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        except BaseException:
            if created and [p.name for p in out_dir.iterdir()] == [LOCK]:
                (out_dir / LOCK).unlink()
                out_dir.rmdir()
            raise
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(
    source: Path,
    out_dir: Path,
    formats: Iterable[str],
    report: Report = lambda step, seconds: None,
    force: bool = False,
) -> Result:
    """Bring `out_dir` up to date with `source` for the formats named."""
    chosen = check_formats(formats)
    _, statement = read_statement(source)
    keys = cache.format_keys(source, statement, chosen)
    with locked(out_dir):
        manifest = cache.read_manifest(out_dir)
        stale = [f for f in chosen if force or not cache.is_fresh(manifest, out_dir, f, keys[f])]
        fresh = [f for f in chosen if f not in stale]
        if not stale:
            return Result(written=[], fresh=fresh)
        from hearingpress import pipeline  # the heavy imports, only when there is work

        start = time.perf_counter()
        publication = pipeline.prepare(source)
        report("parse", time.perf_counter() - start)
        rendered = render_all(publication, stale, report)
        outputs = {fmt: (out_dir / f"{source.stem}.{fmt}", rendered[fmt]) for fmt in stale}
        try:
            for target, data in outputs.values():
                write_atomic(target, data)
            new = cache.manifest_for(source, statement, manifest, keys, outputs)
            write_atomic(out_dir / cache.MANIFEST, cache.json_bytes(new))
            write_atomic(out_dir / cache.SUMS, cache.sums_text(new).encode())
        except OSError as err:
            raise UserError(
                f"cannot write there ({err.strerror}); choose another --out folder", out_dir
            ) from None
        return Result(written=[target for target, _ in outputs.values()], fresh=fresh)
