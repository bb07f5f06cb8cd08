"""Write the draft: the metadata block of the contract, then the body in the Markdown the build
accepts, and the report, one line per guess or gap at the draft line it concerns."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from hearingpress.intake.cover import Cover
from hearingpress.intake.model import CALL, Block, Intake
from hearingpress.metadata import CONTRACT_FIELDS, placeholder

BLOCK_START = re.compile(r"^(?:\d{1,9}[.)](?=\s)|[-+*](?=\s)|#|>|:(?=\s)|\||=+\s*$)")


@dataclass
class Entry:
    """One report line: where in the draft, guess or gap, and what."""

    line: int
    kind: str  # "guess" | "gap"
    text: str


def yaml_value(value: object) -> str:
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML string


def inline_note(text: str) -> str:
    return "^[" + " ".join(text.split()) + "]"


def write(intake: Intake, cover: Cover) -> tuple[str, list[Entry]]:
    """The draft's text and its report."""
    lines: list[str] = ["---"]
    report: list[Entry] = []
    notes = dict(intake.notes)
    if cover.witness_note in notes:
        cover.set(
            "witness.note",
            inline_note(notes.pop(cover.witness_note)),
            "called from the witness's name",
        )
    parent = ""
    for key, asks in CONTRACT_FIELDS.items():
        group, _, name = key.rpartition(".")
        value = cover.values.get(key)
        if value is None and asks is None:
            continue
        if group and group != parent:
            lines.append(f"{group}:")
        parent = group
        indent = "  " if group else ""
        if value is None:
            lines.append(f"{indent}{name}: {yaml_value(placeholder(asks))}")
            report.append(Entry(len(lines), "gap", f"{key} not found on the cover; fill it in"))
        else:
            lines.append(f"{indent}{name}: {yaml_value(value)}")
            shown = value if key != "witness.note" else f"note {cover.witness_note} of the input"
            report.append(Entry(len(lines), "guess", f"{key}: {shown} ({cover.why[key]})"))
    lines += ["---", ""]
    called: list[int] = []
    body = [b for b in intake.blocks if not b.cover]
    for index, block in enumerate(body):
        before = body[index - 1] if index else None
        if not (_same_list(before, block)) and lines[-1] != "":
            lines.append("")
        for guess in block.guesses:
            report.append(Entry(len(lines) + 1, "guess", guess))
        called += [int(n) for n in CALL.findall(block.text)]
        lines += _markdown(block).split("\n")
    for number in called:
        if number not in notes:
            notes[number] = placeholder(f"the text of note {number}, not found in the input")
            report.append(
                Entry(
                    _line_of(lines, f"[^{number}]"),
                    "gap",
                    f"note {number} is called but its text was not found",
                )
            )
    uncalled = [n for n in notes if n not in called]
    for number in uncalled:
        lines += [
            "",
            f"{placeholder(f'put the call of note {number} where it belongs')}[^{number}]",
        ]
        report.append(Entry(len(lines), "gap", f"note {number} is never called in the text"))
    for number in sorted(notes, key=lambda n: (called + uncalled).index(n)):
        paragraphs = _calls(notes[number]).split("\n\n")
        lines += ["", f"[^{number}]: {paragraphs[0].strip()}"]
        for more in paragraphs[1:]:
            lines += ["", *("    " + row for row in more.strip().split("\n"))]
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text, sorted(report, key=lambda e: e.line)


def _line_of(lines: list[str], needle: str) -> int:
    return next((i for i, row in enumerate(lines, 1) if needle in row), len(lines))


def _same_list(before: Block | None, block: Block) -> bool:
    if before is None or before.kind != "item" or block.kind != "item":
        return False
    return block.level != before.level or _marker_kind(block.marker) == _marker_kind(before.marker)


def _marker_kind(marker: str) -> str:
    return "bullet" if marker in ("-", "•", "*", "+") else re.sub(r"\w+", "n", marker)


def _calls(text: str, keep_width: bool = False) -> str:
    """Calls as [^n]; in a grid table, eating the padding after them so the grid stays aligned."""
    if keep_width:
        return re.sub(
            CALL.pattern + "( *)",
            lambda m: f"[^{m.group(1)}]" + " " * max(len(m.group(2)) - 1, 0),
            text,
        )
    return CALL.sub(lambda m: f"[^{m.group(1)}]", text)


def _markdown(block: Block) -> str:
    text = _calls(block.text, keep_width=block.text.startswith("+"))  # a grid table
    if block.kind == "table":
        return text
    one_line = re.sub(r"(?<!\\)\n", " ", text).strip()
    if block.kind == "heading":
        return f"{'#' * max(block.level, 1)} {one_line}"
    if block.kind == "item":
        marker = "-" if _marker_kind(block.marker) == "bullet" else block.marker
        return f"{'    ' * block.level}{marker} {one_line}"
    if block.kind == "quote":
        return "\n>\n".join(f"{'> ' * (block.level + 1)}{p}" for p in text.split("\n\n"))
    return BLOCK_START.sub(_escaped, one_line, count=1)


def _escaped(found: re.Match[str]) -> str:
    """A paragraph must not open like a list, heading, quote or table: escape its mark."""
    mark = found.group()
    return f"{mark[:-1]}\\{mark[-1]}" if mark[0].isdigit() else f"\\{mark}"
