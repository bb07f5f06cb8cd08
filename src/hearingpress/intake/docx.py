"""Read a Word file with pandoc's docx reader: real footnotes, headings by style, lists,
tables, quotes and emphasis come as pandoc knows them; each block is written back as Markdown
(one pandoc run for all of them) for the normaliser."""

from __future__ import annotations

import re
from pathlib import Path

import panflute as pf

from hearingpress import pandoc
from hearingpress.errors import UserError
from hearingpress.intake.model import Block, Intake, call

SEPARATOR = "HPIMPORTSEPARATOR"
CALL_MARK = re.compile(r"HPIMPORTCALL(\d+)X")
MARKDOWN = "markdown-smart-simple_tables-multiline_tables-raw_html-bracketed_spans-native_spans"


def read(path: Path) -> Intake:
    try:
        data, _ = pandoc.run(["--from=docx", "--to=json", str(path)])
    except pandoc.PandocError as err:
        first = str(err).splitlines()[0] if str(err) else "pandoc cannot read it"
        raise UserError(
            f"is not a readable Word file ({first}); open it in Word and save it again as .docx",
            path,
            code="HP506",
        ) from None
    doc = pandoc.json_to_doc(data)
    notes: list[list[pf.Block]] = []

    def take_note(elem: pf.Element, _doc: pf.Doc) -> pf.Element | None:
        if isinstance(elem, pf.Note):
            notes.append(list(elem.content))
            return pf.Str(f"HPIMPORTCALL{len(notes)}X")
        return None

    def typed_call(elem: pf.Element, _doc: pf.Doc) -> pf.Element | None:
        """With no real footnotes, a superscript number typed after a word is a note call."""
        if isinstance(elem, pf.Superscript) and pf.stringify(elem).strip().isdigit():
            return pf.Str(f"HPIMPORTCALL{int(pf.stringify(elem))}X")
        return None

    doc = doc.walk(take_note)
    if not notes:
        doc = doc.walk(typed_call)
    pieces: list[tuple[Block, list[pf.Block]]] = []
    for key in ("title", "subtitle"):  # Word's Title and Subtitle styles land in the metadata
        value = doc.metadata.content.get(key)
        if isinstance(value, pf.MetaInlines):
            pieces.append((Block("", "heading", 1), [pf.Para(*value.content)]))
    for block in doc.content:
        pieces += _blocks(block, 0)
    jobs = [blocks for _, blocks in pieces] + [note for note in notes]
    rendered = _render(jobs)
    out = []
    for (block, _), text in zip(pieces, rendered, strict=False):
        block.text = _calls(text, keep_width=block.kind == "table")
        out.append(block)
    texts = rendered[len(pieces) :]
    return Intake(
        blocks=out,
        notes={number: _calls(text) for number, text in enumerate(texts, start=1)},
        kind="docx",
    )


def _blocks(block: pf.Block, level: int) -> list[tuple[Block, list[pf.Block]]]:
    """Each paragraph, heading, list item, quote or table, with what renders its text."""
    if isinstance(block, pf.Para | pf.Plain):
        return [(Block(""), [pf.Para(*block.content)])]
    if isinstance(block, pf.Header):
        return [(Block("", "heading", block.level), [pf.Para(*block.content)])]
    if isinstance(block, pf.BulletList | pf.OrderedList):
        out = []
        start = getattr(block, "start", 1)
        for index, item in enumerate(block.content):
            marker = "-" if isinstance(block, pf.BulletList) else _ordinal(block, start + index)
            first, *rest = list(item.content) or [pf.Plain()]
            inline = list(first.content) if isinstance(first, pf.Para | pf.Plain) else []
            out.append((Block("", "item", level, marker), [pf.Para(*inline)]))
            for more in rest if inline else list(item.content):
                out += _blocks(more, level + 1)
        return out
    if isinstance(block, pf.BlockQuote):
        return [(Block("", "quote", level), list(block.content))]
    if isinstance(block, pf.Div):
        return [piece for child in block.content for piece in _blocks(child, level)]
    if isinstance(block, pf.HorizontalRule):
        return []
    return [(Block("", "table"), [block])]


def _ordinal(block: pf.OrderedList, number: int) -> str:
    style = block.style
    if style in ("LowerAlpha", "UpperAlpha"):
        letter = chr(ord("a") + (number - 1) % 26)
        return (letter.upper() if style == "UpperAlpha" else letter) + "."
    return f"{number}."


def _render(jobs: list[list[pf.Block]]) -> list[str]:
    """Every job's blocks as Markdown, in one pandoc run (a separator paragraph between)."""
    content: list[pf.Block] = []
    for index, blocks in enumerate(jobs):
        content += [*blocks, pf.Para(pf.Str(f"{SEPARATOR}{index}"))]
    doc = pf.Doc(*content)
    text = pandoc.write(doc, MARKDOWN, ["--wrap=none"]).decode("utf-8")
    parts = re.split(rf"\n*{SEPARATOR}\d+\n*", text)
    return [part.strip("\n") for part in parts[: len(jobs)]]


def _calls(text: str, keep_width: bool = False) -> str:
    """Note marks -> calls; in a table, padded to the mark's width so the grid stays aligned."""

    def replace(found: re.Match[str]) -> str:
        mark = call(int(found.group(1)))
        return mark + " " * (len(found.group()) - len(mark)) if keep_width else mark

    return CALL_MARK.sub(replace, text)
