"""The one exception a user mistake becomes: printed as a single coded line, exit code 2.

Every refusal carries a stable code (README, "Error codes"): `HP1xx` the statement's metadata
and files, `HP2xx` its body, `HP3xx` what it pulls in (bibliography, styles, images),
`HP4xx` the command line, the environment and the tools, `HP5xx` import, `HP6xx` lint,
`HP7xx` the hearing record.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

HIDDEN = {"Cc", "Cf", "Zl", "Zp"}  # Unicode categories an error line shows escaped


class UserError(Exception):
    """A mistake in the input or the command line, with where it is and how to fix it."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        code: str | None = None,
    ):
        super().__init__(message, path, line, code)  # all four, so it survives a process pool
        self.message = message
        self.path = path
        self.line = line
        self.code = code

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        code = f"{self.code}: " if self.code else ""
        return printable(f"{where}{code}{self.message}")


def printable(text: str) -> str:
    """`text` with control and format characters (a newline, NUL, a bidi override) escaped, so
    an error stays one line and reads as written."""
    return "".join(
        c.encode("unicode_escape").decode() if unicodedata.category(c) in HIDDEN else c
        for c in text
    )
