"""The one way we run pandoc: the binary pinned by pypandoc-binary, never a system pandoc."""

from __future__ import annotations

import functools
import io
import subprocess
from pathlib import Path

import panflute as pf
import pypandoc

from hearingpress.errors import UserError


class PandocError(RuntimeError):
    """Pandoc failed, or warned where we require silence."""


@functools.cache
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


# A statement parses in well under a second; minutes mean pathological input, not work.
TIMEOUT_SECONDS = 300


def run(args: list[str], stdin: bytes | None = None, cwd: Path | None = None) -> tuple[bytes, str]:
    """Run pandoc; return its stdout and its warnings (stderr)."""
    try:
        proc = subprocess.run(
            [pandoc_path(), *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            check=False,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:  # subprocess.run kills pandoc before raising this
        raise UserError(
            f"pandoc took over {TIMEOUT_SECONDS} s; simplify the deepest nesting in the statement",
            code="HP410",
        ) from None
    warnings = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise PandocError(warnings or f"pandoc exited with code {proc.returncode}")
    return proc.stdout, warnings


def doc_to_json(doc: pf.Doc) -> bytes:
    buffer = io.StringIO()
    pf.dump(doc, buffer)
    return buffer.getvalue().encode("utf-8")


def json_to_doc(data: bytes) -> pf.Doc:
    return pf.load(io.StringIO(data.decode("utf-8")))


def write(doc: pf.Doc, to: str, args: list[str] | None = None) -> bytes:
    """Render the (filtered) AST with one of pandoc's writers."""
    out, _ = run(["--from=json", f"--to={to}", *(args or [])], stdin=doc_to_json(doc))
    return out
