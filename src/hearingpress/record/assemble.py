"""The record as the writers see it: the hearing, its statements parsed and filtered (one
Publication each, exactly as `build` makes them), and the pieces every record format shares —
the hearing cover in the congressional style and each statement's own identifiers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import panflute as pf
from lxml import etree

from hearingpress.filters.titleblock import CHAMBER_LINE, plain_words
from hearingpress.metadata import Hearing, Statement
from hearingpress.publication import Publication

ONES = (
    "", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen",
)  # fmt: skip
TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")
ORDINAL_WORDS = {"One": "First", "Two": "Second", "Three": "Third", "Five": "Fifth",
                 "Eight": "Eighth", "Nine": "Ninth", "Twelve": "Twelfth"}  # fmt: skip
# Attributes that point at an id (HTML and USLM).
REF_ATTRIBUTES = ("href", "idref", "aria-labelledby", "aria-describedby")


@dataclass(frozen=True)
class Record:
    """Everything a record writer needs."""

    source: Path  # HEARING.yaml
    hearing: Hearing
    code: str | None
    statements: tuple[Publication, ...]
    date: dt.datetime
    stems: tuple[str, ...] = ()  # each statement's file name without extension
    formats: tuple[str, ...] = ()  # the record formats written together

    @property
    def lang(self) -> str:
        return self.statements[0].statement.lang

    @property
    def stem(self) -> str:
        return self.source.stem

    @property
    def venue(self) -> str:
        return self.hearing.venue


def statement_id(number: int) -> str:
    """The id that opens statement `number` (1-based) in every record format; its own ids
    are prefixed with it and a hyphen."""
    return f"s{number}"


def ordinal_words(number: int) -> str:
    """116 → "One Hundred Sixteenth", as the cover of a printed hearing spells it."""
    words: list[str] = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += [ONES[hundreds], "Hundred"]
    tens, ones = divmod(rest, 10) if rest >= 20 else (0, rest)
    if tens:
        words.append(TENS[tens])
    if ones:
        words.append(ONES[ones])
    last = words[-1]
    if last in ORDINAL_WORDS:
        words[-1] = ORDINAL_WORDS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    if tens and ones:  # Twenty-First
        words[-2:] = [f"{words[-2]}-{words[-1]}"]
    return " ".join(words)


def witness_line(statement: Statement) -> str:
    """ "Celina B. Realuyo, Adjunct Professor, The George Washington University …"."""
    witness = statement.witness
    return f"{witness.name}, {witness.position}, {witness.organization}"


def _line(role: str, *lines: str) -> pf.Div:
    inlines: list[pf.Inline] = []
    for text in lines:
        if inlines:
            inlines.append(pf.LineBreak())
        inlines += plain_words(text)
    return pf.Div(pf.Plain(*inlines), classes=[role])


def cover(record: Record, heading_id: str = "hearing-title") -> pf.Div:
    """The hearing's cover, as GPO prints one: the title, "Hearing before the" subcommittee of
    the committee, the chamber, the Congress and session in words, the date."""
    hearing = record.hearing
    venue = [hearing.subcommittee, "of the", hearing.committee] if hearing.subcommittee else []
    venue = [v for v in venue if v] or [hearing.committee]
    return pf.Div(
        _line("hearing-congress", f"{hearing.congress_label}, {hearing.session_label}"),
        pf.Header(*plain_words(hearing.title), level=1, identifier=heading_id),
        _line("connective", "Hearing"),
        _line("connective", "before the"),
        _line("venue", *venue),
        _line("chamber", CHAMBER_LINE[hearing.chamber]),
        _line(
            "session-words",
            f"{ordinal_words(hearing.congress)} Congress",
            f"{ordinal_words(hearing.session)} Session",
        ),
        _line("hearing-date", hearing.date_label),
        identifier="hearing-cover",
        classes=["hearing-cover"],
    )


def prefix_ast_ids(blocks: list[pf.Block], prefix: str) -> None:
    """Give a statement's identifiers and its links to them the statement's prefix, so two
    statements' "introduction" or "note-1" stay apart in one record."""

    def visit(elem: pf.Element, _doc: pf.Doc) -> None:
        if getattr(elem, "identifier", ""):
            elem.identifier = f"{prefix}{elem.identifier}"
        if isinstance(elem, pf.Link) and elem.url.startswith("#"):
            elem.url = f"#{prefix}{elem.url[1:]}"

    for block in blocks:
        block.walk(visit)


def prefix_tree_ids(root: etree._Element, prefix: str) -> None:
    """The same for an HTML or USLM tree already written: ids, same-document links,
    `idref`s and ARIA references."""
    for element in root.iter(tag=etree.Element):
        if element.get("id"):
            element.set("id", prefix + element.get("id"))
        for name in REF_ATTRIBUTES:
            value = element.get(name)
            if not value:
                continue
            if name == "href":
                if value.startswith("#"):
                    element.set(name, f"#{prefix}{value[1:]}")
            else:
                element.set(name, " ".join(prefix + token for token in value.split()))
