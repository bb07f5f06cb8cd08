"""L1xx grammar: doubled words and series items, determiners, a/an, its/it's, a missing "to",
agreement, numbers and their nouns, then/the, "U.S." without "the".

Each check is a pattern over a block's masked text with just enough word lists to keep near
misses quiet; the golden pairs in tests/lint/codes.yaml show what each flags and what it leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hearingpress.lint import agreement
from hearingpress.lint.document import Block, Document
from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import alternation, third_person, words
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
NUMBER_WORDS = sorted(words("number_words"), key=len, reverse=True)
TO_NOUNS = words("to_nouns")
VERBS_NOT_NOUNS = words("verbs_not_nouns")
# Adjectives of judgment: "Its welcome that" is "It’s welcome that" (L106).
JUDGMENTS = {"welcome", "fair", "unfortunate", "fortunate", "surprising", "encouraging",
             "troubling", "worrying", "disappointing", "striking", "remarkable", "notable",
             "regrettable", "ironic", "telling", "reasonable", "fitting", "evident", "apparent",
             "doubtful", "odd", "strange", "sad", "good", "bad", "right", "wrong", "vital",
             "urgent", "crucial", "plain", "obvious", "understandable", "frustrating",
             "alarming", "significant", "interesting"}  # fmt: skip
# Irregular past forms that take an object, and past forms that take a clause (L106).
OBJECT_PAST = {"lost", "met", "cut", "spent", "kept", "held", "built", "sold", "paid", "won",
               "left", "bought", "brought", "gave", "took", "set", "shut", "sent",
               "lent"}  # fmt: skip
CLAUSE_PAST = {"decided", "learned", "realized", "agreed", "argued", "assumed", "concluded",
               "confirmed", "guessed", "hoped", "insisted", "reported", "stated", "suggested",
               "warned", "claimed", "explained", "estimated", "figured", "proved", "predicted",
               "recognized", "remembered", "added", "answered", "replied", "noted", "believed",
               "showed", "admitted", "acknowledged", "announced", "complained", "determined",
               "discovered", "emphasized", "indicated", "observed", "pointed", "remarked",
               "revealed", "signaled", "stressed", "testified", "worried", "feared", "doubted",
               "expected", "ensured", "demonstrated", "verified", "presumed", "calculated",
               "seemed", "appeared", "sounded", "looked", "felt"}  # fmt: skip
OBJECT_PRONOUNS = {"it", "them", "us", "him", "her", "me"}
AUXILIARY_VERBS = {"will", "would", "can", "could", "may", "might", "must", "shall", "should",
                   "does", "do", "did", "has", "have", "had", "is", "are", "was", "were",
                   "not"}  # fmt: skip
# Words after which a clause, and so its subject, may start (L108: "…, and each of the …").
CLAUSE_OPENERS = {"and", "but", "or", "because", "that", "when", "while", "if", "since", "so",
                  "although", "though", "where", "as", "whether", "until", "unless", "yet",
                  "now", "today", "then", "still", "also"}  # fmt: skip
# Words after which a noun phrase is not the subject: prepositions and conjunctions.
NOT_SUBJECT_AFTER = (
    "of|in|for|with|at|on|from|to|by|into|across|among|under|over|about|through|after|before|"
    "during|since|until|behind|between|beyond|within|without|against|along|around|near|toward|"
    "towards|throughout|despite|like|per|via|upon|above|below|outside|inside|and|or"
)
AFTER_GOVERNOR = rf"\b(?:{NOT_SUBJECT_AFTER})\s+$"
AFTER_PREPOSITION = rf"\b(?!and\b|or\b)(?:{NOT_SUBJECT_AFTER})\s+$"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# The verbs that show a plural subject after a relative clause: are, were, have, or a plural
# verb from the lexicon ("the assessment that sets this year’s limits rely") (L108).
MAIN_PLURAL = "|".join(sorted(PLURAL_VERBS | {"are", "were", "have"}, key=len, reverse=True))
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
# Verbs after which "this" and the next word can be object and complement ("call this the
# first phase", "is this a problem"), so "this the" is no slip there.
COMPLEMENT_VERBS = words("complement_verbs")
BE_FORMS = "is|are|was|were|be|been|being|am|’re|’s"
# Predicates that take an infinitive: "is unable to finalize", "were forced to ground" (L107).
TO_PREDICATES = alternation("to_predicates")
# Words that follow those predicates or "pledged" … without being an infinitive (L107).
NOT_INFINITIVES = words("not_infinitives")
# Verbs in -s that take a clause: "says it’s", "means it’s" (L106).
SAYING_VERBS = words("saying_verbs")


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
        yield from agreement.check_sentence(sentence.start, sentence.text)
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


def _series_items(sentence: str, offset: int) -> list[tuple[str, int, int, bool]]:
    """(normalised item, start, end, whole) for the comma-separated parts of a series: a short
    part is a whole item; a longer one contributes only its last word, which may be an item
    ("our incidents involved weather, …") or a word that merely ends a clause."""
    items = []
    position = 0
    for part in sentence.split(","):
        start = position
        position += len(part) + 1
        words = list(re.finditer(W, part))
        if not words:
            items.append(("", 0, 0, False))
            continue
        whole = True
        if words[0].group().lower() in ("and", "or"):
            words = words[1:2] if len(words) <= 4 else []  # "and Cofepris has shut …": a clause
        elif (
            len(words) == 3
            and start
            and words[1].group() in ("and", "or")
            and part.islower()
            and len(words[0].group()) > 2
        ):
            first = offset + start + words[0].start()  # "for housing, housing and roads"
            items.append((words[0].group().lower(), first, first + len(words[0].group()), True))
            words = words[2:]
        elif len(words) > 3 and start and (joined := _item_before_and(part)):
            words = [w for w in words if w.start() < joined]  # "chlorine and ethanol stopped …"
        elif len(words) > 3 or (start == 0 and len(words) > 1):
            words, whole = words[-1:], False  # a long part: only its last word can be an item
        if not words:
            continue
        text = " ".join(w.group().lower() for w in words)
        if text in STOP_WORDS:
            continue
        start, end = offset + start + words[0].start(), offset + start + words[-1].end()
        items.append((text, start, end, whole))
    return items


def _item_before_and(part: str) -> int:
    """Where the last item ends in a part that goes on after it ("chlorine and ethanol stopped
    for six hours"): the offset of "and"/"or" within its first three words, or 0."""
    m = re.match(rf"\s*{W}(?:\s+{W}){{0,2}}?(?=\s+(?:and|or)\s)", part)
    return m.end() if m else 0


def _repeated_series_items(at: int, sentence: str) -> Iterator[Finding]:
    items = _series_items(sentence, at)
    if len([i for i in items if i[0]]) < 3:
        return
    # "Laura, Delta, Ida and Ida destroyed …": the last two items joined by "and" are one
    # ("more and more", "again and again" are idioms, not series items).
    idioms = {"more", "again", "over", "on", "through", "by", "round", "out", "up", "down", "less"}
    for m in re.finditer(rf",\s+({W})\s+(?:and|or)\s+(\1)\b", sentence):
        if m.group(1).lower() not in idioms:
            message = f"“{m.group(2)}” is already in this series"
            yield Finding("L102", at + m.start(2), at + m.end(2), message)
    seen: set[str] = set()
    for text, start, end, whole in items:
        if not text:
            seen = set()
            continue
        if text in seen and whole:
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
    first = "the|a|an|its|their|our|your|my|these|those|this"
    second = "the|a|an|this|these|those|its|their|our|your|my"
    for m in re.finditer(rf"\b({first})\s+({second})\b(?!\s*[-–—])", text, re.I):
        if m.group(1).lower() == m.group(2).lower():
            continue  # a doubled word: L101
        before = re.search(r"(\w+)\W*$", text[max(0, m.start() - 20) : m.start()])
        if m.group(1).lower() in ("this", "these", "those") and (
            before is None or before.group(1).lower() in COMPLEMENT_VERBS
        ):
            continue  # "Is this a problem?", "we call this the first phase"
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
    possessive = rf"\b([Ii]t[’']s)\s+(?!(?:{not_nouns}|been|being|going|getting)\b)(?:[a-z]+\s+)?[a-z]+\s+(is|are|was|were|has|have|will|can|remain|remains|[a-z]+s)\b"  # noqa: E501
    verbs = PLURAL_VERBS | BASE_VERBS
    for m in re.finditer(possessive, text):
        verb = m.group(2)
        listed = verb[:-1] in verbs or verb[:-2] in verbs or verb in SAYING_VERBS
        if verb.endswith("s") and verb not in ("is", "was", "has", "remains") and not listed:
            continue  # "it’s", a noun, and a plural noun: "it’s time limits"
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "its")
    # A noun with a noun suffix after "it’s" (“it’s jurisdiction over”), or “it’s” in a series
    # with “its” (“it’s crew, its ice house and its fuel dock”): the possessive.
    noun = r"[a-z]{3,}(?:tion|sion|ment|ship|ness|ity)"
    series = r"[a-z]+(?:\s+[a-z]+)?,?\s+(?:and\s+|or\s+)?(?:its)\b"
    for m in re.finditer(rf"\b([Ii]t[’']s)\s+(?:{noun}\b|{series})", text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "its")
    # After a preposition or a verb in -s, "it’s" is an object's owner: "weakens it’s host".
    prepositions = (
        "of|in|for|with|on|from|into|by|through|under|about|within|across|against|toward|towards"
    )
    governor = rf"(?i:{prepositions})|[a-z]{{3,}}(?<!ss)s"
    for m in re.finditer(rf"\b({governor})\s+([Ii]t[’']s)\s+([a-z]+)\b", text):
        word, follower = m.group(1).lower(), m.group(3)
        if word.endswith("s") and (word in COMPLEMENT_VERBS | SAYING_VERBS or word in STOP_WORDS):
            continue  # "says it’s", "seems it’s", "as it’s"
        if (
            follower in STOP_WORDS
            or follower.endswith(("ly", "ing", "ed"))
            or follower
            in (f"{not_nouns}|a|an|the|no|been|going|more|less|too|very|still|now|just".split("|"))
        ):
            continue
        yield Finding("L106", at + m.start(2), at + m.end(2), f"“{m.group()}”", "its")
    # After a verb in the past that takes an object, not a clause ("updated it’s guidance in",
    # "met it’s goals for"), "it’s" before a noun and a preposition is the owner.
    past = rf"[a-z]{{3,}}ed|{'|'.join(sorted(OBJECT_PAST))}"
    pattern = (
        rf"\b({past})\s+([Ii]t[’']s)\s+([a-z]{{3,}})\s+(?:in|for|on|of|to|from|at|with|by|and)\b"
    )
    for m in re.finditer(pattern, text):
        verb, follower = m.group(1), m.group(3)
        if (
            verb in CLAUSE_PAST
            or verb[:-1] + "s" in SAYING_VERBS
            or verb[:-2] + "s" in SAYING_VERBS
        ):
            continue  # "decided it’s time for", "noted it’s due in"
        if follower in STOP_WORDS | NOT_INFINITIVES or follower.endswith(("ly", "ed", "er", "ble")):
            continue
        if follower in not_nouns.split("|") or follower in JUDGMENTS or follower in ("due", "safe"):
            continue
        yield Finding("L106", at + m.start(2), at + m.end(2), f"“{m.group()}”", "its")
    followers = (
        "a|an|the|no|not|been|being|going|important|clear|likely|unlikely|unclear|very|too|hard|"
        "easy|possible|necessary|true|difficult|essential|critical|worth|also|still"
    )
    for m in re.finditer(rf"\b([Ii]ts)\s+(?:{followers})\b", text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "it’s")
    # "Its welcome that …": an adjective of judgment before a "that" clause is a predicate.
    judgments = "|".join(sorted(JUDGMENTS))
    for m in re.finditer(rf"\b([Ii]ts)\s+(?:{judgments})\s+that\b", text):
        yield Finding("L106", at + m.start(1), at + m.end(1), f"“{m.group()}”", "it’s")


def _missing_to_finding(at: int, m: re.Match[str]) -> Finding:
    """L107 on the words of `m`: its group 1 wants "to" before its group 2."""
    return Finding(
        "L107", at + m.start(), at + m.end(), f"“{m.group()}”", f"{m.group(1)} to {m.group(2)}"
    )


def _missing_to(at: int, text: str) -> Iterator[Finding]:
    preposition = r"(?:for|of|to|from|in|on|with|by|at|and|or)\b"
    for m in re.finditer(
        rf"(?<!\bis )(?<!\bwas )(?<!\bare )(?<!\bwere )(?<!\bbe )\b(due)\s+({DETERMINERS})\b",
        text,
        re.I,
    ):
        yield Finding("L107", at + m.start(), at + m.end(), f"“{m.group()}”", "due to")
    object_follows = rf"(?=\s+(?:{DETERMINERS}|it|them|us|him|me)\b)"
    noun_before = rf"\b(?:{DETERMINERS}|of|many|some|all|both|several|whose)\s+$"
    for m in re.finditer(rf"\b({TO_VERBS})\s+([a-z]+)\b(?!\s+{preposition})", text):
        before = text[max(0, m.start() - 12) : m.start()]
        if m.group(1).endswith("s") and re.search(noun_before, before, re.I):
            continue  # "how often those plans survive": a noun after a determiner
        determiner_follows = re.match(object_follows, text[m.end() :]) is not None
        if m.group(2).endswith("er") and not determiner_follows:
            continue  # "offers lower prices": a comparative before its noun
        # after a pronoun or "has/had", "threatened" is the verb, not a participle ("the
        # benefits offered include …"), so a verb seldom used as a noun is its infinitive
        finite = re.search(r"\b(?:we|they|he|she|it|i|has|have|had)\s+$", before, re.I)
        if _is_verb(m.group(2), determiner_follows, finite is not None):
            yield _missing_to_finding(at, m)
    name = r"(?:[A-Z][\w.-]*\s+){1,3}?"  # "directed the Risk Management Agency develop"
    quantifiers = "some|many|all|most|several|both|other|more|few|no|any"
    bare_name = r"(?:[A-Z][\w.-]*\s+){0,2}?(?=[A-Z])"  # "direct FEMA publish"
    pattern = rf"\b({OBJECT_TO_VERBS})\s+(?:(?:{DETERMINERS}|{quantifiers})\s+(?:{name}|[A-Za-z]+\s+)??|{bare_name}|(?=[a-z]+s\s))([A-Za-z]+)\s+([a-z]+)\b"  # noqa: E501
    for m in re.finditer(pattern, text):
        noun, verb = m.group(2), m.group(3)
        after = re.match(r"\s+([a-z]+)\b", text[m.end() :])
        if noun.islower() and not noun.endswith("s") and after and verb not in VERBS_NOT_NOUNS:
            following = after.group(1)
            plain = not following.endswith(("ed", "ing", "s", "ly"))
            verb_object = following in OBJECT_PRONOUNS and verb in BASE_VERBS | VERBS_NOT_NOUNS
            if plain and following not in STOP_WORDS | NOT_INFINITIVES and not verb_object:
                continue  # "require a single address file": "address" may be a noun there
        object_after = re.match(object_follows, text[m.end() :]) is not None
        if re.match(r"\s+of\b", text[m.end() :]):
            continue  # "requires a FIPS build of": a noun before "of"
        if (
            _is_verb(verb, object_after, True)
            and noun.lower() not in BASE_VERBS | STOP_WORDS | TO_NOUNS
        ):
            yield Finding(
                "L107", at + m.start(2), at + m.end(3), f"“{noun} {verb}”", f"{noun} to {verb}"
            )

    # "were forced ground the fleet", "has been unable finalize one": after these words in a
    # predicate, the next word is an infinitive unless it is a particle, adverb or preposition.
    adverbs = r"(?:(?:not|no\s+longer|also|still|now|often|never|always|already|usually|then|even|legally|initially|previously|currently)\s+)*"  # noqa: E501
    for m in re.finditer(rf"\b(?:{BE_FORMS})\s+{adverbs}({TO_PREDICATES})\s+([a-z]+)\b", text):
        verb = m.group(2)
        if verb in STOP_WORDS | NOT_INFINITIVES or verb.endswith(("ly", "ing", "ed", "s")):
            continue
        if verb in NUMBER_WORDS:
            continue  # "is allowed ninety seconds"
        yield Finding(
            "L107",
            at + m.start(1),
            at + m.end(2),
            f"“{m.group(1)} {verb}”",
            f"{m.group(1)} to {verb}",
        )


def _is_verb(word: str, object_follows: bool, strong: bool = False) -> bool:
    """Whether a word after "pledged", "failed" … is a verb in the base form: a listed one, one
    in -ize or -ify, or any plain word that a determiner follows ("failed retain the crews").
    Where the position is clear ("persuade our vendor disable", "it threatened impose"), a verb
    seldom used as a noun counts too."""
    if word in BASE_VERBS or (len(word) > 5 and word.endswith(("ize", "ify"))):
        return True
    if strong and word in VERBS_NOT_NOUNS:
        return True
    plain = word not in STOP_WORDS | NOT_INFINITIVES | set(NUMBER_WORDS) and not word.endswith(
        ("ly", "ing", "ed", "s")
    )
    return object_follows and plain


def _missing_to_after_noun(at: int, text: str) -> Iterator[Finding]:
    preposition = r"(?:for|of|to|from|in|on|with|by|at|and|or)\b"
    nouns = "|".join(TO_NOUNS)
    owner = rf"\b(?:{DETERMINERS}|any|no|every|each)\s+(?:[a-z]+\s+)?$"
    for m in re.finditer(rf"\b({nouns})\s+([a-z]+)\b(?!\s+{preposition})", text):
        if not re.search(owner, text[max(0, m.start() - 30) : m.start()], re.I):
            continue  # "the ones that remain need help": "need" is the verb there
        if m.group(1).endswith("s"):
            continue  # "those plans survive", "their efforts reduce costs": a subject and its verb
        if m.group(2) in BASE_VERBS | VERBS_NOT_NOUNS:
            yield _missing_to_finding(at, m)


def _agreement(at: int, text: str) -> Iterator[Finding]:
    # "the number of veterans who try telehealth … are": the first verb that is not the
    # relative clause's own (right after who/that/which) is the subject's.
    for m in re.finditer(
        r"\b[Tt]he\s+number\s+of\s+(?:[a-z]+\s+)?(?:[a-z]+s|children|people|men|women|personnel)\b",
        text,
    ):
        previous = ""
        clause = False
        for n, w in enumerate(re.finditer(r"[\w’'.-]+|[^\w\s]", text[m.end() :][:120])):
            word, before, previous = w.group(), previous, w.group()
            if n > 14 or word in (";", ":", "(", ")", ".", "?", "!"):
                break
            if re.fullmatch(r"[a-z]{2,}\.", word):
                break
            if word in ("that", "which", "who", "we", "they", "and", "or", ","):
                clause = True  # a verb of a clause of its own may follow
            finite = agreement.is_finite_verb(text, m.end() + w.start())
            if finite and agreement.verb_base(word) not in (None, word):
                break  # "the number of lines changes": a verb that agrees
            plural_verb = word in BASE_VERBS | PLURAL_VERBS | agreement.VERBS and not clause
            if plural_verb and finite:
                yield Finding(  # "the number of utilities enrolled in the program remain"
                    "L108",
                    at + m.end() + w.start(),
                    at + m.end() + w.end(),
                    f"“the number of … {word}”",
                    third_person(word),
                )
                break
            if word not in ("is", "was", "has", "are", "were", "have"):
                continue
            if before in ("who", "that", "which", "we", "they", "you", "i"):
                continue  # the relative clause's own verb ("lines we are replacing")
            if word in ("are", "were", "have") and before not in ("and", "or"):
                yield Finding(
                    "L108",
                    at + m.end() + w.start(),
                    at + m.end() + w.end(),
                    f"“the number of … {word}”",
                    {"are": "is", "were": "was", "have": "has"}[word],
                )
            break
    each = r"\b([Ee]ach|[Ee]very)\s+((?:of\s+(?:the|their|these|those|our)\s+)?[a-z]+s?)\b"
    stop = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "to",
            "did", "does", "is", "was", "has", "and", "or", "that", "which", "who", "whose",
            "where", "when"}  # fmt: skip
    times = r"(?:day|hour|week|month|year|time|morning|night|minute|season|quarter|spring|summer|fall|autumn|winter|weekend|decade|cycle|session|term)\b"  # noqa: E501
    for m in re.finditer(each, text):
        if m.group(2) in stop or m.group(2) == "of":
            continue  # "Each would make", "each of which might have": another subject
        before = text[max(0, m.start() - 12) : m.start()].split()
        if before and (before[-1].lower() in ("they", "we", "you") or before[-1].endswith("s")):
            continue  # "the countries each have"
        if (before and before[-1].lower() in ("of", "in")) or re.match(times, text[m.start(2) :]):
            continue  # "nine of every ten", "every day they deliver"
        if re.match(rf"\s+(?:{DETERMINERS})\b", text[m.end() :], re.I):
            continue  # "Each fall the counties report": a time, then the subject
        if before and re.fullmatch(r"[a-z]+", before[-1]) and before[-1] not in CLAUSE_OPENERS:
            continue  # "a window for each file", "make every application look": no subject
        previous = ""
        clause = False
        for w in re.finditer(r"[a-z]+|\d[\d,.]*|[^\sa-z]", text[m.end() :][:80]):
            verb, subject, previous = w.group(), previous, w.group()
            if verb[0].isdigit():
                continue  # "Each of the waivers we received in 2024 were"
            if verb in ("that", "who", "which") and not clause:
                clause = True  # "each of the centers that responded to our survey report"
                continue
            if clause and (subject in ("that", "who", "which", "to") or verb == "to"):
                continue  # the clause's own verb, or "to" and the word it governs
            if verb in stop or not verb.isalpha():
                break
            if subject in ("we", "they", "you", "i", "he", "she", "it"):
                continue  # "every flight we make … requires": the clause's own verb
            finite = agreement.is_finite_verb(text, m.end() + w.start())
            in_s = agreement.verb_base(verb) not in (None, verb)
            governed = re.fullmatch(rf"{DETERMINERS}|of|for|in|on", subject)
            if in_s and (finite or (clause and not governed)):
                break  # "Every community that the storm hit needs help": a verb that agrees
            listed = verb in PLURAL_VERBS | BASE_VERBS | agreement.VERBS
            if verb in ("are", "were", "have", "do") or (listed and finite):
                end = m.end() + w.end()
                yield Finding(
                    "L108",
                    at + m.start(),
                    at + end,
                    f"“{m.group(1)} … {verb}”",
                    third_person(verb),
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
        if re.search(AFTER_GOVERNOR, text[max(0, m.start() - 15) : m.start()]):
            continue  # "One of the ways is", "The syntax of these values is", "X and the pumps has"
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
    # "the rule that the Department wrote for those cases were": the clause may have a subject
    # of its own (a determiner and up to two words); the main verb may be any plural verb in the
    # lexicon ("the assessment that sets this year’s limits rely").
    clause_subject = r"(?:(?:the|a|an|this|its|our|their)\s+(?:[A-Za-z]+\s+)??[A-Z]?[a-z]+\s+)?"
    across = rf"\b(?:[Tt]he|[Aa]|[Aa]n|[Tt]his)\s+([a-z]+)\s+(?:that|which|who)\s+({clause_subject})([a-z]+)((?:\s+[\w.’'-]+){{0,6}}?)\s+({MAIN_PLURAL})\b"  # noqa: E501
    verbs = PLURAL_VERBS | BASE_VERBS
    for m in re.finditer(across, text):
        noun, own_subject, clause_verb, main = m.group(1), m.group(2), m.group(3), m.group(5)
        m_between = m.group(4)
        if clause_verb in AUXILIARY_VERBS:
            continue  # "a file that does not exist", "a mistake will cause": the clause's verb
        if re.search(AFTER_GOVERNOR, text[max(0, m.start() - 15) : m.start()]):
            continue  # "the towns along the river that flooded … need": whose clause?
        object_follows = re.match(rf"\s+(?:{DETERMINERS}|each|every|all|some|more)\b", m_between)
        own_verb = clause_verb.endswith("ed") or (
            clause_verb.endswith("s")
            and (clause_verb[:-1] in verbs or clause_verb[:-2] in verbs or object_follows)
        )
        if own_subject:  # its verb: a past form or a singular one ("the Department wrote")
            own_verb = own_verb or (
                clause_verb not in STOP_WORDS | NOT_INFINITIVES and not clause_verb.endswith("ing")
            )
            if own_subject.split()[-1].endswith("s") and not clause_verb.endswith("ed"):
                continue  # "the rule that the states adopt", a plural subject of its own
        if not own_verb or noun.endswith("s") or noun in SINGULAR_NOUN_EXCEPTIONS:
            continue
        if main not in ("are", "were", "have") and not m_between.strip():
            continue  # "the state that borders Mexico", a noun right after the clause verb
        between = re.sub(r"\b(at|in|on|of|for|from|by|with)\s+that\b", r"\1 this", m_between)
        if re.search(r"\b(?:and|or|that|which|who|to)\b", between) or AUXILIARY_VERBS & set(
            between.split()
        ):
            continue  # another clause ("at that yard" is no clause)
        yield Finding(
            "L108",
            at + m.start(5),
            at + m.end(5),
            f"“{noun} that {clause_verb} … {main}”",
            third_person(main),
        )
    # "the programs that pay for habitat is", "the mite populations that survive a treatment
    # grows", "the forms that the state requires each month has": a plural subject, a relative
    # clause (its verb plural, or with a subject of its own), then a singular verb.
    subject = r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Tt]heir|[Oo]ur)\s+(?:[a-z]+\s+)?([a-z]+s)"
    own_subject = r"(?:the|a|an|this|its|our|their)\s+[a-z]+\s+([a-z]+s)"
    plural_across = rf"{subject}\s+(?:that|which|who)\s+(?:{own_subject}|([a-z]+))\b"
    for m in re.finditer(plural_across, text):
        noun, clause_verb = m.group(1), m.group(2) or m.group(3)
        before = text[max(0, m.start() - 30) : m.start()]
        in_phrase = re.search(AFTER_PREPOSITION, before)
        if in_phrase and not re.search(
            r"\b(?:most|many|all|some|several|few|both)\s+of\s+$", before, re.I
        ):
            continue  # "the use of drones by the agencies that fight fires has": whose verb?
        right_after = re.match(r"\s+(is|was|has)\b", text[m.end() :])
        if m.group(3) and clause_verb.endswith("ed") and right_after:
            if noun not in NOT_PLURAL and not noun.endswith(("ss", "us", "is", "ics")):
                yield Finding(  # "the docks that reopened was"
                    "L108",
                    at + m.start(1),
                    at + m.end() + right_after.end(),
                    f"“{noun} that {clause_verb} {right_after.group(1)}”",
                    {"is": "are", "was": "were", "has": "have"}[right_after.group(1)],
                )
            continue
        if m.group(3) and not _plural_verb(clause_verb):
            continue
        if noun in NOT_PLURAL or noun.endswith(("ss", "us", "is", "ics")):
            continue
        word = ""
        for n, w in enumerate(re.finditer(r"[\w’'-]+|[^\w\s]", text[m.end() :][:80])):
            previous_word, word = word, w.group()
            if word in ("and", "or", "that", "which", "who", "to", "are", "were", "have") or (
                word in AUXILIARY_VERBS - {"is", "was", "has"}
            ):
                break  # another clause, or the verb agrees
            if not re.fullmatch(r"[\w’'-]+", word) or n > 5:
                break  # another sentence, or too far to tell
            if n == 0:
                continue  # the clause's verb takes an object or adverb first
            after_pronoun = previous_word in ("it", "them", "us", "him", "her", "me")
            if word in ("is", "was", "has") or (
                word.endswith("s") and (word[:-1] in verbs or after_pronoun)
            ):
                end = m.end() + w.end()
                if re.search(plural, text[m.end() : end], re.I):
                    break  # "… won the largest awards is": flagged as “awards is” above
                yield Finding(
                    "L108",
                    at + m.start(1),
                    at + end,
                    f"“{noun} that {clause_verb} … {word}”",
                    {"is": "are", "was": "were", "has": "have"}.get(word, word[:-1]),
                )
                break
    # "The supply of … steel, which only one mill still produces, are": a singular subject at
    # the start of a sentence, a clause set off by commas, and a plural verb right after it.
    set_off = r"(?:^|(?<=[.!?]\s)|(?<=\n))The\s+((?:[a-z-]+\s+){0,2}?[a-z]+)\b([^,;:.()]{0,70}),\s+(?:which|who)\s+[^,;:.()“”]{3,100},\s+(are|were|have)\b"  # noqa: E501
    partitive = {"rest", "majority", "number", "share", "half", "percent", "part", "bulk",
                 "remainder", "kind", "type", "sort", "lot", "total", "range"}  # fmt: skip
    for m in re.finditer(set_off, text):
        head = m.group(1).split()[-1]
        if head.endswith("s") or head in SINGULAR_NOUN_EXCEPTIONS | partitive | STOP_WORDS:
            continue
        if re.search(r"\b(?:and|or)\b", m.group(2)):
            continue  # "The director and her staff, who …, are": a compound subject
        yield Finding(
            "L108",
            at + m.start(3),
            at + m.end(3),
            f"“{head}, which …, {m.group(3)}”",
            third_person(m.group(3)),
        )
    relative = (
        r"\b(?:[Tt]he|[Aa]|[Aa]n|[Tt]his|[Tt]hat)\s+([a-z]+)\s+(?:that|which|who)\s+([a-z]+)\b"
    )
    for m in re.finditer(relative, text):
        noun, verb = m.group(1), m.group(2)
        if verb not in PLURAL_VERBS or noun in SINGULAR_NOUN_EXCEPTIONS:
            continue
        if re.search(AFTER_PREPOSITION, text[max(0, m.start() - 15) : m.start()]):
            continue  # "features of the protocol which have": the clause may be the features'
        if noun.endswith("s") or noun.endswith("ing") or noun in BASE_VERBS:
            continue
        yield Finding(
            "L108",
            at + m.start(1),
            at + m.end(2),
            f"“{noun} … {verb}”",
            third_person(verb),
        )


def _plural_verb(word: str) -> bool:
    """Whether the first word of a relative clause is a verb in its plural form: a listed verb,
    or a plain word that is not a pronoun, determiner, quantifier or function word."""
    if word in PLURAL_VERBS | BASE_VERBS:
        return True
    return not (
        word in STOP_WORDS
        or word in NOT_INFINITIVES
        or word in ("we", "they", "you", "i", "he", "she", "it", "many", "few", "several", "other")
        or word.endswith(("s", "ed", "ing", "ly"))
        or len(word) < 3
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


def _numbers(at: int, text: str) -> Iterator[Finding]:
    not_modifier = rf"(?!(?:{DETERMINERS}|each|every|all|some|many|most|which|whom|them)\b)"
    large = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"  # "110 million of fish"
    plural = r"(?:[a-z]+s|people|children|men|women|fish|sheep|deer|cattle|personnel)"
    modifiers = rf"(?:{not_modifier}[a-z-]+\s+){{0,2}}?"  # "3,800 of individual menu items"
    pattern = rf"(?<![\w.,$])(\d[\d,.]*{large})\s+(of)\s+({not_modifier}{modifiers}{plural})\b"
    for m in re.finditer(pattern, text):
        if re.fullmatch(r"(19|20)\d\d", m.group(1)):
            continue
        if any(w in STOP_WORDS or w in QUANTITY_WORDS for w in m.group(3).split()[:-1]):
            continue  # "40 of them in total", "12 of 20 states": no noun phrase after "of"
        yield Finding(
            "L109", at + m.start(2), at + m.end(2), f"“{m.group()}”", f"{m.group(1)} {m.group(3)}"
        )
    numeral = r"(?<![\w.,$\d])(\d{1,3}(?:,\d{3})*|\d+)(?![\d%.,]\d|%|\.\d)\b"
    spelled = rf"(?<![\w-])((?i:{'|'.join(NUMBER_WORDS)}))(?![\w-])"
    for m in re.finditer(rf"{numeral}|{spelled}", text):
        number = m.group(1) or m.group(2)
        if m.group(1):
            value = int(number.replace(",", ""))
            if value < 2 or re.fullmatch(r"(1[6-9]|20)\d\d", number):
                continue
            if re.search(r"[$£€]\s*$", text[max(0, m.start() - 2) : m.start()]):
                continue
        words = []
        rest = text[m.end() :]
        stop = ""
        day = re.match(rf"\s+({WEEKDAYS})(?=[,;:.)]|\s+(?:{'|'.join(STOP_WORDS)})\b)", rest)
        if day:  # "spent twelve Saturday with us": a day counted is a count noun
            start = at + m.end() + day.start(1)
            word = day.group(1)
            yield Finding("L110", start, start + len(word), f"“{number} {word}”", f"{word}s")
            continue
        for w in re.finditer(r"\s*([^\s]+)", rest):
            token = w.group(1)
            bare = token.rstrip(",;:.)")
            if not re.fullmatch(r"[a-z][a-z-]*", bare) or bare in STOP_WORDS | {"whose", "whom"}:
                stop = token
                break
            words.append(bare)
            if bare != token or len(words) == 4:
                stop = token[len(bare) :] or "end"
                break
        if not words or (len(words) > 3 and not stop) or stop[:1].isupper():
            continue  # "four dominant Mexican organizations": the noun phrase goes on
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
            following = after.group(1) if after else ""
            if re.fullmatch(r"[a-z][a-z-]*", following) and following not in NUMBER_WORDS:
                continue  # "26,000 drug and chemical listings"; not "four township and two"
            second = re.match(
                r"\s*\S+\s+\S+\s+(?:(?:other|more|new|additional)\s+)?[a-z]+s\b(\s+[a-z]+)?",
                rest[rest.find(" " + stop) :],
            )
            if second is None or (second.group(1) or " of").split()[0] not in STOP_WORDS:
                continue  # "two runtime and two source archives": the first noun is elided
        if stop and stop not in ("end",) and stop.rstrip(",;:.)") in ("than", "to", "per"):
            continue
        index = rest.find(head)
        start = at + m.end() + index
        yield Finding("L110", start, start + len(head), f"“{number} … {head}”", f"{head}s")


def _then_the(at: int, text: str) -> Iterator[Finding]:
    quantifiers = "most|many|some|all|much|few|none|each|any|both|several|half|part|one|two|dozens|hundreds|thousands|millions|tens|more|less|fewer|only|nearly|almost|just"  # noqa: E501
    prepositions = "by|at|in|of|to|for|from|on|with|into|during|until|through|across|over|under|after|before|within|along|around|throughout|between|beyond|behind|near|toward|towards|against|among|without|past|upon|inside|outside"  # noqa: E501
    # "by then end of", "within then first weeks of": one adjective may come before the noun
    pattern = rf"\b(?:{prepositions})\s+(then)\s+(?!(?:{quantifiers}|{DETERMINERS})\b)(?:[a-z]+\s+)?([a-z]+)\s+of\b"  # noqa: E501
    only_after_the = "same|first|last|end|rest|start|beginning|middle|latter|former|following|past|entire|whole|previous|coming|next"  # noqa: E501
    pattern = rf"{pattern}|\b(?:{prepositions})\s+(then)\s+(?:{only_after_the})\b"
    # "has extended then deadline for": a perfect verb's object; "that then Centers for
    # Disease Control": a body's name ("then Secretary Rubio", a person's title, is right).
    verb_object = r"\b(?:has|have|had)\s+[a-z]+ed\s+(then)\s+(?!(?:[a-z]+(?:ed|en|ing|ly)|again|also)\b)[a-z]+\s+(?:of|for|on|in|to)\b"  # noqa: E501
    bodies = r"(?<!\bthe\s)(?<![,;]\s)\b(then)\s+(?:Departments?|Centers?|Bureau|Office|Agency|Administration|Commission|Board|Institutes?)\s+(?:of|for|on)\b"  # noqa: E501
    # "we ask then Subcommittee to": a verb's object that is a body, not a person's title
    body = "Subcommittee|Committee|Congress|Council|Court|Board|Commission|Department|Agency|Administration|Bureau|Office|Panel|Senate"  # noqa: E501
    asked = r"ask|asks|asked|urge|urges|urged|thank|thanks|thanked|tell|told|remind|reminded|invite|invited|encourage|encouraged|inform|informed|join|joined|commend|commended|brief|briefed|petition|petitioned"  # noqa: E501
    object_body = rf"\b(?:{asked})\s+(then)\s+(?:{body})\b"
    pattern = rf"{pattern}|{verb_object}|{bodies}"
    for m in re.finditer(pattern, text, re.I):
        then = next(n for n in (1, 3, 4, 5) if m.group(n))
        yield Finding("L111", at + m.start(then), at + m.end(then), f"“{m.group()}”", "the")
    for m in re.finditer(object_body, text):
        yield Finding("L111", at + m.start(1), at + m.end(1), f"“{m.group()}”", "the")
    # "the county spent then money on roads": a verb in the past, "then", a plain noun and a
    # preposition or "that" ("we knew then that", "voted then for" have no noun between)
    past = r"[a-z]{3,}ed|" + "|".join(
        sorted(agreement.IRREGULAR_PAST - {"was", "were", "had", "did"})
    )
    verb_then = rf"\b(?:{past})\s+(then)\s+([a-z]{{3,}})\s+(?:on|in|for|of|from|to|at|with|that)\b"
    for m in re.finditer(verb_then, text):
        noun = m.group(2)
        if (
            noun in STOP_WORDS | NOT_INFINITIVES | BASE_VERBS | agreement.VERBS
            or agreement.verb_base(noun) is not None
            or noun.endswith(("ly", "ed", "ing"))
            or noun in ("we", "they", "you", "he", "she", "it", "him", "her", "them", "us")
        ):
            continue
        yield Finding("L111", at + m.start(1), at + m.end(1), f"“{m.group()}”", "the")
    # "decides where then money from … goes": after a wh-word, "then" before a plain noun and
    # a preposition is "the" ("where then do we go", "what then happens" are left)
    wh = r"\b(?:where|what|how|why|whose|which|whether)\s+(then)\s+([a-z]+)\s+(?:of|from|for|in|on|at|to|with|under)\b"  # noqa: E501
    for m in re.finditer(wh, text):
        noun = m.group(2)
        if (
            noun in STOP_WORDS | NOT_INFINITIVES | VERBS_NOT_NOUNS | BASE_VERBS
            or agreement.verb_base(noun) is not None
            or noun.endswith(("ly", "ed", "ing"))
            or noun in ("we", "they", "you", "i", "he", "she", "it", "do", "does", "did")
        ):
            continue
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
