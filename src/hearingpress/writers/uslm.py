"""Congressional-style XML: the statement as a GPO USLM 2.1.0 `<document role="testimony">`.

USLM has no hearing type; its generic `<document>` root holds the testimony: `<meta>` with
Dublin Core and hearing properties, `<content>` with a cover block (the title block), `<level>`s
for sections and subsections, and each note as a `<footnote>` right where it is called.

The content models that matter (see ../shared/schemas/uslm/README.md):
- a level holds either paragraphs/`<content>` or sub-levels; before a sub-level, blocks go in
  `<chapeau>`, after one in `<continuation>`;
- a list never sits in a `<p>` or directly in a level: it goes in `<content>`;
- a list item is `<num>`, then inline `<listContent>`, then at most one nested list.
What the schema cannot check (idrefs resolve, each footnote called once, ids unique) is checked
here, and the finished bytes are validated against the schema before they are returned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import panflute as pf
from lxml import etree

from hearingpress import uslm_schema
from hearingpress.errors import UserError
from hearingpress.publication import Publication

USLM = uslm_schema.NAMESPACE
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {None: USLM, "dc": DC, "xhtml": XHTML, "xsi": XSI}

BULLETS = ("•", "–", "◦")
QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
INLINE_TAGS = {pf.Emph: "i", pf.Strong: "b", pf.Superscript: "sup", pf.Subscript: "sub"}
INLINE_ROLES = {pf.Underline: "underline", pf.Strikeout: "strikeout", pf.SmallCaps: "smallCaps"}
CELL_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}

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
# Elements that only ever hold other elements here: safe to indent. Mixed content (p, heading,
# listContent, footnote…) is never touched, so no whitespace is added to the text.
STRUCTURAL = {
    "document", "meta", "content", "block", "level", "chapeau", "continuation", "list",
    "listItem", "figure", "quotedContent", "table", "thead", "tbody", "tfoot", "tr",
}  # fmt: skip


class Unmappable(ValueError):
    """Something in the AST that has no valid place in USLM 2.1.0."""


def u(tag: str) -> str:
    return f"{{{USLM}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A USLM (or, with a '{ns}' tag, other) child element; `class_` sets @class."""
    name = tag if tag.startswith("{") else u(tag)
    element = etree.SubElement(parent, name)
    for key, value in attrs.items():
        element.set(key.rstrip("_"), value)
    if text is not None:
        element.text = text
    return element


def add_text(parent: etree._Element, text: str) -> None:
    """Append text at the end of a mixed-content element."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


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


def xml_id(identifier: str) -> str:
    """A Pandoc identifier as an xsd:ID (an NCName): prefixed and cleaned when it is not one."""
    if re.fullmatch(r"[^\W\d][\w.-]*", identifier):
        return identifier
    return "id-" + re.sub(r"[^\w.-]", "-", identifier)


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


def _kind(element: pf.Element) -> str:
    return type(element).__name__


def _near(element: pf.Element) -> str:
    """A few words around an element, so an error says where in the statement it is."""
    while element is not None and not pf.stringify(element).strip():
        element = element.parent
    if element is None or isinstance(element, pf.Doc):
        return ""
    text = " ".join(pf.stringify(element).split())
    return f" (near “{text[:40]}{'…' if len(text) > 40 else ''}”)"


@dataclass
class _Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    header: pf.Header
    items: list[pf.Block | _Section] = field(default_factory=list)


def _flatten(blocks: Iterable[pf.Block]) -> list[pf.Block]:
    """Plain Divs (no id, no language) carry nothing USLM needs: splice in their content."""
    out: list[pf.Block] = []
    for block in blocks:
        if isinstance(block, pf.Div) and not block.identifier and "lang" not in block.attributes:
            out.extend(_flatten(block.content))
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


class Builder:
    """Walks the panflute AST once and builds the USLM tree; notes are numbered as met."""

    def __init__(self, publication: Publication):
        self.publication = publication
        self.notes = 0
        self.list_depth = 0

    # ---- document -------------------------------------------------------------------------

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
        self.items(content, outline(_flatten(blocks)), FLOW)
        return root

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
        dc("identifier", statement.identifier)
        dc("description", statement.description)
        for keyword in statement.keywords:
            dc("subject", keyword)
        dc("format", "text/xml")
        # In <meta>, USLM wants the normalized forms: "116", not "116th Congress".
        sub(meta, "congress", str(hearing.congress))
        sub(meta, "session", str(hearing.session))
        properties = [
            ("chamber", hearing.chamber_name),
            ("committee", hearing.committee),
            ("subcommittee", hearing.subcommittee),
            ("hearingTitle", hearing.title),
            ("witness", witness.name),
            ("witnessPosition", witness.position),
            ("witnessOrganization", witness.organization),
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
                        raise Unmappable(f"the title block line '{role}' holds a {_kind(part)}")
                    self.inlines(line, part.content)
            else:
                self.blocks(block, [child], FLOW)

    # ---- sections -------------------------------------------------------------------------

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

    # ---- blocks ---------------------------------------------------------------------------

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
            raise Unmappable(f"a {_kind(block)} cannot go inside {where} in USLM{_near(block)}")
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
                f"heading '{pf.stringify(block)}' is inside a {_kind(block.parent)}; "
                "USLM levels cannot start there"
            )
        if isinstance(block, pf.RawBlock):
            raise Unmappable(
                f"raw {block.format} cannot be carried into USLM XML; remove it{_near(block)}"
            )
        raise Unmappable(f"pandoc {_kind(block)} has no USLM mapping yet{_near(block)}")

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
            self.blocks(sub(parent, "quotedContent"), _flatten(block.content), FLOW)
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
            self.blocks(wrapper, _flatten(block.content), FLOW)

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
                f"a list item holds a {_kind(blocks[index])} after its text"
                f"{' and nested list' if texts and index > len(texts) else ''}; "
                "a USLM list item can hold only text and then one nested list"
                f"{_near(blocks[index])}"
            )

    def figure(self, parent: etree._Element, block: pf.Figure) -> None:
        """<figure> with an <xhtml:img> (USLM's own <img> has no alt) and its <figCaption>.
        The image is the data: URL hearingpress.images put in the AST: the XML stands alone."""
        found = [e for b in block.content for e in getattr(b, "content", []) if e.tag == "Image"]
        if len(found) != 1:
            raise Unmappable(f"a figure must hold exactly one image{_near(block)}")
        (image,) = found
        figure = sub(parent, "figure")
        if block.identifier:
            figure.set("id", xml_id(block.identifier))
        sub(figure, f"{{{XHTML}}}img", src=image.url, alt=pf.stringify(image))
        caption = [i for b in block.caption.content for i in getattr(b, "content", [])]
        if caption:
            self.inlines(sub(figure, "figCaption"), caption)

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

    # ---- inlines --------------------------------------------------------------------------

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
                f"raw {item.format} cannot be carried into USLM XML; remove it{_near(item)}"
            )
        else:
            raise Unmappable(f"pandoc {_kind(item)} has no USLM mapping yet{_near(item)}")

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

    def note(self, parent: etree._Element, note: pf.Note) -> None:
        """The call and the note text together, where the note is called."""
        self.notes += 1
        number = str(self.notes)
        note_id = f"fn-{number}"
        sub(sub(parent, "ref", class_="footnoteRef", idref=note_id), "sup", number)
        footnote = sub(parent, "footnote", id=note_id)
        sub(sub(footnote, "num", value=number), "sup", number)
        blocks = list(note.content)
        if len(blocks) == 1 and isinstance(blocks[0], pf.Para | pf.Plain):
            add_text(footnote, " ")
            self.inlines(footnote, blocks[0].content)
        else:
            self.blocks(footnote, blocks, NOTE)


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
