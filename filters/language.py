#!/usr/bin/env python3
"""Language of parts: phrases in another language than the document carry a `lang` attribute.

Two ways in: mark them in the source, `[Sistema Nacional de Seguridad Pública]{lang=es}`, or list
them once in the metadata and every occurrence is marked:

    other-languages:
      es: ["Sistema Nacional de Seguridad Pública", "abrazos, no balazos"]

A `lang` that is not a BCP 47 tag is an error a reader would hear (wrong voice), so we stop.
"""

from __future__ import annotations

import re
import sys

import panflute as pf

LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SKIP = (pf.Link, pf.Code, pf.Cite, pf.RawInline)


def prepare(doc: pf.Doc) -> None:
    phrases: list[tuple[list[str], str]] = []
    for lang, items in (doc.get_metadata("other-languages", {}) or {}).items():
        _check_tag(str(lang))
        for phrase in items if isinstance(items, list) else [items]:
            phrases.append((str(phrase).split(), str(lang)))
    # Longest first, so "Sistema Nacional de Seguridad Pública" wins over "Sistema Nacional".
    doc.phrases = sorted(phrases, key=lambda p: -len(p[0]))


def _check_tag(tag: str) -> None:
    if not LANG_TAG.match(tag):
        sys.stderr.write(f"language filter: '{tag}' is not a BCP 47 language tag\n")
        raise ValueError(f"'{tag}' is not a BCP 47 language tag; use e.g. es or es-MX")


def _match(items: list[pf.Inline], start: int, words: list[str]) -> int:
    """How many inlines from `start` spell `words` (Str, Space, Str, …); 0 when they don't."""
    index = start
    for number, word in enumerate(words):
        if number:
            if index >= len(items) or not isinstance(items[index], pf.Space | pf.SoftBreak):
                return 0
            index += 1
        if index >= len(items) or not isinstance(items[index], pf.Str):
            return 0
        if items[index].text != word:
            return 0
        index += 1
    return index - start


def wrap_phrases(items: list[pf.Inline], phrases: list[tuple[list[str], str]]) -> list[pf.Inline]:
    out: list[pf.Inline] = []
    index = 0
    while index < len(items):
        for words, lang in phrases:
            if length := _match(items, index, words):
                out.append(pf.Span(*items[index : index + length], attributes={"lang": lang}))
                index += length
                break
        else:
            out.append(items[index])
            index += 1
    return out


def action(elem: pf.Element, doc: pf.Doc) -> None:
    if isinstance(elem, pf.Span) and "lang" in elem.attributes:
        _check_tag(elem.attributes["lang"])
        return
    if not doc.phrases or isinstance(elem, (*SKIP, pf.Span)):
        return
    content = getattr(elem, "content", None)
    if isinstance(content, pf.ListContainer) and content and isinstance(content[0], pf.Inline):
        elem.content = wrap_phrases(list(content), doc.phrases)


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    return pf.run_filter(action, prepare=prepare, doc=doc)


if __name__ == "__main__":
    main()
