"""`hearingpress build SOURCE.md`: publish one statement in every format it is asked for."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hearingpress.commands.progress import Progress
from hearingpress.formats import FORMATS

HELP = "publish a statement in every format"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help=HELP, description=HELP)
    parser.add_argument("source", type=Path, help="the Markdown statement")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (dist)")
    parser.add_argument(
        "--format", default=None, help=f"comma-separated, of {', '.join(FORMATS)} (default: all)"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--force", action="store_true", help="rebuild every format even if it is up to date"
    )


def run(args: argparse.Namespace) -> int:
    from hearingpress import build

    formats = (
        [f.strip() for f in args.format.split(",") if f.strip()]
        if args.format is not None
        else list(FORMATS)
    )
    start = time.perf_counter()
    result = build.build(args.source, args.out, formats, Progress(args.quiet), force=args.force)
    if not args.quiet:
        seconds = time.perf_counter() - start
        if result.written:
            names = ", ".join(str(path) for path in result.written)
            sys.stdout.write(f"wrote {names} in {seconds:.2f} s\n")
        if result.fresh:
            sys.stdout.write(f"up to date: {', '.join(result.fresh)} (use --force to rebuild)\n")
    return 0
