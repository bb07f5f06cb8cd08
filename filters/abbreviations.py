#!/usr/bin/env python3
"""Abbreviations: mark every use of a known abbreviation with its expansion.

An abbreviation is known when the text defines it, "transnational criminal organizations (TCOs)",
or when the metadata map `abbreviations` gives it (`CBP: U.S. Customs and Border Protection`).
Uses become `Span` elements with class `abbr` and a `title`, which pandoc's HTML and EPUB
writers turn into `<abbr title="…">`. Headings, links, code and citations are left alone.
"""

from __future__ import annotations

import re

import panflute as pf

ABBR = r"[A-Z][A-Za-z&.-]*[A-Z]"
DEFINITION = re.compile(rf"^\(({ABBR})(s?)\)[.,;:]?$")
USE = re.compile(rf"^(\W*?)({ABBR})(s?)((?:['’]s)?\W*)$")
MINOR_WORDS = {"of", "and", "for", "the", "on", "in", "to", "de", "del", "la", "los", "y", "&"}
MAX_WORDS = 8
SKIP = (pf.Header, pf.Link, pf.Code, pf.Cite, pf.RawInline)


def _letters(word: str) -> str:
    """The initials a word contributes: "U.S." gives "US", "Arellano" gives "A"."""
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word.replace(".", "")
    return word[:1].upper()


def _expansion(words: list[str], abbreviation: str) -> str | None:
    """The shortest run of words before "(ABBR)" whose initials spell ABBR."""
    target = re.sub(r"[^A-Z]", "", abbreviation.upper())
    for count in range(1, min(MAX_WORDS, len(words)) + 1):
        run = words[-count:]
        run[0] = re.split(r"[/]", run[0])[-1]
        kept = [w for w in run if w.lower() not in MINOR_WORDS]
        whole = "".join(_letters(w) for w in kept)
        # "non-intrusive inspection (NII)": each part of a hyphenated word may count.
        parts = "".join(_letters(p) for w in kept for p in w.split("-") if p)
        if target in (whole, parts):
            return " ".join(run)
    return None


def _keptbefore(inlines: list[pf.Inline], index: int) -> list[str]:
    words: list[str] = []
    for item in reversed(inlines[:index]):
        if isinstance(item, pf.Str):
            words.insert(0, item.text)
        elif not isinstance(item, pf.Space | pf.SoftBreak):
            break
    return words


def find_definitions(doc: pf.Doc) -> dict[str, str]:
    found: dict[str, str] = {}

    def collect(elem: pf.Element, _doc: pf.Doc) -> None:
        content = getattr(elem, "content", None)
        if not isinstance(content, pf.ListContainer):
            return
        items = list(content)
        for index, item in enumerate(items):
            if isinstance(item, pf.Str) and (m := DEFINITION.match(item.text)):
                abbreviation = m.group(1)
                expansion = _expansion(_keptbefore(items, index), abbreviation)
                if expansion and abbreviation not in found:
                    found[abbreviation] = expansion

    doc.walk(collect)
    return found


def prepare(doc: pf.Doc) -> None:
    known = find_definitions(doc)
    known.update(doc.get_metadata("abbreviations", {}) or {})
    doc.abbreviations = {k: str(v) for k, v in known.items()}


def _inside_skipped(elem: pf.Element) -> bool:
    parent = elem.parent
    while parent is not None:
        if isinstance(parent, SKIP) or "abbr" in getattr(parent, "classes", []):
            return True
        parent = getattr(parent, "parent", None)
    return False


def action(elem: pf.Element, doc: pf.Doc) -> list[pf.Inline] | None:
    if not isinstance(elem, pf.Str) or not doc.abbreviations:
        return None
    m = USE.match(elem.text)
    if not m or m.group(2) not in doc.abbreviations or _inside_skipped(elem):
        return None
    before, short, plural, after = m.groups()
    span = pf.Span(
        pf.Str(short + plural), classes=["abbr"], attributes={"title": doc.abbreviations[short]}
    )
    return [pf.Str(before)] * bool(before) + [span] + [pf.Str(after)] * bool(after)


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    return pf.run_filter(action, prepare=prepare, doc=doc)


if __name__ == "__main__":
    main()
