"""Blocks and sections: the body nested by heading into <level>s, each block placed where its
container accepts it (wrapped in <content> or <p> when not), and figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import panflute as pf
from lxml import etree

from hearingpress.writers.uslm.xmltree import (
    XHTML,
    XML_LANG,
    XML_SPACE,
    Unmappable,
    kind_name,
    near,
    sub,
    xml_id,
)

# Which of our block elements each container accepts as a direct child; anything else is
# wrapped (in <content> inside a level, in <p> inside a footnote or table cell).
FLOW = "flow"  # <content>, <chapeau>, <continuation>, <quotedContent>: any USLM element
LEVEL = "level"  # a level without sub-levels: <p> or <content> (quotedContent substitutes)
NOTE = "note"  # <footnote>: <p>, <list>, <xhtml:table>
CELL = "cell"  # <xhtml:td>/<th>: <p>, <list>, <xhtml:table>
ACCEPTS = {
    LEVEL: {"p", "content", "quotedContent"},
    NOTE: {"p", "list", "table"},
    CELL: {"p", "list", "table"},
}
WRAPPER = {LEVEL: "content", NOTE: "p", CELL: "p"}
P_ACCEPTS = {"quotedContent", "table"}  # block elements a <p> may hold


@dataclass
class _Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    header: pf.Header
    items: list[pf.Block | _Section] = field(default_factory=list)


def flatten(blocks: Iterable[pf.Block]) -> list[pf.Block]:
    """Plain Divs (no id, no language) carry nothing USLM needs: splice in their content."""
    out: list[pf.Block] = []
    for block in blocks:
        if isinstance(block, pf.Div) and not block.identifier and "lang" not in block.attributes:
            out.extend(flatten(block.content))
        else:
            out.append(block)
    return out


def outline(blocks: Iterable[pf.Block]) -> list[pf.Block | _Section]:
    """Nest the body by heading level: level-2 headings open sections, level-3 subsections…"""
    root: list[pf.Block | _Section] = []
    stack: list[tuple[int, list[pf.Block | _Section]]] = [(0, root)]
    for block in blocks:
        if isinstance(block, pf.Header):
            while len(stack) > 1 and stack[-1][0] >= block.level:
                stack.pop()
            section = _Section(block)
            stack[-1][1].append(section)
            stack.append((block.level, section.items))
        else:
            stack[-1][1].append(block)
    return root


class Blocks:
    """Sections and blocks."""

    def items(self, parent: etree._Element, items: list[pf.Block | _Section], context: str):
        run: list[pf.Block] = []
        for item in items:
            if isinstance(item, _Section):
                self.blocks(parent, run, context)
                run = []
                self.level(parent, item)
            else:
                run.append(item)
        self.blocks(parent, run, context)

    def level(self, parent: etree._Element, section: _Section) -> None:
        header = section.header
        level = sub(parent, "level")
        if header.identifier:
            level.set("id", xml_id(header.identifier))
        self.inlines(sub(level, "heading"), header.content)
        if not any(isinstance(item, _Section) for item in section.items):
            self.blocks(level, section.items, LEVEL)  # type: ignore[arg-type]
            return
        # With sub-levels, text before the first goes in <chapeau>, text after in <continuation>.
        run: list[pf.Block] = []
        seen_sublevel = False
        for item in [*section.items, None]:
            if isinstance(item, pf.Block):
                run.append(item)
                continue
            if run:
                wrapper = sub(level, "continuation" if seen_sublevel else "chapeau")
                self.blocks(wrapper, run, FLOW)
                run = []
            if item is not None:
                self.level(level, item)
                seen_sublevel = True

    def blocks(self, parent: etree._Element, blocks: Iterable[pf.Block], context: str) -> None:
        blocks = list(blocks)
        if context == CELL and len(blocks) == 1 and isinstance(blocks[0], pf.Plain):
            self.inlines(parent, blocks[0].content)  # a simple cell: text right in the <td>
            return
        for block in blocks:
            self.block(parent, block, context)

    def block(self, parent: etree._Element, block: pf.Block, context: str) -> None:
        tag = self.tag_of(block)
        if tag is None:
            return
        if context == FLOW or tag in ACCEPTS[context]:
            self.emit(parent, block)
            return
        wrapper_tag = WRAPPER[context]
        if wrapper_tag == "p" and tag not in P_ACCEPTS:
            where = {NOTE: "a note", CELL: "a table cell"}[context]
            raise Unmappable(f"a {kind_name(block)} cannot go inside {where} in USLM{near(block)}")
        self.emit(sub(parent, wrapper_tag), block)

    @staticmethod
    def tag_of(block: pf.Block) -> str | None:
        """The USLM element a block becomes (None: nothing to write)."""
        if isinstance(block, pf.Para | pf.Plain | pf.CodeBlock | pf.LineBlock):
            return "p"
        if isinstance(block, pf.BulletList | pf.OrderedList):
            return "list"
        if isinstance(block, pf.BlockQuote):
            return "quotedContent"
        if isinstance(block, pf.Table):
            return "table"
        if isinstance(block, pf.Div):
            return "content"
        if isinstance(block, pf.Figure):
            return "figure"
        if isinstance(block, pf.Null | pf.HorizontalRule):
            return None  # a rule is decoration: no words, no USLM element for it
        if isinstance(block, pf.Header):
            raise Unmappable(
                f"heading '{pf.stringify(block)}' is inside a {kind_name(block.parent)}; "
                "USLM levels cannot start there"
            )
        if isinstance(block, pf.RawBlock):
            raise Unmappable(
                f"raw {block.format} cannot be carried into USLM XML; remove it{near(block)}"
            )
        raise Unmappable(f"pandoc {kind_name(block)} has no USLM mapping yet{near(block)}")

    def emit(self, parent: etree._Element, block: pf.Block) -> None:
        if isinstance(block, pf.Para | pf.Plain):
            self.inlines(sub(parent, "p"), block.content)
        elif isinstance(block, pf.CodeBlock):
            code = sub(parent, "p", block.text, role="code")
            code.set(XML_SPACE, "preserve")
        elif isinstance(block, pf.LineBlock):
            line = sub(parent, "p", role="lineBlock")
            for number, item in enumerate(block.content):
                if number:
                    sub(line, "br")
                self.inlines(line, item.content)
        elif isinstance(block, pf.BulletList | pf.OrderedList):
            self.make_list(parent, block)
        elif isinstance(block, pf.BlockQuote):
            self.blocks(sub(parent, "quotedContent"), flatten(block.content), FLOW)
        elif isinstance(block, pf.Table):
            self.table(parent, block)
        elif isinstance(block, pf.Figure):
            self.figure(parent, block)
        elif isinstance(block, pf.Div):
            wrapper = sub(parent, "content")
            if block.identifier:
                wrapper.set("id", xml_id(block.identifier))
            if "lang" in block.attributes:
                wrapper.set("role", "foreign")
                wrapper.set(XML_LANG, block.attributes["lang"])
            self.blocks(wrapper, flatten(block.content), FLOW)

    def figure(self, parent: etree._Element, block: pf.Figure) -> None:
        """<figure> with an <xhtml:img> (USLM's own <img> has no alt) and its <figCaption>.
        The image is the data: URL hearingpress.images put in the AST: the XML stands alone."""
        found = [e for b in block.content for e in getattr(b, "content", []) if e.tag == "Image"]
        if len(found) != 1:
            raise Unmappable(f"a figure must hold exactly one image{near(block)}")
        (image,) = found
        figure = sub(parent, "figure")
        if block.identifier:
            figure.set("id", xml_id(block.identifier))
        sub(figure, f"{{{XHTML}}}img", src=image.url, alt=pf.stringify(image))
        caption = [i for b in block.caption.content for i in getattr(b, "content", [])]
        if caption:
            self.inlines(sub(figure, "figCaption"), caption)
