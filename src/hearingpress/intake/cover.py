"""Read a statement's cover into the metadata contract.

A cover reads "Statement of / Testimony of" the witness (a note called from the name is the
author's note), the position and organization, "on" the statement's title, "at a hearing on"
the hearing's title, "before the" the venue (subcommittee, committee, chamber), and the date.
The Congress and session follow from the date, the chamber from the venue. Every value found
is reported as a guess with where it came from; every value not found is a gap (None).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from hearingpress.intake.model import CALL, Block
from hearingpress.intake.normalise import plain

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATES = [
    re.compile(rf"^(?:[A-Za-z]+day,?\s+)?{MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?:[A-Za-z]+day,?\s+)?(?P<day>\d{{1,2}})\s+{MONTH}\s+(?P<year>\d{{4}})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"),
    re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$"),
]
CUES = {
    "witness": re.compile(
        r"^(?:prepared\s+|written\s+)?(?:statement|testimony)(?:\s+of)?(?:\s+(?P<rest>.+))?$", re.I
    ),
    "hearing": re.compile(
        r"^(?:at\s+)?(?:an?\s+)?hearing(?:\s+(?:on|entitled|titled))?:?(?:\s+(?P<rest>.+))?$",
        re.I,
    ),
    "venue": re.compile(r"^before(?:\s+the)?(?:\s+(?P<rest>.+))?$", re.I),
    "on": re.compile(
        r"^(?:on|regarding|concerning|entitled)(?:\s*:)?(?:\s+(?P<rest>[“\"*].+))?$", re.I
    ),
}
CHAMBER = re.compile(
    r"(?:(?:the\s+)?(?:U\.\s?S\.|United States)\s+)?(?P<name>House of Representatives|Senate)"
    r"|(?P<joint>Congress of the United States|Joint (?:Economic )?Committee)",
    re.I,
)
QUOTES = "“”\"'‘’«»"


@dataclass
class Cover:
    """The metadata read from a cover: each field's value (None: a gap) and why."""

    values: dict[str, object] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)  # field -> where the value came from
    witness_note: int | None = None  # the note called from the witness's name

    def set(self, key: str, value: object, why: str) -> None:
        if value not in (None, ""):
            self.values[key], self.why[key] = value, why


def parse_date(text: str) -> dt.date | None:
    text = " ".join(text.replace(",", ", ").split()).strip(" .")
    for pattern in DATES:
        found = pattern.match(text)
        if not found:
            continue
        month = found.group("month")
        number = int(month) if month.isdigit() else MONTHS.get(month.lower())
        try:
            return dt.date(int(found.group("year")), number or 0, int(found.group("day")))
        except ValueError:
            return None
    return None


def congress_session(day: dt.date) -> tuple[int, int]:
    """The Congress and its session on a date: each Congress opens on January 3 of an odd
    year (20th Amendment), its first session in that year and its second in the next."""
    year = day.year
    if year % 2 == 1 and day < dt.date(year, 1, 3):
        return (year - 1789) // 2, 2
    return (year - 1789) // 2 + 1, 1 if year % 2 else 2


def _lines(blocks: list[Block]) -> list[tuple[str, list[int]]]:
    """Each cover line as plain text, with the note numbers called on it. A comma that ends
    a line stays: a title broken after "People, Animals," keeps it; the readers below drop a
    comma where a line ends a field."""
    out = []
    for block in blocks:
        for raw in re.split(r"\\?\n|  \n", block.text):
            calls = [int(n) for n in CALL.findall(raw)]
            text = plain(raw).strip().lstrip(",").strip()
            if text:
                out.append((text, calls))
    return out


def _unquote(text: str) -> str:
    text = text.strip()
    while len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return text.strip(QUOTES + " ") if text.count("“") + text.count("”") == 1 else text


def read_cover(blocks: list[Block]) -> Cover:
    cover = Cover()
    sections: list[tuple[str, list[tuple[str, list[int]]]]] = [("start", [])]
    cue_text: dict[str, str] = {}  # each cue as the cover words it, for the report
    for text, calls in _lines(blocks):
        day = parse_date(text)
        if day:
            cover.set("hearing.date", day, f"the date on the cover, “{text}”")
            continue
        for name, cue in CUES.items():
            found = cue.match(text)
            if found:
                sections.append((name, []))
                cue_text.setdefault(
                    name, text[: found.start("rest")].strip() if found.group("rest") else text
                )
                if found.group("rest"):
                    sections[-1][1].append((found.group("rest"), calls))
                break
        else:
            sections[-1][1].append((text, calls))
    venue = next((i for i, (name, _) in enumerate(sections) if name == "venue"), len(sections))
    hearing_cue = any(name == "hearing" for name, _ in sections)
    ons = [
        lines
        for i, (name, lines) in enumerate(sections)
        if name == "on" and lines and (hearing_cue or i < venue)
    ]
    if not hearing_cue:  # "before the … on “…”": what follows the venue is the hearing's title
        after = [lines for i, (name, lines) in enumerate(sections) if name == "on" and i > venue]
        if after and after[0]:
            title = _joined(after[0])
            cover.set("hearing.title", title, "the line after “on” below the venue")
    for name, lines in sections:
        if name == "witness" and lines and "witness.name" not in cover.values:
            _witness(cover, lines, cue_text["witness"])
        elif name == "hearing" and lines:
            cover.set("hearing.title", _joined(lines), "the line after “at a hearing on”")
        elif name == "venue" and lines:
            _venue(cover, " ".join(t for t, _ in lines))
    if ons:
        _title(cover, ons[0], "the line after “on”")
    elif sections[0][1]:
        _title(cover, sections[0][1], "the first line of the cover")
    elif "hearing.title" in cover.values:
        cover.set("title", cover.values["hearing.title"], "no title of its own: the hearing's")
    if isinstance(day := cover.values.get("hearing.date"), dt.date):
        congress, session = congress_session(day)
        why = f"from the hearing date {day.isoformat()}"
        cover.set("hearing.congress", congress, why)
        cover.set("hearing.session", session, why)
    cover.set("lang", "en-US", "assumed: English as written in the United States")
    return cover


def _witness(cover: Cover, lines: list[tuple[str, list[int]]], cue: str) -> None:
    name, calls = lines[0]
    cover.set("witness.name", name.strip(" ,"), f"after “{cue}”")
    if calls:
        cover.witness_note = calls[0]
    affiliation = [t.strip(" ,") for t, _ in lines[1:]]
    if len(affiliation) >= 2:
        cover.set("witness.position", affiliation[0], "the first line under the name")
        cover.set("witness.organization", " ".join(affiliation[1:]), "the lines under the position")
    elif affiliation and ", " in affiliation[0]:
        position, organization = affiliation[0].split(", ", 1)
        cover.set("witness.position", position, "the line under the name, before its comma")
        cover.set("witness.organization", organization, "the line under the name, after its comma")
    elif affiliation:
        cover.set("witness.position", affiliation[0], "the one line under the name")


def _joined(lines: list[tuple[str, list[int]]]) -> str:
    """A field set over several lines, as one line (without a comma that ends the last)."""
    return _unquote(" ".join(t for t, _ in lines).strip(" ,"))


def _title(cover: Cover, lines: list[tuple[str, list[int]]], where: str) -> None:
    text = _joined(lines)
    title, colon, subtitle = text.partition(": ")
    cover.set("title", _unquote(title) if colon else text, where)
    if colon:
        cover.set("subtitle", _unquote(subtitle), f"{where}, after its colon")


def _venue(cover: Cover, text: str) -> None:
    """'Subcommittee on …, Committee on …, U.S. House of Representatives' -> the three."""
    chamber = CHAMBER.search(text)
    if chamber:
        kind = "Joint" if chamber.group("joint") else chamber.group("name").split()[0].title()
        cover.set("hearing.chamber", kind, f"the venue, “{chamber.group().strip()}”")
        if not chamber.group("joint"):
            text = (text[: chamber.start()] + " " + text[chamber.end() :]).strip()
    text = re.sub(r"\s+", " ", text).strip(" ,")
    text = re.sub(r"^(?:the|House|Senate)\s+", "", text)
    committee = re.search(r"(?<![Ss]ub)(?<!\w)(?:the\s+)?(?:Committee|Select Committee)\b", text)
    sub = re.search(r"\bSubcommittee\b", text)
    if committee:
        end = sub.start() if sub and sub.start() > committee.start() else len(text)
        name = re.sub(r"^the\s+", "", text[committee.start() : end]).strip(" ,")
        cover.set("hearing.committee", re.sub(r",?\s*(?:of the)?$", "", name), "the venue")
    if sub:
        end = committee.start() if committee and committee.start() > sub.start() else len(text)
        cover.set("hearing.subcommittee", text[sub.start() : end].strip(" ,"), "the venue")
