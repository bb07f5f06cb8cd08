"""The prose of a statement, cut into blocks whose every character keeps its offset in the file.

Pandoc's AST has no positions, so lint reads the Markdown source itself. Everything that is not
prose is masked: the YAML block, code, URLs, link targets, citation keys, note labels,
attributes and Markdown markers become spaces (URLs a placeholder character), newlines stay.
A rule then searches `Block.text` and `block.start + match.start()` is the offset in the file.
Notes (`^[…]`, `[^label]: …`, and the superscript-numbered notes of a plain-text extraction)
are blocks of their own, blanked out of the paragraph that calls them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

import yaml

URL = "\ue000"  # stands for a masked URL: not a word, not a space
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"(`+)[^`]+?\1")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:|www\.)[^>\s]*>")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\]]*[^\s<>\].,;:!?)”\"']")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK_REF = re.compile(r"\]\[[^\]\n]*\]")
_LINK_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:\s+\S.*$", re.M)
_CITATION = re.compile(r"\[(?:[^\[\]\n]*?)@[\w:.#$%&+?<>~/-]+(?:[^\[\]]*?)\]")
_BARE_CITATION = re.compile(r"(?<![\w.@])@[\w][\w:.#$%&+?<>~/-]*")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*", re.M)
_NOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*(?:[#.][\w-]|=)[^{}\n]*\}")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?=\s)", re.M)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+", re.M)
_QUOTE_MARKER = re.compile(r"^[ \t]*>[ \t]?", re.M)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]*-{3,}[ \t:|-]*$", re.M)
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<![\w\\])_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_SUPERSCRIPT = re.compile(f"[{SUPERSCRIPTS}]+")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass
class Block:
    """A paragraph, heading, list item or note: `text` is masked and as long as the span."""

    kind: str  # paragraph | heading | item | note
    start: int
    end: int
    text: str
    list_id: int | None = None  # items of one list share it
    note_number: int | None = None  # for notes: the number it gets in the output


@dataclass
class Document:
    """A statement ready for the rules: its source, metadata and prose blocks."""

    source: str
    metadata: dict
    blocks: list[Block]
    note_calls: list[tuple[int, int]] = field(default_factory=list)
    foreign: list[tuple[int, int]] = field(default_factory=list)  # spans marked lang=…
    _line_starts: list[int] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset into the source."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def is_foreign(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.foreign)

    @property
    def lang(self) -> str:
        return str(self.metadata.get("lang") or "en-US")

    @property
    def abbreviations(self) -> dict[str, str]:
        found = self.metadata.get("abbreviations")
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


class MetadataError(ValueError):
    """The YAML block is there but cannot be read: (message, line)."""


def split_front_matter(source: str) -> tuple[dict, int]:
    """The metadata and the offset where the body starts ({} and 0 when there is none)."""
    if not re.match(r"---[ \t]*\n", source):
        return {}, 0
    closing = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(source, source.index("\n") + 1)
    if closing is None:
        raise MetadataError("the YAML metadata block is not closed; end it with a '---' line", 1)
    try:
        data = yaml.safe_load(source[source.index("\n") + 1 : closing.start()])
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or "invalid YAML"
        message = f"the YAML metadata is not valid ({problem}); fix its syntax"
        raise MetadataError(message, line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MetadataError("the YAML metadata is not a map of 'key: value' lines", 2)
    return data, min(len(source), closing.end() + 1)


def read_document(source: str) -> Document:
    """Mask everything that is not prose and cut the rest into blocks."""
    metadata, body_start = split_front_matter(source)
    mask = list(source)

    def blank(start: int, end: int, fill: str = " ") -> None:
        for i in range(start, end):
            if mask[i] != "\n":
                mask[i] = fill

    def masked() -> str:
        return "".join(mask)

    blank(0, body_start)
    for pattern in (_FENCE, _COMMENT, _CODE, _IMAGE, _LINK_DEF):
        for m in pattern.finditer(masked(), body_start):
            blank(m.start(), m.end())
    for pattern in (_AUTOLINK, _BARE_URL):
        for m in pattern.finditer(masked(), body_start):
            blank(m.start(), m.end(), URL)
    for pattern in (_LINK_TARGET, _LINK_REF):
        for m in pattern.finditer(masked(), body_start):
            blank(m.start(), m.end())

    note_calls: list[tuple[int, int]] = []
    for m in _CITATION.finditer(masked(), body_start):
        blank(m.start(), m.end())
        note_calls.append((m.start(), m.end()))
    for m in _BARE_CITATION.finditer(masked(), body_start):
        blank(m.start(), m.end())
    for m in _NOTE_REF.finditer(masked(), body_start):
        blank(m.start(), m.end())
        note_calls.append((m.start(), m.end()))

    note_ranges: list[tuple[int, int]] = []  # inline ^[…] contents
    text = masked()
    i = text.find("^[", body_start)
    while i != -1:
        close = _note_end(text, i + 1)
        if close is None:
            break
        blank(i, i + 2)
        blank(close, close + 1)
        note_calls.append((i, close + 1))  # the whole ^[…]
        note_ranges.append((i + 2, close))
        i = text.find("^[", close)

    foreign: list[tuple[int, int]] = []
    text = masked()
    for m in _ATTRIBUTES.finditer(text, body_start):
        blank(m.start(), m.end())
        if text[m.start() - 1 : m.start()] == "]" and "lang=" in m.group():
            opening = _opening_bracket(text, m.start() - 1)
            if opening is not None:
                blank(opening, opening + 1)
                blank(m.start() - 1, m.start())
                if not re.search(r"lang=[\"']?en\b", m.group()):
                    foreign.append((opening + 1, m.start() - 1))
    definitions: list[tuple[str, int]] = []
    for m in _NOTE_DEF.finditer(masked(), body_start):
        blank(m.start(), m.end())
        definitions.append((m.group(1), m.end()))
    for pattern in (_HEADING, _QUOTE_MARKER, _LIST_MARKER, _TABLE_RULE, _EMPHASIS, _ESCAPE):
        for m in pattern.finditer(masked(), body_start):
            blank(m.start(), m.end())
    for m in re.finditer(r"\|", masked()):
        blank(m.start(), m.end())
    for m in _SUPERSCRIPT.finditer(masked(), body_start):
        blank(m.start(), m.end())
        line_start = source.rfind("\n", 0, m.start()) + 1
        if source[line_start : m.start()].strip():  # a call, not the number opening a note
            note_calls.append((m.start(), m.end()))

    text = masked()
    blocks = _blocks(source, text, body_start, note_ranges, [d[1] for d in definitions])
    note_calls.sort()
    _number_notes(blocks, note_calls, note_ranges, definitions, source)
    return Document(source, metadata, blocks, note_calls, foreign)


def _note_end(text: str, opening: int) -> int | None:
    """The "]" that ends the inline note opened at `opening`: its matching bracket, or, when an
    unpaired "[" inside the note (L203) leaves none in the paragraph, the last "]" before the
    paragraph or the next note ends, so that the "[" is reported and not the note's own."""
    paragraph_end = re.search(r"\n[ \t]*\n|\Z", text[opening:]).start() + opening
    close = _matching_bracket(text, opening)
    if close is not None and close < paragraph_end:
        return close
    next_note = text.find("^[", opening, paragraph_end)
    last = text.rfind("]", opening, next_note if next_note != -1 else paragraph_end)
    return last if last != -1 else None


def _matching_bracket(text: str, opening: int) -> int | None:
    depth = 0
    for j in range(opening, len(text)):
        char = text[j]
        if char == "\\":
            continue
        if char == "[" and text[j - 1 : j] != "\\":
            depth += 1
        elif char == "]" and text[j - 1 : j] != "\\":
            depth -= 1
            if depth == 0:
                return j
    return None


def _opening_bracket(text: str, closing: int) -> int | None:
    depth = 0
    for j in range(closing, -1, -1):
        if text[j] == "]":
            depth += 1
        elif text[j] == "[":
            depth -= 1
            if depth == 0:
                return j
        elif text[j] == "\n" and text[j - 1 : j] == "\n":
            return None
    return None


def _blocks(
    source: str, text: str, body_start: int, notes: list[tuple[int, int]], definitions: list[int]
) -> list[Block]:
    blocks: list[Block] = []
    list_id = 0
    previous_was_item = False
    for para in _paragraph_spans(text, body_start):
        start, end = para
        lines = _line_spans(source, start, end)
        first = source[lines[0][0] : lines[0][1]]
        if any(start <= d <= lines[0][1] for d in definitions) or (
            _superscript_label(source, start) is not None
        ):
            blocks.append(_block("note", start, end, text, notes))
            previous_was_item = False
            continue
        if re.match(r" {0,3}#{1,6}\s", first):
            blocks.append(_block("heading", start, end, text, notes))
            previous_was_item = False
            continue
        item_starts = [a for a, b in lines if _LIST_LINE.match(source, a, b)]
        if not item_starts:
            blocks.append(_block("paragraph", start, end, text, notes))
            previous_was_item = False
            continue
        if item_starts[0] != start:
            blocks.append(_block("paragraph", start, item_starts[0] - 1, text, notes))
        if not previous_was_item or item_starts[0] != start:
            list_id += 1
        bounds = [*item_starts, end + 1]
        for a, b in itertools.pairwise(bounds):
            block = _block("item", a, b - 1, text, notes)
            indent = len(source[a:b]) - len(source[a:b].lstrip(" \t"))
            block.list_id = list_id * 10 + min(indent // 2, 9)  # a nested list is a list of its own
            blocks.append(block)
        previous_was_item = True
    for a, b in notes:
        blocks.append(Block("note", a, b, text[a:b]))
    blocks.sort(key=lambda block: block.start)
    return blocks


def _block(kind: str, start: int, end: int, text: str, notes: list[tuple[int, int]]) -> Block:
    chars = list(text[start:end])
    for a, b in notes:
        if start <= a and b <= end:
            for i in range(a - start, b - start):
                if chars[i] != "\n":
                    chars[i] = " "
    return Block(kind, start, end, "".join(chars))


def _paragraph_spans(text: str, body_start: int) -> list[tuple[int, int]]:
    spans = []
    position = body_start
    for m in _BLANK_LINE.finditer(text + "\n\n", body_start):
        start, end = position, min(m.start(), len(text))
        while start < end:  # skip leading lines that are all masked
            newline = text.find("\n", start, end)
            if newline == -1 or text[start:newline].strip():
                break
            start = newline + 1
        if text[start:end].strip():
            spans.append((start, end))
        position = m.end()
    return spans


def _line_spans(source: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    while position < end:
        newline = source.find("\n", position, end)
        stop = end if newline == -1 else newline
        spans.append((position, stop))
        position = stop + 1
    return spans


def _number_notes(
    blocks: list[Block],
    calls: list[tuple[int, int]],
    inline: list[tuple[int, int]],
    definitions: list[tuple[str, int]],
    source: str,
) -> None:
    """Give each note block the number its call gets in the output (calls in order)."""
    number_at = {start: n for n, (start, _end) in enumerate(calls, start=1)}
    labels: dict[str, int] = {}
    for start, end in calls:
        label = re.fullmatch(r"\[\^([^\]]+)\]", source[start:end])
        if label:
            labels.setdefault(label.group(1), number_at[start])
    for block in blocks:
        if block.kind != "note":
            continue
        for a, _b in inline:
            if a == block.start:
                block.note_number = number_at.get(a - 2)
        for label, content_start in definitions:
            if block.start <= content_start <= source.find("\n", block.start) % len(source):
                block.note_number = labels.get(label)
        label = _superscript_label(source, block.start)
        if label is not None:
            block.note_number = label


def _superscript_label(source: str, start: int) -> int | None:
    """The number of a plain-text note, when the line at `start` opens with superscript digits."""
    digits = re.match(f"[ \t]*([{SUPERSCRIPTS}]+)", source[start : start + 12])
    if not digits:
        return None
    return int(digits.group(1).translate(str.maketrans(SUPERSCRIPTS, "0123456789")))
