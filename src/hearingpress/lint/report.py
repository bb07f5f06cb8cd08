"""Findings as text lines (`FILE:LINE:COL: CODE severity: message (suggestion)`) or JSON."""

from __future__ import annotations

import json

from hearingpress.lint.document import Document
from hearingpress.lint.finding import Finding


def as_dicts(doc: Document, findings: list[Finding], name: str) -> list[dict]:
    rows = []
    for finding in findings:
        line, column = doc.position(finding.start)
        end_line, end_column = doc.position(finding.end)
        rows.append(
            {
                "file": name,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,  # exclusive: the column just after the span
                "code": finding.code,
                "severity": finding.severity,
                "message": finding.message,
                "suggestion": finding.suggestion,
            }
        )
    return rows


def as_text(doc: Document, findings: list[Finding], name: str) -> str:
    lines = []
    for row in as_dicts(doc, findings, name):
        suggestion = f" ({row['suggestion']})" if row["suggestion"] else ""
        lines.append(
            f"{row['file']}:{row['line']}:{row['column']}: {row['code']} {row['severity']}: "
            f"{row['message']}{suggestion}"
        )
    return "".join(line + "\n" for line in lines)


def as_json(doc: Document, findings: list[Finding], name: str) -> str:
    return json.dumps(as_dicts(doc, findings, name), ensure_ascii=False, indent=1) + "\n"
