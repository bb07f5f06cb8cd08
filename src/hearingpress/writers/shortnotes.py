"""A note that citeproc set as "Ibid." gets the short form of its source (Chicago 14.29–14.34).

"Ibid." says "the source of the note before"; a popup note shows one note alone, so in the
EPUB a bare "Ibid." says nothing. The short form is built from the reference's CSL JSON, as
the Chicago style gives it: the authors' family names ("A", "A and B", "A, B, and C", "A et
al."), or an organization's name, then the short title (`title-short`, else the title up to
its colon), quoted for a part of something (an article, a chapter, a web page), italic for a
whole work. A locator that followed "Ibid." (", 45.") follows the short form. No second
citeproc run: this is a string the style would have written for a later, non-adjacent note.
"""

from __future__ import annotations

import json
import re

import panflute as pf

IBID = re.compile(r"Ibid\.(?P<comma>,?)")
QUOTED_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "chapter",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "paper-conference",
        "post",
        "post-weblog",
        "webpage",
        "speech",
        "interview",
    }
)
MARKUP = re.compile(r"<[^>]+>")


def authors(reference: dict) -> str:
    """The authors as a short note names them (family names, or an organization's name)."""
    names = [a.get("family") or a.get("literal") or "" for a in reference.get("author") or []]
    names = [name for name in names if name]
    if len(names) > 3:
        return f"{names[0]} et al."
    if len(names) == 3:
        return f"{names[0]}, {names[1]}, and {names[2]}"
    return " and ".join(names)


def short_title(reference: dict) -> str:
    title = reference.get("title-short") or str(reference.get("title", "")).split(":")[0]
    return " ".join(MARKUP.sub("", title).split())


def short_form(reference: dict, comma: bool = False) -> list[pf.Inline]:
    """The short form as inlines, ending in "," (a locator follows) or "."."""
    end = "," if comma else "."
    title = short_title(reference)
    quoted = reference.get("type") in QUOTED_TYPES
    out: list[pf.Inline] = []
    if names := authors(reference):
        out += [*_words(names + ","), pf.Space()]
    if quoted:  # the period or comma inside the closing quotation mark
        out += _words(f"“{title}{end}”")
    else:
        out += [pf.Emph(*_words(title)), pf.Str(end)]
    return out


def _words(text: str) -> list[pf.Inline]:
    out: list[pf.Inline] = []
    for word in text.split():
        if out:
            out.append(pf.Space())
        out.append(pf.Str(word))
    return out


def every_short_form(bibliography: bytes) -> str:
    """The text of every reference's short form (`bibliography`: the checked CSL JSON): all
    that an "Ibid." may become, without walking a document."""
    if not bibliography:
        return ""
    return " ".join(pf.stringify(pf.Para(*short_form(r))) for r in json.loads(bibliography))


def replace_ibid(doc: pf.Doc, bibliography: bytes) -> int:
    """Give each "Ibid." citation the short form of its one source (`bibliography`: the checked
    CSL JSON); return how many."""
    if not bibliography:
        return 0
    references = {r["id"]: r for r in json.loads(bibliography)}
    replaced = 0

    def visit(elem: pf.Element, _doc: pf.Doc) -> None:
        nonlocal replaced
        if not isinstance(elem, pf.Cite) or len(elem.citations) != 1:
            return
        reference = references.get(elem.citations[0].id)
        if reference is not None and _swap_ibid(elem, reference):
            replaced += 1

    doc.walk(visit)
    return replaced


def _swap_ibid(cite: pf.Cite, reference: dict) -> bool:
    """Swap the "Ibid." that opens the citation's note (or the citation) for the short form."""
    found: list[pf.Str] = []

    def first_str(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Str) and not found:
            found.append(elem)

    for item in cite.content:  # not the citation's prefix or suffix
        item.walk(first_str)
    if not found or not (match := IBID.fullmatch(found[0].text)):
        return False
    word = found[0]
    container = word.parent.content
    index = container.index(word)
    container[index : index + 1] = short_form(reference, comma=bool(match["comma"]))
    return True
