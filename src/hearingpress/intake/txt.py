"""Read a PDF-to-text extraction, in the conventions of the seed (source/original/).

Paragraphs are separated by blank lines; a superscript number (¹²³) after a word is a note
call; a paragraph that starts with a superscript number is that note's text, listed after the
text of the page it belongs to, so a run of notes (or a form feed) marks a page end; lines
that start with "- ", "• " or "1. " are list items. The text is Markdown already (`*title*`,
`<https://…>`, `\\$`), so it is kept as it is.
"""

from __future__ import annotations

import re

from hearingpress.intake.model import Block, Intake, call

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
NOTE_START = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(.*)$")
CALLS = re.compile(rf"(?<=\S)[{SUPERSCRIPTS}]+")
ITEM = re.compile(r"^(\s*)([-•*]|\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
URL_ONLY = re.compile(r"^<?https?://\S+>?$")


def superscript_number(digits: str) -> int:
    return int(digits.translate(str.maketrans(SUPERSCRIPTS, "0123456789")))


def _paragraphs(text: str) -> list[tuple[int, list[str], bool]]:
    """(first line number, lines, a page break before it) for each blank-line paragraph."""
    found: list[tuple[int, list[str], bool]] = []
    lines: list[str] = []
    start, page_break, pending_break = 0, False, False
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\f" in raw:
            pending_break = True
            raw = raw.replace("\f", "")
        if raw.strip():
            if not lines:
                start, page_break, pending_break = number, pending_break, False
            lines.append(raw.rstrip())
        elif lines:
            found.append((start, lines, page_break))
            lines = []
    if lines:
        found.append((start, lines, page_break))
    return found


def read(text: str) -> Intake:
    blocks: list[Block] = []
    notes: dict[int, str] = {}
    page = 1
    current_note: int | None = None  # the note whose text a URL-only paragraph continues
    for start, lines, page_break in _paragraphs(text):
        if page_break and blocks:
            page += 1
        note = NOTE_START.match(lines[0].strip())
        if note:
            current_note = superscript_number(note.group(1))
            notes[current_note] = " ".join([note.group(2), *(line.strip() for line in lines[1:])])
            continue
        if current_note is not None and all(URL_ONLY.match(line.strip()) for line in lines):
            notes[current_note] += " " + " ".join(line.strip() for line in lines)
            continue
        if current_note is not None:  # the notes listed after a page's text end that page
            page += 1
            current_note = None
        blocks += _blocks(lines, start, page)
    return Intake(blocks=blocks, notes=notes, kind="txt")


def _blocks(lines: list[str], start: int, page: int) -> list[Block]:
    """A paragraph's lines as one block, or one block per list item."""
    if not any(ITEM.match(line) for line in lines):
        text = "\n".join(line.strip() for line in lines)  # the lines matter on a cover
        return [Block(text=_calls(text), page=page, line=start)]
    out: list[Block] = []
    for offset, line in enumerate(lines):
        item = ITEM.match(line)
        if item:
            marker = "-" if item.group(2) in "-•*" else item.group(2)
            level = len(item.group(1).expandtabs(4)) // 2
            out.append(Block(_calls(item.group(3)), "item", level, marker, page, start + offset))
        elif out:
            out[-1].text += " " + _calls(line.strip())
        else:
            out.append(Block(text=_calls(line.strip()), page=page, line=start + offset))
    return out


def _calls(text: str) -> str:
    return CALLS.sub(lambda m: call(superscript_number(m.group())), text)
