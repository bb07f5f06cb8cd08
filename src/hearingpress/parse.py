"""Parse once: Markdown + metadata -> one Pandoc AST, with citations resolved by citeproc."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import panflute as pf

from hearingpress import checks, includes, pandoc
from hearingpress.errors import UserError
from hearingpress.metadata import Statement, read_statement

READER = "markdown"


@dataclass
class Parsed:
    """A statement parsed: its path, its checked metadata and its AST."""

    source: Path
    statement: Statement
    doc: pf.Doc
    found: checks.Found  # its citations and images, gathered by the checking walk


def parse(source: Path, read: tuple[str, Statement] | None = None) -> Parsed:
    """Check and parse a statement; `read` is its text and checked metadata when the caller
    has read them already (`read_statement`), else they are read here. Every user mistake
    becomes a UserError.

    Pandoc runs in `--sandbox` mode; citeproc, which the sandbox does not cover, gets copies of
    the bibliography and style that includes.py checked, in a temporary folder of ours."""
    text, statement = read or read_statement(source)
    checks.check_text(text, source)
    # Source headings start at `#` for sections; the title block owns level 1, so shift by one.
    args = [
        "--sandbox",
        f"--from={READER}",
        "--to=json",
        "--shift-heading-level-by=1",
    ]
    with tempfile.TemporaryDirectory(prefix="hearingpress-") as folder:
        if statement.bibliography:
            style = includes.style_file(statement, source)
            references = Path(folder) / "bibliography.json"
            references.write_bytes(statement.bibliography_data)  # exactly what was checked
            style_copy = includes.copy_style(style, Path(folder))
            args += [  # names relative to the folder: the AST's metadata is the same every run
                "--citeproc",
                f"--bibliography={references.name}",
                f"--csl={style_copy.name}",
                "--metadata=suppress-bibliography:true",
            ]
        try:
            out, warnings = pandoc.run(args, stdin=text.encode("utf-8"), cwd=Path(folder))
        except pandoc.PandocError as err:
            raise UserError(
                f"pandoc could not read it: {_first_line(str(err))}", source, code="HP291"
            ) from None
    if warnings:
        raise _warning_error(warnings, source, text)
    checks.check_json_depth(out, source)
    doc = pandoc.json_to_doc(out)
    found = checks.check_doc(doc, text, source, statement.bibliography)
    if statement.bibliography:
        _check_references_used(found.cites, statement)
    _drop_citeproc_paths(doc)
    return Parsed(source=source, statement=statement, doc=doc, found=found)


def _drop_citeproc_paths(doc: pf.Doc) -> None:
    """Remove `bibliography` and `csl` from the AST's metadata once citeproc has used them.
    Pandoc stores the absolute paths it was given there (this checkout, this virtualenv), and
    every writer would carry them on: the PDF's /ID hashes the AST. No writer reads them."""
    for key in ("bibliography", "csl"):
        if key in doc.metadata.content:
            del doc.metadata[key]


def _warning_error(warnings: str, source: Path, text: str) -> UserError:
    """Turn pandoc's first warning into a one-line error that says what to do."""
    first = _first_line(warnings).removeprefix("[WARNING] ").strip()
    if m := re.search(r"[Cc]itation (\S+) not found", first):
        key = m.group(1)
        return UserError(
            f"unknown citation key '@{key}'; add it to the bibliography or fix the key",
            source,
            checks.line_of(f"@{key}", text),
            "HP308",
        )
    if m := re.search(r"Note with key '([^']+)' defined at line (\d+)", first):
        return UserError(
            f"note [^{m.group(1)}] is defined but never called; call it or remove it",
            source,
            int(m.group(2)),
            "HP231",
        )
    if m := re.search(r"line (\d+)", first):
        return UserError(first, source, int(m.group(1)), "HP290")
    return UserError(first, source, code="HP290")


def _check_references_used(cites: list[pf.Cite], statement: Statement) -> None:
    cited = {citation.id for cite in cites for citation in cite.citations}
    text = statement.bibliography_data.decode("utf-8")  # checked CSL JSON (includes.py)
    unused = [entry.get("id") for entry in json.loads(text) if entry.get("id") not in cited]
    if unused:
        raise UserError(
            f"reference '{unused[0]}' is never cited; cite it with [@{unused[0]}] or remove it",
            statement.bibliography,
            checks.line_of(f'"{unused[0]}"', text),
            "HP307",
        )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"
