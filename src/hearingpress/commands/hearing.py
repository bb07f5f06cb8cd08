"""`hearingpress hearing HEARING.yaml`: publish a hearing's record and each statement's files
under the House Committee Repository's names."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hearingpress.commands.options import add_output_options, formats_asked
from hearingpress.commands.progress import Progress

HELP = "publish a hearing: the record of all its statements and each statement's files"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("hearing", help=HELP, description=HELP)
    parser.add_argument("hearing", type=Path, help="the HEARING.yaml file")
    add_output_options(
        parser,
        format_help="comma-separated formats (default: all)",
        force_help="rebuild every file even if it is up to date",
    )


def run(args: argparse.Namespace) -> int:
    from hearingpress.record.build import build_hearing

    formats = formats_asked(args)
    start = time.perf_counter()
    result = build_hearing(args.hearing, args.out, formats, Progress(args.quiet), args.force)
    if not args.quiet:
        seconds = time.perf_counter() - start
        if result.written:
            written = len(result.written)
            sys.stdout.write(f"wrote {written} files in {args.out} in {seconds:.2f} s\n")
        if result.fresh:
            sys.stdout.write(f"up to date: {len(result.fresh)} files (use --force to rebuild)\n")
    return 0
