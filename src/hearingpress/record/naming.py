"""File names in the House Committee Repository's scheme (docs.house.gov):
`HHRG-{congress}-{committee code}-Wstate-{LastName}{FirstInitial}-{YYYYMMDD}`.

The witness's name is cut down to ASCII letters: accents dropped (Peña → Pena), honorifics
(Dr., Hon.) and suffixes (Jr., III, Ph.D.) left out, a surname's particles kept with it
(de la Cruz → delaCruz), hyphens, apostrophes and spaces removed (O'Neil-Smith → ONeilSmith).
"""

from __future__ import annotations

import re
import unicodedata

from hearingpress.metadata import Hearing

STATEMENT_TYPE = "Wstate"  # the repository's document type for a witness statement
HONORIFICS = frozenset(
    ["dr", "hon", "honorable", "the", "mr", "mrs", "ms", "mx", "prof", "gen", "adm", "amb"]
)
SUFFIXES = frozenset(
    ["jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "ret", "usa", "usn", "usmc"]
)
# Lower-case words that belong to the surname that follows them.
PARTICLES = frozenset({
    "de", "del", "della", "la", "las", "le", "los", "da", "di", "do", "dos", "das", "des", "du",
    "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el", "st",
})  # fmt: skip


def ascii_letters(text: str) -> str:
    """`text` with accents dropped and everything but ASCII letters removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^A-Za-z]", "", decomposed.encode("ascii", "ignore").decode("ascii"))


def _bare(word: str) -> str:
    return ascii_letters(word).lower()


def name_parts(name: str) -> tuple[str, str]:
    """(surname, first initial) of a witness's name, in the repository's letters."""
    words = [w for w in re.split(r"[\s,]+", name) if ascii_letters(w)]
    while words and _bare(words[0]) in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        words.pop()
    if not words:
        return "", ""
    start = len(words) - 1
    while start > 1 and _bare(words[start - 1]) in PARTICLES:
        start -= 1
    surname = "".join(ascii_letters(word) for word in words[start:])
    first = ascii_letters(words[0])[:1].upper() if start > 0 else ""
    return surname, first


def statement_stem(hearing: Hearing, code: str, witness: str) -> str:
    """`HHRG-116-BA10-Wstate-RealuyoC-20200304` for Celina B. Realuyo at that hearing."""
    surname, initial = name_parts(witness)
    return (
        f"HHRG-{hearing.congress}-{code}-{STATEMENT_TYPE}-{surname}{initial}-{hearing.date:%Y%m%d}"
    )
