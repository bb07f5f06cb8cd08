"""`hearingpress new statement.md`: a statement skeleton from the metadata contract, every
required field a placeholder that `build` refuses, with one section, one note, one citation
and a references.json beside it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hearingpress.errors import UserError
from hearingpress.metadata import CONTRACT_FIELDS, placeholder

HELP = "write a statement skeleton to fill in (and a references.json beside it)"
REFERENCES = "references.json"
BODY = f"""
{placeholder("your opening paragraph: thank the chair and members, say what you will cover")}

# {placeholder("a section heading")}

{placeholder("a paragraph")} A footnote is written where it is called.^[{placeholder("a note")}]
A source in references.json is cited the same way, by its id.[@source2025]
"""


def skeleton() -> str:
    lines = ["---"]
    for key, asks in CONTRACT_FIELDS.items():
        group, _, name = key.rpartition(".")
        if asks is None or key == "lang":
            continue
        if group and f"{group}:" not in lines:
            lines.append(f"{group}:")
        lines.append(f'{"  " if group else ""}{name}: "{placeholder(asks)}"')
    lines += ["lang: en-US", f"bibliography: {REFERENCES}", "---"]
    return "\n".join(lines) + "\n" + BODY.rstrip("\n") + "\n"


def references() -> str:
    entry = {
        "id": "source2025",
        "type": "report",
        "title": placeholder("the title of a source you cite"),
        "author": [{"family": placeholder("the author's family name"), "given": ""}],
        "publisher": placeholder("the publisher"),
        "issued": {"date-parts": [[2025]]},
        "URL": "https://www.example.org/",
    }
    return json.dumps([entry], indent=2, ensure_ascii=False) + "\n"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("new", help=HELP, description=HELP)
    parser.add_argument("source", type=Path, help="the statement to write, e.g. statement.md")


def run(args: argparse.Namespace) -> int:
    target: Path = args.source
    bibliography = target.parent / REFERENCES
    for path in (target, bibliography):
        if path.exists():
            raise UserError("already exists; choose another name or folder", path, code="HP513")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(skeleton(), encoding="utf-8")
        bibliography.write_text(references(), encoding="utf-8")
    except OSError as err:
        raise UserError(f"cannot write it ({err.strerror})", target, code="HP513") from None
    sys.stderr.write(
        f"hearingpress: new: wrote {target} and {bibliography}; replace every [FILL IN: …], "
        f"then run 'hearingpress build {target}'\n"
    )
    return 0
