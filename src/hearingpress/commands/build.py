"""`hearingpress build SOURCE.md`: publish one statement in every format it is asked for."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hearingpress.commands.options import add_output_options, formats_asked
from hearingpress.commands.progress import Progress
from hearingpress.formats import FORMATS

HELP = "publish a statement in every format"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help=HELP, description=HELP)
    parser.add_argument("source", type=Path, help="the Markdown statement")
    add_output_options(
        parser,
        format_help=f"comma-separated, of {', '.join(FORMATS)} (default: all)",
        force_help="rebuild every format even if it is up to date",
    )


def run(args: argparse.Namespace) -> int:
    from hearingpress import build

    formats = formats_asked(args)
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
