"""L1xx grammar: doubled words and series items, determiners, a/an, its/it's, a missing "to",
agreement, numbers and their nouns, then/the, "U.S." without "the".

Each check is a pattern over a block's masked text with just enough word lists to keep near
misses quiet; the golden pairs in tests/lint/codes.yaml show what each flags and what it leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hearingpress.lint.document import Block, Document
from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import alternation, words
from hearingpress.lint.prose import SENTENCE_STARTERS, prose_blocks, sentences

W = r"[^\W\d_][\w’'-]*"

# Verbs that take an infinitive with "to" directly ("pledged to curb") …
TO_VERBS = alternation("to_verbs")
# … or after their object ("ordered the agency to get").
OBJECT_TO_VERBS = alternation("object_to_verbs")
# Common verbs in the base form that are seldom nouns in testimony.
BASE_VERBS = words("base_verbs")
PLURAL_VERBS = words("plural_verbs")
SINGULAR_NOUN_EXCEPTIONS = words("singular_noun_exceptions")
NOT_PLURAL = words("not_plural")
QUANTITY_WORDS = words("quantity_words")
STOP_WORDS = words("stop_words")
WORD_ACRONYMS = words("word_acronyms")
TO_NOUNS = words("to_nouns")
CONSONANT_SOUND = (
    "uni",
    "use",
    "usu",
    "usa",
    "uti",
    "ure",
    "uri",
    "uro",
    "uru",
    "ura",
    "ubi",
    "uga",
    "uka",
    "ukr",
    "uta",
    "eu",
    "ewe",
    "one",
    "once",
    "ouija",
)
VOWEL_SOUND_UNI = ("unin", "unim", "unid", "unil", "unir", "unic")
SILENT_H = ("hour", "honest", "honor", "honour", "heir", "herb")
DETERMINERS = "a|an|the|their|its|his|her|our|this|these|those|such"


def check(doc: Document) -> Iterator[Finding]:
    for block in prose_blocks(doc):
        if block.kind == "heading":
            continue
        text = block.text
        for finding in _block_findings(block, text):
            if not doc.is_foreign(finding.start):
                yield finding
    yield from _repeated_list_items(doc)


def _block_findings(block: Block, text: str) -> Iterator[Finding]:
    at = block.start
    yield from _doubled_words(at, text)
    for sentence in sentences(block):
        yield from _repeated_series_items(sentence.start, sentence.text)
    yield from _determiners(at, text)
    yield from _a_an(at, text)
    yield from _its(at, text)
    yield from _missing_to(at, text)
    yield from _agreement(at, text)
    yield from _numbers(at, text)
    yield from _then_the(at, text)
    yield from _missing_to_after_noun(at, text)
    yield from _missing_of(at, text)
    yield from _us_without_the(at, text)


def _doubled_words(at: int, text: str) -> Iterator[Finding]:
    for m in re.finditer(rf"\b({W})(\s+)(\1)\b", text, re.I):
        word = m.group(1).lower()
        if not re.search(r"[^\W\d_]", word):
            continue
        if word in ("that", "had") and not (
            word == "that" and re.match(rf"\s+(?:{DETERMINERS})\b", text[m.end() :])
        ):
            continue  # "said that that report", "had had"; but not "that that the"
        yield Finding(
            "L101", at + m.start(), at + m.end(), f"“{m.group()}”", m.group(1), fix=m.group(1)
        )


def _series_items(sentence: str, offset: int) -> list[tuple[str, int, int]]:
    """(normalised item, start, end) for the short comma-separated items of a series."""
    items = []
    position = 0
    for part in sentence.split(","):
        start = position
        position += len(part) + 1
        words = list(re.finditer(W, part))
        if not words:
            items.append(("", 0, 0))
            continue
        if words[0].group().lower() in ("and", "or"):
            words = words[1:2] if len(words) <= 4 else []  # "and Cofepris has shut …": a clause
        elif start == 0 and len(words) > 1:
            words = words[-1:]  # a long first part: only its last word can open the series
        elif len(words) > 3:
            items.append(("", 0, 0))  # a clause ends the series
            continue
        if not words:
            continue
        text = " ".join(w.group().lower() for w in words)
        if text in STOP_WORDS:
            continue
        items.append((text, offset + start + words[0].start(), offset + start + words[-1].end()))
    return items


def _repeated_series_items(at: int, sentence: str) -> Iterator[Finding]:
    items = _series_items(sentence, at)
    if len([i for i in items if i[0]]) < 3:
        return
    seen: set[str] = set()
    for text, start, end in items:
        if not text:
            seen = set()
            continue
        if text in seen:
            yield Finding("L102", start, end, f"“{text}” is already in this series")
        seen.add(text)


def _repeated_list_items(doc: Document) -> Iterator[Finding]:
    previous: Block | None = None
    for block in doc.blocks:
        if block.kind != "item":
            previous = None
            continue
        text = " ".join(block.text.split())
        same_list = previous is not None and previous.list_id == block.list_id
        if same_list and text and text == " ".join(previous.text.split()):
            start = block.start + len(block.text) - len(block.text.lstrip())
            end = block.start + len(block.text.rstrip())
            yield Finding("L102", start, end, "the list item repeats the one before")
        previous = block


def _determiners(at: int, text: str) -> Iterator[Finding]:
    first = "the|a|an|its|their|our|your|my|these|those"
    for m in re.finditer(rf"\b({first})\s+(the|a|an)\b(?!\s*[-–—])", text, re.I):
        if m.group(1).lower() == m.group(2).lower():
            continue  # a doubled word: L101
        yield Finding("L103", at + m.start(), at + m.end(), f"“{m.group()}”", "keep one of them")
    pattern = r"\b(?:has|have|had)\s+((?:a|an|the)\s+)([a-z]+ed)\s+(?:in|to|from|by|on|with|at|into|for)\b"  # noqa: E501
    for m in re.finditer(pattern, text):
        yield Finding(
            "L104", at + m.start(1), at + m.end(2), f"“{m.group(1)}{m.group(2)}”", m.group(2)
        )


def wants_an(word: str) -> bool | None:
    """Whether the word starts with a vowel sound (None: cannot tell)."""
    digits = re.match(r"\d[\d,]*", word)
    if digits:
        number = digits.group().replace(",", "")
        return number.startswith("8") or (number[:2] in ("11", "18") and len(number) in (2, 5))
    letters = word.replace(".", "")
    if len(letters) < 2:
        return None
    if letters.isupper() and letters not in WORD_ACRONYMS:
        return letters[0] in "AEFHILMNORSX"
    lower = word.lower()
    if lower.startswith(SILENT_H):
        return True
    if lower.startswith(VOWEL_SOUND_UNI):
        return True
    if lower.startswith(CONSONANT_SOUND):
        return False
    return lower[0] in "aeiou"


def _a_an(at: int, text: str) -> Iterator[Finding]:
    for m in re.finditer(r"\b(a|an|A|An)\s+([“\"‘]?)([\w][\w.,-]*)", text):
        article, word = m.group(1), m.group(3)
        vowel = wants_an(word)
        if vowel is None:
            continue
        if article.lower() == "a" and vowel:
            right = "An" if article == "A" else "an"
        elif article.lower() == "an" and not vowel:
            right = "A" if article == "An" else "a"
        else:
            continue
        yield Finding("L105", at + m.start(1), at + m.end(1), f"“{article} {word}”", right)


def _its(at: int, text: str) -> Iterator[Finding]:
    owned = (
        "own|members|leaders|citizens|borders|operations|role|share|ability|capacity|efforts|"
        "partners|allies|territory|economy|government|history|neighbors|products|size"
    )
    for m in re.finditer(rf"\b([Ii]t[’']s)\s+(?:{owned})\b", text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "its")
    not_nouns = "likely|clear|true|possible|certain|unclear|obvious|easy|hard|time|worth|not|also"
    possessive = rf"\b([Ii]t[’']s)\s+(?!(?:{not_nouns})\b)(?:[a-z]+\s+)?[a-z]+\s+(?:is|are|was|were|has|have|will|can|remain|remains)\b"  # noqa: E501
    for m in re.finditer(possessive, text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "its")
    followers = (
        "a|an|the|not|been|being|going|important|clear|likely|unlikely|unclear|very|too|hard|"
        "easy|possible|necessary|true|difficult|essential|critical|worth|also|still"
    )
    for m in re.finditer(rf"\b([Ii]ts)\s+(?:{followers})\b", text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "it’s")


def _missing_to(at: int, text: str) -> Iterator[Finding]:
    preposition = r"(?:for|of|to|from|in|on|with|by|at|and|or)\b"
    for m in re.finditer(
        rf"(?<!\bis )(?<!\bwas )(?<!\bare )(?<!\bwere )(?<!\bbe )\b(due)\s+({DETERMINERS})\b",
        text,
        re.I,
    ):
        yield Finding("L107", at + m.start(), at + m.end(), f"“{m.group()}”", "due to")
    for m in re.finditer(rf"\b({TO_VERBS})\s+([a-z]+)\b(?!\s+{preposition})", text):
        if m.group(2) in BASE_VERBS:
            yield Finding(
                "L107",
                at + m.start(),
                at + m.end(),
                f"“{m.group()}”",
                f"{m.group(1)} to {m.group(2)}",
            )
    pattern = (
        rf"\b({OBJECT_TO_VERBS})\s+(?:{DETERMINERS})\s+(?:[A-Za-z]+\s+)??([A-Za-z]+)\s+([a-z]+)\b"
    )
    for m in re.finditer(pattern, text):
        noun, verb = m.group(2), m.group(3)
        if verb in BASE_VERBS and noun.lower() not in BASE_VERBS | STOP_WORDS | TO_NOUNS:
            yield Finding(
                "L107", at + m.start(2), at + m.end(3), f"“{noun} {verb}”", f"{noun} to {verb}"
            )


def _missing_to_after_noun(at: int, text: str) -> Iterator[Finding]:
    preposition = r"(?:for|of|to|from|in|on|with|by|at|and|or)\b"
    nouns = "|".join(TO_NOUNS)
    for m in re.finditer(rf"\b({nouns})\s+([a-z]+)\b(?!\s+{preposition})", text):
        if m.group(2) in BASE_VERBS:
            yield Finding(
                "L107",
                at + m.start(),
                at + m.end(),
                f"“{m.group()}”",
                f"{m.group(1)} to {m.group(2)}",
            )


def _agreement(at: int, text: str) -> Iterator[Finding]:
    number = r"\b[Tt]he\s+number\s+of\s+[a-z]+s((?:\s+[\w.-]+){0,6}?)\s+(are|were|have)\b"
    for m in re.finditer(number, text):
        if not re.search(r"\b(is|was|has|are|were|have|that|which|who)\b", m.group(1)):
            yield Finding(
                "L108",
                at + m.start(2),
                at + m.end(2),
                f"“the number of … {m.group(2)}”",
                {"are": "is", "were": "was", "have": "has"}[m.group(2)],
            )
    each = r"\b([Ee]ach|[Ee]very)\s+((?:of\s+(?:the|their|these|those|our)\s+)?[a-z]+s?)\b"
    stop = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "to",
            "did", "does", "is", "was", "has", "and", "or", "that", "which", "who", "whose",
            "where", "when"}  # fmt: skip
    times = r"(?:day|hour|week|month|year|time|morning|night|minute|season|quarter)\b"
    for m in re.finditer(each, text):
        before = text[max(0, m.start() - 12) : m.start()].split()
        if before and (before[-1].lower() in ("they", "we", "you") or before[-1].endswith("s")):
            continue  # "the countries each have"
        if (before and before[-1].lower() in ("of", "in")) or re.match(times, text[m.start(2) :]):
            continue  # "nine of every ten", "every day they deliver"
        for w in re.finditer(r"[a-z]+|[^\sa-z]", text[m.end() :][:60]):
            verb = w.group()
            if verb in stop or not verb.isalpha():
                break
            if verb in ("are", "were", "have", "do") or verb in PLURAL_VERBS | BASE_VERBS:
                end = m.end() + w.end()
                yield Finding(
                    "L108",
                    at + m.start(),
                    at + end,
                    f"“{m.group(1)} … {verb}”",
                    _third_person(verb),
                )
                break
    collective = r"\b(?:police|people|personnel|cattle),?\s+(?:who|that)\s+(is|was|has)\b"
    for m in re.finditer(collective, text, re.I):
        yield Finding(
            "L108",
            at + m.start(1),
            at + m.end(1),
            f"“{m.group()}”",
            {"is": "are", "was": "were", "has": "have"}[m.group(1).lower()],
        )
    plural = r"\b(?:the|these|those|its|their|our|such)\s+(?:[a-z]+\s+)?([a-z]+s)\s+(is|was|has)\b"
    for m in re.finditer(plural, text, re.I):
        noun = m.group(1).lower()
        if noun in NOT_PLURAL or noun.endswith(("ss", "us", "is", "ics", "ous")) or len(noun) < 4:
            continue
        if _in_relative_clause(text[max(0, m.start() - 50) : m.start()]):
            continue  # "the agency that runs the ports has": the verb may be the agency's
        yield Finding(
            "L108",
            at + m.start(1),
            at + m.end(2),
            f"“{m.group(1)} {m.group(2)}”",
            {"is": "are", "was": "were", "has": "have"}[m.group(2).lower()],
        )
    plural_relative = (
        r"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+([a-z]+s)\s+(?:that|which|who)\s+([a-z]+s)\b"
    )
    verbs = PLURAL_VERBS | BASE_VERBS
    for m in re.finditer(plural_relative, text):
        noun, verb = m.group(1), m.group(2)
        base = verb[:-2] if verb.endswith("es") and verb[:-2] in verbs else verb[:-1]
        if noun in NOT_PLURAL or noun.endswith(("ss", "us", "is")) or base not in verbs:
            continue
        yield Finding("L108", at + m.start(1), at + m.end(2), f"“{noun} … {verb}”", base)
    across = r"\b(?:[Tt]he|[Aa]|[Aa]n|[Tt]his)\s+([a-z]+)\s+(?:that|which|who)\s+([a-z]+)((?:\s+[\w.-]+){0,4}?)\s+(are|were|have)\b"  # noqa: E501
    verbs = PLURAL_VERBS | BASE_VERBS
    for m in re.finditer(across, text):
        noun, clause_verb = m.group(1), m.group(2)
        own_verb = clause_verb.endswith("ed") or (
            clause_verb.endswith("s") and (clause_verb[:-1] in verbs or clause_verb[:-2] in verbs)
        )
        if not own_verb or noun.endswith("s") or noun in SINGULAR_NOUN_EXCEPTIONS:
            continue
        if re.search(r"\b(?:and|or|that|which|who|are|were|have|is|was|has)\b", m.group(3)):
            continue
        yield Finding(
            "L108",
            at + m.start(4),
            at + m.end(4),
            f"“{noun} that {clause_verb} … {m.group(4)}”",
            _third_person(m.group(4)),
        )
    relative = (
        r"\b(?:[Tt]he|[Aa]|[Aa]n|[Tt]his|[Tt]hat)\s+([a-z]+)\s+(?:that|which|who)\s+([a-z]+)\b"
    )
    for m in re.finditer(relative, text):
        noun, verb = m.group(1), m.group(2)
        if verb not in PLURAL_VERBS or noun in SINGULAR_NOUN_EXCEPTIONS:
            continue
        if noun.endswith("s") or noun.endswith("ing") or noun in BASE_VERBS:
            continue
        yield Finding(
            "L108",
            at + m.start(1),
            at + m.end(2),
            f"“{noun} … {verb}”",
            _third_person(verb),
        )


def _in_relative_clause(before: str) -> bool:
    """Whether the words before end inside a relative clause ("… the agency that runs …")."""
    m = re.search(r"(\S+)\s+(that|which|who)\s+(?:\S+\s+){0,3}$", before)
    if m is None:
        return False
    head = m.group(1).lower().strip(",;")
    if head.endswith("s") and not head.endswith("ss"):
        return False  # "the providers that won the largest awards is": wrong either way
    if m.group(2) != "that":
        return True
    complement = {
        "said",
        "says",
        "say",
        "told",
        "us",
        "them",
        "him",
        "her",
        "know",
        "knows",
        "show",
        "shows",
        "believe",
        "think",
        "found",
        "find",
        "finds",
        "so",
        "now",
        "and",
        "but",
        "or",
        "because",
    }
    return head not in complement and not head.endswith("ed")


def _third_person(verb: str) -> str:
    """The singular form of a plural verb: have → has, accompany → accompanies, ask → asks."""
    irregular = {"have": "has", "are": "is", "were": "was", "do": "does", "go": "goes"}
    if verb in irregular:
        return irregular[verb]
    if not verb.endswith(("s", "sh", "ch", "x", "y", "o")):
        return verb + "s"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "es"


def _numbers(at: int, text: str) -> Iterator[Finding]:
    for m in re.finditer(r"(?<![\w.,$])(\d[\d,]*)\s+(of)\s+([a-z]+s)\b", text):
        if re.fullmatch(r"(19|20)\d\d", m.group(1)):
            continue
        yield Finding(
            "L109", at + m.start(2), at + m.end(2), f"“{m.group()}”", f"{m.group(1)} {m.group(3)}"
        )
    for m in re.finditer(r"(?<![\w.,$\d])(\d{1,3}(?:,\d{3})*|\d+)(?![\d%.,]\d|%|\.\d)\b", text):
        number = m.group(1)
        value = int(number.replace(",", ""))
        if value < 2 or re.fullmatch(r"(1[6-9]|20)\d\d", number):
            continue
        if re.search(r"[$£€]\s*$", text[max(0, m.start() - 2) : m.start()]):
            continue
        words = []
        rest = text[m.end() :]
        stop = ""
        for w in re.finditer(r"\s*([^\s]+)", rest):
            token = w.group(1)
            bare = token.rstrip(",;:.)")
            if not re.fullmatch(r"[a-z][a-z-]*", bare) or bare in STOP_WORDS:
                stop = token
                break
            words.append(bare)
            if bare != token or len(words) == 4:
                stop = token[len(bare) :] or "end"
                break
        if not words or (len(words) > 3 and not stop):
            continue
        head = words[-1]
        if any(w in QUANTITY_WORDS or w.endswith(("ing", "ed", "s")) for w in words):
            continue
        if head.endswith(("s", "ing", "ed", "ly", "ese")) or head in (
            "people",
            "police",
            "children",
            "personnel",
            "cattle",
            "staff",
        ):
            continue
        if stop in ("and", "or"):
            after = re.match(r"\s*\S+\s+([^\s]+)", rest[rest.find(" " + stop) :])
            if after and re.fullmatch(r"[a-z][a-z-]*", after.group(1)):
                continue  # "26,000 drug and chemical listings"
        if stop and stop not in ("end",) and stop.rstrip(",;:.)") in ("than", "to", "per"):
            continue
        index = rest.find(head)
        start = at + m.end() + index
        yield Finding("L110", start, start + len(head), f"“{number} … {head}”", f"{head}s")


def _then_the(at: int, text: str) -> Iterator[Finding]:
    quantifiers = "most|many|some|all|much|few|none|each|any|both|several|half|part|one|two"
    pattern = rf"\b(?:by|at|in|of|to|for|from|on|with|into|during|until|through|across|over|under|after|before)\s+(then)\s+(?!(?:{quantifiers})\b)([a-z]+)\s+of\b"  # noqa: E501
    for m in re.finditer(pattern, text, re.I):
        yield Finding("L111", at + m.start(1), at + m.end(1), f"“{m.group()}”", "the")


def _us_without_the(at: int, text: str) -> Iterator[Finding]:
    starters = "|".join(sorted(SENTENCE_STARTERS))
    pattern = rf"\b(?:from|in|into|across|of|within|throughout|inside|outside|against)\s+(U\.S\.)(?=\s*(?:[,;:)]|$)|\s+(?:{starters})\b)"  # noqa: E501
    for m in re.finditer(pattern, text):
        yield Finding("L113", at + m.start(1), at + m.end(1), f"“{m.group()}”", "the U.S.")


def _missing_of(at: int, text: str) -> Iterator[Finding]:
    quantity = "levels|amounts|kinds|types|sorts|lots|quantities|volumes|degrees"
    noun = r"[a-z]+(?:ence|ance|tion|sion|ment|ity|ism|ness)"
    for m in re.finditer(rf"\b({quantity})\s+({noun})\b", text):
        yield Finding(
            "L112", at + m.start(), at + m.end(), f"“{m.group()}”", f"{m.group(1)} of {m.group(2)}"
        )
