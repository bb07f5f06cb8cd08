"""Inlines: text runs joined before they reach lxml (linear in a paragraph's length),
emphasis, links, spans (abbreviations, other languages) and code."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import panflute as pf
from lxml import etree

from hearingpress.writers.uslm.xmltree import (
    XML_LANG,
    Unmappable,
    add_text,
    kind_name,
    near,
    sub,
    xml_id,
)

QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
INLINE_TAGS = {pf.Emph: "i", pf.Strong: "b", pf.Superscript: "sup", pf.Subscript: "sub"}
INLINE_ROLES = {pf.Underline: "underline", pf.Strikeout: "strikeout", pf.SmallCaps: "smallCaps"}


def _carries_nothing(span: pf.Span) -> bool:
    """A span the XML keeps no trace of (e.g. citeproc's "nocase"): only its text is written."""
    return (
        not span.identifier
        and not span.attributes.get("lang")
        and not any(name in span.classes for name in ("abbr", "subtitle", "smallcaps"))
    )


def _flat_inlines(items: Iterable[pf.Inline]) -> Iterator[pf.Inline | str]:
    """The inlines with their plain text as strings: words, spaces, quotation marks, and the
    content of citations (citeproc has rendered them) and of spans that carry nothing."""
    for item in items:
        if isinstance(item, pf.Str):
            yield item.text
        elif isinstance(item, pf.Space | pf.SoftBreak):
            yield " "
        elif isinstance(item, pf.Quoted):
            opening, closing = QUOTES[item.quote_type]
            yield opening
            yield from _flat_inlines(item.content)
            yield closing
        elif isinstance(item, pf.Cite) or (isinstance(item, pf.Span) and _carries_nothing(item)):
            yield from _flat_inlines(item.content)
        else:
            yield item


class Inlines:
    """Inline content."""

    def inlines(self, parent: etree._Element, items: Iterable[pf.Inline]) -> None:
        """Runs of text are joined before they reach lxml: appending word by word to a tail
        copies the whole tail each time, which made a long paragraph quadratic."""
        run: list[str] = []
        for item in _flat_inlines(items):
            if isinstance(item, str):
                run.append(item)
                continue
            if run:
                add_text(parent, "".join(run))
                run.clear()
            self.inline(parent, item)
        if run:
            add_text(parent, "".join(run))

    def inline(self, parent: etree._Element, item: pf.Inline) -> None:
        kind = type(item)
        if isinstance(item, pf.LineBreak):
            sub(parent, "br")
        elif kind in INLINE_TAGS:
            self.inlines(sub(parent, INLINE_TAGS[kind]), item.content)
        elif kind in INLINE_ROLES:
            self.inlines(sub(parent, "inline", role=INLINE_ROLES[kind]), item.content)
        elif isinstance(item, pf.Code):
            sub(parent, "inline", item.text, role="code")
        elif isinstance(item, pf.Link):
            self.link(parent, item)
        elif isinstance(item, pf.Span):
            self.span(parent, item)
        elif isinstance(item, pf.Note):
            self.note(parent, item)
        elif isinstance(item, pf.RawInline):
            raise Unmappable(
                f"raw {item.format} cannot be carried into USLM XML; remove it{near(item)}"
            )
        else:
            raise Unmappable(f"pandoc {kind_name(item)} has no USLM mapping yet{near(item)}")

    def link(self, parent: etree._Element, link: pf.Link) -> None:
        ref = sub(parent, "ref")
        if link.url.startswith("#"):
            ref.set("idref", xml_id(link.url[1:]))
        else:
            ref.set("href", link.url)
        if link.title:
            ref.set("title", link.title)
        self.inlines(ref, link.content)

    def span(self, parent: etree._Element, span: pf.Span) -> None:
        roles = []
        if "abbr" in span.classes:
            roles.append("abbreviation")
        lang = span.attributes.get("lang")
        if lang:
            roles.append("foreign")
        roles += [name for name in ("subtitle", "smallcaps") if name in span.classes]
        element = sub(parent, "inline")
        if roles:
            element.set("role", " ".join(roles))
        if span.identifier:
            element.set("id", xml_id(span.identifier))
        if "abbr" in span.classes and span.attributes.get("title"):
            element.set("title", span.attributes["title"])  # the expansion
        if lang:
            element.set(XML_LANG, lang)
        self.inlines(element, span.content)
