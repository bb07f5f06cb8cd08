"""GPO's USLM 2.1.0 schema: find it, load it once per process, validate with it, all offline.

The schema set is not copied into the project: it is read from `../shared/schemas/uslm` next to
the project (found from this file), or from the folder named by HEARINGPRESS_USLM_SCHEMAS.
Every parse here refuses the network, DTDs and entity expansion; the one remote import in
`uslm-2.1.0.xsd` (the Senate metadata schema) is answered from the local folder.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from lxml import etree

from hearingpress.errors import UserError

ENV_VAR = "HEARINGPRESS_USLM_SCHEMAS"
ENTRY = "uslm-2.1.0.xsd"
NAMESPACE = "http://schemas.gpo.gov/xml/uslm"
# src/hearingpress/uslm_schema.py -> the project root is two folders up; the schemas sit beside it.
DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "uslm"


class _LocalSchemas(etree.Resolver):
    """Answer a remote schemaLocation with the file of the same name in the local folder."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):  # type: ignore[override]
        if url and url.startswith(("http://", "https://")):
            local = self.folder / url.rsplit("/", 1)[-1]
            if local.is_file():
                return self.resolve_filename(str(local), context)
        return None  # local files load normally; anything else stays unfetched (no_network)


def safe_parser(folder: Path | None = None) -> etree.XMLParser:
    """No network, no DTD, no entity expansion; with `folder`, remote schemas resolve there."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    if folder is not None:
        parser.resolvers.add(_LocalSchemas(folder))
    return parser


def schema_dir() -> Path:
    """The folder holding uslm-2.1.0.xsd, or a UserError saying how to point us at it."""
    given = os.environ.get(ENV_VAR, "").strip()
    folder = Path(given).expanduser() if given else DEFAULT_DIR
    if not (folder / ENTRY).is_file():
        why = f" ({ENV_VAR} points here)" if given else ""
        raise UserError(
            f"no {ENTRY} here{why}; set {ENV_VAR} to the folder with GPO's USLM 2.1.0 schema",
            folder,
        )
    return folder.resolve()


@functools.cache
def _load(folder: Path) -> etree.XMLSchema:
    parser = safe_parser(folder)
    try:
        schema = etree.XMLSchema(etree.parse(str(folder / ENTRY), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as err:
        raise UserError(f"the USLM schema could not be loaded: {err}", folder) from None
    problems = [*parser.error_log, *schema.error_log]
    if problems:  # e.g. an import that could not be resolved offline
        raise UserError(f"the USLM schema loaded with warnings: {problems[0].message}", folder)
    return schema


def load_schema() -> etree.XMLSchema:
    """The compiled USLM 2.1.0 schema (cached per process and folder)."""
    return _load(schema_dir())


def parse(data: bytes) -> etree._ElementTree:
    """Parse XML bytes safely; a syntax error becomes a ValueError naming the line."""
    try:
        return etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not well-formed XML: {err}") from None


def _short(message: str) -> str:
    """Drop the namespace URIs libxml2 puts in front of every element name."""
    return re.sub(r"\{[^}]*\}", "", message)


def schema_errors(tree: etree._ElementTree | etree._Element) -> list[str]:
    """Every schema error, as 'line N: message'; empty when the document is valid."""
    schema = load_schema()
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {_short(error.message)}" for error in schema.error_log]
