"""Every footnote on its call's page, where WeasyPrint 70 would set it a page later.

To keep a paragraph's first lines together at the foot of a page (orphans), WeasyPrint moves
the page's last footnotes on to the next page rather than the paragraph: its notes then sit a
page after their calls (`footnote-policy` is not asked). We lay the page out, look for notes
set off their call's page, and give the paragraph that runs from the call's page on to the
next a page break before it (before the heading that opens it, if one does); then lay out
again, once for each note moved, a few times at most. The page that loses the paragraph's
first lines ends a line or two short: a compositor's choice too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import weasyprint
from weasyprint.formatting_structure import boxes

NOTE = re.compile(r"(?P<prefix>.*?)note-(?P<number>\d+)")
MOVABLE = frozenset({"p", "li", "blockquote", "pre", "table", "figure"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
MAX_PASSES = 4  # notes moved at most; each pass lays the page out again
BREAK = "break-before: page"


def keep_notes_with_calls(render: Callable[[], weasyprint.Document]) -> weasyprint.Document:
    """The page laid out by `render`, and again until every note is on its call's page or
    nothing more can be moved."""
    document = render()
    for _ in range(MAX_PASSES):
        # The first note off its page only: a break moves every page after it.
        off = pages_with_notes_off(document)
        block = _straddler(document, off[0]) if off else None
        if block is None:
            break
        style = block.get("style")
        block.set("style", f"{style}; {BREAK}" if style else BREAK)
        document = render()
    return document


def pages_with_notes_off(document: weasyprint.Document) -> list[tuple[int, str]]:
    """(page index of the call, call id) for each note set on another page than its call."""
    page_of = {name: index for index, page in enumerate(document.pages) for name in page.anchors}
    off = []
    for name, page in page_of.items():
        match = NOTE.fullmatch(name)
        if not match:
            continue
        call = f"{match['prefix']}noteref-{match['number']}"
        if call in page_of and page_of[call] != page:
            off.append((page_of[call], call))
    return sorted(off)


def _blocks(box: boxes.Box, before: tuple = ()) -> Iterator[tuple[boxes.Box, tuple]]:
    """Each movable block box under `box`, in order, with the elements of the block boxes
    before it in its parent (nearest last)."""
    if isinstance(box, boxes.BlockBox) and box.element_tag in MOVABLE:
        yield box, before
    if isinstance(box, boxes.ParentBox):
        siblings: tuple = ()
        for child in box.children:
            yield from _blocks(child, siblings)
            if isinstance(child, boxes.BlockBox) and child.element is not None:
                siblings += (child,)


def _straddler(document: weasyprint.Document, off: tuple[int, str]):
    """The last block that starts on the call's page and runs on to the next (with the
    headings right before it), unless it is the block that holds the call (then nothing can
    be moved)."""
    index, call = off
    if index + 1 >= len(document.pages):
        return None
    following = {id(box.element) for box, _ in _blocks(document.pages[index + 1]._page_box)}
    straddling = [
        (box, before)
        for box, before in _blocks(document.pages[index]._page_box)
        if id(box.element) in following
    ]
    if not straddling:
        return None
    box, before = straddling[-1]
    if any(element.get("id") == call for element in box.element.iter()):
        return None
    block = box.element
    for previous in reversed(before):  # a heading goes with the text it opens
        if previous.element_tag not in HEADINGS:
            break
        block = previous.element
    return block
