"""A finding: a code, the span of the offending words in the file, and what to write instead."""

from __future__ import annotations

from dataclasses import dataclass

from hearingpress.lint.catalogue import RULES


@dataclass(frozen=True)
class Finding:
    code: str
    start: int  # offsets into the source file
    end: int
    detail: str  # what was found, appended to the code's summary
    suggestion: str = ""
    fix: str | None = None  # the replacement for source[start:end], when mechanical

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    @property
    def message(self) -> str:
        summary = RULES[self.code].summary
        return f"{summary}: {self.detail}" if self.detail else summary
