"""The data the lint rules consult: word lists (`data/lexicon.yaml`), agency and Spanish names."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def data_file(name: str) -> Any:
    """A YAML file of `hearingpress/lint/data/`, read once."""
    text = resources.files("hearingpress.lint").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


def words(key: str) -> frozenset[str]:
    """One word list of `data/lexicon.yaml`."""
    return frozenset(data_file("lexicon.yaml")[key])


def alternation(key: str) -> str:
    """One word list as a regular-expression alternation (longest first)."""
    return "|".join(sorted(data_file("lexicon.yaml")[key], key=len, reverse=True))


def third_person(verb: str) -> str:
    """The singular form of a plural verb: have → has, accompany → accompanies, ask → asks."""
    irregular = {"have": "has", "are": "is", "were": "was", "do": "does", "go": "goes"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("y"):
        return verb + "s" if verb[-2:-1] in "aeiou" else verb[:-1] + "ies"  # employs, carries
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    return verb + "s"
