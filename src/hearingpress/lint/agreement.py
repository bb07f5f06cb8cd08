"""L108 subject–verb agreement by a small parse: a subject's head noun, what may stand between
it and its verb (prepositional phrases, relative clauses with or without a subject of their
own, a clause set off by commas, a participle phrase), then the main clause's first finite verb.

The parse says nothing where it is unsure: a compound subject ("X and Y"), a collective or
partitive head ("staff", "the majority"), a word that may be a noun or a verb where its
neighbours do not settle it, another verb or clause in the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hearingpress.lint.finding import Finding
from hearingpress.lint.lexicon import third_person, words

VERBS = words("verbs")  # base forms of common verbs
VERBS_NOT_NOUNS = words("verbs_not_nouns")  # base forms seldom used as nouns
IRREGULAR_PAST = words("irregular_past")
ADJECTIVE_VERBS = words("adjective_verbs")  # "the lanes open at night": an adjective there
NOT_PLURAL = words("not_plural")
COLLECTIVE = words("singular_noun_exceptions")
STOP_WORDS = words("stop_words")
PLURAL_BY_FORM = {"people", "children", "men", "women", "data", "media", "criteria", "feet"}
PARTITIVE = {"rest", "majority", "minority", "number", "share", "half", "percent", "part", "bulk",
             "remainder", "kind", "type", "sort", "lot", "total", "range", "variety", "series",
             "set", "group", "couple", "proportion", "fraction", "portion", "none", "all", "most",
             "some", "any", "each", "one", "many", "few", "body", "pair", "dozen", "maximum",
             "minimum", "average", "handful", "fifth", "quarter", "third", "tenth",
             # the same word in both numbers
             "fish", "sheep", "deer", "shrimp", "salmon", "trout", "aircraft", "offspring",
             "livestock", "poultry", "swine", "bison", "moose", "personnel"}  # fmt: skip
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his",
               "her", "my", "your", "another"}  # fmt: skip
SINGULAR_DETERMINERS = {"a", "an", "this", "that", "another"}
PLURAL_DETERMINERS = {"these", "those", "many", "several", "few", "both"}
QUANTIFIERS = {"most", "many", "some", "all", "few", "several", "both", "no", "two", "three",
               "four", "five", "six", "seven", "eight", "nine", "ten", "other", "more"}  # fmt: skip
PRONOUNS = {"we", "they", "i", "you", "he", "she", "it", "one", "someone", "nobody", "everyone"}
OBJECT_PRONOUNS = {"us", "them", "him", "her", "me", "it", "you"}
PREPOSITIONS = {"of", "in", "for", "with", "at", "on", "from", "under", "by", "across", "among",
                "between", "near", "along", "through", "within", "without", "about", "against",
                "over", "during", "since", "after", "before", "into", "onto", "beyond", "behind",
                "throughout", "toward", "towards", "around", "outside", "inside", "per", "via",
                "like", "upon", "below", "above", "beside", "past", "until"}  # fmt: skip
MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "cannot",
          "did", "does", "do", "to", "not", "never"}  # fmt: skip
AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "be", "been", "being", "am"}
SINGULAR_BE = {"is": "are", "was": "were", "has": "have"}
PLURAL_BE = {"are": "is", "were": "was", "have": "has"}
ADVERBS = {"only", "still", "now", "already", "also", "often", "always", "never", "usually",
           "sometimes", "then", "once", "again", "even", "just", "almost", "nearly", "rarely",
           "seldom", "today", "together", "alone", "first", "later", "soon", "ever", "mostly",
           "largely", "no", "longer", "actually", "currently", "typically"}  # fmt: skip
# Words after which a clause starts with its subject.
SUBORDINATORS = {"because", "although", "though", "while", "whereas", "unless", "since", "if",
                 "when", "once", "but", "and", "so", "yet"}  # fmt: skip
# Words after which "that" starts a clause of their own, not a relative clause.
CLAUSE_TAKERS = {"said", "says", "say", "found", "finds", "find", "shows", "show", "showed",
                 "means", "mean", "believe", "believes", "know", "knows", "welcome", "clear",
                 "true", "likely", "ensure", "ensures", "note", "notes", "noted", "is", "was",
                 "concluded", "reported", "estimate", "estimated", "learned", "fact", "hope",
                 "agree", "agreed", "recognize", "argue", "suggests", "suggest"}  # fmt: skip
# Words after which a listed verb is a noun or a modifier ("each work", "as follows").
NOT_BEFORE_VERBS = {"to", "each", "every", "as", "last", "first", "next", "same", "other", "new",
                    "old", "own", "such"}  # fmt: skip
RELATIVES = {"that", "which", "who", "whom"}
TITLES = {"Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Jr", "Sr", "Mt", "Ft"}

TOKEN = re.compile(r"[^\W\d_][\w’'-]*|\d[\d,.]*\d|\d|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def check_sentence(at: int, sentence: str) -> Iterator[Finding]:
    """L108 findings in one sentence, `at` its offset in the file."""
    tokens = _tokens(sentence)
    for i in _clause_starts(tokens):
        finding = _subject_and_verb(tokens, i)
        if finding is not None:
            head, verb, right = finding
            yield Finding(
                "L108",
                at + verb.start,
                at + verb.end,
                f"“{head.text} … {verb.text}”",
                right,
            )


def is_finite_verb(text: str, start: int) -> bool:
    """Whether the listed verb starting at `start` in `text` stands where a finite verb can
    ("Each of the sites we run serve a town"), not where a noun or adjective does ("every vendor
    of control equipment", "the cooks we hired last year", "the fiber work was")."""
    tokens = _tokens(text[max(0, start - 60) : start + 60])
    offset = max(0, start - 60)
    for j, token in enumerate(tokens):
        if token.start + offset == start:
            return j > 0 and _verb_position(tokens, j)
    return False


def _tokens(sentence: str) -> list[Token]:
    tokens: list[Token] = []
    for m in TOKEN.finditer(sentence):
        if m.group() == "." and tokens and (tokens[-1].text in TITLES or len(tokens[-1].text) == 1):
            last = tokens[-1]  # "Mr.", "U.S.": the period belongs to the word
            tokens[-1] = Token(last.text + ".", last.start, m.end())
            continue
        tokens.append(Token(m.group(), m.start(), m.end()))
    return tokens


def _clause_starts(tokens: list[Token]) -> Iterator[int]:
    """Where a clause's subject may start: the sentence's start (after "But", "And" …), after
    ", and", ", but", ", so" or ", yet", after a subordinator or a semicolon, after "that"
    when a verb or an adjective governs it ("found that", "welcome that")."""
    conjunctions = {"and", "but", "so", "yet"}
    for i in range(len(tokens)):
        previous = tokens[i - 1].low if i else ""
        before = tokens[i - 2].low if i > 1 else ""
        if (
            i == 0
            or (i == 1 and previous in SUBORDINATORS)
            or previous in SUBORDINATORS - conjunctions
            or (previous in conjunctions and before == ",")
            or previous == ";"
            or (previous == "that" and before in CLAUSE_TAKERS)
        ):
            yield i


def _is_plural_noun(word: str) -> bool:
    low = word.lower()
    if low in PLURAL_BY_FORM:
        return True
    return (
        word.islower()
        and len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is", "ics", "ous", "’s", "'s"))
        and low not in NOT_PLURAL
    )


def _is_singular_noun(word: str) -> bool:
    low = word.lower()
    return (
        (not low.endswith("s") or (word.islower() and low.endswith(("ss", "us", "is", "news"))))
        and low not in COLLECTIVE | PARTITIVE | PLURAL_BY_FORM | STOP_WORDS
        and not low.endswith("ly")
        and re.fullmatch(r"[a-z][a-z-]*", low) is not None
        and len(low) > 2
    )


def _possessive(word: str) -> bool:
    return word.endswith(("’s", "'s"))


def _negative(word: str) -> bool:
    """A verb with "not" attached: doesn't, didn’t, can't."""
    return word.endswith(("n't", "n’t"))


def _np_word(token: Token) -> bool:
    """A word that can be part of a noun phrase: no function word, verb form or adverb."""
    low = token.low
    if not re.fullmatch(r"[^\W\d_][\w’'-]*\.?|\d[\d,.]*", token.text):
        return False
    return not (
        low in STOP_WORDS
        or low in DETERMINERS - {"her"}
        or _negative(low)
        or low in RELATIVES
        or low in IRREGULAR_PAST
        or low in MODALS
        or low in AUXILIARIES
        or low in ADVERBS
        or low in PREPOSITIONS
        or low in PRONOUNS
        or low in OBJECT_PRONOUNS - {"her"}
        or low in ("whose", "what", "where", "how", "why", "such", "each", "every", "all")
        or (low.endswith("ly") and len(low) > 4 and low not in ("family", "supply", "assembly"))
    )


def _noun_phrase(tokens: list[Token], i: int, subject: bool) -> tuple[int, Token, str] | None:
    """(end, head, number) of a noun phrase at i: determiner or possessive, modifiers, head.
    Number is "s", "p" or "" (unknown). None when no noun phrase starts there."""
    n = len(tokens)
    determiner = ""
    if i < n and tokens[i].low in DETERMINERS | PLURAL_DETERMINERS:
        determiner = tokens[i].low
        i += 1
    elif not subject and i < n and re.fullmatch(r"\d[\d,.]*", tokens[i].text):
        determiner = "number"
        i += 1
    elif subject:
        return None  # a subject starts with a determiner: "The price", "A center", "Our staff"
    start = i
    words: list[Token] = []
    while i < n and _np_word(tokens[i]):
        low = tokens[i].low
        if words and low.endswith(("ing", "ed")) and not _possessive(words[-1].text):
            break  # "the boats still working", "the wells drilled": a participle phrase
        if words and low.endswith(("able", "ible")):
            break  # "the properties available on …": an adjective after its noun
        if words and (low in VERBS_NOT_NOUNS or _verb_in_s(low, words[-1].low)):
            break  # "the city receives", "trust land needs"
        if words and _is_plural_noun(words[-1].text) and verb_base(low) == low:
            break  # "the utilities use": a verb after a plural noun
        words.append(tokens[i])
        i += 1
    if not words:
        return None
    head = words[-1]
    if _possessive(head.text):
        return None  # "the agency’s" with no noun after it
    if i - start > 6 or any(w.low in ("more", "most", "less", "least", "fewer") for w in words):
        return None  # "the more complex of the extensions": no noun to agree with
    number = ""
    if determiner in PLURAL_DETERMINERS or _is_plural_noun(head.text):
        number = "p"
    elif _is_singular_noun(head.text):
        number = "s"
    if determiner in SINGULAR_DETERMINERS and number == "p":
        number = ""
    if any(w.low in COLLECTIVE | PARTITIVE or w.low == "and" for w in words[-1:]):
        number = ""
    numbers = [w for w in words if w.text[0].isdigit()]
    if numbers and number == "s":
        number = ""  # "the 2025 report" is fine; "the 40 school" is L110's
    return i, head, number


def _subject_and_verb(tokens: list[Token], i: int) -> tuple[Token, Token, str] | None:
    """The subject's head, the verb that disagrees with it, and the right form; or None.
    After ", and" the subject may be a series' last item ("cartels, their wealth, and the drug
    trade on the Darknet threaten"), so there only a relative clause may stand between."""
    series_end = i > 1 and tokens[i - 1].low == "and"
    relative = False
    phrase = _noun_phrase(tokens, i, subject=True)
    if phrase is None:
        return None
    i, head, number = phrase
    if not number:
        return None
    n = len(tokens)
    crossed = False  # whether a phrase or clause stands between the head and the verb
    verb_index = None
    steps = 0
    while i < n and steps < 6:
        steps += 1
        low = tokens[i].low
        if low in ("below", "above", "past", "since", "until", "after", "before", "like"):
            return None  # "The example below illustrates": an adverb, or a clause of time
        if low in PREPOSITIONS:
            end = _prepositional_phrase(tokens, i)
            if end is None:
                return None
            i, crossed = end, True
            continue
        if low in RELATIVES or (low == "," and i + 1 < n and tokens[i + 1].low in RELATIVES):
            set_off = low == ","
            end = _relative_clause(tokens, i + 1 if set_off else i, set_off, number)
            if end is None:
                return None
            i, crossed, relative = end, True, True
            continue
        if low in ADVERBS and i + 1 < n and _participle(tokens, i + 1):
            i += 1  # "the boats still working …"
        if _participle(tokens, i):
            end = _clause_body(tokens, i + 1, number)  # "the boats working out of the port"
            if end is None:
                return None
            i, crossed = end, True
            continue
        verb_index = i
        break
    if verb_index is None or not crossed or (series_end and not relative):
        return None
    return _disagreement(tokens, verb_index, head, number)


def _verb_in_s(word: str, previous: str) -> bool:
    """Whether a word after a singular noun is a listed verb in -s ("the city receives")."""
    base = verb_base(word)
    return base is not None and base != word and not previous.endswith("s")


def _participle(tokens: list[Token], i: int) -> bool:
    """Whether the word at i starts a participle phrase after a noun ("the wells drilled in
    the valley", "the boats working out of the port"), not a verb in the past tense with its
    object ("Our alliance helped 40 programs")."""
    low = tokens[i].low
    if not (low.endswith(("ing", "ed")) and _np_word(tokens[i]) and low not in VERBS):
        return False
    following = tokens[i + 1].low if i + 1 < len(tokens) else ""
    return following in PREPOSITIONS | {"out", "up", "down", "off"} or following.endswith("ly")


def _prepositional_phrase(tokens: list[Token], i: int) -> int | None:
    """The end of "of milk, bread and produce", "for several days", "in 2024"."""
    n = len(tokens)
    i += 1
    if (
        i < n
        and re.fullmatch(r"\d[\d,.]*", tokens[i].text)
        and (i + 1 >= n or not _np_word(tokens[i + 1]))
    ):
        return i + 1  # "in 2024"
    phrase = _noun_phrase(tokens, i, subject=False)
    if phrase is None:
        phrase = _bare_noun_phrase(tokens, i)
        if phrase is None:
            return None
    i = phrase[0]
    # A series inside the phrase: "of milk, bread and produce" (bare nouns, commas; "of
    # drugs and new markets are" may have a second subject in "new markets", so it is left).
    if i < n and tokens[i].low in ("and", "or"):
        return None
    in_series = False
    while i + 1 < n and tokens[i].low in (",", "and", "or"):
        j = i + 1
        if tokens[j].low in ("and", "or"):
            j += 1
        if j < n and tokens[j].low in DETERMINERS:
            return None
        if tokens[i].low == ",":
            in_series = in_series or _series_follows(tokens, j)
            if not in_series:
                break
        bare = _bare_noun_phrase(tokens, j)
        if bare is None:
            return None
        i = bare[0]
    return i


def _series_follows(tokens: list[Token], j: int) -> bool:
    """Whether "X, " goes on as a series: bare words up to an "and"/"or" before any verb."""
    for token in tokens[j : j + 8]:
        if token.low in ("and", "or"):
            return True
        if not (_np_word(token) or token.low == ","):
            return False
    return False


def _bare_noun_phrase(tokens: list[Token], i: int) -> tuple[int, Token] | None:
    n = len(tokens)
    start = i
    while i < n and _np_word(tokens[i]) and tokens[i].low not in VERBS_NOT_NOUNS:
        if i > start and tokens[i].low.endswith(("ing", "ed")):
            break
        if i > start and _verb_in_s(tokens[i].low, tokens[i - 1].low):
            break
        i += 1
    if i == start or i - start > 4:
        return None
    return i, tokens[i - 1]


def _relative_clause(tokens: list[Token], i: int, set_off: bool, number: str) -> int | None:
    """The end of a relative clause at its "that/which/who" (index i): after a clause set off
    by a comma, the index after its closing comma."""
    n = len(tokens)
    i += 1
    start = i
    # a subject of the clause's own: a pronoun, a noun phrase ("Mr. Hargreave’s team", "a
    # fiber route crossing trust land", "our 3,100 subscribers")
    if i < n and tokens[i].low in PRONOUNS:
        i += 1
    elif i < n and (tokens[i].low in DETERMINERS or tokens[i].low in ("each", "every")):
        j = i + 1 if tokens[i].low in ("each", "every") else i
        phrase = _noun_phrase(tokens, j, subject=False) if j == i else _bare_noun_phrase(tokens, j)
        if phrase is None:
            return None
        i = phrase[0]
        if i < n and tokens[i].low.endswith("ing") and tokens[i].low not in VERBS:
            participle = _bare_noun_phrase(tokens, i + 1)  # "a route crossing trust land"
            if participle is None:
                return None
            i = participle[0]
    elif i < n and tokens[i].low in QUANTIFIERS:
        phrase = _bare_noun_phrase(tokens, i + 1)  # "that most spell checkers use"
        if phrase is None:
            return None
        i = phrase[0]
    elif i < n and _is_plural_noun(tokens[i].text) and verb_base(tokens[i].low) is None:
        i += 1  # "that families in rural counties receive"
    elif i < n and (tokens[i].text[:1].isupper() or tokens[i].text[:1].isdigit()):
        while i < n and (tokens[i].text[:1].isupper() or _possessive(tokens[i].text)):
            i += 1  # "Mr. Hargreave’s team"
        while i < n and _np_word(tokens[i]) and tokens[i].text.islower() and i < n - 1:
            if tokens[i + 1].low in PREPOSITIONS | RELATIVES | {","}:
                break
            i += 1
    own_subject = i > start
    while i < n and tokens[i].low in PREPOSITIONS and own_subject:
        end = _prepositional_phrase(tokens, i)  # "families in rural counties"
        if end is None:
            return None
        i = end
    # the clause's verb, with its auxiliaries and adverbs ("had to run", "still produces")
    while i < n and (tokens[i].low in ADVERBS or tokens[i].low.endswith("ly")):
        i += 1
    if i >= n or not re.fullmatch(r"[a-z][\w’'-]*", tokens[i].text):
        return None
    while i < n and tokens[i].low in AUXILIARIES | MODALS - {"to"} | ADVERBS:
        i += 1
    if i < n and tokens[i].low == "to":
        i += 1  # "had to run"
    i += 1  # the verb itself
    if set_off:
        for j in range(i, min(n, i + 25)):
            if tokens[j].low == ",":
                return j + 1
            if tokens[j].text in ("(", ")", ";", ":", "“", "”", "—"):
                return None
        return None
    return _clause_body(tokens, i, number, own_subject)


def _clause_body(tokens: list[Token], i: int, number: str, gap: bool = False) -> int | None:
    """The end of a clause's objects, phrases and adverbs: the index of the first word that
    may be the main clause's verb (checked by the caller), or None when something else (a
    conjunction, another verb, a clause) is in the way. The main verb may come right away
    after a clause whose object is the gap ("the plants that the company runs employs")."""
    n = len(tokens)
    first = i if gap else i + 1
    infinitive = False
    for j in range(i, min(n, i + 16)):
        token = tokens[j]
        low = token.low
        if low == "to" or (infinitive and low in ADVERBS):
            infinitive = True
            continue
        if infinitive:
            infinitive = False
            continue  # "configures the runner to only execute": the infinitive's verb
        if low in ("and", "or", "but", "that", "which", "who", "whom", "whose", "because", "if"):
            return None
        if not re.fullmatch(r"[^\W_][\w’'.,-]*", token.text):
            set_off_follows = low == "," and j + 1 < n and tokens[j + 1].low in ("which", "who")
            return j if set_off_follows else None  # "…, which sits …, were" goes on
        if low in AUXILIARIES or low in MODALS - {"to", "not"} or _negative(low):
            return j
        if low in IRREGULAR_PAST or (
            low.endswith("ed") and j > i and tokens[j - 1].low not in DETERMINERS
        ):
            return None  # another verb: the clause may go on
        right_after = j == i and verb_base(low) not in VERBS_NOT_NOUNS
        if _verb_position(tokens, j) and j >= first and not right_after:
            return j
        if verb_base(low) is not None and j >= first:
            previous, following = tokens[j - 1].low, tokens[j + 1].low if j + 1 < n else ""
            noun = previous in DETERMINERS | PREPOSITIONS | {"to"} or _possessive(previous)
            if not noun and following not in AUXILIARIES | {"to"} and not _negative(following):
                return None  # a listed verb not read as one may still be the main verb
    return None


def _verb_position(tokens: list[Token], j: int) -> bool:
    """Whether the word at j is a finite verb in the present tense (base or -s form) where it
    stands: a listed verb, after a noun, pronoun, number or adverb (not after a determiner,
    preposition, modal, auxiliary or a verb in -ed), and followed by what follows a verb."""
    low = tokens[j].low
    base = verb_base(low)
    if base is None or not tokens[j].text.islower():
        return False
    previous = tokens[j - 1].low if j else ""
    before = tokens[j - 2].low if j > 1 else ""
    if previous in PREPOSITIONS and (before in IRREGULAR_PAST or before.endswith("ed")):
        return base in VERBS_NOT_NOUNS  # "the agencies we spoke with collect": a stranded "with"
    if (
        previous in DETERMINERS | PREPOSITIONS | MODALS | AUXILIARIES | NOT_BEFORE_VERBS
        or previous.endswith("ed")
        or _possessive(previous)
        or previous in IRREGULAR_PAST
    ):
        return False
    following = tokens[j + 1].low if j + 1 < len(tokens) else "."
    if base in VERBS_NOT_NOUNS or (len(base) > 5 and base.endswith(("ize", "ify"))):
        return following not in AUXILIARIES
    following = tokens[j + 1].low if j + 1 < len(tokens) else "."
    if _compound(tokens, j) and following not in DETERMINERS | OBJECT_PRONOUNS:
        return False  # "the night shift for …"; but "our survey report a loss"
    after_noun_phrase = (
        following in DETERMINERS | PREPOSITIONS | OBJECT_PRONOUNS | ADVERBS | {"to", "each"}
        or following[:1].isdigit()
        or following.endswith("ly")
        or following in (",", ".", ";", ":")
    )
    if low in ADJECTIVE_VERBS and following in PREPOSITIONS | {",", ".", ";", ":"}:
        return False  # "the number of lanes open at each hour": an adjective after its noun
    if _is_plural_noun(previous) or previous in PRONOUNS or previous in ADVERBS:
        return following not in AUXILIARIES and following not in MODALS
    return after_noun_phrase


def _compound(tokens: list[Token], j: int) -> bool:
    """Whether the word at j may end a noun compound: after a determiner and a singular
    modifier ("the night shift"). (A verb there, "the program face", goes unread unless an
    object follows.)"""
    previous = tokens[j - 1].low
    return (
        j > 1
        and tokens[j - 2].low in DETERMINERS
        and _np_word(tokens[j - 1])
        and not _is_plural_noun(previous)
    )


def verb_base(word: str) -> str | None:
    """The base form of a present-tense verb from the list (covers → cover), or None."""
    if word in VERBS:
        return word
    for base in (word[:-1], word[:-2], word[:-3] + "y"):
        if word.endswith("s") and base in VERBS and third_person(base) == word:
            return base
    return None


def _disagreement(
    tokens: list[Token], j: int, head: Token, number: str
) -> tuple[Token, Token, str] | None:
    while j < len(tokens) and tokens[j].low in ADVERBS - {"no"}:
        j += 1  # "almost always lose"
    if j >= len(tokens):
        return None
    verb = tokens[j]
    low = verb.low
    following = tokens[j + 1].low if j + 1 < len(tokens) else ""
    if low in SINGULAR_BE and number == "p":
        return head, verb, SINGULAR_BE[low]
    if low in PLURAL_BE and number == "s":
        return head, verb, PLURAL_BE[low]
    if low in AUXILIARIES | MODALS or not _verb_position(tokens, j):
        return None
    base = verb_base(low)
    if base is None or base in ("be", "have", "do"):
        return None
    modal_need = low == "need" and following not in DETERMINERS  # "the agency need not"
    if number == "s" and low == base and not modal_need:
        return head, verb, third_person(base)
    if number == "p" and low != base:
        return head, verb, base
    return None
