"""GPO's USLM 2.1.0 schema: load it once per process, validate with it, all offline.

Where the files come from (GPO, pinned and verified, cached per user) is `source.py`.
Every parse here refuses the network, DTDs and entity expansion; the one remote import in
`uslm-2.1.0.xsd` (the Senate metadata schema) is answered from the local folder.
A document with no MathML is checked against the set with our MathML stand-in
(MATHML_STAND_IN below says why the verdict is the same): compiling GPO's MathML 3 module
takes seconds, the rest of the set milliseconds.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from hearingpress.errors import UserError
from hearingpress.uslm_schema.source import ENTRY, cache_key, schema_dir

__all__ = ["ENTRY", "NAMESPACE", "cache_key", "load_schema", "parse", "schema_dir"]

NAMESPACE = "http://schemas.gpo.gov/xml/uslm"
MATHML = "http://www.w3.org/1998/Math/MathML"
MATHML_MODULE = "mathml3.xsd"  # what uslm-2.1.0.xsd imports for the MathML namespace
# Our stand-in for GPO's MathML 3 module (mathml3.xsd and the four files it includes), used to
# validate a document that has no element in the MathML namespace. It is ours, not GPO's: it is
# written here rather than fetched.
#
# USLM 2.1.0 refers to MathML in one way only: element references to the global elements
# mathml:math (in ContentType, the inline and figure models, and the table module) and
# mathml:mo. No USLM type, attribute or substitution group comes from MathML; the USLM element
# wildcards name USLM, Dublin Core, House or Senate namespaces, never MathML; and MathML 3
# declares no global attribute, so the lax ##other attribute wildcards find no MathML
# declaration in either set. So, for a document with no element in the MathML namespace:
# - each USLM content model compiles to the same particles (same element names), so it accepts
#   or refuses the same sequences of non-MathML children;
# - no MathML declaration is ever used to check any element or attribute of the document.
# The verdict (valid, or the same errors) is therefore the same with this stand-in as with the
# full module, which lxml takes seconds to compile. A document that contains MathML is
# validated against GPO's full module (load_schema), and the suite's conftest checks that both
# sets agree on every XML it produces.
MATHML_STAND_IN = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
           targetNamespace="{MATHML}">
  <xs:element name="math" type="xs:anyType"/>
  <xs:element name="mo" type="xs:anyType"/>
</xs:schema>
"""


class _LocalSchemas(etree.Resolver):
    """Answer a remote schemaLocation with the file of the same name in the local folder;
    without `mathml`, answer GPO's MathML module with our stand-in."""

    def __init__(self, folder: Path, mathml: bool = True):
        super().__init__()
        self.folder = folder
        self.mathml = mathml

    def resolve(self, url, pubid, context):  # type: ignore[override]
        name = url.rsplit("/", 1)[-1] if url else ""
        if not self.mathml and name == MATHML_MODULE:
            return self.resolve_string(MATHML_STAND_IN.encode(), context)
        if url and url.startswith(("http://", "https://")):
            local = self.folder / name
            if local.is_file():
                return self.resolve_filename(str(local), context)
        return None  # local files load normally; anything else stays unfetched (no_network)


def safe_parser(folder: Path | None = None, mathml: bool = True) -> etree.XMLParser:
    """No network, no DTD, no entity expansion; with `folder`, remote schemas resolve there."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    if folder is not None:
        parser.resolvers.add(_LocalSchemas(folder, mathml))
    return parser


@functools.cache
def _load(folder: Path, mathml: bool) -> etree.XMLSchema:
    parser = safe_parser(folder, mathml)
    try:
        schema = etree.XMLSchema(etree.parse(str(folder / ENTRY), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as err:
        raise UserError(
            f"the USLM schema could not be loaded: {err}", folder, code="HP424"
        ) from None
    problems = [*parser.error_log, *schema.error_log]
    if problems:  # e.g. an import that could not be resolved offline
        raise UserError(
            f"the USLM schema loaded with warnings: {problems[0].message}", folder, code="HP424"
        )
    return schema


def load_schema(mathml: bool = False) -> etree.XMLSchema:
    """The compiled USLM 2.1.0 schema (cached per process): with GPO's MathML 3 module when
    `mathml`, else with our stand-in, which gives the same verdict on a document without
    MathML."""
    return _load(schema_dir(), mathml)


def has_mathml(tree: etree._ElementTree | etree._Element) -> bool:
    """Whether any element is in the MathML namespace (then only the full set will do)."""
    return next(tree.iter(f"{{{MATHML}}}*"), None) is not None


def parse(data: bytes) -> etree._ElementTree:
    """Parse XML bytes safely; a syntax error becomes a ValueError naming the line."""
    try:
        return etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not well-formed XML: {err}") from None


def _short(message: str) -> str:
    """Drop the namespace URIs libxml2 puts in front of every element name."""
    return re.sub(r"\{[^}]*\}", "", message)


def schema_errors(
    tree: etree._ElementTree | etree._Element, mathml: bool | None = None
) -> list[str]:
    """Every schema error, as 'line N: message'; empty when the document is valid.
    `mathml` chooses the schema set; by default the full one only when the tree has MathML."""
    schema = load_schema(has_mathml(tree) if mathml is None else mathml)
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {_short(error.message)}" for error in schema.error_log]
