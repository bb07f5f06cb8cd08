"""The catalogue of lint codes as data: each code's severity, summary, fix and exceptions.

One home for the wording: a finding's message is its code's summary plus the words it found,
and README.md's rule table mirrors this list (tests/lint/test_catalogue.py checks they agree).
Codes: `L1xx` grammar, `L2xx` punctuation, `L3xx` names and terms, `L4xx` house style.
A retired code is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str
    exceptions: str = ""
    fix: bool = False  # --fix applies it (mechanical only)
    category: str = ""  # the errata category a fix is recorded under


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        # L1xx grammar
        Rule("L101", ERROR, "doubled word", "“that that” and “had had”", True, "extra-word"),
        Rule("L102", ERROR, "item repeated in a series or list"),
        Rule("L103", ERROR, "two determiners in a row", "", False, "extra-word"),
        Rule(
            "L104", ERROR, "article before a verb", "only after has/have/had, before a preposition"
        ),
        Rule(
            "L105",
            ERROR,
            "a/an does not match the sound of the next word",
            "initialisms read as letters (an FBI, a CBP); words read as words (a NATO) are listed",
        ),
        Rule("L106", ERROR, "its/it’s confused"),
        Rule(
            "L107",
            ERROR,
            "missing infinitive “to”",
            "only after verbs that take “to” (pledged, vowed, ordered …) and before a known verb",
        ),
        Rule(
            "L108",
            ERROR,
            "subject and verb disagree in number",
            "checks “each … are”, “the NOUNs is” and “the NOUN that VERB” only",
        ),
        Rule("L109", ERROR, "stray “of” between a number and its noun", "“five of the firearms”"),
        Rule(
            "L110",
            WARNING,
            "singular noun after a number greater than one",
            "units, “million”, years and words ending -ing/-ed are skipped",
        ),
        Rule("L111", ERROR, "“then” for “the”"),
        Rule("L112", ERROR, "missing “of” after a quantity noun", "“levels violence”"),
        Rule("L113", ERROR, "“U.S.” used as a noun without “the”"),
        # L2xx punctuation
        Rule(
            "L201",
            ERROR,
            "unpaired quotation mark",
            "a quotation running over several paragraphs opens each one and closes only the last",
        ),
        Rule("L202", ERROR, "unpaired parenthesis", "list labels such as “a)” count as a pair"),
        Rule("L203", ERROR, "unpaired square bracket"),
        Rule(
            "L204",
            ERROR,
            "stray punctuation sequence",
            "a period that ends an abbreviation may take a comma (“U.S.,”)",
            True,
            "punctuation",
        ),
        Rule("L205", ERROR, "“U.S” without its final period"),
        Rule("L206", ERROR, "month name not capitalised as a name", "", True, "capitalization"),
        Rule("L207", ERROR, "spaced hyphen used as a dash"),
        Rule("L208", WARNING, "missing comma after the year of a full date (Chicago 6.38)"),
        Rule("L209", WARNING, "missing comma after a state that follows a city (Chicago 6.17)"),
        Rule(
            "L210",
            WARNING,
            "missing comma before a quoted sentence (Chicago 6.40)",
            "a quoted word or phrase (lower case) takes none",
        ),
        Rule("L211", WARNING, "straight quotation mark or apostrophe", "", True, "quotation"),
        # L3xx names and terms
        Rule(
            "L301",
            ERROR,
            "near-duplicate of a name used more often in the statement",
            "names of five letters or more; endings (Mexico/Mexican) are not counted as slips",
        ),
        Rule("L302", ERROR, "the same name with and without accents"),
        Rule(
            "L303",
            WARNING,
            "a Spanish name usually written with accents",
            "a person who writes their own name without accents keeps it (Alan Gomez)",
        ),
        Rule("L304", ERROR, "federal agency name not in its official form"),
        Rule("L305", WARNING, "abbreviation defined twice"),
        Rule("L306", WARNING, "abbreviation used before it is defined"),
        Rule("L307", WARNING, "abbreviation written with and without periods"),
        # L4xx house style
        Rule("L401", WARNING, "Internet and internet both used"),
        Rule("L402", WARNING, "“percent” and “%” in the same paragraph"),
        Rule(
            "L403",
            WARNING,
            "numerals and words for numbers in the same sentence",
            "years, money, percentages and measures stay numerals",
        ),
        Rule("L404", WARNING, "compound not in house form (open, closed or hyphenated)"),
        Rule(
            "L405",
            WARNING,
            "British spelling in an American English text",
            "lower-case words only: a proper name (Labour Party) keeps its spelling",
        ),
        Rule("L406", WARNING, "series without the serial comma the statement mostly uses"),
        Rule(
            "L407",
            WARNING,
            "note call before punctuation (Chicago 14.26)",
            "a call goes before a dash",
        ),
        Rule("L408", WARNING, "list item punctuated unlike the others"),
    )
}
