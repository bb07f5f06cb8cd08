"""A line per finished step on stderr, for any command that takes a while."""

from __future__ import annotations

import sys


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
