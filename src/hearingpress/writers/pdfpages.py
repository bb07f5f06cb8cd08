"""The PDF's page references made once per write, where WeasyPrint asks pydyf for them anew
for every tagged element and link (a tuple of every page each time: quadratic in pages)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pydyf


@contextlib.contextmanager
def page_references_once() -> Iterator[None]:
    """While the PDF is written, `pdf.page_references` is made once per page count."""
    made = pydyf.PDF.page_references
    cache: dict[int, tuple[tuple[bytes, ...], int]] = {}

    def once(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = cache.get(id(pdf))
        if cached is None or cached[1] != count:
            cached = cache[id(pdf)] = (made.fget(pdf), count)
        return cached[0]

    pydyf.PDF.page_references = property(once)
    try:
        yield
    finally:
        pydyf.PDF.page_references = made
