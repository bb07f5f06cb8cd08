"""The document's <meta> (Dublin Core and the hearing's properties) and its cover block
(the title block, one <p role> per line)."""

from __future__ import annotations

import re

import panflute as pf
from lxml import etree

from hearingpress import cite
from hearingpress.metadata import Hearing
from hearingpress.writers.uslm.blocks import FLOW
from hearingpress.writers.uslm.xmltree import DC, Unmappable, kind_name, sub

Property = tuple[str, str | None]  # (role, value): a <property role> when there is a value


def hearing_meta(
    meta: etree._Element,
    hearing: Hearing,
    before_title: tuple[Property, ...] = (),
    after_title: tuple[Property, ...] = (),
) -> None:
    """The hearing in <meta>: <congress> and <session> in the normalized forms USLM wants
    ("116", not "116th Congress"), the chamber and committees, `before_title`, the hearing's
    title, `after_title`, then the hearing date. Shared with the hearing record's XML."""
    sub(meta, "congress", str(hearing.congress))
    sub(meta, "session", str(hearing.session))
    properties = [
        ("chamber", hearing.chamber_name),
        ("committee", hearing.committee),
        ("subcommittee", hearing.subcommittee),
        *before_title,
        ("hearingTitle", hearing.title),
        *after_title,
    ]
    for role, value in properties:
        if value:
            sub(meta, "property", value, role=role)
    sub(
        meta,
        "property",
        hearing.date_label,
        role="hearingDate",
        type="date",
        date=hearing.date.isoformat(),
    )


class MetaAndCover:
    """The <meta> and the cover block."""

    def meta(self, root: etree._Element) -> None:
        statement = self.publication.statement
        hearing, witness = statement.hearing, statement.witness
        meta = sub(root, "meta")

        def dc(name: str, value: str | None) -> None:
            if value:
                sub(meta, f"{{{DC}}}{name}", value)

        dc("title", statement.full_title)
        dc("type", "Hearing Testimony")
        dc("creator", witness.name)
        dc("date", self.publication.date.date().isoformat())
        dc("language", statement.lang)
        dc("publisher", statement.publisher)
        dc("identifier", cite.identifier(statement))  # the EPUB's too
        dc("description", statement.description)
        for keyword in statement.keywords:
            dc("subject", keyword)
        dc("format", "text/xml")
        hearing_meta(
            meta,
            hearing,
            after_title=(
                ("witness", witness.name),
                ("witnessPosition", witness.position),
                ("witnessOrganization", witness.organization),
            ),
        )

    def cover(self, parent: etree._Element, title_block: pf.Div) -> None:
        """The title block: one <p role> per line, the level-1 heading as <docTitle>."""
        block = sub(parent, "block", role="cover")
        for child in title_block.content:
            if isinstance(child, pf.Header):
                self.inlines(sub(block, "docTitle"), child.content)
            elif isinstance(child, pf.Div) and child.classes:
                role = re.sub(r"-(\w)", lambda m: m.group(1).upper(), child.classes[0])
                line = sub(block, "p", role=role)
                if role == "hearingDate":
                    date = self.publication.statement.hearing.date.isoformat()
                    line = sub(line, "date", date=date)
                for part in child.content:
                    if not isinstance(part, pf.Plain | pf.Para):
                        raise Unmappable(f"the title block line '{role}' holds a {kind_name(part)}")
                    self.inlines(line, part.content)
            else:
                self.blocks(block, [child], FLOW)
