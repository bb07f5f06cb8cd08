"""L3xx names and terms: near-duplicate names, accents, agency names, abbreviations.

Everything here compares the statement with itself (a name against its more frequent form,
an abbreviation against its definition) or with the small data files in `lint/data/`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import chain, pairwise

from hearingpress.lint.document import Document
from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import data_file
from hearingpress.lint.prose import prose_blocks

# A word of letters (any Latin letters: Nguyễn, Łódź); `_is_name` keeps the names.
WORD = re.compile(r"(?<![\w’'-])[^\W\d_]+(?![\w])")
# A name of capitalised parts joined by hyphens, compared as one word too (Okonkwo-Bell).
HYPHENATED_NAME = re.compile(r"(?<![\w’'-])[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)+(?![\w-])")
# A person's title before a name: surnames have no derived forms (Szymanski, Szymansky).
TITLE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Sen|Rep|Gov)\.|\b(?:Senator|Representative|Judge|Chairman|"
    r"Chairwoman|Chair|Member|Commissioner|Secretary|Director|Administrator|Professor))\s+$"
)
INTERCHANGEABLE = {"of": "(?:of|for|on)", "for": "(?:of|for|on)", "on": "(?:of|for|on)"}
ENDINGS = {
    "n",
    "an",
    "ian",
    "s",
    "es",
    "ns",
    "ans",
    "ese",
    "i",
    "ic",
    "e",
    "al",
    "a",
    "o",
    "y",
    "ism",
    "ist",
}
# The last word of an agency's name says what kind of body it is; one is easily written for
# another ("National Transportation Safety Administration" for "… Board").
KINDS = ("Administration", "Agency", "Board", "Bureau", "Commission", "Corporation", "Service")
ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def check(doc: Document) -> Iterator[Finding]:
    words = _name_occurrences(doc)
    yield from _near_duplicates(words, _titled(doc, words))
    yield from _accents(words)
    yield from _known_accents(doc)
    yield from _agencies(doc)
    yield from _abbreviations(doc)


def _name_occurrences(doc: Document) -> dict[str, list[int]]:
    """Capitalised words that never occur in lower case, with the offset of each occurrence."""
    found: dict[str, list[int]] = defaultdict(list)
    lower: set[str] = set()
    for block in prose_blocks(doc):
        for m in chain(WORD.finditer(block.text), HYPHENATED_NAME.finditer(block.text)):
            word = m.group()
            if word.islower():
                lower.add(word)
            elif _is_name(word) and not doc.is_foreign(block.start + m.start()):
                found[word].append(block.start + m.start())
    return {word: offsets for word, offsets in found.items() if word.lower() not in lower}


def _is_name(word: str) -> bool:
    """A capitalised word whose other capitals each follow a lower-case letter (McAllen), not
    an acronym (NOAA, FEMAs)."""
    return (
        len(word) > 1
        and word[0].isupper()
        and word[1].islower()
        and not any(a.isupper() and b.isupper() for a, b in pairwise(word))
    )


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edit distance with transpositions (optimal string alignment), or limit + 1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)  # a transposition: "Brigde"
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _titled(doc: Document, words: dict[str, list[int]]) -> set[str]:
    """Names written after a person's title somewhere (Mr. Szymanski, Senator Ortiz)."""
    return {
        word
        for word, offsets in words.items()
        if any(TITLE.search(doc.source[max(0, o - 16) : o]) for o in offsets)
    }


def _near_duplicates(words: dict[str, list[int]], titled: set[str]) -> Iterator[Finding]:
    by_initial: dict[str, list[str]] = defaultdict(list)
    for word in words:
        by_initial[word[0]].append(word)
    for word, offsets in words.items():
        if len(word) < 5 or len(offsets) > 2:
            continue
        for other in by_initial[word[0]]:
            count = len(words[other])
            if other == word or count < 2 or count < 2 * len(offsets):
                continue
            if strip_accents(other) == strip_accents(word):
                continue  # L302
            distance = edit_distance(word, other)
            if distance > 2 or (distance == 2 and len(word) < 7):
                continue
            prefix = len(_common_prefix(word, other))
            endings = {word[prefix:], other[prefix:]}
            derived = prefix >= min(len(word), len(other)) - 2 and endings <= ENDINGS | {""}
            if derived and not {word, other} <= titled:
                continue  # a different ending: Mexico, Mexican; Sinaloa, Sinaloan; not Beltsvile
            # (a person's surname, after a title both times, has no derived forms)
            for offset in offsets:
                yield Finding(
                    "L301",
                    offset,
                    offset + len(word),
                    f"“{word}” (once) against “{other}” ({count} times)",
                    other,
                )
            break


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _accents(words: dict[str, list[int]]) -> Iterator[Finding]:
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        groups[strip_accents(word)].append(word)
    for bare, forms in groups.items():
        accented = [form for form in forms if form != bare]
        if bare not in forms or not accented:
            continue
        for offset in words[bare]:
            yield Finding(
                "L302",
                offset,
                offset + len(bare),
                f"“{bare}” here, “{accented[0]}” elsewhere",
                accented[0],
            )


@cache
def _unaccented_names() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every listed name written without its accents, and the right forms."""
    names = {strip_accents(name): name for name in data_file("spanish-names.yaml")}
    alternatives = "|".join(re.escape(bare) for bare in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)"), names


def _known_accents(doc: Document) -> Iterator[Finding]:
    pattern, names = _unaccented_names()
    for block in prose_blocks(doc):
        for m in pattern.finditer(block.text):
            yield Finding(
                "L303",
                block.start + m.start(),
                block.start + m.end(),
                f"“{m.group()}”",
                names[m.group()],
            )


@cache
def _agency_patterns() -> list[tuple[re.Pattern, str, tuple[str, ...]]]:
    """A loose pattern per official name (same initials, similar word lengths), and the wrong
    forms; `_agencies` then keeps the matches that differ from the name in one word only."""
    data = data_file("agencies.yaml")
    patterns = []
    for name in data["names"]:
        parts = []
        for word in name.split():
            tail = re.escape(word[-1]) if word[-1] in ",&" and len(word) > 1 else ""
            word = word[:-1] if tail else word
            if word.lower() in INTERCHANGEABLE:
                parts.append(INTERCHANGEABLE[word.lower()])
            elif word[0].isupper() and len(word) > 1:
                low, high = max(1, len(word) - 3), len(word) + 2
                parts.append(rf"{word[0]}[\w-]{{{low},{high}}}")
                if word in KINDS and word == name.split()[-1]:
                    parts[-1] = f"(?:{parts[-1]}|{'|'.join(KINDS)})"  # "Federal Aviation Agency"
            else:
                parts.append(re.escape(word))
            parts[-1] += tail
        pattern = re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])")
        patterns.append(
            (pattern, name, tuple(w.strip(",&") for w in name.split() if w[0].isupper()))
        )
    for wrong, right in data["wrong"].items():
        words = r"\s+".join(re.escape(word) for word in wrong.split())
        pattern = re.compile(rf"(?<![\w-]){words}(?![\w-]|\s+and\s+Prevention)")
        patterns.append((pattern, right, (wrong.split()[-1],)))
    return patterns


def _word_slip(written: str, official: str) -> bool:
    """Whether one word of a name is a slip for the other: a plural, a preposition, a typo."""
    if written.lower() in INTERCHANGEABLE and official.lower() in INTERCHANGEABLE:
        return True
    if written in KINDS and official in KINDS:
        return True  # the kind of body: an Agency for an Administration, a Board
    if written in (official + "s", official[:-1] + "ies") or official == written + "s":
        return True
    if len(official) >= 4 and edit_distance(written, official) <= 2:
        return True
    stem = len(_common_prefix(written, official))
    return stem >= 6 and stem >= 0.6 * max(len(written), len(official))  # Regulation, Regulatory


def _differs_in_one_word(written: str, name: str) -> bool:
    pairs = [(w, o) for w, o in zip(written.split(), name.split(), strict=True) if w != o]
    if pairs and pairs[0] in (("Departments", "Department"), ("Offices", "Office")):
        pairs = pairs[1:]  # "the Departments of Defense, …, and Justice"
    return len(pairs) == 1 and _word_slip(*pairs[0])


def _agencies(doc: Document) -> Iterator[Finding]:
    wrong_forms = set(data_file("agencies.yaml")["wrong"])
    for block in prose_blocks(doc):
        for pattern, name, words in _agency_patterns():
            if sum(word in block.text for word in words) < len(words) - 1:
                continue  # a name with one word slipped still has the others
            for m in pattern.finditer(block.text):
                written = " ".join(m.group().split())
                if written == name:
                    continue
                if written not in wrong_forms and not _differs_in_one_word(written, name):
                    continue
                yield Finding(
                    "L304", block.start + m.start(), block.start + m.end(), f"“{written}”", name
                )


def _abbreviations(doc: Document) -> Iterator[Finding]:
    definitions: dict[str, list[int]] = defaultdict(list)
    spans: dict[int, int] = {}
    uses: dict[str, list[int]] = defaultdict(list)
    dotted: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for block in prose_blocks(doc):
        text = block.text
        for m in re.finditer(r"\(([A-Z][A-Za-z-]*[A-Z]|[a-z]{1,3})(s?)\)", text):
            abbreviation = m.group(1)
            if abbreviation in ROMAN or not _defines(text[: m.start()], abbreviation):
                continue
            definitions[abbreviation].append(block.start + m.start())
            spans[block.start + m.start()] = block.start + m.end()
        for m in re.finditer(r"(?<![\w(-])([A-Z][A-Za-z-]*[A-Z])(?:s|’s|'s)?(?![\w)])", text):
            uses[m.group(1)].append(block.start + m.start())
        for m in re.finditer(r"(?<![\w.])((?:[A-Z]\.){2,})(?!\w)", text):
            dotted[m.group(1).replace(".", "")].append((block.start + m.start(), m.group(1)))
    for abbreviation, offsets in definitions.items():
        for offset in offsets[1:]:
            yield Finding(
                "L305", offset, spans[offset], f"“({abbreviation})” again", "the abbreviation alone"
            )
        earlier = [use for use in uses.get(abbreviation, []) if use < offsets[0]]
        if earlier:
            yield Finding(
                "L306",
                earlier[0],
                earlier[0] + len(abbreviation),
                f"“{abbreviation}” before “({abbreviation})”",
                "spell it out at its first use",
            )
    yield from _never_introduced(doc, definitions, uses)
    for bare, forms in dotted.items():
        plain = uses.get(bare, [])
        if not plain:
            continue
        minority = forms if len(forms) <= len(plain) else [(o, bare) for o in plain]
        majority = bare if minority is forms else forms[0][1]
        for offset, written in minority:
            yield Finding(
                "L307", offset, offset + len(written), f"“{written}” against “{majority}”", majority
            )


def _defines(before: str, abbreviation: str) -> bool:
    """Whether the words before "(ABBR)" spell it out: their initials hold its first letters."""
    words = re.findall(r"[^\W\d_][\w’'-]*", before)[-(len(abbreviation) + 4) :]
    if not words:
        return False
    if abbreviation.islower():
        return words[-1].lower().startswith(abbreviation[0])
    initials = "".join(w[0] for w in words).upper()
    letters = [c for c in abbreviation.upper() if c.isalpha()]
    return letters[0] in initials and sum(c in initials for c in letters) >= len(letters) / 2


def _never_introduced(
    doc: Document, definitions: dict[str, list[int]], uses: dict[str, list[int]]
) -> Iterator[Finding]:
    """An abbreviation the text never defines although it spells the name out somewhere."""
    joiners = r"\s+(?:(?:of|and|for|the|on|&)\s+)*"
    text = "\n\n".join(block.text for block in prose_blocks(doc))
    for abbreviation, offsets in uses.items():
        if abbreviation in definitions or not abbreviation.isalpha() or len(abbreviation) < 3:
            continue
        letters = abbreviation.upper()
        pattern = joiners.join(rf"\b{letter}[a-z]+" for letter in letters)
        spelled = re.search(pattern, text)
        if spelled is None:
            continue
        name = " ".join(spelled.group().split())
        yield Finding(
            "L306",
            offsets[0],
            offsets[0] + len(abbreviation),
            f"“{abbreviation}” is never introduced after “{name}”",
            f"{name} ({abbreviation}) at its first use",
        )
