"""The catalogue of lint codes: each code's severity, summary, exceptions and fix, as data.

The codes live in `lint/data/codes.yaml`, one home for their wording: a finding's message is
its code's summary plus the words it found, and README.md's rule table mirrors the file
(tests/lint/test_lint_catalogue.py checks that they agree).
Codes: `L1xx` grammar, `L2xx` punctuation, `L3xx` names and terms, `L4xx` house style.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # error | warning
    summary: str
    exceptions: str = ""  # what the rule leaves alone, and the testimony's accepted style
    fix: bool = False  # --fix applies it (mechanical only)
    category: str = ""  # the errata category a fix is recorded under


def _load() -> dict[str, Rule]:
    text = resources.files("hearingpress.lint").joinpath("data", "codes.yaml").read_text("utf-8")
    return {code: Rule(code, **fields) for code, fields in yaml.safe_load(text).items()}


RULES: dict[str, Rule] = _load()
