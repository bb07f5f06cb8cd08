"""The options `build` and `hearing` share (--out, --format, --quiet, --force) and the formats
they ask for."""

from __future__ import annotations

import argparse
from pathlib import Path

from hearingpress.formats import FORMATS


def add_output_options(parser: argparse.ArgumentParser, format_help: str, force_help: str) -> None:
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (dist)")
    parser.add_argument("--format", default=None, help=format_help)
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--force", action="store_true", help=force_help)


def formats_asked(args: argparse.Namespace) -> list[str]:
    """The formats named by --format (checked later, by the build), or all of them."""
    if args.format is None:
        return list(FORMATS)
    return [f.strip() for f in args.format.split(",") if f.strip()]
