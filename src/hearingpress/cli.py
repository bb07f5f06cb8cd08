"""`hearingpress build SOURCE.md [--out DIR] [--format html,pdf,epub,xml] [--quiet]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hearingpress import __version__
from hearingpress.errors import UserError

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other user mistake
        raise UserError(f"{message}; see 'hearingpress build --help'")


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(prog="hearingpress", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hearingpress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = commands.add_parser("build", help="publish a statement in every format")
    build.add_argument("source", type=Path, help="the Markdown statement")
    build.add_argument("--out", type=Path, default=Path("dist"), help="output folder (dist)")
    build.add_argument(
        "--format",
        default=None,
        help="comma-separated formats to write (default: all)",
    )
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.add_argument(
        "--force", action="store_true", help="rebuild every format even if it is up to date"
    )
    return parser


class Progress:
    """A line per step: with timings on a terminal, plain lines otherwise, nothing when quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def __call__(self, step: str, seconds: float) -> None:
        if self.quiet:
            return
        if self.tty:
            sys.stderr.write(f"  \033[32m✓\033[0m {step:<6} {seconds:6.2f} s\n")
        else:
            sys.stderr.write(f"{step} done in {seconds:.2f} s\n")


def run(argv: list[str]) -> int:
    from hearingpress import build

    args = _arguments().parse_args(argv)
    formats = (
        [f.strip() for f in args.format.split(",") if f.strip()]
        if args.format is not None
        else list(build.FORMATS)
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


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except UserError as err:
        sys.stderr.write(f"hearingpress: error: {err}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("hearingpress: interrupted\n")
        return 130
