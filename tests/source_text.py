"""Compare the as-received testimony with the canonical source, word for word.

The original is a PDF-to-text extraction: a cover, the body with superscript note marks, and the
note texts interleaved wherever a page ended. The canonical source is parsed by pandoc (with
citeproc) into an AST. Both sides become one stream of words in which every note call is a marker
token ``⟦n⟧``; only structure is normalized away (markup, quotes, dash variants, whitespace), so
what remains different must be accounted for by an erratum.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
NOTE_START = re.compile(rf"^([{SUPERSCRIPTS}]+) (.*)$")
SUPERSCRIPT_RUN = re.compile(rf"[{SUPERSCRIPTS}]+")
MARK = re.compile(r"^⟦(\d+)⟧$")
LIST_MARKER = re.compile(r"^(?:\d+\.|[-•])\s+")
URL = re.compile(r"https?://[^\s<>]+")
BODY_START = "Thank you"  # the cover ends where the statement's first paragraph begins
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


class ErratumError(AssertionError):
    """An erratum that does not apply as stated (wrong count, or nothing matched)."""


# --------------------------------------------------------------------------- normalization


def normalize(text: str) -> str:
    """Only structure and typography go: emphasis markers, `\\$`, curly quotes, dash variants."""
    text = text.replace("\\$", "$").replace("*", "").translate(QUOTES)
    text = re.sub(r"\s*[–—]\s*", " - ", text)
    return " ".join(text.split())


def mark(number: int) -> str:
    return f"⟦{number}⟧"


def is_mark(token: str) -> bool:
    return bool(MARK.match(token))


def words(tokens: list[str]) -> list[str]:
    """The tokens without note-call markers."""
    return [token for token in tokens if not is_mark(token)]


def note_positions(tokens: list[str]) -> dict[int, tuple[int, str]]:
    """For each note call: how many words precede it, and the word it follows."""
    positions: dict[int, tuple[int, str]] = {}
    count, previous = 0, ""
    for token in tokens:
        if m := MARK.match(token):
            positions[int(m.group(1))] = (count, previous)
        else:
            count, previous = count + 1, token
    return positions


def word_diff(expected: list[str], actual: list[str], context: int = 6) -> str:
    """A readable word-level diff: each change with a few words of context either side."""
    lines = []
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(expected[max(0, i1 - context) : i1])
        after = " ".join(expected[i2 : i2 + context])
        lines.append(
            f"word {i1}: …{before} [-{' '.join(expected[i1:i2])}-]"
            f"{{+{' '.join(actual[j1:j2])}+}} {after}…"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- the original


@dataclass
class Original:
    cover: str  # the title block as received, note mark ⟦1⟧ included
    body: str  # the statement, note marks as ⟦n⟧ tokens, notes removed
    notes: dict[int, str] = field(default_factory=dict)  # note number -> text as received

    def body_tokens(self) -> list[str]:
        return normalize(self.body).split()

    def urls(self) -> dict[str, list[int]]:
        """Every URL in the notes (in <…> or bare) -> the notes it occurs in."""
        found: dict[str, list[int]] = {}
        for number, text in self.notes.items():
            for url in URL.findall(text):
                found.setdefault(url.rstrip(".,;"), []).append(number)
        return found


def _marks(line: str) -> str:
    return SUPERSCRIPT_RUN.sub(lambda m: f" {mark(_digits(m.group()))} ", line)


def _digits(superscript: str) -> int:
    return int(superscript.translate(str.maketrans(SUPERSCRIPTS, "0123456789")))


def read_original(path: Path) -> Original:
    """Split the extraction into cover, body and notes (interleaved notes taken out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cover: list[str] = []
    body: list[str] = []
    notes: dict[int, list[str]] = {}
    current: int | None = None  # the note being read
    in_body = False
    for index, line in enumerate(lines):
        if m := NOTE_START.match(line):
            current = _digits(m.group(1))
            notes[current] = [m.group(2)]
            continue
        if current is not None:
            if line.strip() and not line.startswith("<http") and not lines[index - 1].strip():
                current = None  # a blank line and then text: the note has ended
            elif line.strip():
                notes[current].append(line)
                continue
            else:
                continue
        in_body = in_body or line.startswith(BODY_START)
        if in_body:
            line = LIST_MARKER.sub("", line)  # list markup is structure
        (body if in_body else cover).append(_marks(line))
    return Original(
        cover="\n".join(cover),
        body="\n".join(body),
        notes={number: " ".join(text) for number, text in notes.items()},
    )


# --------------------------------------------------------------------------- errata


def load_errata(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def apply_errata(text: str, entries: list[dict]) -> str:
    """Apply body errata in order. Each `original` must occur exactly `count` times (default 1)."""
    problems = []
    text = normalize(text)
    for entry in entries:
        original, corrected = normalize(entry["original"]), normalize(entry["corrected"])
        expected = int(entry.get("count", 1))
        found = text.count(original)
        if found != expected:
            problems.append(f"{entry['original']!r}: expected {expected}, found {found}")
            continue
        text = text.replace(original, corrected)
    if problems:
        raise ErratumError("errata that do not apply:\n" + "\n".join(problems))
    return text


def strip_runin_colons(text: str, heads: list[str]) -> str:
    """The run-in heads ("Supply Reduction Measures: …") lose their colon as headings."""
    for head in heads:
        run_in = normalize(head) + ":"
        if text.count(run_in) != 1:
            raise ErratumError(f"run-in head {head!r} is not in the original exactly once")
        text = text.replace(run_in, normalize(head))
    return text


# --------------------------------------------------------------------------- the canonical AST


@dataclass
class RenderedNote:
    number: int
    note: pf.Note
    keys: list[str]  # the references the note cites

    @property
    def text(self) -> str:
        return " ".join(pf.stringify(self.note).split())

    @property
    def urls(self) -> list[str]:
        found: list[str] = []
        self.note.walk(lambda e, _d: found.append(e.url) if isinstance(e, pf.Link) else None)
        return found


@dataclass
class Canonical:
    blocks: list[list[str]]  # each body block's tokens, note calls as ⟦n⟧
    notes: list[RenderedNote]
    subheads: list[str]  # the texts of the subsection headings (the run-in heads)

    @property
    def tokens(self) -> list[str]:
        return [token for block in self.blocks for token in block]


def _cited(elem: pf.Element) -> list[str]:
    keys: list[str] = []

    def collect(e: pf.Element, _d: pf.Doc) -> None:
        if isinstance(e, pf.Cite):
            keys.extend(c.id for c in e.citations)

    elem.walk(collect)
    return keys


class _Flattener:
    """Inline text of body blocks, with each note replaced by its number marker."""

    def __init__(self, first_number: int):
        self.number = first_number - 1
        self.notes: list[RenderedNote] = []

    def note(self, note: pf.Note, keys: list[str]) -> str:
        self.number += 1
        self.notes.append(RenderedNote(self.number, note, keys))
        return f" {mark(self.number)} "

    def inline(self, elem: pf.Element) -> str:
        if isinstance(elem, pf.Note):
            return self.note(elem, _cited(elem))
        if isinstance(elem, pf.Cite):
            notes: list[pf.Note] = []
            elem.walk(lambda e, _d: notes.append(e) if isinstance(e, pf.Note) else None)
            keys = [c.id for c in elem.citations]
            if not notes:  # an in-text citation with no note: keep its words, it is no call
                return "".join(self.inline(child) for child in elem.content)
            return "".join(self.note(note, keys) for note in notes)
        if isinstance(elem, pf.Str):
            return elem.text
        if isinstance(elem, pf.Space | pf.SoftBreak | pf.LineBreak):
            return " "
        if isinstance(elem, pf.Quoted):
            quote = '"' if elem.quote_type == "DoubleQuote" else "'"
            return quote + "".join(self.inline(c) for c in elem.content) + quote
        if isinstance(elem, pf.Code | pf.Math | pf.RawInline):
            return elem.text
        return "".join(self.inline(c) for c in getattr(elem, "content", []))

    def blocks(self, elem: pf.Element) -> list[str]:
        """Each paragraph, heading or list item as one text."""
        if isinstance(elem, pf.Para | pf.Plain | pf.Header):
            return ["".join(self.inline(c) for c in elem.content)]
        if isinstance(elem, pf.BulletList | pf.OrderedList):
            out: list[str] = []
            for item in elem.content:
                text = " ".join(t for block in item.content for t in self.blocks(block))
                out.append(text)
            return out
        if isinstance(elem, pf.Div | pf.BlockQuote):
            return [t for block in elem.content for t in self.blocks(block)]
        return [pf.stringify(elem)]


def metadata_notes(doc: pf.Doc) -> list[pf.Note]:
    """The notes in the metadata (the witness's author's note), in document order."""
    notes: list[pf.Note] = []
    doc.metadata.walk(lambda e, _d: notes.append(e) if isinstance(e, pf.Note) else None)
    return notes


def read_canonical(doc: pf.Doc) -> Canonical:
    front = metadata_notes(doc)
    flattener = _Flattener(first_number=len(front) + 1)
    meta_notes = [RenderedNote(n, note, _cited(note)) for n, note in enumerate(front, start=1)]
    blocks = [normalize(t).split() for block in doc.content for t in flattener.blocks(block)]
    headers = [b for b in doc.content if isinstance(b, pf.Header)]
    top = min((h.level for h in headers), default=1)  # sections; the parser may shift levels
    subheads = [pf.stringify(h) for h in headers if h.level > top]
    return Canonical(blocks=blocks, notes=meta_notes + flattener.notes, subheads=subheads)


def reference_texts(bibliography: Path) -> dict[str, str]:
    """Each CSL JSON entry's values as one plain text (HTML-like case protection removed)."""
    texts: dict[str, str] = {}
    for entry in json.loads(bibliography.read_text(encoding="utf-8")):
        values: list[str] = []

        def collect(value: object, values: list[str] = values) -> None:
            if isinstance(value, dict) and {"given", "family"} <= set(value):
                values.append(f"{value['given']} {value['family']}")  # a name as printed
            elif isinstance(value, dict):
                for v in value.values():
                    collect(v)
            elif isinstance(value, list):
                for v in value:
                    collect(v)
            elif isinstance(value, str):
                values.append(re.sub(r"<[^>]+>", "", value))

        collect(entry)
        texts[entry["id"]] = " ".join(values)
    return texts
