"""`hearingpress hearing`: bring an output folder up to date with a hearing.

1. read HEARING.yaml and every statement's metadata (each must belong to the hearing) and
   name each statement's files in the House Committee Repository's scheme;
2. compute each file's cache key with the build's own keys (cheap: no pandoc) and, under the
   build's lock on the folder, keep every file whose key and bytes are unchanged;
3. parse the statements that need it, in parallel; render the stale files (each statement's
   formats and the record's) in parallel, with the build's workers;
4. write every file atomically, then `record.json` (each file, its witness, its document
   type, its SHA-256 and cache key) and SHA256SUMS. Nothing is written until all rendered.
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import hearingpress
from hearingpress import build, cache
from hearingpress.build import Report, Result
from hearingpress.errors import UserError
from hearingpress.formats import FORMATS, Format
from hearingpress.metadata import Statement
from hearingpress.record import naming
from hearingpress.record.hearingfile import HearingFile, read_hearing_file, read_member
from hearingpress.stylesheets import styles_dir

RECORD_JSON = "record.json"
RECORD_TYPE = "record"
# The record's formats and the styles each reads; a statement's format with no record writer
# here (docx) is written for each statement only. To add it to the record, add a writer.
RECORD_FORMATS: dict[str, Format] = {
    "pdf": Format(
        "pdf",
        "hearingpress.record.pdf",
        ("base.css", "print.css", "record.css", "record-print.css", "print.html"),
    ),
    "epub": Format(
        "epub", "hearingpress.record.epub", ("base.css", "epub.css", "record.css", "epub.xhtml")
    ),
    "html": Format(
        "html", "hearingpress.record.html", ("base.css", "screen.css", "record.css", "page.html")
    ),
    "xml": Format("xml", "hearingpress.record.uslm", uses_schema=True),
}


@dataclass(frozen=True)
class Member:
    """A statement of the hearing: its file, metadata, House name and per-format keys."""

    source: Path
    text: str  # as read once, for the keys and the parse
    statement: Statement
    stem: str
    keys: dict[str, str]


def _cost(fmt: str) -> int:
    order = build.COST_ORDER
    return order.index(fmt) if fmt in order else len(order)


def check_code(hearing_file: HearingFile) -> str:
    if hearing_file.code is None:
        raise UserError(
            "field 'code' is missing: each statement's files are named for the House Committee "
            "Repository with the committee code (HHRG-116-BA10-Wstate-RealuyoC-20200304.pdf); "
            "add e.g. 'code: BA10'",
            hearing_file.path,
            hearing_file.code_line,
            code="HP705",
        )
    return hearing_file.code


def members(hearing_file: HearingFile, formats: list[str]) -> list[Member]:
    code = check_code(hearing_file)
    found: list[Member] = []
    named: dict[str, int] = {}
    for entry in hearing_file.statements:
        text, statement = read_member(hearing_file, entry)
        stem = naming.statement_stem(hearing_file.hearing, code, statement.witness.name)
        if stem in named:
            raise UserError(
                f"statements on lines {named[stem]} and {entry.line} would both be named "
                f"{stem}; the repository names one statement per witness",
                hearing_file.path,
                entry.line,
                code="HP706",
            )
        named[stem] = entry.line
        keys = cache.format_keys(cache.source_inputs(entry.path, text, statement), formats)
        found.append(Member(entry.path, text, statement, stem, keys))
    return found


def record_keys(hearing_file: HearingFile, found: list[Member], formats: list[str]) -> dict:
    """Each record format's key: the hearing file, every statement's key for that format,
    the statements' names, the record's styles (and schema)."""
    folder = styles_dir()
    keys = {}
    for name in formats:
        fmt = RECORD_FORMATS[name]
        shaping = {
            "hearing": cache.file_digest(hearing_file.path),
            "statements": [[m.stem, m.keys.get(name, "")] for m in found],
            "styles": {s: cache.file_digest(folder / s) for s in fmt.styles},
            "formats": formats,  # the HTML index links to the others
            "format": name,
        }
        if fmt.uses_schema:
            shaping["schema"] = cache.schema_digest()
        keys[name] = cache.digest(json.dumps(shaping, sort_keys=True).encode())
    return keys


# ----------------------------------------------------------------- in the worker processes


def _prepare(index: int, member: Member) -> tuple[int, object, float]:
    from hearingpress import pipeline

    start = time.perf_counter()
    publication = pipeline.prepare(member.source, (member.text, member.statement))
    return index, publication, time.perf_counter() - start


def _render_statement(index: int, fmt: str, publication) -> tuple[tuple, bytes, float]:
    fmt, data, seconds = build.render(fmt, publication)
    return (index, fmt), data, seconds


def _render_record(fmt: str, record) -> tuple[tuple, bytes, float]:
    start = time.perf_counter()
    data = importlib.import_module(RECORD_FORMATS[fmt].module).render(record)
    return (None, fmt), data, time.perf_counter() - start


# ----------------------------------------------------------------- the build


def build_hearing(
    hearing_yaml: Path,
    out_dir: Path,
    formats: Iterable[str],
    report: Report = lambda step, seconds: None,
    force: bool = False,
) -> Result:
    """Bring `out_dir` up to date with the hearing for the formats named."""
    chosen = build.check_formats(formats)
    hearing_file = read_hearing_file(hearing_yaml)
    found = members(hearing_file, chosen)
    in_record = [f for f in chosen if f in RECORD_FORMATS]
    rkeys = record_keys(hearing_file, found, in_record)
    record_stem = hearing_yaml.stem
    wanted: dict[str, tuple[int | None, str, str]] = {}  # file -> (statement, format, key)
    for index, member in enumerate(found):
        for fmt in chosen:
            wanted[FORMATS[fmt].file_name(member.stem)] = (index, fmt, member.keys[fmt])
    for fmt in in_record:
        wanted[f"{record_stem}.{fmt}"] = (None, fmt, rkeys[fmt])
    with build.locked(out_dir):
        previous = _read_entries(out_dir)
        stale = [
            name
            for name, (_, _, key) in wanted.items()
            if force or not cache.is_fresh({"formats": previous}, out_dir, name, key)
        ]
        fresh = [name for name in wanted if name not in stale]
        if not stale:
            return Result(written=[], fresh=fresh)
        rendered = _render(hearing_file, found, [wanted[n][:2] for n in stale], in_record, report)
        outputs = {name: rendered[wanted[name][:2]] for name in stale}
        entries = _entries(hearing_file, found, previous, wanted, outputs)
        manifest = _manifest(hearing_file, entries)
        sums = cache.sums_text({"formats": {e["file"]: e for e in manifest["files"]}})
        files = {out_dir / name: data for name, data in outputs.items()}
        files[out_dir / RECORD_JSON] = cache.json_bytes(manifest)
        files[out_dir / cache.SUMS] = sums.encode()
        try:
            build.write_all(files)
        except OSError as err:
            raise build.cannot_write(out_dir, err) from None
        return Result(written=[out_dir / name for name in outputs], fresh=fresh)


def _render(
    hearing_file: HearingFile,
    found: list[Member],
    jobs: list[tuple[int | None, str]],
    in_record: list[str],
    report: Report,
) -> dict[tuple, bytes]:
    """Parse what is needed, then render every (statement, format) and (None, format) job."""
    from hearingpress.record.assemble import Record

    record_jobs = [fmt for index, fmt in jobs if index is None]
    needed = range(len(found)) if record_jobs else sorted({i for i, _ in jobs if i is not None})
    publications = {}
    for index, publication, seconds in build.run_parallel(
        [(found[i].source.name, _prepare, (i, found[i])) for i in needed]
    ):
        publications[index] = publication
        report(f"parse {found[index].source.name}", seconds)
    work: list[tuple] = []
    if record_jobs:
        record = Record(
            source=hearing_file.path,
            hearing=hearing_file.hearing,
            code=hearing_file.code,
            statements=tuple(publications[i] for i in range(len(found))),
            date=publications[0].date,
            stems=tuple(m.stem for m in found),
            formats=tuple(in_record),
        )
        work += [
            (f"record {fmt}", _render_record, (fmt, record))
            for fmt in sorted(record_jobs, key=_cost)
        ]
    statement_jobs = sorted((job for job in jobs if job[0] is not None), key=lambda j: _cost(j[1]))
    work += [
        (f"{fmt} {found[i].stem}", _render_statement, (i, fmt, publications[i]))
        for i, fmt in statement_jobs
    ]
    rendered = {}
    for (index, fmt), data, seconds in build.run_parallel(work):
        rendered[(index, fmt)] = data
        name = f"record {fmt}" if index is None else f"{fmt} {found[index].stem}"
        report(name, seconds)
    return rendered


def _read_entries(out_dir: Path) -> dict[str, dict]:
    """The files the last run recorded, by name."""
    try:
        data = json.loads((out_dir / RECORD_JSON).read_text(encoding="utf-8"))
        return {entry["file"]: entry for entry in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _entries(
    hearing_file: HearingFile,
    found: list[Member],
    previous: dict[str, dict],
    wanted: dict[str, tuple[int | None, str, str]],
    outputs: dict[str, bytes],
) -> list[dict]:
    """record.json's list: the record's files, then each statement's, in order; files of
    this hearing written by an earlier run (another --format) are kept."""
    record_stem = hearing_file.path.stem
    order: list[tuple[str, int | None, str]] = [
        (f"{record_stem}.{fmt}", None, fmt) for fmt in RECORD_FORMATS
    ]
    for index, member in enumerate(found):
        order += [(FORMATS[fmt].file_name(member.stem), index, fmt) for fmt in FORMATS]
    entries = []
    for name, index, fmt in order:
        if name in outputs:
            data = outputs[name]
            checked = {"key": wanted[name][2], "sha256": cache.digest(data), "bytes": len(data)}
        elif name in previous:
            checked = {k: previous[name][k] for k in ("key", "sha256", "bytes")}
        else:
            continue
        entry: dict[str, object] = {"file": name, "format": fmt}
        if index is None:
            entry["type"] = RECORD_TYPE
        else:
            member = found[index]
            entry["type"] = naming.STATEMENT_TYPE
            entry["witness"] = member.statement.witness.name
            entry["title"] = member.statement.full_title
            entry["source"] = member.source.name
        entries.append(entry | checked)
    return entries


def _manifest(hearing_file: HearingFile, entries: list[dict]) -> dict:
    hearing = hearing_file.hearing
    return {
        "generator": f"hearingpress {hearingpress.__version__}",
        "hearing": {
            "title": hearing.title,
            "date": hearing.date.isoformat(),
            "chamber": hearing.chamber,
            "committee": hearing.committee,
            "subcommittee": hearing.subcommittee,
            "congress": hearing.congress,
            "session": hearing.session,
            "code": hearing_file.code,
        },
        "source": hearing_file.path.name,
        "files": entries,
    }
