"""`hearingpress COMMAND …`: dispatch to one module per command in `hearingpress.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys

from hearingpress import __version__
from hearingpress.errors import UserError

EXIT_USER_ERROR = 2
# Each command's module in `hearingpress.commands`, with add_parser() and run(); the order here
# is the order of `hearingpress --help`.
COMMANDS = {
    "build": "build",
    "import": "import_",
    "new": "new",
    "lint": "lint",
    "hearing": "hearing",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other user mistake
        raise UserError(f"{message}; see '{self.prog} --help'", code="HP401")


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(prog="hearingpress", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hearingpress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMANDS.values():
        importlib.import_module(f"hearingpress.commands.{module}").add_parser(commands)
    return parser


def run(argv: list[str]) -> int:
    args = _arguments().parse_args(argv)
    return importlib.import_module(f"hearingpress.commands.{COMMANDS[args.command]}").run(args)


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except UserError as err:
        sys.stderr.write(f"hearingpress: error: {err}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("hearingpress: interrupted\n")
        return 130
