"""Files a build reads: regular files only, read with a bound; what a statement pulls in must
also lie inside the statement's folder.

A statement comes from outside the committee, so a name in its metadata (`bibliography:`,
`csl:`) is a request, not a path to trust: it must not be a web address (nothing is fetched),
must lead (after following links) to a regular file inside the folder the statement is in, and
must not be larger than the limit. A source or an included file is checked with `stat` before it
is opened (a named pipe would block, /dev/zero would never end), opened without blocking, checked
again on the open file, and read to at most the limit plus one byte.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 2_000_000  # a long statement is ~100 kB, a bibliography as much again
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # http:, https:, file:, data: (not C:\ paths)


class Refused(Exception):
    """Why a file cannot be used; the caller turns it into a coded UserError."""

    def __init__(self, problem: str, detail: str):
        super().__init__(problem, detail)
        self.problem = problem  # one of: missing, not-regular, too-big, unreadable, outside, url
        self.detail = detail  # what to say about the file, e.g. "a named pipe (FIFO)"


class NotUtf8(ValueError):
    """Bytes that are not UTF-8: the first bad byte and its line, for the caller's message."""

    def __init__(self, byte: int, line: int):
        super().__init__(byte, line)
        self.byte = byte
        self.line = line


def decode_utf8(data: bytes, strip_bom: bool = False) -> str:
    """The text of `data`, or `NotUtf8` naming the first byte that is not UTF-8 and its line."""
    try:
        return data.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as err:
        raise NotUtf8(data[err.start], data[: err.start].count(b"\n") + 1) from None


def regular_file(path: Path) -> os.stat_result:
    """The file's stat, when it is a regular file (after following links); else `Refused`."""
    try:
        result = os.stat(path)
    except FileNotFoundError:
        raise Refused("missing", "no such file") from None
    except OSError as err:
        raise Refused("unreadable", err.strerror or str(err)) from None
    if not stat.S_ISREG(result.st_mode):
        raise Refused("not-regular", kind_of(result.st_mode))
    return result


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `Refused` for anything else."""
    before = regular_file(path)
    if before.st_size > limit:
        raise Refused("too-big", f"{before.st_size:,} bytes, over the {limit:,}-byte limit")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise Refused("unreadable", err.strerror or str(err)) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode  # the file opened, should it have changed since stat
        if not stat.S_ISREG(mode):
            raise Refused("not-regular", kind_of(mode))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused("too-big", f"over the {limit:,}-byte limit")
    return data


def inside(name: str, folder: Path) -> Path:
    """The file `name` (relative to `folder`) resolved, if it is inside `folder` and no URL."""
    if URL.match(name):
        raise Refused("url", "a web address")
    if "\0" in name:  # no file has such a name (and os calls would raise ValueError)
        raise Refused("missing", "no such file")
    given = folder / name
    resolved = given.resolve()
    home = folder.resolve()
    if not resolved.is_relative_to(home):
        via_link = Path(os.path.normpath(given.absolute())).is_relative_to(home.absolute())
        raise Refused("outside", "a link to a file outside" if via_link else "outside")
    return resolved


def read_inside(name: str, folder: Path, limit: int = MAX_FILE_BYTES) -> tuple[Path, bytes]:
    """A file the statement pulls in: its resolved path and its bytes, or `Refused`."""
    path = inside(name, folder)
    return path, read_bounded(path, limit)
