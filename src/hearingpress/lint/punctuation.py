"""L2xx punctuation: unpaired marks per paragraph and note, stray sequences, "U.S", month case,
spaced hyphens, the commas of dates, places and quotations (Chicago 6.17, 6.38, 6.40), and
straight quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hearingpress.lint.document import URL, Block, Document
from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import words
from hearingpress.lint.prose import ABBREVIATIONS_WITH_PERIOD, prose_blocks

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
STATES = words("states")
SPEECH_VERBS = (
    "said|says|stated|states|asked|asks|declared|declares|wrote|writes|added|adds|replied|"
    "noted|notes|explained|explains|announced|announces|warned|warns|insisted|insists"
)
PAIRS = {"(": ")", "[": "]"}


def check(doc: Document) -> Iterator[Finding]:
    blocks = prose_blocks(doc)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        yield from _quotes(block, following)
        yield from _brackets(block)
        yield from _patterns(block)


def _quote_marks(text: str) -> Iterator[tuple[int, str]]:
    """Each double quotation mark as (index, 'open' or 'close'); straight ones by context."""
    for m in re.finditer(r"[“”\"]", text):
        mark = m.group()
        if mark == "“":
            yield m.start(), "open"
        elif mark == "”":
            yield m.start(), "close"
        else:
            before = text[m.start() - 1 : m.start()]
            yield (
                m.start(),
                "open" if before in ("", " ", "\n", "(", "[", "—", "–", "‘") else "close",
            )


def _quotes(block: Block, following: Block | None) -> Iterator[Finding]:
    opened: list[int] = []
    for index, kind in _quote_marks(block.text):
        if kind == "open":
            opened.append(index)
        elif opened:
            opened.pop()
        else:
            yield Finding(
                "L201",
                block.start + index,
                block.start + index + 1,
                "a closing mark with no opening one",
            )
    if opened:
        continues = following is not None and following.text.lstrip()[:1] in ("“", '"')
        if not continues:  # a quotation running on into the next paragraph opens it again
            index = opened[-1]
            yield Finding(
                "L201",
                block.start + index,
                block.start + index + 1,
                "an opening mark with no closing one",
            )


def _brackets(block: Block) -> Iterator[Finding]:
    text = block.text
    for opening, closing in PAIRS.items():
        stack: list[int] = []
        for m in re.finditer(re.escape(opening) + "|" + re.escape(closing), text):
            if m.group() == opening:
                stack.append(m.start())
            elif stack:
                stack.pop()
            elif not re.search(
                r"(?:^|\s)(?:[a-z]|\d{1,2}|[ivx]{1,4})$", text[max(0, m.start() - 6) : m.start()]
            ):
                code = "L202" if opening == "(" else "L203"
                yield Finding(
                    code,
                    block.start + m.start(),
                    block.start + m.end(),
                    f"“{closing}” with no “{opening}”",
                )
        for index in stack:
            code = "L202" if opening == "(" else "L203"
            yield Finding(
                code,
                block.start + index,
                block.start + index + 1,
                f"“{opening}” with no “{closing}”",
            )


def _ends_abbreviation(text: str, period: int) -> bool:
    word = re.search(r"\S*$", text[: period + 1]).group().lstrip('“"(‘')
    return word in ABBREVIATIONS_WITH_PERIOD or re.fullmatch(r"(?:[A-Za-z]\.)+", word) is not None


def _patterns(block: Block) -> Iterator[Finding]:
    at, text = block.start, block.text
    for m in re.finditer(
        r"([,;:])[ \t]*([,;.])(?!\.)|(\.)[ \t]*([,;])|(?<!\.)(\.)(\.)(?!\.)", text
    ):
        if m.group(3) and _ends_abbreviation(text, m.start(3)):
            continue
        if m.group(5) and _ends_abbreviation(text, m.start(5)):
            continue
        keep = (
            m.group(4)
            if m.group(3)
            else (
                m.group(2)
                if m.group(1) == "," and m.group(2) == "."
                else (m.group(1) or m.group(5))
            )
        )
        yield Finding("L204", at + m.start(), at + m.end(), f"“{m.group()}”", keep, fix=keep)
    for m in re.finditer(r"\bU\.S(?![.\w])", text):
        yield Finding("L205", at + m.start(), at + m.end(), "“U.S”", "U.S.")
    months = "|".join(MONTHS)
    for m in re.finditer(rf"\b({months.upper()})\b", text):
        line = text[max(0, m.start() - 40) : m.end() + 40]
        if sum(c.islower() for c in line) < 5:
            continue  # a line set in capitals
        right = m.group().capitalize()
        yield Finding("L206", at + m.start(), at + m.end(), f"“{m.group()}”", right, fix=right)
    lower = "|".join(month.lower() for month in MONTHS if month not in ("May", "March", "August"))
    for m in re.finditer(rf"\b(?:{lower})\b|\b(?:may|march|august)(?=\s+\d)", text):
        right = m.group().capitalize()
        yield Finding("L206", at + m.start(), at + m.end(), f"“{m.group()}”", right, fix=right)
    # "march" and "august" are words too: a month after a word that places it in time.
    when = r"\b(?i:last|next|this|early|late|since|until|through)\s+|\b(?i:mid)-"
    for m in re.finditer(rf"(?:{when})(march|august)\b", text):
        right = m.group(1).capitalize()
        yield Finding("L206", at + m.start(1), at + m.end(1), f"“{m.group(1)}”", right, fix=right)
    for m in re.finditer(r"(?<=[\w”\"’)])[ \t]+(-)[ \t]+(?=[\w“\"‘(])", text):
        yield Finding(
            "L207", at + m.start(1), at + m.end(1), f"“{m.group().strip()}” between words", "—"
        )
    for m in re.finditer(rf"\b(?:{months})\s+\d{{1,2}},\s+(\d{{4}})(?=\s+(?:[a-z]|{URL}))", text):
        yield Finding("L208", at + m.start(1), at + m.end(1), f"“{m.group()}”", f"{m.group(1)},")
    for m in re.finditer(
        r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s+((?:New |North |South |West |Rhode )?[A-Z][a-z]+)(?=\s+([a-z]+))",  # noqa: E501
        text,
    ):
        city, state, word = m.group(1), m.group(2), m.group(3)
        if state in STATES and city not in STATES and word not in ("and", "or"):
            yield Finding(
                "L209", at + m.start(2), at + m.end(2), f"“{city}, {state} {word}”", f"{state},"
            )
    for m in re.finditer(rf"\b({SPEECH_VERBS})\s+([“\"])(?=[A-Z])", text):
        yield Finding(
            "L210",
            at + m.start(),
            at + m.end(),
            f"“{m.group(1)} {m.group(2)}”",
            f"{m.group(1)}, {m.group(2)}",
        )
    for m in re.finditer(r"[\"']", text):
        yield _straight(block, m.start())


def _straight(block: Block, index: int) -> Finding:
    text = block.text
    mark = text[index]
    before = text[index - 1 : index]
    opening = before in ("", " ", "\n", "(", "[", "—", "–")
    if mark == '"':
        right = "“" if opening else "”"
    else:
        right = (
            "‘" if opening and not re.match(r"\d\d\b|[a-z]", text[index + 1 : index + 3]) else "’"
        )
    return Finding(
        "L211", block.start + index, block.start + index + 1, f"“{mark}”", right, fix=right
    )
