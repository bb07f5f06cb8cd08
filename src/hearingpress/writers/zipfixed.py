"""Zip files that are the same bytes for the same contents (EPUB and DOCX are both zips):
entries in a fixed order, every timestamp the publication date, unix permissions, one
compression level."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def pack(
    files: dict[str, bytes],
    date: dt.datetime,
    first: tuple[str, ...] = (),
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """`first` in that order, then the rest sorted by name; `stored` entries uncompressed."""
    stamp = max(date.astimezone(dt.UTC), ZIP_EPOCH).timetuple()[:6]
    order = [name for name in first if name in files]
    order += sorted(name for name in files if name not in order)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            keep = name in stored
            archive.writestr(
                info,
                files[name],
                compress_type=zipfile.ZIP_STORED if keep else zipfile.ZIP_DEFLATED,
                compresslevel=None if keep else 9,
            )
    return out.getvalue()
