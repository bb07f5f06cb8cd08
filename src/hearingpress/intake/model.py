"""What every reader hands the normaliser: blocks of Markdown text in reading order, and notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A note call inside a block's text, while the blocks are being normalised: private-use
# characters, so no Markdown escaping or joining rule can touch it. The draft writes [^n].
CALL = re.compile("\ue000(\\d+)\ue001")


def call(number: int) -> str:
    return f"\ue000{number}\ue001"


@dataclass
class Block:
    """One paragraph, heading, list item, table or quote, as inline Markdown."""

    text: str
    kind: str = "para"  # para | heading | item | table | quote
    level: int = 0  # heading level (0: not yet known), list or quote nesting (0 = outermost)
    marker: str = ""  # a list item's marker as printed: "1.", "a.", "-"
    page: int = 1
    line: int | None = None  # where it starts in the input, when the input has lines
    cover: bool = False  # part of the cover (title page), not the statement's body
    guesses: list[str] = field(default_factory=list)  # for the report, at this block's line


@dataclass
class Intake:
    """A document as one reader saw it."""

    blocks: list[Block]
    notes: dict[int, str]  # note number -> its Markdown text (paragraphs separated by \n\n)
    kind: str  # "txt", "pdf" or "docx"
    urls: set[str] = field(default_factory=set)  # link targets the input declares (PDF links)
