"""The one normaliser every reader feeds: the rules that turn a laid-out document back into
a statement's structure live here, once.

- furniture: folios ("Page 3 of 15", "3") and running heads (the same line at the top or foot
  of many pages) are removed;
- notes printed at the end, a numbered list under "Notes", become the notes;
- the cover (the title page, up to its date or the first paragraph of prose) is set apart for
  `cover`;
- headings: in a text extraction, a short title-case line standing alone is a section
  heading; elsewhere a short paragraph all in bold; everywhere, a paragraph that opens with
  a title-case phrase and a colon ("Supply Reduction Measures: …") a run-in head, one level
  below its section;
- paragraphs and list items split at a page break are joined; at a line end, a hyphen is
  kept (import never changes a word) unless the document spells the word without it
  elsewhere, and a URL broken across lines is rejoined without a space;
- bare URLs become links, byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter

from hearingpress.intake.model import CALL, Block, Intake

FOLIO = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.I)
TERMINAL = re.compile(r"[.!?:;][\"”’')\]*_]*$")
SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "over", "the", "to", "with", "vs.", "via", "its", "their", "our", "is", "are", "under",
}  # fmt: skip
BARE_URL = re.compile(r"(?<![<(\w/])(https?://[^\s<>\"”]+)")
TRAILING = ".,;:!?’”\"'"
COVER_CUE = re.compile(
    r"^(?:\*+)?(?:(?:prepared|written)\s+)?(?:statement|testimony)\b|^(?:\*+)?before\b"
    r"|\bhearing\b|\bcommittee\b",
    re.I,
)
RUN_IN = re.compile(r"^(\*{0,2})([A-Z][^:.!?\n*]{2,80}?)(?:\1:|:\1)\s+(?=\S)")
BOLD_LINE = re.compile(r"^\*\*([^*\n]+)\*\*$")
NOTES_HEADING = re.compile(r"^(?:end\s*)?notes:?$", re.I)
# A section after the notes that cites the document itself ("Cite this statement", as our own
# HTML prints it, "Suggested citation" in a think tank's PDF): not the statement's text.
CITATION_HEADING = re.compile(r"^(?:cite this \w+|suggested citation|how to cite[\w ]*):?$", re.I)
BACKLINK = re.compile(r"\s*[↑↩︎]+\s*$")  # "back to the text" arrows a browser prints


def plain(text: str) -> str:
    """The words of inline Markdown: no calls, emphasis or escapes."""
    text = CALL.sub("", text)
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*_]{1,3}", "", text)).strip()


def is_title_case(text: str) -> bool:
    words = [w.strip("“”\"'‘’()") for w in plain(text).split()]
    words = [w for w in words if w]
    if not words or (not words[0][:1].isupper() and not words[0][:1].isdigit()):
        return False
    big = [w for w in words if w.lower() not in SMALL_WORDS]
    capital = [w for w in big if w[:1].isupper() or w[:1].isdigit()]
    return len(capital) >= 0.8 * len(big)


def ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(CALL.sub("", text).rstrip()))


def is_prose(block: Block) -> bool:
    words = plain(block.text).split()
    return block.kind == "para" and (
        len(words) >= 25 or (len(words) >= 10 and ends_sentence(block.text))
    )


def looks_like_heading(block: Block) -> bool:
    words = plain(block.text).split()
    text = CALL.sub("", block.text).rstrip()
    ends_as_abbreviation = text.endswith(".") and re.search(r"\b(?:[A-Z]\.){2,}$", text)
    return (
        block.kind == "para"
        and 0 < len(words) <= 14
        and (not ends_sentence(text) or bool(ends_as_abbreviation))
        and is_title_case(block.text)
        and not BARE_URL.search(text)
    )


# --------------------------------------------------------------------------- joining text


def join(left: str, right: str, urls: set[str], vocabulary: set[str]) -> str:
    """Two pieces of one paragraph split at a line or page end, put back together."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if left.endswith("\u00ad"):  # a soft hyphen: the break was made by the typesetter
        return left[:-1] + right
    tail, head = left.split()[-1], right.split()[0]
    if _continues_url(tail, head, urls):
        return left + right
    if tail.endswith(("-", "‐")) and len(tail) > 1 and tail[-2].isalpha() and head[:1].isalpha():
        whole = (tail[:-1] + head).strip("“”\"'‘’()[],.;:").lower()
        if whole in vocabulary and whole.replace("-", "") == whole:
            return left[:-1] + right  # the document spells the word unbroken elsewhere
        return left + right  # a compound (far-reaching) broken after its own hyphen
    if tail.endswith(("—", "/")) and len(tail) > 1:
        return left + right
    return f"{left} {right}"


def _continues_url(tail: str, head: str, urls: set[str]) -> bool:
    bare = tail.lstrip('(<[“"')
    if not bare.startswith(("http://", "https://", "www.")) and not any(
        u.startswith(bare) and u != bare for u in urls
    ):
        return False
    joined = bare + head.rstrip(TRAILING + ">)")
    if any(
        u.startswith(bare) and u != bare and (u.startswith(joined) or joined.startswith(u))
        for u in urls
    ):
        return True
    # No link annotation (a text extraction): a URL line ends at a path separator.
    return not urls and bare.endswith(("/", "-", "_", ".", "=", "?", "&")) and "://" in bare


def vocabulary(texts: list[str]) -> set[str]:
    return {w.strip("“”\"'‘’()[],.;:").lower() for t in texts for w in plain(t).split()}


# --------------------------------------------------------------------------- the rules


def remove_furniture(blocks: list[Block]) -> list[Block]:
    """Folios, and running heads: a line at a page's edge repeated on many pages."""
    pages = {b.page for b in blocks}
    edges: Counter[str] = Counter()
    by_page: dict[int, list[Block]] = {}
    for block in blocks:
        by_page.setdefault(block.page, []).append(block)
    for page_blocks in by_page.values():
        for block in {id(b): b for b in (page_blocks[0], page_blocks[-1])}.values():
            edges[_shape(block.text)] += 1
    repeated = {shape for shape, count in edges.items() if count >= 3 and count >= len(pages) / 3}
    kept = []
    for block in blocks:
        text = plain(block.text)
        if block.kind == "para" and (FOLIO.match(text) or _shape(block.text) in repeated):
            continue
        kept.append(block)
    return kept


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", plain(text).lower())


def mark_cover(blocks: list[Block]) -> None:
    """The blocks before the first paragraph of prose are the cover, if they read as one."""
    from hearingpress.intake.cover import parse_date  # the cover's own rule for a date

    first = next((i for i, b in enumerate(blocks) if is_prose(b)), 0)
    dates = [i for i, b in enumerate(blocks[:first]) if parse_date(plain(b.text))]
    first = dates[-1] + 1 if dates else first  # the date closes a cover
    if any(COVER_CUE.search(plain(b.text)) for b in blocks[:first]):
        for block in blocks[:first]:
            block.cover = True


def mark_headings(blocks: list[Block]) -> None:
    """Short title-case lines standing alone become section headings (unless a paragraph
    before them stopped mid-sentence: then they are its end, on a new page)."""
    body = [b for b in blocks if not b.cover]
    for index, block in enumerate(body):
        if block.kind != "para" or not looks_like_heading(block):
            continue
        before = body[index - 1] if index else None
        if before and before.kind in ("para", "item") and not ends_sentence(before.text):
            continue
        after = body[index + 1] if index + 1 < len(body) else None
        if after is None:
            continue
        block.kind, block.level = "heading", 1
        block.guesses.append("a title-case line standing alone: made a section heading")


def join_page_splits(blocks: list[Block], intake: Intake, words: set[str]) -> list[Block]:
    """A paragraph or list item that stops mid-sentence goes on in the next paragraph."""
    out: list[Block] = []
    for block in blocks:
        before = out[-1] if out else None
        if before and not before.cover and not block.cover and _split(before, block, intake):
            before.text = join(before.text, block.text, intake.urls, words)
            where = "a page break" if block.page != before.page else "a blank line"
            edge = _edge(before.text, block.text)
            before.guesses.append(f"joined a paragraph split by {where}: “…{edge}…”")
            before.page = block.page
            continue
        out.append(block)
    return out


def _edge(joined: str, right: str) -> str:
    cut = len(joined) - len(right.strip())
    return plain(joined[max(cut - 25, 0) : cut + 20]).replace("\n", " ")


def _split(before: Block, block: Block, intake: Intake) -> bool:
    if before.kind not in ("para", "item") or block.kind != "para":
        return False
    starts_lower = plain(block.text)[:1].islower()
    if intake.kind == "docx":  # paragraphs are the writer's own; only a lower-case start joins
        return starts_lower and not ends_sentence(before.text)
    if block.page == before.page and intake.kind == "pdf":
        return False  # within a page the reader has already joined a paragraph's lines
    if before.kind == "item":  # a list's last item may end without a stop
        return starts_lower
    return starts_lower or not ends_sentence(before.text)


def rejoin_lines(blocks: list[Block], urls: set[str], words: set[str]) -> None:
    """A text extraction keeps the lines of a paragraph: put them back together (the cover
    keeps its lines, the cover reader needs them)."""
    for block in blocks:
        if not block.cover and block.kind in ("para", "item", "quote") and "\n" in block.text:
            lines = block.text.split("\n")
            text = lines[0]
            for line in lines[1:]:
                text = join(text, line, urls, words)
            block.text = text


def mark_bold_headings(blocks: list[Block]) -> None:
    """A short paragraph all in bold, standing alone, is a heading below the styled ones."""
    for block in blocks:
        found = BOLD_LINE.match(block.text.strip()) if block.kind == "para" else None
        short = found and len(found.group(1).split()) <= 14 and not ends_sentence(found.group(1))
        if short and not block.cover:
            block.text, block.kind, block.level = found.group(1).strip(), "heading", 99
            block.guesses.append("a short paragraph all in bold: made a heading")


def endnotes(intake: Intake, blocks: list[Block]) -> list[Block]:
    """Notes printed at the end under "Notes" as a numbered list become the notes (when the
    reader found none of its own); a "Notes" heading over notes it did find goes."""
    heading = next(
        (i for i in range(len(blocks) - 1, -1, -1) if NOTES_HEADING.match(plain(blocks[i].text))),
        None,
    )
    if heading is None:
        return blocks
    if intake.notes:
        return blocks if heading < len(blocks) - 1 else blocks[:heading]
    current: int | None = None
    notes: dict[int, list[str]] = {}
    after: list[Block] = []  # what follows the notes under a heading of its own
    for index, block in enumerate(blocks[heading + 1 :], start=heading + 1):
        if block.kind == "heading" and current is not None:
            after = blocks[index:]
            break
        if block.kind == "item" and block.marker.rstrip(".)").isdigit():
            current = int(block.marker.rstrip(".)"))
            notes[current] = [BACKLINK.sub("", block.text)]
        elif current is not None:
            notes[current].append(BACKLINK.sub("", block.text))
        else:
            return blocks  # not a list of notes
    intake.notes = {number: "\n\n".join(texts) for number, texts in notes.items()}
    if after and CITATION_HEADING.match(plain(after[0].text)) and heading:
        blocks[heading - 1].guesses.append(
            f"dropped the “{plain(after[0].text)}” section after the notes (it cites the "
            "document; it is not its text)"
        )
        after = []
    elif after:
        after[0].guesses.append("a section after the notes: kept at the end of the body")
    return blocks[:heading] + after


def split_run_in_heads(blocks: list[Block]) -> list[Block]:
    """'Supply Reduction Measures: The U.S. …' -> a heading one level below the section it
    stands in, and its paragraph."""
    out: list[Block] = []
    section = 0  # the level of the heading above
    for block in blocks:
        if block.kind == "heading" and not block.cover:
            section = block.level
        found = RUN_IN.match(block.text) if block.kind == "para" and not block.cover else None
        head = found.group(2).strip() if found else ""
        if found and is_title_case(head) and len(head.split()) <= 8 and is_prose(block):
            guess = f"run-in head “{plain(head)}:” made a subheading (colon dropped)"
            level = min(section + 1, 6)
            out.append(Block(head, "heading", level, page=block.page, line=block.line,
                             guesses=[guess]))  # fmt: skip
            rest = block.text[found.end() :]
            out.append(Block(rest, block.kind, block.level, block.marker, block.page, block.line,
                             guesses=block.guesses))  # fmt: skip
            continue
        out.append(block)
    return out


def level_headings(blocks: list[Block]) -> None:
    """Body headings start at level 1 (`#`), the title block owns the document's title."""
    levels = sorted({b.level for b in blocks if b.kind == "heading" and not b.cover and b.level})
    rank = {level: index + 1 for index, level in enumerate(levels)}
    for block in blocks:
        if block.kind == "heading" and not block.cover:
            block.level = min(rank.get(block.level, 1), 6)


def link_bare_urls(text: str) -> str:
    """A bare URL becomes an autolink <…>, byte for byte; punctuation after it stays out."""

    def wrap(m: re.Match[str]) -> str:
        url = m.group(1)
        end = len(url)
        while end and url[end - 1] in TRAILING + ")":
            if url[end - 1] == ")" and url[:end].count("(") >= url[:end].count(")"):
                break
            end -= 1
        return f"<{url[:end].replace(chr(92), '')}>{url[end:]}"  # no Markdown escapes inside

    return BARE_URL.sub(wrap, text)


def normalise(intake: Intake) -> Intake:
    blocks = remove_furniture(intake.blocks)
    blocks = endnotes(intake, blocks)
    mark_cover(blocks)
    words = vocabulary([b.text for b in blocks] + list(intake.notes.values()))
    if intake.kind == "txt":  # the PDF and Word readers know headings by font and style
        rejoin_lines(blocks, intake.urls, words)
        mark_headings(blocks)
    else:
        mark_bold_headings(blocks)
    blocks = join_page_splits(blocks, intake, words)
    level_headings(blocks)
    blocks = split_run_in_heads(blocks)
    for block in blocks:
        if block.kind != "table":
            block.text = link_bare_urls(block.text)
    intake.notes = {n: link_bare_urls(t) for n, t in intake.notes.items()}
    intake.blocks = blocks
    return intake
