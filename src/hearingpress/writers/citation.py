"""The citation files: the statement's CSL JSON record (formats `csl`, `bib`, `ris`), written as
CSL JSON, BibTeX and RIS. The record is made once in hearingpress.cite; here it is only
spelled out in each file format, so the three always agree with each other and with the
"Cite this statement" line."""

from __future__ import annotations

import json

from hearingpress.publication import Publication

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# RIS has a type for hearings (HEAR); a statement given at one is filed there by reference
# managers (Zotero, EndNote), with the hearing as the secondary title.
RIS_TYPE = "HEAR"


def render_csl(publication: Publication) -> bytes:
    """CSL JSON: a list holding the one record, as citeproc processors and Zotero read it."""
    text = json.dumps([publication.citation.record], ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _date(record: dict) -> tuple[int, int, int]:
    year, month, day = record["issued"]["date-parts"][0]
    return year, month, day


def _tex(text: str) -> str:
    return "".join(TEX_SPECIALS.get(char, char) for char in text)


def _bib_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _tex(name["literal"]) + "}"
    parts = [_tex(name["family"]), _tex(name["suffix"]) if "suffix" in name else None]
    parts.append(_tex(name["given"]))
    return ", ".join(part for part in parts if part)


def render_bibtex(publication: Publication) -> bytes:
    """One @misc entry that BibTeX and biblatex both read: `howpublished` for BibTeX's
    styles (it names the committee and chamber), `eventtitle` and the ISO `date` for biblatex."""
    record = publication.citation.record
    year, month, day = _date(record)
    braced = {
        "author": " and ".join(_bib_name(name) for name in record["author"]),
        "title": "{" + _tex(record["title"]) + "}",  # keep its capitals
        "howpublished": _tex(record["genre"]),
        "eventtitle": "{" + _tex(record["event-title"]) + "}",
        "date": f"{year:04d}-{month:02d}-{day:02d}",
        "year": str(year),
    }
    optional = {"publisher": "publisher", "doi": "DOI", "url": "URL", "keywords": "keyword"}
    for key, name in optional.items():
        if name in record:
            braced[key] = record[name] if key in ("doi", "url") else _tex(record[name])
    lines = [f"@misc{{{record['id']},"]
    lines += [f"  {key} = {{{value}}}," for key, value in braced.items()]
    lines += [f"  month = {MONTHS[month - 1]},", "}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ris_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(name[part] for part in ("family", "given", "suffix") if part in name)


def render_ris(publication: Publication) -> bytes:
    """RIS, tag by tag; lines end in CRLF as the format's specification asks."""
    record = publication.citation.record
    year, month, day = _date(record)
    tags: list[tuple[str, str]] = [("TY", RIS_TYPE)]
    tags += [("AU", _ris_name(name)) for name in record["author"]]
    tags += [
        ("TI", record["title"]),
        ("T2", record["event-title"]),
        ("M3", record["genre"]),
        ("PY", str(year)),
        ("DA", f"{year:04d}/{month:02d}/{day:02d}/"),
        ("LA", record["language"]),
        ("ID", record["id"]),
    ]
    for tag, name in (("PB", "publisher"), ("DO", "DOI"), ("UR", "URL")):
        if name in record:
            tags.append((tag, record[name]))
    if "keyword" in record:
        tags += [("KW", word.strip()) for word in record["keyword"].split(",")]
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags).encode("utf-8")
