"""The one exception a user mistake becomes: printed as a single line, exit code 2."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A mistake in the input or the command line, with where it is and how to fix it."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message, path, line)  # all three, so it survives a process pool
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
