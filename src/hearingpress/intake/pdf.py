"""Read a PDF with pdfplumber (pdfminer.six): no model, only what the page says.

Font size, position and baseline tell the parts apart: the body's size is the one most text
is set in; a run of digits smaller than its line and raised above the baseline is a note call;
lines smaller than the body at the foot of a page are its footnotes (a number at their left
edge starts a note); larger or bold short lines are headings (bigger: higher level); a line
standing alone at the top or foot of a page is furniture for the normaliser to judge; a line
that starts with a bullet, "1." or "a." is a list item, an indented block without one a
quote; tables, ruled or drawn with one rule under the header (the rule's pieces are the
columns), become pipe tables with their caption. Link annotations give the URLs, so a URL
broken over lines is rejoined. Italic and bold fonts become emphasis.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hearingpress.errors import UserError
from hearingpress.intake.model import Block, Intake, call
from hearingpress.intake.normalise import BACKLINK, FOLIO, TRAILING, join, vocabulary

MARKER = re.compile(r"^(?:[•◦▪‣·–-]|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,4}[.)])$")
CALL_TEXT = re.compile(r"^\d{1,3}(?:,\d{1,3})*$")
SPECIAL = re.compile(r"([\\`*_\[\]<>$^~|])")
URL_START = re.compile(r"^[(<\[“\"]?(?:https?://|www\.)")
CAPTION = re.compile(r"^(?:Table|Exhibit)\s+\d+[.:]?\s")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    italic: bool
    bold: bool
    is_call: bool = False


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words if not w.is_call)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words if not w.is_call)

    @property
    def size(self) -> float:
        sizes = Counter()
        for word in self.words:
            if not word.is_call:
                sizes[round(word.size, 1)] += len(word.text)
        return sizes.most_common(1)[0][0] if sizes else self.words[0].size

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if not w.is_call)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if not w.is_call)


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        raise UserError(
            "is not a PDF (it does not start with %PDF); give the PDF itself", path, code="HP507"
        )
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018  (reads the page tree: a broken file fails here)
        return pdf
    except Exception as err:  # pdfminer raises many kinds for a damaged or locked file
        causes = [err, err.__cause__, err.__context__, *getattr(err, "args", ())]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise UserError(
                "is encrypted (it needs a password); ask the witness for an unprotected PDF or "
                "the Word file",
                path,
                code="HP508",
            ) from None
        kind = (
            "damaged" if isinstance(err, PDFSyntaxError) else f"unreadable ({type(err).__name__})"
        )
        raise UserError(
            f"is a {kind} PDF; ask for the file again or export it anew", path, code="HP507"
        ) from None


def read(path: Path) -> Intake:
    pdf = _open(path)
    with pdf:
        try:
            pages = [_page_lines(page) for page in pdf.pages]
            urls = {str(h["uri"]) for page in pdf.pages for h in page.hyperlinks if h.get("uri")}
            tables = [_tables(page) for page in pdf.pages]  # (ruled tables, column rules)
        except Exception as err:
            if "password" in str(err).lower() or "encrypt" in type(err).__name__.lower():
                raise UserError(
                    "is encrypted; ask for an unprotected PDF", path, code="HP508"
                ) from None
            raise UserError(
                f"is a damaged PDF ({type(err).__name__}); export it anew", path, code="HP507"
            ) from None
    if not any(line for page in pages for line in page):
        raise UserError(
            "has no text, only images (a scan); ask the witness for the Word file or a PDF "
            "exported from it (import does no OCR)",
            path,
            code="HP509",
        )
    return _Layout(pages, tables, urls).intake()


def _page_lines(page) -> list[Line]:
    words = page.extract_words(
        extra_attrs=["fontname", "size"],
        x_tolerance=1.5,
        keep_blank_chars=False,
        use_text_flow=False,
    )
    found = []
    for w in words:
        font = w["fontname"].split("+")[-1].lower()
        found.append(
            Word(
                w["text"],
                w["x0"],
                w["x1"],
                w["top"],
                w["bottom"],
                w["size"],
                "italic" in font or "oblique" in font,
                "bold" in font or "semibold" in font or "black" in font,
            )
        )
    found.sort(key=lambda w: (w.top, w.x0))
    lines: list[Line] = []
    for word in found:
        host = next((ln for ln in reversed(lines[-3:]) if _same_line(ln, word)), None)
        if host is None:
            lines.append(Line([word]))
        else:
            host.words.append(word)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        _mark_calls(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


def _same_line(line: Line, word: Word) -> bool:
    top = min(w.top for w in line.words)
    bottom = max(w.bottom for w in line.words)
    overlap = min(bottom, word.bottom) - max(top, word.top)
    return overlap > 0.3 * min(bottom - top, word.bottom - word.top)


def _mark_calls(line: Line) -> None:
    """A run of digits smaller than the line's text and raised above its baseline is a call."""
    sizes = Counter(round(w.size, 1) for w in line.words for _ in w.text)
    main = sizes.most_common(1)[0][0]
    base = statistics.median(w.bottom for w in line.words if round(w.size, 1) == main)
    for index, word in enumerate(line.words):
        raised = word.bottom < base - 0.15 * main
        if CALL_TEXT.match(word.text) and word.size < 0.85 * main and raised and index > 0:
            word.is_call = True


Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Table = tuple[Box, list[list[Box | None]]]  # the table's box, each row's cell boxes


def _tables(page) -> tuple[list[Table], list[list[float]]]:
    """Ruled tables (at least two rows and two columns), and the column edges of every
    horizontal rule drawn in abutting pieces, one per column (a rule under a header row)."""
    found = []
    for table in page.find_tables():
        rows = [list(row.cells) for row in table.rows]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((table.bbox, rows))
    pieces: dict[float, list[tuple[float, float]]] = {}
    for rule in [*page.lines, *page.rects]:  # a rule is a line, or a rectangle a hair high
        if abs(rule["top"] - rule["bottom"]) < 1.5 and rule["x1"] - rule["x0"] > 5:
            span = (round(rule["x0"], 1), round(rule["x1"], 1))
            pieces.setdefault(round(rule["top"]), []).append(span)
    rules = []
    for top, found_spans in pieces.items():
        spans = sorted(set(found_spans))
        abutting = all(abs(a[1] - b[0]) < 2 for a, b in itertools.pairwise(spans))
        if len(spans) >= 2 and abutting:
            rules.append([top, spans[0][0], *(end for _, end in spans)])
    return found, rules


class _Layout:
    """The pages' lines sorted into body, notes and furniture, then into blocks."""

    def __init__(self, pages: list[list[Line]], tables, urls: set[str]):
        self.pages, self.tables, self.urls = pages, tables, urls
        lines = [ln for page in pages for ln in page]
        sizes = Counter(round(w.size, 1) for ln in lines for w in ln.words for _ in w.text)
        self.body_size = sizes.most_common(1)[0][0]
        lefts = Counter(round(ln.x0) for ln in lines if round(ln.size, 1) == self.body_size)
        self.left = lefts.most_common(1)[0][0]
        self.right = max((ln.x1 for ln in lines if round(ln.size, 1) == self.body_size), default=0)
        spacing = [
            b.top - a.top
            for p in pages
            for a, b in itertools.pairwise(p)
            if round(a.size, 1) == round(b.size, 1) == self.body_size and b.top > a.top
        ]
        self.leading = statistics.median(spacing) if spacing else self.body_size * 1.4
        self.heading_sizes = sorted(
            {round(ln.size, 1) for p in pages for ln in p if ln.size > self.body_size * 1.05},
            reverse=True,
        )
        self._last_item_x: float | None = None
        self._list_stack: list[float] = []
        self.vocabulary = vocabulary([ln.text for ln in lines])  # to judge a line-end hyphen
        self.notes: dict[int, list[str]] = {}
        self.last_note: int | None = None

    def intake(self) -> Intake:
        blocks: list[Block] = []
        for number, page_lines in enumerate(self.pages, start=1):
            head, lines, foot = self._furniture(page_lines)
            ruled, rules = self.tables[number - 1]
            body, notes = self._split_notes(lines)
            self._read_notes(notes)
            tables = ruled + self._header_rule_tables(body, rules)
            blocks += [Block(line.text, page=number) for line in head]
            blocks += self._blocks(body, tables, number)
            blocks += [Block(line.text, page=number) for line in foot]
        notes = {n: "\n\n".join(paragraphs) for n, paragraphs in self.notes.items()}
        return Intake(blocks=blocks, notes=notes, kind="pdf", urls=self.urls)

    # ------------------------------------------------------------------ furniture, notes

    def _furniture(self, lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
        """A line alone at the very top or foot of the page, not set larger than the text
        (a running head, a folio): apart, for the normaliser to judge. (head, rest, foot)"""
        gap = 1.5 * self.leading - self.body_size
        small = self.body_size + 0.3
        head: list[Line] = []
        foot: list[Line] = []
        rest = list(lines)
        if len(rest) >= 2 and rest[0].size <= small and rest[1].top - rest[0].bottom > gap:
            head.append(rest.pop(0))
        if (
            len(rest) >= 2
            and rest[-1].size <= small
            and (rest[-1].top - rest[-2].bottom > gap or FOLIO.match(rest[-1].text))
        ):
            foot.append(rest.pop())
        return head, rest, foot

    def _split_notes(self, lines: list[Line]) -> tuple[list[Line], list[Line]]:
        """Footnotes: the lines at the foot, smaller than the body, below all body text."""
        cut = len(lines)
        while cut > 0 and lines[cut - 1].size < 0.92 * self.body_size:
            cut -= 1
        notes = lines[cut:]
        while notes and not self._starts_note(notes[0]) and self.last_note is None:
            notes = notes[1:]
            cut += 1
        close = notes and cut > 0 and notes[0].top - lines[cut - 1].bottom < self.leading
        if close and not self._starts_note(notes[0]):
            return lines, []  # a table or caption in small type at the page's end
        return lines[:cut], notes

    def _starts_note(self, line: Line) -> bool:
        first = line.words[0].text.rstrip(".")
        return first.isdigit() and len(line.words) > 1

    def _read_notes(self, lines: list[Line]) -> None:
        if not lines:
            return
        left = min(ln.x0 for ln in lines)
        previous: Line | None = None
        for line in lines:
            starts = self._starts_note(line) and line.x0 <= left + 2
            if starts:
                number = int(line.words[0].text.rstrip("."))
                self.last_note = number
                self.notes[number] = [self._text([line.words[1:]])]
            elif self.last_note is not None:
                paragraphs = self.notes[self.last_note]
                new_paragraph = (
                    previous is not None and line.top - previous.bottom > 0.9 * line.size
                )
                if new_paragraph:
                    paragraphs.append(self._text([line.words]))
                else:
                    paragraphs[-1] = self._glue(paragraphs[-1], self._text([line.words]))
            previous = line
        for paragraphs in self.notes.values():
            paragraphs[-1] = BACKLINK.sub("", paragraphs[-1])

    # ------------------------------------------------------------------ body

    def _header_rule_tables(self, lines: list[Line], rules: list[list[float]]) -> list[Table]:
        """A table drawn with one rule under its header: the line above the rule is the
        header, the lines below in the same type (no wider gap than a row's) are the rows;
        the rule's pieces give the columns."""
        found: list[Table] = []
        for top, *edges in rules:
            above = [ln for ln in lines if ln.bottom <= top + 1]
            if not above or top - above[-1].bottom > self.leading:
                continue
            rows = [above[-1]]
            for line in (ln for ln in lines if ln.top > top):
                gap = line.top - rows[-1].bottom
                if round(line.size, 1) != round(rows[0].size, 1) or gap > 0.9 * self.leading:
                    break
                rows.append(line)
            if len(rows) < 2:
                continue
            cells = [
                [(x0, row.top - 1, x1, row.bottom + 1) for x0, x1 in itertools.pairwise(edges)]
                for row in rows
            ]
            found.append(((edges[0], rows[0].top - 1, edges[-1], rows[-1].bottom + 1), cells))
        return found

    def _blocks(self, lines: list[Line], tables, page: int) -> list[Block]:
        out: list[Block] = []
        group: list[Line] = []
        placed: set[int] = set()

        def flush() -> None:
            if group:
                out.append(self._block(group, page))
                group.clear()

        for line in lines:
            inside = next(
                (
                    i
                    for i, (box, _) in enumerate(tables)
                    if box[1] - 1 <= (line.top + line.bottom) / 2 <= box[3] + 1
                ),
                None,
            )
            if inside is not None:
                if inside not in placed:
                    flush()
                    placed.add(inside)
                    table = self._table(tables[inside][1], lines, page)
                    if out and out[-1].kind == "para" and CAPTION.match(out[-1].text):
                        table.text += "\n\n: " + out.pop().text  # the caption printed above
                    out.append(table)
                continue
            if group and self._breaks(group[-1], line):
                flush()
            group.append(line)
        flush()
        return out

    def _breaks(self, before: Line, line: Line) -> bool:
        """A new block starts here: a gap, a change of size or weight, a list marker, a
        centred line, or a short last line before."""
        if line.top - before.bottom > 0.75 * self.body_size:
            return True
        if abs(line.size - before.size) > 0.3 or line.bold != before.bold:
            return True
        if MARKER.match(line.words[0].text) and len(line.words) > 1:
            return True
        if self._centred(line) or self._centred(before):
            return True
        next_word = line.words[0].x1 - line.words[0].x0 + 0.35 * line.size
        if line.x0 > before.x0 + 8 and before.x1 + next_word < self.right - 2:
            return True  # indented after a line with room to spare: a nested item or a quote
        return line.x0 < before.x0 - 8  # back out to the margin: a new paragraph

    def _centred(self, line: Line) -> bool:
        middle = (self.left + self.right) / 2
        return line.x0 > self.left + 30 and abs((line.x0 + line.x1) / 2 - middle) < 12

    def _block(self, lines: list[Line], page: int) -> Block:
        first = lines[0]
        size = round(first.size, 1)
        if size in self.heading_sizes or (
            first.bold and len(lines) <= 2 and len(" ".join(ln.text for ln in lines).split()) <= 14
        ):
            level = (
                self.heading_sizes.index(size) + 1
                if size in self.heading_sizes
                else len(self.heading_sizes) + 1
            )
            text = self._text([ln.words for ln in lines], emphasis=False)
            if self._centred(first):  # a cover line, not a heading of the body
                return Block(text, page=page)
            return Block(text, "heading", level, page=page)
        words = [ln.words for ln in lines]
        marker = first.words[0].text
        if MARKER.match(marker) and len(first.words) > 1:
            self._last_item_x = first.x0
            words[0] = words[0][1:]
            level = self._list_level(first.x0)
            return Block(
                self._text(words),
                "item",
                level,
                "-" if not marker[0].isalnum() else marker,
                page=page,
            )
        if first.x0 > self.left + 8 and not self._centred(first):
            if self._after_item(first.x0):  # an item whose bullet is drawn, not written
                level = self._list_level(first.x0)
                return Block(self._text(words), "item", level, "-", page=page)
            return Block(self._text(words), "quote", page=page)
        self._last_item_x = None
        self._list_stack = []
        return Block(self._text(words), page=page)

    def _list_level(self, x0: float) -> int:
        """Nesting from where the item starts, against the items of the list so far."""
        stack = self._list_stack
        while stack and x0 < stack[-1] - 4:
            stack.pop()
        if not stack or x0 > stack[-1] + 4:
            stack.append(x0)
        return len(stack) - 1

    def _after_item(self, x0: float) -> bool:
        return self._last_item_x is not None and x0 > self._last_item_x + 8

    def _table(self, rows: list[list], lines: list[Line], page: int) -> Block:
        cells_text = []
        for index, row in enumerate(rows):
            texts = []
            for cell in row:
                if cell is None:
                    texts.append("")
                    continue
                x0, top, x1, bottom = cell
                inside = [
                    [
                        w
                        for w in ln.words
                        if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1
                        and top - 1 <= (w.top + w.bottom) / 2 <= bottom + 1
                    ]
                    for ln in lines
                ]
                text = self._text([ws for ws in inside if ws], emphasis=index > 0)
                texts.append(text.replace("|", "\\|"))
            cells_text.append(texts)
        width = max(len(r) for r in cells_text)
        rows_md = [r + [""] * (width - len(r)) for r in cells_text]
        table = ["| " + " | ".join(rows_md[0]) + " |", "|" + "---|" * width]
        table += ["| " + " | ".join(r) + " |" for r in rows_md[1:]]
        return Block("\n".join(table), "table", page=page)

    # ------------------------------------------------------------------ text

    def _glue(self, left: str, right: str) -> str:
        return join(left, right, self.urls, self.vocabulary)

    def _text(self, lines: list[list[Word]], emphasis: bool = True) -> str:
        """Lines of words as inline Markdown: calls marked, emphasis kept, lines joined."""
        out = ""
        for words in lines:
            piece = self._line_text(words, emphasis)
            out = self._glue(out, piece) if out else piece
        return out

    def _line_text(self, words: list[Word], emphasis: bool) -> str:
        parts: list[str] = []
        style = ""
        previous: Word | None = None
        for word in words:
            if word.is_call:
                parts += [call(int(number)) for number in word.text.split(",")]
                previous = word
                continue
            mark = ("**" if word.bold else "") + ("*" if word.italic else "") if emphasis else ""
            space = previous is not None and word.x0 - previous.x1 > 0.12 * word.size
            if mark != style:
                if style:
                    parts.append(style[::-1])
                parts += [" " if space else "", mark]
                style = mark
            elif space:
                parts.append(" ")
            parts.append(self._escaped(word.text))
            previous = word
        if style:
            parts.append(style[::-1])
        return re.sub(r" +", " ", "".join(parts)).strip()

    def _escaped(self, text: str) -> str:
        """Plain text made safe as Markdown; URLs (and pieces of a link's URL) as they are."""
        bare = text.strip(TRAILING + "()<>")
        if URL_START.match(text) or (len(bare) > 3 and any(bare in url for url in self.urls)):
            return text
        text = SPECIAL.sub(r"\\\1", text)
        return "\\" + text if text.startswith("@") else text
