"""After the tree is built: indent it for readers, then check what the schema cannot (ids
unique, idrefs resolve, each footnote called once) and validate it against the schema."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from hearingpress import uslm_schema
from hearingpress.writers.uslm.xmltree import u

# Elements that only ever hold other elements here: safe to indent. Mixed content (p, heading,
# listContent, footnote…) is never touched, so no whitespace is added to the text.
STRUCTURAL = {
    "document", "meta", "content", "block", "level", "chapeau", "continuation", "list",
    "listItem", "figure", "quotedContent", "table", "thead", "tbody", "tfoot", "tr",
}  # fmt: skip


def indent(element: etree._Element, depth: int = 0) -> None:
    """Indent the structural elements for readers; leave all mixed content exactly as built."""
    if etree.QName(element).localname not in STRUCTURAL or (element.text or "").strip():
        return
    if not len(element) or any((child.tail or "").strip() for child in element):
        return
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    element.text = inner
    for child in element:
        child.tail = inner
        indent(child, depth + 1)
    element[-1].tail = outer


def check_references(root: etree._Element) -> None:
    """What the XSD cannot check: ids unique, every idref resolves, each footnote called once."""
    elements = list(root.iter(tag=etree.Element))
    ids = Counter(el.get("id") for el in elements if el.get("id") is not None)
    for identifier, count in ids.items():
        if count > 1:
            raise ValueError(f"id '{identifier}' is used {count} times; ids must be unique")
    calls: Counter[str] = Counter()
    for element in elements:
        idref = element.get("idref")
        if idref is None:
            continue
        if idref not in ids:
            raise ValueError(f"idref '{idref}' (line {element.sourceline}) points to no id")
        if "footnoteRef" in (element.get("class") or "").split():
            calls[idref] += 1
    footnotes = {el.get("id") for el in root.iter(u("footnote"))}
    for element in root.iter(u("footnote")):
        note_id = element.get("id")
        if note_id is None:
            raise ValueError(f"a footnote (line {element.sourceline}) has no id to call it by")
        if calls[note_id] != 1:
            raise ValueError(
                f"footnote '{note_id}' is called {calls[note_id]} times; call each exactly once"
            )
    stray = sorted(set(calls) - footnotes)
    if stray:
        raise ValueError(f"a footnote call points to '{stray[0]}', which is not a footnote")


def check(tree: etree._ElementTree) -> None:
    """Raise ValueError with the first problem when the tree is not publishable USLM 2.1.0."""
    check_references(tree.getroot())
    errors = uslm_schema.schema_errors(tree)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ValueError(f"not valid against {uslm_schema.ENTRY}: {errors[0]}{more}")
