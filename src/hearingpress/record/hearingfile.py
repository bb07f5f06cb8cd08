"""HEARING.yaml: the hearing's metadata and its statements, checked like a statement's
metadata (each mistake by line), and each statement checked to belong to the hearing.

    title: "The Traffickers’ Roadmap: …"      # the hearing's fields, as in a statement's
    date: 2020-03-04                          # `hearing` block
    chamber: House
    committee: "Committee on Financial Services"
    subcommittee: "Subcommittee on …"         # optional
    congress: 116
    session: 2
    code: BA10                                # optional: the House committee code
    statements:                               # files relative to this one, in order
      - testimony.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from hearingpress import confine
from hearingpress.errors import UserError
from hearingpress.metadata import (
    Fields,
    Hearing,
    NoAliasLoader,
    Statement,
    front_matter,
    read_hearing,
    read_statement,
)

MAX_BYTES = 200_000
CODE = re.compile(r"^[A-Z]{2}[0-9]{2}$")  # committee + subcommittee: BA00, BA10, IF16
# Fields of the hearing that every statement's `hearing` block must repeat.
AGREED = ("title", "date", "chamber", "committee", "subcommittee", "congress", "session")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class StatementEntry:
    """One line of `statements:`: the file and where it is listed."""

    path: Path
    line: int


@dataclass(frozen=True)
class HearingFile:
    path: Path
    hearing: Hearing
    code: str | None
    code_line: int
    statements: tuple[StatementEntry, ...]


def _error(message: str, path: Path, line: int | None = None, code: str = "HP702") -> UserError:
    return UserError(message, path, line, code=code)


def _read_text(path: Path) -> str:
    """HEARING.yaml's text, read with the bound every input has (confine.read_bounded)."""
    try:
        data = confine.read_bounded(path, MAX_BYTES)
    except confine.Refused as refused:
        if refused.problem == "too-big":
            raise _error(
                f"is over {MAX_BYTES:,} bytes; is it the right file?", path, code="HP701"
            ) from None
        what = (
            "no such file" if refused.problem == "missing" else f"is {refused.detail}, not a file"
        )
        raise _error(f"{what}; give the path of a HEARING.yaml file", path, code="HP701") from None
    try:
        text = confine.decode_utf8(data)
    except confine.NotUtf8 as bad:
        raise _error("is not UTF-8; save it as UTF-8", path, bad.line, code="HP701") from None
    if not text.strip():
        raise _error("is empty; see README, 'The hearing record'", path, code="HP701")
    return text


def _root(text: str, path: Path) -> yaml.Node:
    loader = NoAliasLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise _error(
            f"the YAML is not valid: {problem}; fix it on this line (put text containing "
            "':' or '#' in quotes)",
            path,
            mark.line + 1 if mark else None,
            code="HP701",
        ) from None
    except RecursionError:
        raise _error("the YAML is nested too deeply", path, code="HP701") from None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise _error(
            "must be a mapping of the hearing's fields (title, date, chamber, committee, "
            "congress, session, statements); see README",
            path,
            root.start_mark.line + 1 if root is not None else 1,
            code="HP701",
        )
    return root


def read_hearing_file(path: Path) -> HearingFile:
    """Read and check HEARING.yaml; every mistake is one coded line."""
    root = _root(_read_text(path), path)
    fields = Fields(root, NoAliasLoader(""), path, 1)
    top = fields.mapping(root, "hearing")
    try:
        hearing = read_hearing(fields, top, "", root)
        code = fields.text(top, "code", "", root, required=False)
    except UserError as err:  # the metadata contract's messages, with this file's code
        raise _error(err.message, path, err.line) from None
    code_line = fields.line(top["code"][1]) if "code" in top else fields.line(root)
    if code is not None and not CODE.match(code):
        raise _error(
            f"'code' is {code!r}; write the House committee code: two capital letters and two "
            "digits, e.g. BA10 (docs.house.gov shows it in each meeting's address)",
            path,
            code_line,
        )
    return HearingFile(path, hearing, code, code_line, _statements(fields, top, root, path))


def _statements(fields: Fields, top: dict, root: yaml.Node, path: Path) -> tuple:
    if "statements" not in top:
        raise _error("field 'statements' is missing; list the statement files", path, 1)
    node = top["statements"][1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise _error(
            "'statements' must be a list of statement files; write one '- file.md' line each",
            path,
            fields.line(node),
        )
    entries: list[StatementEntry] = []
    seen: dict[Path, int] = {}
    for item in node.value:
        line = fields.line(item)
        name = fields.scalar(item)
        if not isinstance(name, str) or not name.strip():
            raise _error("each statement must be a file name; write '- file.md'", path, line)
        resolved = (path.parent / name.strip()).resolve()
        if not resolved.is_file():
            raise _error(
                f"statement '{name}' not found next to {path.name}; fix the path",
                path,
                line,
                code="HP703",
            )
        if resolved in seen:
            raise _error(
                f"statement '{name}' is listed twice (first on line {seen[resolved]}); list it "
                "once",
                path,
                line,
                code="HP703",
            )
        seen[resolved] = line
        entries.append(StatementEntry(resolved, line))
    return tuple(entries)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.translate(QUOTES).split()) == " ".join(b.translate(QUOTES).split())
    return a == b


def read_member(hearing_file: HearingFile, entry: StatementEntry) -> tuple[str, Statement]:
    """A listed statement's text and metadata, refused (by its line) when it is from another
    hearing."""
    text, statement = read_statement(entry.path)
    ours, theirs = hearing_file.hearing, statement.hearing
    for name in AGREED:
        if not _same(getattr(ours, name), getattr(theirs, name)):
            shown = getattr(theirs, name)
            raise UserError(
                f"'hearing.{name}' is {_value(shown)}, not {_value(getattr(ours, name))} as "
                f"in {hearing_file.path.name}: this statement is from another hearing; remove "
                "it from 'statements' or correct its hearing block",
                entry.path,
                _hearing_line(entry.path, name),
                code="HP704",
            )
    return text, statement


def _value(value: object, limit: int = 40) -> str:
    if value is None:
        return "absent"
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def _hearing_line(path: Path, name: str) -> int | None:
    """The line of `hearing.<name>` (or of `hearing:`) in a statement's front matter."""
    text = path.read_text(encoding="utf-8")
    block, first_line = front_matter(text, path)
    root = NoAliasLoader(block).get_single_node()
    fields = Fields(root, NoAliasLoader(""), path, first_line)
    key, node = fields.mapping(root, "metadata")["hearing"]
    own = fields.mapping(node, "hearing")
    return fields.line(own[name][0]) if name in own else fields.line(key)
