"""`hearingpress import INPUT`: turn a Word file, PDF or PDF-to-text extraction into a draft."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from hearingpress.errors import UserError

HELP = "turn a .docx, .pdf or .txt the witness sent into a draft statement"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("import", help=HELP, description=HELP)
    parser.add_argument("input", type=Path, help="the .docx, .pdf, or .txt/.md extraction")
    parser.add_argument(
        "--out", type=Path, default=None, help="the draft to write (default: INPUT's name, .md)"
    )
    parser.add_argument("--quiet", action="store_true", help="print no report, only errors")


def run(args: argparse.Namespace) -> int:
    from hearingpress.intake.convert import convert

    out = args.out or args.input.with_suffix(".md")
    if out.resolve() == args.input.resolve():
        raise UserError(
            "the draft would overwrite the input; give another --out", out, code="HP511"
        )
    result = convert(args.input)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=out.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(result.text)
        os.replace(handle.name, out)
    except OSError as err:
        raise UserError(
            f"cannot write the draft there ({err.strerror}); choose another --out",
            out,
            code="HP511",
        ) from None
    if not args.quiet:
        gaps = sum(entry.kind == "gap" for entry in result.report)
        for entry in result.report:
            sys.stderr.write(f"{out}:{entry.line}: {entry.kind}: {entry.text}\n")
        sys.stderr.write(
            f"hearingpress: import: wrote {out}: {len(result.report) - gaps} guesses, {gaps} "
            "gaps; check each line above, then run 'hearingpress build'\n"
        )
    return 0
