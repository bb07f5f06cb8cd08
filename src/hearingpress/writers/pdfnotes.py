"""Every footnote on its call's page, where WeasyPrint 70 would set it a page later.

When a paragraph's first lines reach the foot of a page and only `orphans - 1` of them fit,
WeasyPrint moves the page's last footnotes on to the next page to make room for one more line
(block.py, `_linebox_layout`: "first try to report footnotes"): those notes then sit a page
after their calls. `footnote-policy` does not govern that move, and WeasyPrint 70 has no
option for it. What a compositor does instead is what WeasyPrint does when no note is on the
page: the paragraph goes to the next page, and this page ends a line short.

That move is gated by one test, `not context.in_column` (in a column, notes are never moved
this way). While the PDF is laid out, `notes_stay_with_calls` answers that one read, made by
`_linebox_layout`, with True; every other read of `in_column` gets the real value. One layout
pass, where laying the page out again after each note moved took one pass per note.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from weasyprint.layout import LayoutContext, block

_LINES = block._linebox_layout.__code__  # the one reader of in_column to answer


@contextlib.contextmanager
def notes_stay_with_calls() -> Iterator[None]:
    """While laying out, a paragraph that cannot keep its first lines at the foot of a page
    goes to the next page instead of pushing the page's notes there (see the module's doc)."""

    def in_column(context: LayoutContext) -> bool:
        if sys._getframe(1).f_code is _LINES:
            return True
        return context.__dict__.get("_in_column", False)

    def set_in_column(context: LayoutContext, value: bool) -> None:
        context.__dict__["_in_column"] = value

    LayoutContext.in_column = property(in_column, set_in_column)
    try:
        yield
    finally:
        del LayoutContext.in_column
