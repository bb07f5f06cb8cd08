"""Measure a PDF's make-up as a compositor would: short pages, notes off their call's page,
and URLs broken at the wrong place.

Everything is read from the real PDF: the words and their boxes from `pdftotext -bbox-layout`
(textextract.bbox_pages), the note calls, note destinations and URL links from pikepdf.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from textextract import bbox_pages, destinations, link_annotations

NOTE_DEST = re.compile(r"note-(\d+)")
INCH = 72.0
PAGE_HEIGHT = 11 * INCH
# print.css: the @page margins (top, bottom), the body's size and leading, and the space the
# footnote area puts between the text and its first note (margin + rule + padding).
TOP_MARGIN, BOTTOM_MARGIN = 1.0 * INCH, 0.95 * INCH
BODY_LINE = 11.0 * 1.4
NOTE_AREA_GAP = 13.5
SHORT_LINES = 2  # a page may end this many lines above its notes and still be full
OPENING = "“(<["  # what may stand before a URL in the text
MIN_URL_BREAK = 8  # shorter runs ("2", "2") match a URL by chance


@dataclass(frozen=True)
class Page:
    number: int
    gap: float  # empty space between the last line of text and the notes (or the foot), pt
    lines_short: float  # that space in body lines, the notes' own gap taken off


def _note_tops(pdf: pikepdf.Pdf) -> dict[int, float]:
    """Page -> y (from the top) of its first note."""
    tops: dict[int, float] = {}
    for name, (page, top) in destinations(pdf).items():
        if NOTE_DEST.fullmatch(name):
            tops[page] = min(top, tops.get(page, top))
    return tops


def page_fill(pdf_path: Path) -> list[Page]:
    """How far above its notes (or the foot of the text block) each page's text ends."""
    pages = bbox_pages(pdf_path)
    with pikepdf.open(pdf_path) as pdf:
        tops = _note_tops(pdf)
    foot = PAGE_HEIGHT - BOTTOM_MARGIN
    measured = []
    for number, words in enumerate(pages, start=1):
        notes_top = tops.get(number)
        limit = notes_top - 1.0 if notes_top is not None else foot
        body = [w for w in words if TOP_MARGIN - 2 <= w.y_min < limit and w.y_max <= foot]
        if not body:
            continue
        gap = limit - max(w.y_max for w in body)
        allowance = NOTE_AREA_GAP if notes_top is not None else 0.0
        measured.append(Page(number, gap, max(gap - allowance, 0.0) / BODY_LINE))
    return measured


def short_pages(pdf_path: Path) -> list[int]:
    """Pages, other than the last, whose text ends more than SHORT_LINES lines above its
    notes (or the foot of the text block)."""
    fill = page_fill(pdf_path)
    last = max(page.number for page in fill)
    return [p.number for p in fill if p.number != last and p.lines_short > SHORT_LINES]


def notes_off_their_page(pdf_path: Path) -> list[int]:
    """Notes whose text is not on the page of their call."""
    with pikepdf.open(pdf_path) as pdf:
        where = {name: page for name, (page, _top) in destinations(pdf).items()}
        calls = {
            int(m.group(1)): page
            for page, annot in link_annotations(pdf)
            if (m := NOTE_DEST.fullmatch(str(annot.get("/Dest", ""))))
        }
    return sorted(n for n, page in calls.items() if where.get(f"note-{n}") != page)


def url_line_breaks(pdf_path: Path) -> list[tuple[str, str]]:
    """Every line break inside a URL, as (end of the line, start of the next)."""
    with pikepdf.open(pdf_path) as pdf:
        urls = {str(a.A.URI) for _, a in link_annotations(pdf) if "/A" in a and "/URI" in a.A}
    breaks = []
    for words in bbox_pages(pdf_path):
        for word, following in itertools.pairwise(words):
            if word.line == following.line:
                continue
            head = word.text.lstrip(OPENING)
            tail = following.text.rstrip(".,;:)”]>")
            joined = head + tail
            if len(joined) >= MIN_URL_BREAK and any(joined in url for url in urls):
                breaks.append((head, following.text))
    return breaks


def bad_url_breaks(pdf_path: Path) -> list[tuple[str, str]]:
    """URL line breaks Chicago forbids: after a single slash, or after a hyphen."""
    return [
        (end, start)
        for end, start in url_line_breaks(pdf_path)
        if (end.endswith("/") and not end.endswith("//")) or end.endswith("-")
    ]
