"""Lint a statement: the rule families run over the prose blocks and report every finding.

`lint_text(source)` returns the findings sorted by where they are; `hearingpress lint` prints
them (`report.py`) and applies the mechanical ones with `--fix` (`fix.py`).
"""

from __future__ import annotations

from hearingpress.lint import consistency, grammar, punctuation, style
from hearingpress.lint.document import Document, read_document
from hearingpress.lint.finding import Finding

FAMILIES = (grammar, punctuation, consistency, style)


def lint_document(doc: Document) -> list[Finding]:
    found: dict[tuple[str, int, int], Finding] = {}
    for family in FAMILIES:
        for finding in family.check(doc):
            found.setdefault((finding.code, finding.start, finding.end), finding)
    return sorted(found.values(), key=lambda f: (f.start, f.end, f.code))


def lint_text(source: str) -> tuple[Document, list[Finding]]:
    doc = read_document(source)
    return doc, lint_document(doc)
