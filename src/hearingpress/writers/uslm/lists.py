"""Lists (<list> with <num> and <listContent>, one nested list at most) and tables
(<xhtml:table> with header cells scoped)."""

from __future__ import annotations

import panflute as pf
from lxml import etree

from hearingpress.writers.uslm.blocks import CELL
from hearingpress.writers.uslm.xmltree import XHTML, Unmappable, kind_name, near, sub

BULLETS = ("•", "–", "◦")
CELL_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while number >= value:
            out, number = out + letters, number - value
    return out


def _alpha(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def list_marker(number: int, style: str, delimiter: str) -> str:
    """The visible number of an ordered-list item, as pandoc's writers print it."""
    label = {
        "LowerAlpha": _alpha(number),
        "UpperAlpha": _alpha(number).upper(),
        "LowerRoman": _roman(number),
        "UpperRoman": _roman(number).upper(),
    }.get(style, str(number))
    if delimiter == "OneParen":
        return f"{label})"
    if delimiter == "TwoParens":
        return f"({label})"
    return f"{label}."


class ListsAndTables:
    """Lists and tables."""

    def make_list(self, parent: etree._Element, block: pf.BulletList | pf.OrderedList) -> None:
        ordered = isinstance(block, pf.OrderedList)
        element = sub(parent, "list", class_="numbered" if ordered else "bulleted")
        start = block.start if ordered else 1
        for number, item in enumerate(block.content, start=start):
            entry = sub(element, "listItem")
            if ordered:
                marker = list_marker(number, block.style, block.delimiter)
                sub(entry, "num", marker, value=str(number))
            else:
                sub(entry, "num", BULLETS[min(self.list_depth, len(BULLETS) - 1)])
            self.list_item(entry, list(item.content))

    def list_item(self, entry: etree._Element, blocks: list[pf.Block]) -> None:
        """<listContent> (inline only) for the item's text, then at most one nested list."""
        index = 0
        texts: list[pf.Plain | pf.Para] = []
        while index < len(blocks) and isinstance(blocks[index], pf.Plain | pf.Para):
            texts.append(blocks[index])
            index += 1
        if texts:
            content = sub(entry, "listContent")
            for number, text in enumerate(texts):
                if number:
                    sub(content, "br")  # a second paragraph in one item: a line break
                self.inlines(content, text.content)
        if index < len(blocks) and isinstance(blocks[index], pf.BulletList | pf.OrderedList):
            self.list_depth += 1
            self.make_list(entry, blocks[index])
            self.list_depth -= 1
            index += 1
        if index < len(blocks):
            raise Unmappable(
                f"a list item holds a {kind_name(blocks[index])} after its text"
                f"{' and nested list' if texts and index > len(texts) else ''}; "
                "a USLM list item can hold only text and then one nested list"
                f"{near(blocks[index])}"
            )

    def table(self, parent: etree._Element, block: pf.Table) -> None:
        table = sub(parent, f"{{{XHTML}}}table")
        if block.caption and block.caption.content:
            self.blocks(sub(table, f"{{{XHTML}}}caption"), block.caption.content, CELL)
        aligns = [CELL_ALIGN.get(align) for align, _width in block.colspec]
        if block.head and block.head.content:
            thead = sub(table, f"{{{XHTML}}}thead")
            for row in block.head.content:
                self.row(thead, row, aligns, len(aligns), "col")
        if block.foot and block.foot.content:
            tfoot = sub(table, f"{{{XHTML}}}tfoot")
            for row in block.foot.content:
                self.row(tfoot, row, aligns, 0, "col")
        bodies = [body for body in block.content if body.head or body.content]
        if not bodies:
            raise Unmappable("a table has no body rows; USLM tables need at least one")
        for body in bodies:
            tbody = sub(table, f"{{{XHTML}}}tbody")
            for row in body.head:
                self.row(tbody, row, aligns, len(aligns), "col")
            for row in body.content:
                self.row(tbody, row, aligns, body.row_head_columns, "row")

    def row(
        self,
        parent: etree._Element,
        row: pf.TableRow,
        aligns: list[str | None],
        header_columns: int,
        scope: str,
    ) -> None:
        """A table row; its first `header_columns` cells are <th scope>."""
        tr = sub(parent, f"{{{XHTML}}}tr")
        column = 0
        for cell in row.content:
            is_header = column < header_columns
            element = sub(tr, f"{{{XHTML}}}{'th' if is_header else 'td'}")
            if is_header:
                element.set("scope", scope)
            align = CELL_ALIGN.get(cell.alignment) or (
                aligns[column] if column < len(aligns) else None
            )
            if align:
                element.set("align", align)
            if cell.colspan > 1:
                element.set("colspan", str(cell.colspan))
            if cell.rowspan > 1:
                element.set("rowspan", str(cell.rowspan))
            self.blocks(element, cell.content, CELL)
            column += cell.colspan
