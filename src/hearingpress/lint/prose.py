"""Words and sentences of a masked block, with their offsets: what every rule family reads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hearingpress.lint.document import Block, Document
from hearingpress.lint.lexicon import words

LETTER = r"[^\W\d_]"
WORD = re.compile(rf"{LETTER}(?:[\w’'.-]*\w)?(?:\.(?=\s|$|[,;:)]))?")
PLAIN_WORD = re.compile(rf"{LETTER}[\w’'-]*")
ABBREVIATIONS_WITH_PERIOD = words("abbreviations_with_period")
SENTENCE_STARTERS = words("sentence_starters")


@dataclass(frozen=True)
class Sentence:
    start: int  # offset in the file
    text: str  # masked text of the sentence


def sentences(block: Block) -> Iterator[Sentence]:
    """The sentences of a block: split after . ? ! unless the period ends an abbreviation."""
    text = block.text
    start = 0
    for m in re.finditer(r"[.?!][”’\")\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])", text):
        before = text[start : m.start() + 1].split()
        last = before[-1] if before else ""
        following = PLAIN_WORD.match(text, m.end())
        next_word = following.group() if following else ""
        if _ends_abbreviation(last) and next_word not in SENTENCE_STARTERS:
            continue
        yield Sentence(block.start + start, text[start : m.end()])
        start = m.end()
    if text[start:].strip():
        yield Sentence(block.start + start, text[start:])


def _ends_abbreviation(word: str) -> bool:
    word = word.lstrip('“"(‘')
    return (
        word in ABBREVIATIONS_WITH_PERIOD
        or re.fullmatch(r"(?:[A-Z]\.){1,3}", word) is not None  # initials: B., U.S.
    )


def prose_blocks(doc: Document, kinds: tuple[str, ...] = ("paragraph", "item", "note", "heading")):
    return [block for block in doc.blocks if block.kind in kinds]
