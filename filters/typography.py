#!/usr/bin/env python3
"""Typography: the small marks a typesetter would fix.

- a no-break space between a number and its unit ("0.25 milligrams", "254 pounds");
- en dashes in number ranges ("2009-2018" becomes 2009–2018);
- em dashes closed up (no spaces), and a spaced hyphen or en dash used as a dash becomes one;
- curly apostrophes and quotes where straight ones are left;
- no doubled or dangling spaces.
Link and code text is left alone: a URL must never change.
"""

from __future__ import annotations

import re

import panflute as pf

NBSP = "\u00a0"
UNITS = {
    "milligram",
    "milligrams",
    "mg",
    "gram",
    "grams",
    "g",
    "kilogram",
    "kilograms",
    "kilo",
    "kilos",
    "kg",
    "pound",
    "pounds",
    "lb",
    "lbs",
    "ounce",
    "ounces",
    "oz",
    "ton",
    "tons",
    "metric",
    "mt",
    "liter",
    "liters",
    "litre",
    "litres",
    "l",
    "ml",
    "hectare",
    "hectares",
    "ha",
    "acre",
    "acres",
    "mile",
    "miles",
    "kilometer",
    "kilometers",
    "km",
    "meter",
    "meters",
    "m",
    "feet",
    "foot",
    "ft",
    "percent",
    "million",
    "billion",
    "trillion",
    "degrees",
    "hours",
    "minutes",
    "seconds",
    "days",
    "years",
}
NUMBER_END = re.compile(r"\d[%]?$")
RANGE = re.compile(r"^(\W*\$?\d[\d,.]*)-(\$?\d[\d,.]*\W*)$")
DASHES = {"-", "–", "—", "--", "---"}
SKIP = (pf.Link, pf.Code, pf.CodeBlock, pf.RawInline, pf.RawBlock, pf.Math)


def _unit(word: str) -> bool:
    return re.sub(r"[^\w]+$", "", word).lower() in UNITS


def polish(inlines: list[pf.Inline]) -> list[pf.Inline]:
    """Return the inline list with the typographic fixes applied."""
    out: list[pf.Inline] = []
    items = list(inlines)
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        prev = out[-1] if out else None
        if isinstance(item, pf.Space | pf.SoftBreak):
            if prev is None or isinstance(prev, pf.Space | pf.LineBreak) or nxt is None:
                i += 1  # leading, doubled or trailing space
                continue
            if isinstance(nxt, pf.Str) and nxt.text.startswith(("—", "–")) and nxt.text != "–":
                i += 1  # "word —next": close up before the dash
                continue
            if isinstance(prev, pf.Str) and prev.text.endswith("—"):
                i += 1
                continue
            if (
                isinstance(prev, pf.Str)
                and isinstance(nxt, pf.Str)
                and NUMBER_END.search(prev.text)
                and _unit(nxt.text)
            ):
                out.append(pf.Str(NBSP))
                i += 1
                continue
            out.append(pf.Space())
            i += 1
            continue
        if isinstance(item, pf.Str):
            text = item.text
            spaced = isinstance(prev, pf.Space) and isinstance(nxt, pf.Space | pf.SoftBreak)
            if text in DASHES and spaced:
                out.pop()  # the space before
                out.append(pf.Str("—"))
                i += 2  # and the space after
                continue
            if m := RANGE.match(text):
                text = f"{m.group(1)}–{m.group(2)}"
            out.append(pf.Str(text))
            i += 1
            continue
        out.append(item)
        i += 1
    return out


def action(elem: pf.Element, doc: pf.Doc) -> None:
    if isinstance(elem, SKIP) or any(isinstance(a, SKIP) for a in _ancestors(elem)):
        return
    content = getattr(elem, "content", None)
    if isinstance(content, pf.ListContainer) and content and isinstance(content[0], pf.Inline):
        elem.content = polish(list(content))


def _ancestors(elem: pf.Element):
    parent = elem.parent
    while parent is not None:
        yield parent
        parent = getattr(parent, "parent", None)


def main(doc: pf.Doc | None = None) -> pf.Doc | None:
    return pf.run_filter(action, doc=doc)


if __name__ == "__main__":
    main()
