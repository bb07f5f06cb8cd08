"""L4xx house style, warnings only: Internet, percent, numerals, compounds, American spelling,
the serial comma, where note calls go, and how list items end.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from hearingpress.lint.document import Block, Document
from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import words
from hearingpress.lint.prose import prose_blocks, sentences

COMPOUNDS = {
    "fire power": "firepower",
    "web site": "website",
    "web sites": "websites",
    "e-mail": "email",
    "on-line": "online",
    "cyber crime": "cybercrime",
    "cyber-crime": "cybercrime",
    "evidenced-based": "evidence-based",
    "long-standing": "longstanding",
    "wide-spread": "widespread",
    "world-wide": "worldwide",
    "nation-wide": "nationwide",
    "state-wide": "statewide",
    "co-operation": "cooperation",
    "co-ordinate": "coordinate",
    "co-ordination": "coordination",
    "non-profit": "nonprofit",
    "counter terrorism": "counterterrorism",
    "counter-terrorism": "counterterrorism",
    "data base": "database",
    "time-line": "timeline",
    "cyber security": "cybersecurity",
    "cyber-security": "cybersecurity",
    "policy maker": "policymaker",
    "policy makers": "policymakers",
    "law-makers": "lawmakers",
    "law makers": "lawmakers",
}
LY_NOT_ADVERBS = words("ly_not_adverbs")
BRITISH_WORDS = {
    "marshalled": "marshaled",
    "marshalling": "marshaling",
    "travelled": "traveled",
    "travelling": "traveling",
    "traveller": "traveler",
    "travellers": "travelers",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "labelled": "labeled",
    "labelling": "labeling",
    "modelled": "modeled",
    "modelling": "modeling",
    "signalled": "signaled",
    "fuelled": "fueled",
    "fuelling": "fueling",
    "channelled": "channeled",
    "counselled": "counseled",
    "totalling": "totaling",
    "totalled": "totaled",
    "levelled": "leveled",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "pretence": "pretense",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "litres": "liters",
    "theatre": "theater",
    "fibre": "fiber",
    "calibre": "caliber",
    "programme": "program",
    "programmes": "programs",
    "analyse": "analyze",
    "analysed": "analyzed",
    "paralyse": "paralyze",
    "ageing": "aging",
    "judgement": "judgment",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "grey": "gray",
    "cheque": "check",
    "manoeuvre": "maneuver",
    "tyre": "tire",
    "kerb": "curb",
    "aluminium": "aluminum",
    "whilst": "while",
    "amongst": "among",
    "learnt": "learned",
    "catalogue": "catalog",
    "dialogue": "dialog",
}
OUR = r"\b(colo|favo|behavio|labo|hono|harbo|neighbo|rumo|vigo|endeavo|armo|humo|savo)ur(s|ed|ing|able|ite|ites|hood|hoods)?\b"  # noqa: E501
ISE = (
    r"\b(organi|recogni|reali|critici|prioriti|authori|characteri|emphasi|mobili|legali|minimi|"
    r"maximi|speciali|stabili|utili|apologi|centrali|privati|summari|jeopardi|militari|"
    r"destabili|normali|moderni|globali|criminali|categori|capitali|finali|incentivi)s(e|es|ed|ing|ation|ations)\b"
)
NUMBER_WORDS = words("number_words")
MEASURES = r"(?:%|percent|per|million|billion|thousand|kg|mg|g|lb|lbs|pounds|kilos|tons|ha|hectares|liters|miles|km|degrees|years|months|days|hours|minutes|a\.m\.|p\.m\.)"  # noqa: E501


def check(doc: Document) -> Iterator[Finding]:
    blocks = prose_blocks(doc)
    yield from _internet(blocks)
    for block in blocks:
        yield from _percent(block)
        yield from _compounds(block)
        if doc.lang.lower().startswith("en") and not doc.lang.lower().startswith("en-gb"):
            yield from _british(block)
        if block.kind != "heading":
            for sentence in sentences(block):
                yield from _numerals(sentence.start, sentence.text)
    yield from _serial_comma(blocks)
    yield from _note_calls(doc)
    yield from _list_punctuation(doc)


def _internet(blocks: list[Block]) -> Iterator[Finding]:
    found: dict[str, list[int]] = defaultdict(list)
    for block in blocks:
        for m in re.finditer(r"\b[Ii]nternet\b", block.text):
            sentence_start = (
                not block.text[: m.start()].rstrip().endswith(tuple(".?!"))
                and block.text[: m.start()].strip()
            )
            if m.group() == "Internet" and not sentence_start:
                continue  # capitalised at the start of a sentence: says nothing
            found[m.group()].append(block.start + m.start())
    if len(found) < 2:
        return
    upper, lower = found["Internet"], found["internet"]
    minority, majority = (lower, "Internet") if len(lower) <= len(upper) else (upper, "internet")
    for offset in minority:
        word = "internet" if majority == "Internet" else "Internet"
        yield Finding(
            "L401",
            offset,
            offset + 8,
            f"“{word}” ({len(minority)}) against “{majority}” ({max(len(upper), len(lower))})",
            majority,
        )


def _percent(block: Block) -> Iterator[Finding]:
    words = [m for m in re.finditer(r"\bpercent\b", block.text)]
    signs = [m for m in re.finditer(r"(?<=\d)\s?%", block.text)]
    if not words or not signs:
        return
    minority, right = (words, "%") if len(words) < len(signs) else (signs, "percent")
    for m in minority:
        yield Finding(
            "L402",
            block.start + m.start(),
            block.start + m.end(),
            f"“{m.group().strip()}” beside “{right}”",
            right,
        )


COMPOUND = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(r"\s+".join(map(re.escape, wrong.split())) for wrong in COMPOUNDS)
    + r")(?![\w-])",
    re.I,
)


def _compounds(block: Block) -> Iterator[Finding]:
    text = block.text
    for m in COMPOUND.finditer(text):
        right = COMPOUNDS[" ".join(m.group().lower().split())]
        yield Finding(
            "L404", block.start + m.start(), block.start + m.end(), f"“{m.group()}”", right
        )
    for m in re.finditer(r"(?<![\w-])([a-z]+ly)-([a-z]+)\b", text):
        if m.group(1) not in LY_NOT_ADVERBS:
            yield Finding(
                "L404",
                block.start + m.start(),
                block.start + m.end(),
                f"“{m.group()}”: an -ly adverb takes no hyphen",
                f"{m.group(1)} {m.group(2)}",
            )
    for m in re.finditer(r"(?<![\w.-])(\.\d+|\d+(?:\.\d+)?)\s+(caliber)(?=\s+[a-z])", text):
        yield Finding(
            "L404",
            block.start + m.start(),
            block.start + m.end(),
            f"“{m.group()}” before a noun",
            f"{m.group(1)}-caliber",
        )


def _british(block: Block) -> Iterator[Finding]:
    text = block.text
    for m in re.finditer(r"\b[a-z]+\b", text):
        right = BRITISH_WORDS.get(m.group())
        if right:
            yield Finding(
                "L405", block.start + m.start(), block.start + m.end(), f"“{m.group()}”", right
            )
    for m in re.finditer(OUR, text):
        if m.group()[0].islower():
            right = f"{m.group(1)}r{m.group(2) or ''}"
            yield Finding(
                "L405", block.start + m.start(), block.start + m.end(), f"“{m.group()}”", right
            )
    for m in re.finditer(ISE, text):
        if m.group()[0].islower():
            right = f"{m.group(1)}z{m.group(2)}"
            yield Finding(
                "L405", block.start + m.start(), block.start + m.end(), f"“{m.group()}”", right
            )


def _numerals(at: int, sentence: str) -> Iterator[Finding]:
    words = [
        m for m in re.finditer(r"\b[A-Za-z]+\b", sentence) if m.group().lower() in NUMBER_WORDS
    ]
    numerals = []
    for m in re.finditer(r"(?<![\w.,$\\])(\d{1,2})(?![\w.,%]|\s*" + MEASURES + r"\b)", sentence):
        before = sentence[max(0, m.start() - 12) : m.start()]
        if re.search(
            r"(January|February|March|April|May|June|July|August|September|October|November|December|Table|Figure|Section|Part|Chapter|Title|Article|Phase|Pillar|No\.)\s+$",
            before,
        ):
            continue  # a date or a label, not a count
        numerals.append(m)
    words = [m for m in words if not re.match(r"\s*" + MEASURES + r"\b", sentence[m.end() :])]
    if not words or not numerals:
        return
    minority = words if len(words) <= len(numerals) else numerals
    style = "numerals" if minority is words else "words"
    for m in minority:
        yield Finding(
            "L403",
            at + m.start(),
            at + m.end(),
            f"“{m.group()}” among {style}",
            f"write all as {style}",
        )


_SHORT = r"[^\s,;:()]+(?:\s+[^\s,;:()]+){0,2}"
SERIES = re.compile(rf"(?:{_SHORT},\s+){{1,}}({_SHORT}?)(,?)\s+(and|or)\s+{_SHORT}")


def _series(sentence: str) -> Iterator[tuple[bool, int]]:
    """(has the serial comma, offset of its conjunction) for each series of four or more."""
    for m in SERIES.finditer(sentence):
        if m.group().count(",") < 2:
            continue  # "A, B and C" cannot be told from "In 2017, police and courts"
        yield bool(m.group(2)), m.start(3)


def _serial_comma(blocks: list[Block]) -> Iterator[Finding]:
    found = []
    for block in blocks:
        if block.kind in ("note", "heading"):
            continue
        for sentence in sentences(block):
            for serial, offset in _series(sentence.text):
                found.append((serial, sentence.start + offset))
    counts = Counter(serial for serial, _ in found)
    if counts[True] <= counts[False]:
        return
    for serial, offset in found:
        if not serial:
            yield Finding(
                "L406",
                offset,
                offset + 3,
                f"{counts[False]} series without it, {counts[True]} with",
                ", and",
            )


def _note_calls(doc: Document) -> Iterator[Finding]:
    for start, end in doc.note_calls:
        after = doc.source[end : end + 1]
        if after and after in ".,;:?!":
            shown = start + 2 if doc.source.startswith("^[", start) else end  # an inline note: ^[
            yield Finding(
                "L407", start, shown, f"note call before “{after}”", "put the call after it"
            )


def _ending(block: Block) -> str:
    text = block.text.rstrip()
    if re.search(r"(?:[;,]|\b(?:and|or))$", text):
        return "series"
    if text.endswith((".", "?", "!")):
        return "period"
    if text.endswith(":"):
        return "colon"
    return "none"


def _list_punctuation(doc: Document) -> Iterator[Finding]:
    lists: dict[int, list[Block]] = defaultdict(list)
    for block in doc.blocks:
        if block.kind == "item" and block.list_id is not None:
            lists[block.list_id].append(block)
    for items in lists.values():
        if len(items) < 3:
            continue
        endings = [_ending(item) for item in items]
        if all(e == "series" for e in endings[:-1]) and endings[-1] == "period":
            continue
        counts = Counter(e for e in endings if e != "colon")
        if len(counts) < 2:
            continue
        usual, times = counts.most_common(1)[0]
        if times * 2 <= len(items):
            continue
        for item, ending in zip(items, endings, strict=True):
            if ending not in (usual, "colon"):
                end = item.start + len(item.text.rstrip())
                start = end - len(item.text.rstrip().split()[-1])
                yield Finding(
                    "L408",
                    start,
                    end,
                    f"this item ends “{ending}”, the others “{usual}”",
                    "end it like the others",
                )
