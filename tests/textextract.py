"""What a reader of each format sees: the body words in reading order and the notes.

Each `from_*` function reads a built file and returns an `Extract`: the body words without
navigation, page furniture, note calls or note texts; the notes, number -> words; the note
calls in reading order; and `problems`, the calls that lead nowhere and any furniture that was
not where the metadata says it is. Words are split on whitespace (no-break spaces included)
after dropping soft hyphens and undoing ligatures; nothing else is changed here.

The PDF is read as pdftotext sees it (`-bbox-layout`, so every word has a box) together with
its link annotations and named destinations (pikepdf): a note call is the word under a link
to `note-N`, the notes are the words below the first note destination on the page, the running
head and the folio are removed by their exact text.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import panflute as pf
import pikepdf
from lxml import etree

from hearingpress import pandoc, uslm_schema
from hearingpress.metadata import Statement
from hearingpress.writers import uslm

XML_BLOCKS = {
    "p", "heading", "level", "chapeau", "continuation", "content", "block", "docTitle", "list",
    "listItem", "listContent", "quotedContent", "br", "footnote", "tr", "td", "th", "caption",
}  # fmt: skip
HTML_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "header", "main",
    "section", "blockquote", "pre", "table", "tr", "td", "th", "caption", "br", "dd", "dt",
    "aside",
}  # fmt: skip
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬆ": "st"})
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))  # soft hyphen, zero widths
BULLETS = {"•", "–", "◦", "▪"}  # what may draw a bulleted list's marker
LINE_END_BREAKS = ("-", "‐", "–", "—", "/")  # a line may end after these inside a word
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
NOTE_DEST = re.compile(r"note-(\d+)")
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XHTML = "http://www.w3.org/1999/xhtml"
WORD = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@dataclass
class Extract:
    """The visible text of one built file."""

    words: list[str]  # body words in reading order
    notes: dict[int, list[str]]  # note number -> its words
    calls: list[int] = field(default_factory=list)  # note-call numbers in reading order
    problems: list[str] = field(default_factory=list)  # dangling calls, misplaced furniture


def normalize(text: str) -> list[str]:
    return text.translate(INVISIBLE).translate(LIGATURES).split()


# --------------------------------------------------------------------------- markup


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def words(root: etree._Element, skip: Callable[[etree._Element], bool], blocks: set[str]):
    """The visible words under `root` in reading order; block boundaries separate words."""
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        if isinstance(element.tag, str) and not skip(element):
            edge = " " if local(element) in blocks else ""
            pieces.extend([edge, element.text or ""])
            for child in element:
                walk(child)
                pieces.append(child.tail or "")
            pieces.append(edge)

    walk(root)
    return "".join(pieces).split()


def first_difference(
    ours: list[str], theirs: list[str], names: tuple[str, str] = ("XML", "HTML")
) -> str | None:
    """None when the word lists match, else the first place they part, with context."""
    for index, (mine, other) in enumerate(zip(ours, theirs, strict=False)):
        if mine != other:
            around = slice(max(index - 5, 0), index + 5)
            return f"word {index}: {names[0]} {ours[around]} / {names[1]} {theirs[around]}"
    if len(ours) != len(theirs):
        return f"{names[0]} has {len(ours)} words, {names[1]} {len(theirs)}"
    return None


def word_diff(ours: list[str], theirs: list[str], names: tuple[str, str]) -> str | None:
    """None when equal, else a readable diff around the first mismatch (± marks words)."""
    where = first_difference(ours, theirs, names)
    if where is None:
        return None
    index = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    start = max(index - 8, 0)
    window = difflib.ndiff(theirs[start : index + 25], ours[start : index + 25])
    shown = " ".join(
        w[2:] if w.startswith("  ") else f"[{w[0]}{w[2:]}]" for w in window if w[:1] != "?"
    )
    return f"{where}\n[-word] only in {names[1]}, [+word] only in {names[0]}:\n… {shown} …"


def _classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def _markup_skip(
    *, ids: Iterable[str] = (), elements: Iterable[etree._Element] = ()
) -> Callable[[etree._Element], bool]:
    """Skip note calls, back-links, footnote asides, the given ids and the given elements."""
    skipped, also = set(ids), list(elements)

    def skip(element: etree._Element) -> bool:
        return (
            element.get("role") in ("doc-noteref", "doc-backlink", "doc-footnote")
            or element.get("id") in skipped
            or _these(*also)(element)
        )

    return skip


def _these(*elements: etree._Element) -> Callable[[etree._Element], bool]:
    """Skip exactly these elements."""
    return lambda element: any(element is other for other in elements)


# --------------------------------------------------------------------------- HTML


def from_html(path: Path) -> Extract:
    """The page's header (title block) and <main>, without the contents and the notes."""
    tree = lxml.html.fromstring(path.read_bytes())
    skip = _markup_skip(ids=("notes", "contents"))
    body: list[str] = []
    for part in tree.xpath("//header[@id='title-block'] | //main"):
        body += words(part, skip, HTML_BLOCKS)
    ids = set(tree.xpath("//@id"))
    extract = Extract(words=normalize(" ".join(body)), notes={})
    for call in tree.xpath("//a[@role='doc-noteref']"):
        extract.calls.append(int(call.text_content()))
        target = call.get("href", "").removeprefix("#")
        if target not in ids or not tree.xpath(f"//section[@id='notes']//li[@id='{target}']"):
            extract.problems.append(f"HTML call {call.text_content()} -> {call.get('href')}")
    for item in tree.xpath("//section[@id='notes']/ol/li"):
        number = int(item.get("value"))
        if item.get("id") != f"note-{number}":
            extract.problems.append(f"HTML note {number} has id {item.get('id')}")
        text = " ".join(words(item, _markup_skip(), HTML_BLOCKS))
        extract.notes[number] = normalize(text)
    return extract


# --------------------------------------------------------------------------- EPUB


def _spine(archive: zipfile.ZipFile) -> list[str]:
    """The content documents in reading order, the navigation document left out."""
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
    opf = etree.fromstring(archive.read(opf_path))
    base = opf_path.rpartition("/")[0]
    items = {
        item.get("id"): item
        for item in opf.xpath("//*[local-name()='manifest']/*[local-name()='item']")
    }
    order = opf.xpath("//*[local-name()='spine']/*[local-name()='itemref']/@idref")
    return [
        f"{base}/{items[ref].get('href')}" if base else items[ref].get("href")
        for ref in order
        if "nav" not in (items[ref].get("properties") or "").split()
    ]


def from_epub(path: Path, statement_heading: str = "statement") -> Extract:
    """The content documents in spine order, without the heading the EPUB adds to open the
    statement (for the table of contents), the citation on the title page, the footnotes and
    their heading."""
    extract = Extract(words=[], notes={})
    with zipfile.ZipFile(path) as archive:
        documents = [(name, etree.fromstring(archive.read(name))) for name in _spine(archive)]
    for name, page in documents:
        body = page.find(f"{{{XHTML}}}body")
        opening = page.xpath(
            f"//x:section[@id='{statement_heading}']/x:h1", namespaces={"x": XHTML}
        )
        # "Cite this statement", and the "Notes" heading over the footnotes
        skip = _markup_skip(ids=("cite", "notes"), elements=opening)
        extract.words += normalize(" ".join(words(body, skip, HTML_BLOCKS)))
        asides = {a.get("id"): a for a in page.iter(f"{{{XHTML}}}aside")}
        for call in page.iter(f"{{{XHTML}}}a"):
            if call.get(EPUB_TYPE) != "noteref":
                continue
            number = int("".join(call.itertext()))
            extract.calls.append(number)
            target = asides.get(call.get("href", "").removeprefix("#"))
            if target is None or target.get(EPUB_TYPE) != "footnote":
                extract.problems.append(f"EPUB {name}: call {number} -> {call.get('href')}")
        for aside_id, aside in asides.items():
            number = int(NOTE_DEST.fullmatch(aside_id).group(1))
            (label,) = aside.xpath(".//x:a[@role='doc-backlink']", namespaces={"x": XHTML})
            if "".join(label.itertext()) != f"{number}.":
                extract.problems.append(f"EPUB note {number} is labelled {label.text!r}")
            text = " ".join(words(aside, _these(label), HTML_BLOCKS))
            extract.notes[number] = normalize(text)
    return extract


# --------------------------------------------------------------------------- USLM XML


def from_xml(path: Path) -> Extract:
    """<content> without footnotes, footnote calls and list numbers (generated in HTML)."""
    tree = uslm_schema.parse(path.read_bytes())
    ns = {"u": uslm.USLM}

    def is_num_of(element: etree._Element, parent: str) -> bool:
        owner = element.getparent()
        return local(element) == "num" and owner is not None and local(owner) == parent

    def skip(element: etree._Element) -> bool:
        return (
            local(element) == "footnote"
            or is_num_of(element, "listItem")
            or (local(element) == "ref" and element.get("class") == "footnoteRef")
        )

    (content,) = tree.xpath("/u:document/u:content", namespaces=ns)
    extract = Extract(words=normalize(" ".join(words(content, skip, XML_BLOCKS))), notes={})
    footnotes = {f.get("id"): f for f in tree.xpath("//u:footnote", namespaces=ns)}
    for call in tree.xpath("//u:ref[@class='footnoteRef']", namespaces=ns):
        number = int("".join(call.itertext()))
        extract.calls.append(number)
        if call.get("idref") not in footnotes:
            extract.problems.append(f"XML call {number} -> idref {call.get('idref')}")
    for footnote in footnotes.values():
        number = int(footnote.xpath("string(u:num)", namespaces=ns))
        text = " ".join(words(footnote, lambda e: is_num_of(e, "footnote"), XML_BLOCKS))
        extract.notes[number] = normalize(text)
    return extract


# --------------------------------------------------------------------------- DOCX


def caption_first(elem: pf.Element, _doc: pf.Doc) -> list[pf.Block] | None:
    """A table's caption read before its cells, where the other formats have it."""
    if isinstance(elem, pf.Table) and elem.caption and elem.caption.content:
        caption = list(elem.caption.content)
        elem.caption.content = []
        return [*caption, elem]
    return None


def from_docx(path: Path) -> Extract:
    """The Word file as pandoc's docx reader reads it back: the words of the body, and the
    footnotes in the order of their references (Word numbers footnotes itself, in that order).
    A reference to a footnote that is not there is lost by the reader; so the calls are
    counted in the XML and compared with the notes the reader found."""
    out, _ = pandoc.run(["--from=docx", "--to=json", str(path)])
    doc = pandoc.json_to_doc(out)
    notes: list[str] = []

    def take_note(elem: pf.Element, _doc: pf.Doc) -> list | None:
        if isinstance(elem, pf.Note):
            notes.append(pf.stringify(elem))
            return []
        return None

    doc = doc.walk(take_note)
    doc = doc.walk(caption_first)
    paragraphs: list[str] = []  # every block of text, in reading order

    def take_text(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Para | pf.Plain | pf.Header):
            paragraphs.append(pf.stringify(elem))

    doc.walk(take_text)
    extract = Extract(words=normalize(" ".join(paragraphs)), notes={})
    extract.notes = {number: normalize(text) for number, text in enumerate(notes, start=1)}
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        footnotes = etree.fromstring(archive.read("word/footnotes.xml"))
    ids = set(footnotes.xpath("//w:footnote[not(@w:type)]/@w:id", namespaces=WORD))
    for number, call in enumerate(document.xpath("//w:footnoteReference", namespaces=WORD), 1):
        extract.calls.append(number)
        if call.get(f"{{{WORD['w']}}}id") not in ids:
            extract.problems.append(f"DOCX call {number} -> footnote {call.get('id')}")
    return extract


# --------------------------------------------------------------------------- PDF


@dataclass(frozen=True)
class PdfWord:
    """One word as pdftotext -bbox-layout gives it; y grows down the page, in points."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    line: int  # the same number for every word on one line of a page


def bbox_pages(pdf_path: Path) -> list[list[PdfWord]]:
    """Per page, every word with its box, in poppler's reading order."""
    out = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-bbox-layout", str(pdf_path), "-"],
        capture_output=True,
        check=True,
    ).stdout
    tree = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in tree.iter("{*}page"):
        found = []
        for number, line in enumerate(page.iter("{*}line")):
            for word in line.iter("{*}word"):
                box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
                found.append(PdfWord(word.text or "", *box, line=number))
        pages.append(found)
    return pages


def page_of(pdf: pikepdf.Pdf, page_ref: pikepdf.Object) -> int:
    return next(i for i, page in enumerate(pdf.pages, 1) if page.objgen == page_ref.objgen)


def destinations(pdf: pikepdf.Pdf) -> dict[str, tuple[int, float]]:
    """Named destination -> (page, y from the top of the page), for /XYZ destinations."""
    found: dict[str, tuple[int, float]] = {}

    def walk(node: pikepdf.Dictionary) -> None:
        names = node.get("/Names", [])
        for index in range(0, len(names), 2):
            target = names[index + 1]
            page = page_of(pdf, target[0])
            height = float(pdf.pages[page - 1].mediabox[3])
            top = float(target[3]) if str(target[1]) == "/XYZ" else height
            found[str(names[index])] = (page, height - top)
        for kid in node.get("/Kids", []):
            walk(kid)

    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        walk(pdf.Root.Names.Dests)
    return found


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> its page number."""
    return {name: page for name, (page, _top) in destinations(pdf).items()}


def link_annotations(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    return [
        (number, annot)
        for number, page in enumerate(pdf.pages, 1)
        for annot in page.get("/Annots", [])
        if annot.get("/Subtype") == "/Link"
    ]


@dataclass(frozen=True)
class _Call:
    number: int
    page: int
    box: tuple[float, float, float, float]  # x0, y0 (top), x1, y1, y from the top


def _note_calls(pdf: pikepdf.Pdf) -> list[_Call]:
    calls = []
    for page, annot in link_annotations(pdf):
        match = NOTE_DEST.fullmatch(str(annot.get("/Dest", "")))
        if match:
            height = float(pdf.pages[page - 1].mediabox[3])
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            box = (min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1))
            calls.append(_Call(int(match.group(1)), page, box))
    return calls


def _under(word: PdfWord, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    middle = (word.x_min + word.x_max) / 2
    return x0 <= middle <= x1 and y0 <= (word.y_min + word.y_max) / 2 <= y1


def _strip_exact(found: list[PdfWord], expected: list[str], at_start: bool) -> bool:
    """Remove `expected` from the start (or end) of the page's words if it is there."""
    where = slice(0, len(expected)) if at_start else slice(len(found) - len(expected), None)
    if [w.text for w in found[where]] != expected:
        return False
    del found[where]
    return True


def _joined(found: list[PdfWord], urls: set[str]) -> list[str]:
    """Words with what a line end split put back together: a compound broken after its
    hyphen or dash, and a URL broken anywhere (known from the link annotations)."""
    out: list[str] = []
    after_line_end = False
    for index, word in enumerate(found):
        if out and after_line_end and _continues(out[-1], word.text, urls):
            out[-1] += word.text
        else:
            out.append(word.text)
        after_line_end = index + 1 == len(found) or found[index + 1].line != word.line
    return out


def _continues(previous: str, word: str, urls: set[str]) -> bool:
    if previous.endswith(LINE_END_BREAKS) and len(previous) > 1:
        return True
    if word.startswith("—"):  # our em dashes are closed up: a line may break before one
        return True
    bare = previous.lstrip("(<[“")
    joined = bare + word
    return any(
        url.startswith(bare) and url != bare and (url.startswith(joined) or joined.startswith(url))
        for url in urls
    )


def from_pdf(path: Path, statement: Statement, markers: list[str]) -> Extract:
    """The PDF's words: the running head (pages 2 on) and "Page N of M" are removed by their
    text; note calls by their link annotations; notes are the words from the first note
    destination on the page down; `markers` (see `list_markers`) are the list numbers and
    bullets the print layout draws as text, removed where a line starts with the next one."""
    head = f"{statement.witness.name} — {statement.hearing.running_title}".split()
    pages = bbox_pages(path)
    with pikepdf.open(path) as pdf:
        dests = destinations(pdf)
        calls = _note_calls(pdf)
        urls = {str(a.A.URI) for _, a in link_annotations(pdf) if "/A" in a and "/URI" in a.A}
    extract = Extract(words=[], notes={})
    for call in calls:
        x0, y0, x1, y1 = call.box
        if (x1 - x0) * (y1 - y0) <= 0:
            extract.problems.append(f"PDF call {call.number} has a link with no area")
        if f"note-{call.number}" not in dests:
            extract.problems.append(f"PDF call {call.number} -> no destination note-{call.number}")
    pending = list(markers)
    for number, found in enumerate(pages, start=1):
        if number > 1 and not _strip_exact(found, head, at_start=True):
            extract.problems.append(f"PDF page {number}: no running head {' '.join(head)!r}")
        folio = ["Page", str(number), "of", str(len(pages))]
        if not _strip_exact(found, folio, at_start=False):
            extract.problems.append(f"PDF page {number}: no folio {' '.join(folio)!r}")
        tops = sorted(
            (top, int(NOTE_DEST.fullmatch(name).group(1)))
            for name, (page, top) in dests.items()
            if page == number and NOTE_DEST.fullmatch(name)
        )
        area = tops[0][0] - 1.0 if tops else float("inf")
        body = [w for w in found if w.y_min < area]
        body_calls = []
        for call in (c for c in calls if c.page == number):
            under = [w for w in body if _under(w, call.box)]
            if [w.text for w in under] != [str(call.number)]:
                extract.problems.append(f"PDF call {call.number}: under its link {under}")
            body_calls += [(body.index(w), call.number) for w in under]
        extract.calls += [n for _, n in sorted(body_calls)]
        called = {id(body[i]) for i, _ in body_calls}
        body = [w for w in body if id(w) not in called]
        first_on_line = {w.line: w for w in reversed(body)}
        for word in list(body):
            if pending and first_on_line.get(word.line) is word and _is_marker(word, pending[0]):
                pending.pop(0)
                body.remove(word)
        extract.words += normalize(" ".join(_joined(body, urls)))
        for top, note in tops:
            following = [t for t, _ in tops if t > top]
            below = min(following, default=float("inf")) - 1.0
            text = [w for w in found if top - 1.0 <= w.y_min < below]
            if not text or text[0].text != f"{note}.":
                extract.problems.append(f"PDF note {note} does not start with its number")
            extract.notes[note] = normalize(" ".join(_joined(text[1:], urls)))
    if pending:
        extract.problems.append(f"PDF list markers not found: {pending}")
    return extract


def _is_marker(word: PdfWord, expected: str) -> bool:
    return word.text == expected or (expected in BULLETS and word.text in BULLETS)


def list_markers(html_path: Path) -> list[str]:
    """The marker of every list item in <main> in order, as the print CSS draws it: "3." or
    "b." for numbered lists (start and type as pandoc writes them), a bullet otherwise."""
    tree = lxml.html.fromstring(html_path.read_bytes())
    markers = []
    for item in tree.xpath("//main//li[not(ancestor::section[@id='notes'])]"):
        owner = item.getparent()
        if owner.tag == "ul":
            markers.append("•")
            continue
        position = int(owner.get("start", "1")) + owner.index(item)
        markers.append(f"{_counter(position, owner.get('type', '1'))}.")
    return markers


def _counter(number: int, kind: str) -> str:
    if kind in "aA":
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if kind == "A" else letters
    if kind in "iI":
        roman = ""
        for value, letters in ROMAN:
            count, number = divmod(number, value)
            roman += letters * count
        return roman.upper() if kind == "I" else roman
    return str(number)
