"""The record as one USLM 2.1.0 document: `<document role="hearingRecord">` whose `<meta>`
describes the hearing and whose `<content>` holds the cover and a `<collection>` with one
`<component role="statement">` per statement. Each component holds that statement's own
`<document role="testimony">`, exactly as `build` writes it (its meta, cover, levels and
footnotes), with its ids prefixed so the record's ids stay unique."""

from __future__ import annotations

from lxml import etree

from hearingpress import uslm_schema
from hearingpress.errors import UserError
from hearingpress.record.assemble import Record, cover, prefix_tree_ids, statement_id
from hearingpress.writers.uslm import DC, NSMAP, USLM, XML_LANG, XSI, Builder, check, indent, sub
from hearingpress.writers.uslm.meta import hearing_meta

SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"


def meta(root: etree._Element, record: Record) -> None:
    hearing = record.hearing
    element = sub(root, "meta")

    def dc(name: str, value: str) -> None:
        sub(element, f"{{{DC}}}{name}", value)

    dc("title", hearing.title)
    dc("type", "Hearing Record")
    for publication in record.statements:
        dc("creator", publication.statement.witness.name)
    dc("date", record.date.date().isoformat())
    dc("language", record.lang)
    dc(
        "description",
        f"Statements at a hearing before the {record.venue}, {hearing.date_label}",
    )
    dc("format", "text/xml")
    hearing_meta(element, hearing, before_title=(("committeeCode", record.code),))


def build(record: Record) -> etree._Element:
    root = etree.Element(f"{{{USLM}}}document", nsmap=NSMAP)
    root.set(SCHEMA_LOCATION, f"{USLM} {uslm_schema.ENTRY}")
    root.set("role", "hearingRecord")
    root.set(XML_LANG, record.lang)
    meta(root, record)
    content = sub(root, "content")
    Builder(record.statements[0]).cover(content, cover(record))
    collection = sub(content, "collection", role="statements")
    for number, publication in enumerate(record.statements, start=1):
        statement = Builder(publication).document(publication.doc())
        del statement.attrib[SCHEMA_LOCATION]
        prefix_tree_ids(statement, f"{statement_id(number)}-")
        component = sub(collection, "component", role="statement", id=statement_id(number))
        component.append(statement)
    etree.cleanup_namespaces(root)
    return root


def _indent_collection(collection: etree._Element, depth: int) -> None:
    """`indent` stops at elements it does not know; carry it through the collection and each
    component into the statements' documents."""
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    collection.text = inner
    for component in collection:
        component.tail = inner
        component.text = inner + "  "
        component[0].tail = inner
        indent(component[0], depth + 2)
    collection[-1].tail = outer


def render(record: Record) -> bytes:
    uslm_schema.load_schema()
    try:
        root = build(record)
        indent(root)
        _indent_collection(root.find(f"{{{USLM}}}content/{{{USLM}}}collection"), depth=2)
        data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"
        check(uslm_schema.parse(data))
    except ValueError as err:
        raise UserError(
            f"cannot write the record's USLM XML: {err}", record.source, code="HP280"
        ) from None
    return data
