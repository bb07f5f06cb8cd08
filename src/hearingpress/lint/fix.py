"""`--fix`: apply the mechanical fixes and record each in an errata file like source/errata.yaml.

Only codes marked `fix` in the catalogue are applied (doubled word, stray punctuation, month
case, straight quotes). Each change becomes an errata entry: the words around it as they were
(`original`) and as they are (`corrected`), the code and its summary as the `reason`, the
catalogue's errata `category`, and `note: N` when it is in note N.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from hearingpress.lint.catalogue import RULES
from hearingpress.lint.document import Document
from hearingpress.lint.finding import Finding

HEADER = """# Errata: every editorial change made to this statement, one entry each (written by
# `hearingpress lint --fix`; same shape as source/errata.yaml).
"""


def mechanical(findings: list[Finding]) -> list[Finding]:
    """The fixable findings, without overlaps (the first of two overlapping ones wins)."""
    chosen: list[Finding] = []
    for finding in findings:
        if finding.fix is None or not RULES[finding.code].fix:
            continue
        if chosen and finding.start < chosen[-1].end:
            continue
        chosen.append(finding)
    return chosen


def apply(doc: Document, fixes: list[Finding]) -> tuple[str, list[dict]]:
    """The fixed source and one errata entry per fix, each read after the fixes before it
    (so that applying the entries in order, as tests/test_source.py does, reproduces it)."""
    source = doc.source
    entries = []
    shift = 0
    for finding in fixes:
        start, end = finding.start + shift, finding.end + shift
        before, after = _context_start(source, start), _context_end(source, end)
        fixed = source[:start] + finding.fix + source[end:]
        rule = RULES[finding.code]
        entry = {
            "original": " ".join(source[before:after].split()),
            "corrected": " ".join(fixed[before : after + len(fixed) - len(source)].split()),
            "reason": f"{rule.code}: {rule.summary}",
            "category": rule.category,
        }
        note = next(
            (
                block.note_number
                for block in doc.blocks
                if block.kind == "note" and block.start <= finding.start < block.end
            ),
            None,
        )
        entries.append(entry if note is None else {"note": note, **entry})
        shift += len(fixed) - len(source)
        source = fixed
    return source, entries


def _context_start(source: str, offset: int) -> int:
    m = re.search(r"\S+\s+\S*$", source[max(0, offset - 60) : offset])
    return offset - len(m.group()) if m else offset


def _context_end(source: str, offset: int) -> int:
    m = re.match(r"\S*\s+\S+", source[offset : offset + 60])
    return offset + len(m.group()) if m else offset


def record(errata: Path, entries: list[dict]) -> None:
    """Append the entries to the errata file: body changes to `body`, note changes to `notes`."""
    text = errata.read_text(encoding="utf-8") if errata.exists() else HEADER
    for key, chosen in (
        ("body", [e for e in entries if "note" not in e]),
        ("notes", [e for e in entries if "note" in e]),
    ):
        if chosen:
            text = _append(text, key, chosen)
    errata.write_text(text, encoding="utf-8")


def _append(text: str, key: str, entries: list[dict]) -> str:
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    block = "".join(f"  {line}\n" for line in block.splitlines())
    found = re.search(rf"^{key}:[ \t]*(\[\])?[ \t]*(?:\n|$)", text, re.M)
    if found is None:
        return text.rstrip("\n") + f"\n\n{key}:\n" + block
    if found.group(1):  # "key: []"
        text = text[: found.start()] + f"{key}:\n" + text[found.end() :]
        found = re.search(rf"^{key}:[ \t]*\n", text, re.M)
    following = re.compile(r"^\S", re.M).search(text, found.end())
    end = following.start() if following else len(text)
    rest = text[end:]
    return text[:end].rstrip("\n") + "\n" + block + ("\n" + rest if rest else "")
