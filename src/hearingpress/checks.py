"""Input checks beyond the metadata: what a statement may contain, reported by line.

The policy (README, "Raw HTML policy"): the source is Markdown, nothing else. Raw HTML, raw TeX
and raw `{=format}` blocks are refused, as are attributes other than `lang` and links that are not
http(s), mailto or `#in-document`. Refusing is simpler and safer than sanitising: a statement
never needs them, and the error names the line and the Markdown to write instead. (What the
writers cannot map, such as images or definition lists, each writer refuses itself.)

Two passes: `check_text` runs on the source before pandoc (pandoc takes minutes, even hours, on
deeply nested brackets, quotes or lists), `check_doc` on the parsed AST. Pandoc's Markdown
reader gives no source positions, so a problem's line is found by searching the source text for
the offending snippet; when that fails the message still names the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from hearingpress.errors import UserError
from hearingpress.metadata import LANG_TAG, front_matter_end

MAX_NESTING = 6  # lists and block quotes inside one another
MAX_BRACKETS = 6  # pandoc's link parser is exponential in nested '[': 10 deep takes 7 s
MAX_INDENT = 40  # columns; six list levels of "10. " need 24, with room for code inside
MAX_JSON_DEPTH = 100  # the testimony is 20; panflute and json recurse per level
ALLOWED_SCHEMES = ("http", "https", "mailto")
ALLOWED_ATTRIBUTES = {"lang"}

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
QUOTES = re.compile(r"^(?:[ \t]*>)+")
LISTS_AND_QUOTES = (pf.BulletList, pf.OrderedList, pf.BlockQuote)

# What to write instead of an HTML tag.
MARKDOWN_FOR = {
    "b": "**bold**",
    "strong": "**bold**",
    "i": "*italic*",
    "em": "*italic*",
    "a": "[text](https://…)",
    "br": "a backslash at the end of the line",
    "sup": "^superscript^",
    "sub": "~subscript~",
    "u": "[text]{.underline}",
    "p": "a blank line between paragraphs",
    "ul": "lines starting with '- '",
    "ol": "lines starting with '1. '",
    "li": "lines starting with '- '",
    "blockquote": "lines starting with '> '",
    "table": "a pipe table",
    "h1": "'# heading'",
    "h2": "'## heading'",
    "code": "`code`",
}
ACTIVE = {"script", "style", "iframe", "object", "embed", "form", "input", "link", "meta", "base"}


@dataclass(frozen=True)
class _Problem:
    code: str
    message: str
    line: int | None


def check_text(text: str, source: Path) -> None:
    """Refuse nesting that would stall pandoc, before it runs; the first problem wins."""
    fenced = False
    brackets = 0
    for number, line in _body_lines(text):
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        if not line.strip():
            brackets = 0  # a blank line ends a paragraph, and any link in it
            continue
        quotes = QUOTES.match(line)
        if quotes and quotes.group().count(">") > MAX_NESTING:
            raise UserError(_too_deep("block quotes"), source, number, "HP201")
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if indent > MAX_INDENT:
            raise UserError(
                f"indented {indent} columns, more than {MAX_INDENT}: {_too_deep('lists')}",
                source,
                number,
                "HP202",
            )
        for match in re.finditer(r"\\.|\[|\]", line):
            brackets += {"[": 1, "]": -1}.get(match.group(), 0)
            brackets = max(brackets, 0)
            if brackets > MAX_BRACKETS:
                raise UserError(
                    f"square brackets nested more than {MAX_BRACKETS} deep; close them, or "
                    "write a literal one as \\[",
                    source,
                    number,
                    "HP203",
                )


def check_json_depth(data: bytes, source: Path) -> None:
    """A last guard before the AST is loaded: Python recurses once per level of nesting."""
    depth = deepest = 0
    for char in re.findall(rb"[\[\]{}]", re.sub(rb'"(?:[^"\\]|\\.)*"', b"", data)):
        depth += 1 if char in b"[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_JSON_DEPTH:
        raise UserError(
            "the text is nested too deeply (lists, quotes, notes or emphasis inside one "
            "another); flatten it",
            source,
            code="HP204",
        )


@dataclass
class Found:
    """What the checking walk met that later steps need, in reading order: the citations
    (checked against the bibliography) and the images (checked and embedded)."""

    cites: list[pf.Cite] = field(default_factory=list)
    images: list[pf.Image] = field(default_factory=list)


def check_doc(doc: pf.Doc, text: str, source: Path, bibliography: Path | None = None) -> Found:
    """Refuse what the policy forbids anywhere in the AST (body and metadata): first by line.
    The same walk gathers the citations and images, so no later step walks the AST for them."""
    extra = bibliography.read_text(encoding="utf-8", errors="replace") if bibliography else ""
    problems: list[tuple[_Problem, Path]] = []
    found = Found()

    def action(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Cite):
            found.cites.append(elem)
        elif isinstance(elem, pf.Image):
            found.images.append(elem)
        for code, message, needle in _problems_of(elem, text):
            line = line_of(needle, text) if needle else None
            if line is None and needle and bibliography and needle in extra:
                problems.append((_Problem(code, message, line_of(needle, extra)), bibliography))
            else:
                problems.append((_Problem(code, message, line), source))

    doc.walk(action)
    if problems:
        problem, where = min(problems, key=lambda p: (p[0].line is None, p[0].line or 0))
        raise UserError(problem.message, where, problem.line, problem.code)
    return found


def _problems_of(elem: pf.Element, text: str) -> Iterator[tuple[str, str, str | None]]:
    """Each problem with one element: (code, message, a snippet to find its line by)."""
    if isinstance(elem, pf.RawInline | pf.RawBlock):
        first = elem.text.strip().splitlines()[0] if elem.text.strip() else None
        yield (*_raw_message(elem), first)
    elif isinstance(elem, pf.Link):
        if not _allowed_url(elem.url):
            yield (
                "HP220",
                f"link to '{short(elem.url)}' is not allowed; links must start with "
                "https://, http://, mailto: or # (a heading's id)",
                elem.url,
            )
    elif isinstance(elem, pf.Image) and SCHEME.match(elem.url) and not _allowed_url(elem.url):
        yield (
            "HP221",
            f"image '{short(elem.url)}' is not allowed; save the image beside the statement "
            "and give its file name",
            elem.url,
        )
    elif isinstance(elem, pf.Str):
        for match in NOTE_CALL.finditer(elem.text):
            if not re.search(rf"(?<!\\){re.escape(match.group())}", text):
                continue  # written as \[^x]: a literal, not a call
            yield (
                "HP230",
                f"note [^{match.group(1)}] is called but never defined; add a line "
                f"'[^{match.group(1)}]: …' or write the note inline as ^[…]",
                match.group(),
            )
    elif isinstance(elem, pf.Header) and not _at_top_level(elem):
        yield (
            "HP240",
            f"heading '{short(pf.stringify(elem))}' is inside a list, quote or div; "
            "move it out to the left margin",
            pf.stringify(elem),
        )
    if isinstance(elem, LISTS_AND_QUOTES) and _nesting(elem) == MAX_NESTING + 1:
        quotes = isinstance(elem, pf.BlockQuote)
        yield (
            "HP201" if quotes else "HP202",
            _too_deep("block quotes" if quotes else "lists"),
            _first_words(elem),
        )
    yield from _attribute_problems(elem)


def _attribute_problems(elem: pf.Element) -> Iterator[tuple[str, str, str | None]]:
    for key, value in getattr(elem, "attributes", {}).items():
        if key.lower().startswith("on"):
            yield (
                "HP214",
                f"event handler '{key}' is not allowed; remove it (no scripts)",
                f"{key}=",
            )
        elif key not in ALLOWED_ATTRIBUTES:
            yield (
                "HP215",
                f"attribute '{key}' is not allowed; only lang is, as in [texto]{{lang=es}}",
                f"{key}=",
            )
        elif not LANG_TAG.match(value):
            yield (
                "HP216",
                f"lang={value!r} is not a BCP 47 language tag; use e.g. es or es-MX",
                value,
            )


def _raw_message(elem: pf.RawInline | pf.RawBlock) -> tuple[str, str]:
    """The code and message for raw content."""
    if elem.format != "html":
        what = "TeX" if elem.format in ("tex", "latex") else f"{{={elem.format}}} content"
        return "HP213", f"raw {what} '{short(elem.text)}' is not allowed; write it in Markdown"
    if elem.text.lstrip().startswith("<!--"):
        return (
            "HP212",
            "HTML comments are not allowed (they would be published); delete the comment",
        )
    tag = HTML_TAG.match(elem.text.strip())
    name = tag.group(1).lower() if tag else ""
    if name in ACTIVE:
        return (
            "HP211",
            f"raw HTML <{name}> is not allowed; remove it (no scripts or embedded content)",
        )
    instead = MARKDOWN_FOR.get(name, "Markdown")
    shown = f"<{name}>" if name else f"'{short(elem.text)}'"
    return "HP210", f"raw HTML {shown} is not allowed; write {instead} instead"


def _allowed_url(url: str) -> bool:
    if url.startswith("#"):
        return True
    scheme = SCHEME.match(url)
    return bool(scheme) and scheme.group(1).lower() in ALLOWED_SCHEMES


def _at_top_level(header: pf.Header) -> bool:
    """Directly in the body (or in plain divs that writers unwrap), not in a list or quote."""
    parent = header.parent
    while isinstance(parent, pf.Div) and not parent.identifier and not parent.attributes:
        parent = parent.parent
    return isinstance(parent, pf.Doc | pf.MetaBlocks)


def _nesting(elem: pf.Element) -> int:
    depth = 0
    while elem is not None:
        depth += isinstance(elem, LISTS_AND_QUOTES)
        elem = elem.parent
    return depth


def _too_deep(kind: str) -> str:
    return (
        f"{kind} are nested more than {MAX_NESTING} levels deep; "
        f"flatten them to {MAX_NESTING} levels or fewer"
    )


def _first_words(elem: pf.Element) -> str | None:
    """The first word of an element, to find its line by."""
    words: list[str] = []
    elem.walk(lambda e, _doc: words.append(e.text) if isinstance(e, pf.Str) else None)
    return words[0] if words else None


def short(text: str, limit: int = 40) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _body_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines after the YAML block, with their numbers."""
    lines = text.splitlines()
    end = front_matter_end(lines)
    body = 0
    if lines and lines[0].strip() == "---":
        body = (len(lines) - 1 if end is None else end) + 1
    yield from enumerate(lines[body:], body + 1)


def line_of(needle: str, text: str) -> int | None:
    """The line number of the first `needle` in `text`, for an error message; None if absent."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def check_citations_without_bibliography(cites: list[pf.Cite], text: str, source: Path) -> None:
    """Refuse `[@key]` (`cites`: the AST's Cite elements) in a statement with no bibliography:
    it would be printed as is.

    A bare `@name` (an author-in-text citation, or a social media handle) is left as text.
    """
    cited = [
        (citation.id, line_of(f"@{citation.id}", text))
        for cite in cites
        for citation in cite.citations
        if citation.mode != "AuthorInText"
    ]
    if cited:
        key, line = min(cited, key=lambda found: found[1] or 0)
        raise UserError(
            f"citation [@{key}] but the statement has no bibliography; add 'bibliography: "
            "references.json' (CSL JSON beside the statement) to the metadata, or write the "
            "source out in a note ^[…]",
            source,
            line,
            code="HP250",
        )
