"""Congressional-style XML: the statement as a GPO USLM 2.1.0 `<document role="testimony">`.

USLM has no hearing type; its generic `<document>` root holds the testimony: `<meta>` with
Dublin Core and hearing properties, `<content>` with a cover block (the title block), `<level>`s
for sections and subsections, and each note as a `<footnote>` right where it is called.

The content models that matter (GPO's `uslm-2.1.0.xsd`, fetched by `hearingpress.uslm_schema`):
- a level holds either paragraphs/`<content>` or sub-levels; before a sub-level, blocks go in
  `<chapeau>`, after one in `<continuation>`;
- a list never sits in a `<p>` or directly in a level: it goes in `<content>`;
- a list item is `<num>`, then inline `<listContent>`, then at most one nested list.
What the schema cannot check (idrefs resolve, each footnote called once, ids unique) is checked
here, and the finished bytes are validated against the schema before they are returned.
"""

from __future__ import annotations

import panflute as pf
from lxml import etree

from hearingpress import uslm_schema
from hearingpress.errors import UserError
from hearingpress.publication import Publication
from hearingpress.writers.uslm.blocks import FLOW, Blocks, flatten, outline
from hearingpress.writers.uslm.checks import check, indent
from hearingpress.writers.uslm.inlines import Inlines
from hearingpress.writers.uslm.lists import ListsAndTables
from hearingpress.writers.uslm.meta import MetaAndCover
from hearingpress.writers.uslm.notes import Notes
from hearingpress.writers.uslm.xmltree import DC, NSMAP, USLM, XHTML, XML_LANG, XSI, sub, u

__all__ = [
    "DC",
    "NSMAP",
    "USLM",
    "XHTML",
    "XML_LANG",
    "XSI",
    "Builder",
    "check",
    "indent",
    "render",
    "sub",
]


class Builder(MetaAndCover, Blocks, ListsAndTables, Inlines, Notes):
    """Walks the panflute AST once and builds the USLM tree; notes are numbered as met."""

    def __init__(self, publication: Publication):
        self.publication = publication
        self.notes = 0
        self.list_depth = 0

    def document(self, doc: pf.Doc) -> etree._Element:
        statement = self.publication.statement
        root = etree.Element(u("document"), nsmap=NSMAP)
        root.set(f"{{{XSI}}}schemaLocation", f"{USLM} {uslm_schema.ENTRY}")
        root.set("role", "testimony")
        root.set(XML_LANG, statement.lang)
        self.meta(root)
        content = sub(root, "content")
        blocks = list(doc.content)
        if blocks and isinstance(blocks[0], pf.Div) and blocks[0].identifier == "title-block":
            self.cover(content, blocks.pop(0))
        self.items(content, outline(flatten(blocks)), FLOW)
        return root


def build(publication: Publication) -> etree._Element:
    return Builder(publication).document(publication.doc())


def render(publication: Publication) -> bytes:
    uslm_schema.load_schema()  # fail early, and clearly, when the schema is missing
    try:
        root = build(publication)
        indent(root)
        data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"
        check(uslm_schema.parse(data))
    except ValueError as err:  # Unmappable, a failed check, or text XML cannot hold
        raise UserError(
            f"cannot write the USLM XML: {err}; rewrite that part as paragraphs, lists or "
            "tables (or build with --format html,pdf,epub)",
            publication.source,
            code="HP280",
        ) from None
    return data
