"""`hearingpress lint FILE`: mark what an editor would mark, each finding under its own code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hearingpress.errors import UserError

HELP = "mark errors, inconsistencies and house-style slips in a statement"
EXIT_FINDINGS = 1


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("lint", help=HELP, description=HELP)
    parser.add_argument("file", type=Path, help="the Markdown statement (or an import draft)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output (text)")
    parser.add_argument(
        "--fix", action="store_true", help="apply the mechanical fixes and record them in --errata"
    )
    parser.add_argument("--errata", type=Path, help="errata file that --fix appends its changes to")


def run(args: argparse.Namespace) -> int:
    from hearingpress.lint import fix, lint_text, report
    from hearingpress.lint.document import MetadataError

    if args.fix and args.errata is None:
        raise UserError("--fix needs --errata FILE to record each change in", code="HP604")
    if args.errata is not None and not args.fix:
        raise UserError(
            "--errata is only used with --fix; add --fix or drop --errata", code="HP604"
        )
    source = _read(args.file)
    try:
        doc, findings = lint_text(source)
    except MetadataError as err:
        message, line = err.args
        raise UserError(message, args.file, line, code="HP603") from None
    name = str(args.file)
    if args.fix:
        _check_errata(args.errata)
        fixes = fix.mechanical(findings)
        fixed, entries = fix.apply(doc, fixes)
        if entries:
            fix.record(args.errata, entries)
            args.file.write_text(fixed, encoding="utf-8")
            doc, findings = lint_text(fixed)
        sys.stderr.write(f"fixed {len(entries)}, recorded in {args.errata}\n")
    output = report.as_json if args.format == "json" else report.as_text
    sys.stdout.write(output(doc, findings, name))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else 0


def _read(path: Path) -> str:
    from hearingpress.metadata import read_source_text

    if not path.exists() or path.is_dir():
        what = "is a folder, not a file" if path.is_dir() else "no such file"
        raise UserError(f"{what}; give the path of a Markdown statement", path, code="HP601")
    try:
        return read_source_text(path)
    except UserError as err:
        raise UserError(err.message, err.path, err.line, code="HP602") from None


def _check_errata(errata: Path) -> None:
    import yaml

    if not errata.exists():
        return
    try:
        data = yaml.safe_load(errata.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        data = None
    if data is not None and not (
        isinstance(data, dict)
        and all(isinstance(data.get(k) or [], list) for k in ("body", "notes"))
    ):
        raise UserError(
            "is not an errata file (a YAML map whose 'body' and 'notes' are lists); "
            "give a new file or one written like source/errata.yaml",
            errata,
            code="HP605",
        )
