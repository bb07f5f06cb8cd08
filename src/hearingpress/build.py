"""Build: check the cache, parse once, render the stale formats in parallel, write atomically.

The flow of `hearingpress build`:
1. read the statement once (its text and checked metadata, handed to every later step) and
   compute each format's cache key (cheap: no pandoc);
2. under a lock on the output folder, skip every format whose key and file are unchanged;
3. parse and filter once (pipeline.prepare; the writers are imported meanwhile, in a thread,
   while pandoc parses), then render the stale formats concurrently in worker processes
   (WeasyPrint and the schema are CPU-bound Python: threads would queue);
4. write every file (outputs, manifest, SHA256SUMS) to a temporary name, then rename them all;
   should a rename fail, the files already replaced get their previous contents back.
Nothing is written until every format has rendered, so a failure leaves the folder as it was.

Every wait is bounded: the lock (LOCK_WAIT_SECONDS), each pandoc run (pandoc.TIMEOUT_SECONDS)
and the rendering in workers (RENDER_TIMEOUT_SECONDS); each ends in a coded one-line error.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import importlib
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from hearingpress import cache
from hearingpress.errors import UserError
from hearingpress.formats import FORMATS
from hearingpress.metadata import read_statement

if TYPE_CHECKING:
    from hearingpress.publication import Publication

LOCK = ".hearingpress.lock"
LOCK_WAIT_SECONDS = 120  # a build of the testimony takes seconds; two minutes means stuck
LOCK_POLL_SECONDS = 0.1
RENDER_TIMEOUT_SECONDS = 600  # for all formats together; the testimony needs ~10 s
# The slowest first, so two workers finish together (the XML's schema now loads in ~0.1 s).
COST_ORDER = ("pdf", "epub", "html", "docx", "xml", "csl", "bib", "ris")
Report = Callable[[str, float], None]


@dataclass(frozen=True)
class Result:
    written: list[Path]  # the files rebuilt
    fresh: list[str]  # formats that were already up to date


def check_formats(formats: Iterable[str]) -> list[str]:
    """The formats asked for, in lower case and without repeats; every unknown one named."""
    chosen = list(dict.fromkeys(fmt.strip().lower() for fmt in formats if fmt.strip()))
    if not chosen:
        raise UserError(f"no format given; choose from {', '.join(FORMATS)}", code="HP402")
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown:
        names = ", ".join(f"'{fmt}'" for fmt in unknown)
        raise UserError(
            f"unknown format{'s' if len(unknown) > 1 else ''} {names}; "
            f"choose from {', '.join(FORMATS)}",
            code="HP403",
        )
    return chosen


def render(fmt: str, publication: Publication) -> tuple[str, bytes, float]:
    """Render one format (in a worker process); return it with the seconds it took."""
    start = time.perf_counter()
    writer = getattr(importlib.import_module(FORMATS[fmt].module), FORMATS[fmt].function)
    data = writer(publication)
    return fmt, data, time.perf_counter() - start


@contextmanager
def writers_imported(formats: list[str]) -> Iterator[None]:
    """Import the writers of `formats` in a thread during the block (the parse waits on
    pandoc most of the time), so the workers forked after it start with them imported;
    WeasyPrint's import alone is about half a second. Joined before the block ends: no
    thread runs when the workers are forked. An import that fails here fails again, with
    its error, in the worker."""

    def import_writers() -> None:
        for fmt in formats:
            with suppress(Exception):
                importlib.import_module(FORMATS[fmt].module)

    loader = threading.Thread(target=import_writers, name="import writers")
    loader.start()
    try:
        yield
    finally:
        loader.join()


# One job for a worker: a label for messages ("pdf", "record epub"), a function and its args.
Job = tuple[str, Callable[..., Any], tuple]


def run_parallel(jobs: list[Job]) -> Iterator[Any]:
    """Run each job in worker processes, one per core (forked, so they inherit the imported
    modules), all within RENDER_TIMEOUT_SECONDS; yield the results as they finish.

    Always in workers, even one job: a worker can be stopped when time runs out (WeasyPrint
    cannot be interrupted in-process). A UserError in a worker is raised here."""
    workers = min(len(jobs), os.cpu_count() or 1)
    context = multiprocessing.get_context("fork")
    deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS
    pool = ProcessPoolExecutor(max_workers=max(workers, 1), mp_context=context)
    finished = False
    try:
        pending = {pool.submit(function, *args): label for label, function, args in jobs}
        while pending:
            done, _ = concurrent.futures.wait(
                pending, timeout=max(deadline - time.monotonic(), 0), return_when=FIRST_COMPLETED
            )
            if not done:
                late = ", ".join(pending.values())
                raise UserError(
                    f"rendering {late} took over {RENDER_TIMEOUT_SECONDS} s; simplify the "
                    "statement, or build one format at a time with --format",
                    code="HP411",
                )
            for future in done:
                del pending[future]
                try:
                    result = future.result()  # a worker's UserError is raised here
                except BrokenProcessPool:
                    raise UserError(
                        "a worker process stopped before it finished (out of memory?); free "
                        "some memory, or build one format at a time with --format",
                        code="HP412",
                    ) from None
                yield result
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            _kill(pool)


def render_all(publication: Publication, formats: list[str], report: Report) -> dict[str, bytes]:
    """Render each format in a worker process (see run_parallel)."""
    ordered = sorted(formats, key=COST_ORDER.index)
    rendered = {}
    for fmt, data, seconds in run_parallel([(fmt, render, (fmt, publication)) for fmt in ordered]):
        rendered[fmt] = data
        report(fmt, seconds)
    return rendered


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now, killing workers still rendering (after a timeout or an error)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:  # Python 3.14 has pool.kill_workers(); 3.11 does not
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join()


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp")


def _backup(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, all or nothing: each to a temporary name first, then rename them all.

    The previous version of each target is kept as a hard link until every rename is done; if a
    rename fails, the targets already replaced get their previous contents back (or are removed
    when they are new) and the error is raised. A reader never sees half a file."""
    written: list[Path] = []
    try:
        for target, data in files.items():
            written.append(target)
            _temporary(target).write_bytes(data)
            if target.exists():
                _keep_previous(target)
    except OSError:
        for target in written:
            _temporary(target).unlink(missing_ok=True)
            _backup(target).unlink(missing_ok=True)
        raise
    replaced: list[Path] = []
    try:
        for target in files:
            os.replace(_temporary(target), target)
            replaced.append(target)
    except OSError as err:
        failed = target
        for path in files:
            if path in replaced and _backup(path).exists():
                os.replace(_backup(path), path)
            elif path in replaced:
                path.unlink(missing_ok=True)
            _temporary(path).unlink(missing_ok=True)
            _backup(path).unlink(missing_ok=True)
        raise UserError(
            f"could not rename {failed.name} into place ({err.strerror}); the previous files "
            "are restored; check the disk and build again",
            failed.parent,
            code="HP407",
        ) from None
    for target in files:
        _backup(target).unlink(missing_ok=True)


def _keep_previous(target: Path) -> None:
    """A second name for the target's current contents, to restore them from."""
    backup = _backup(target)
    backup.unlink(missing_ok=True)
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links
        shutil.copy2(target, backup)


def cannot_write(out_dir: Path, err: OSError) -> UserError:
    return UserError(
        f"cannot write there ({err.strerror}); choose another --out folder", out_dir, code="HP404"
    )


def _lock(handle: IO[str], out_dir: Path) -> None:
    """Take the folder's lock, polling; give up after LOCK_WAIT_SECONDS."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise UserError(
                    f"another build has been writing here for over {LOCK_WAIT_SECONDS} s; wait "
                    "for it to finish, or build into another --out folder",
                    out_dir,
                    code="HP405",
                ) from None
            time.sleep(LOCK_POLL_SECONDS)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits (at most LOCK_WAIT_SECONDS),
    then finds it fresh. A failed build into a folder it created removes the folder again."""
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK, "a")  # noqa: SIM115 - held for the whole block
    except OSError as err:
        raise cannot_write(out_dir, err) from None
    with handle:
        _lock(handle, out_dir)
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
    text, statement = read_statement(source)  # once: parse and the cache keys share it
    with locked(out_dir):
        manifest = cache.read_manifest(out_dir)
        recorded = cache.recorded_images(manifest, source)
        inputs = cache.source_inputs(source, text, statement, recorded)
        keys = cache.format_keys(inputs, chosen)
        stale = [f for f in chosen if force or not cache.is_fresh(manifest, out_dir, f, keys[f])]
        fresh = [f for f in chosen if f not in stale]
        if not stale:
            return Result(written=[], fresh=fresh)
        from hearingpress import pipeline  # the heavy imports, only when there is work

        start = time.perf_counter()
        with writers_imported(stale):  # while pandoc parses, in its own process
            publication = pipeline.prepare(source, (text, statement))
        report("parse", time.perf_counter() - start)
        if publication.images != recorded:  # the keys name the images as embedded
            inputs = cache.with_images(inputs, publication.images)
            keys = cache.format_keys(inputs, chosen)
        rendered = render_all(publication, stale, report)
        outputs = {
            fmt: (out_dir / FORMATS[fmt].file_name(source.stem), rendered[fmt]) for fmt in stale
        }
        new = cache.manifest_for(source, inputs, manifest, keys, outputs)
        files = dict(outputs.values())
        files[out_dir / cache.MANIFEST] = cache.json_bytes(new)
        files[out_dir / cache.SUMS] = cache.sums_text(new).encode()
        try:
            write_all(files)
        except OSError as err:
            raise cannot_write(out_dir, err) from None
        return Result(written=[target for target, _ in outputs.values()], fresh=fresh)
