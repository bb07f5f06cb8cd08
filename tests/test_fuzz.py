"""Fuzzing: generated Markdown through the parse checks, every filter and every writer.

The strategy stays inside the language the policy accepts (no raw HTML, safe links, shallow
nesting), so every example must build: no exception at all, HTML that parses and carries no
script (but the JSON-LD data block), event handler or javascript: URL, USLM XML that the
writer has validated against the schema. Derandomized and bounded, so CI runs the same
examples every time.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from hearingpress import pipeline
from hearingpress.errors import UserError
from hearingpress.writers import epub, html, pdf, uslm

FRONT = FIXTURES.joinpath("minimal.md").read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n"
FAST = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(FAST, max_examples=12)

# Words that exercise the filters: units, ranges, dashes, quotes, abbreviations, symbols.
WORDS = st.sampled_from(
    [
        "cartels", "the", "U.S.", "Mexico", "TCOs", "CBP", "CBP’s", "fentanyl", "254", "pounds",
        "0.25", "milligrams", "2009-2018", "--", "—", "95%", "$40", "&", "a < b", "don't",
        "it's", "“quoted”", "café", "Año", "x", "#hashtag", "50/50", "e.g.", "No.", "(i)",
    ]
)  # fmt: skip
# Not here: a line starting "1." or "-" is a list, and "- 1." an empty list USLM cannot map.
PHRASE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def inline(draw: st.DrawFn, code: bool = True) -> str:
    text = draw(PHRASE)
    kind = draw(st.integers(0, 9 if code else 8))
    return [
        text,
        f"*{text}*",
        f"**{text}**",
        f'"{text}"',
        f"[{text}]{{lang=es}}",
        f"{text}^[A note about {text}.]",
        f"[{text}](https://example.com/{kind})",
        f"Drug Enforcement Administration (DEA) and the DEA {text}",
        f"[{text}](#introduction)",
        f"`{text}`",
    ][kind]


def paragraph(code: bool = True) -> st.SearchStrategy[str]:
    return st.lists(inline(code), min_size=1, max_size=5).map(" ".join)


PARAGRAPH = paragraph()


@st.composite
def a_list(draw: st.DrawFn, depth: int = 0, code: bool = True) -> str:
    ordered = draw(st.booleans())
    items = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}." if ordered else "-"
        item = f"{marker} {draw(paragraph(code))}"
        if depth < 2 and draw(st.booleans()):
            nested = draw(a_list(depth + 1, code))
            indent = " " * (len(marker) + 1)
            item += "\n\n" + "\n".join(indent + line for line in nested.split("\n"))
        items.append(item)
    return "\n".join(items)


@st.composite
def table(draw: st.DrawFn) -> str:
    rows = draw(st.lists(st.tuples(PHRASE, st.integers(0, 9999)), min_size=1, max_size=3))
    body = "\n".join(f"| {name} | {number:,} |" for name, number in rows)
    return f"| Item | Count |\n|---|--:|\n{body}\n\n: {draw(PHRASE)}"


def block(code: bool = True) -> st.SearchStrategy[str]:
    return st.one_of(
        paragraph(code),
        paragraph(code).map(lambda text: f"> {text}"),
        a_list(code=code),
        table(),
        PHRASE.map(lambda text: f"## {text}"),
    )


@st.composite
def statement(draw: st.DrawFn, code: bool = True) -> str:
    blocks = st.lists(block(code), min_size=1, max_size=4)
    sections = draw(st.lists(blocks, min_size=1, max_size=3))
    parts = []
    for number, blocks in enumerate(sections):
        parts.append("# Introduction" if number == 0 else f"# Section {number}")
        parts.extend(blocks)
    return FRONT + "\n" + "\n\n".join(parts) + "\n"


def prepare(folder: Path, text: str) -> pipeline.Publication:
    source = folder / "fuzz.md"
    source.write_text(text, encoding="utf-8")
    return pipeline.prepare(source)


def assert_safe_html(data: bytes) -> None:
    tree = lxml.html.document_fromstring(data)
    assert tree.find("body") is not None and tree.xpath("//main")
    assert not tree.xpath("//iframe | //object | //embed")
    # The one <script> allowed is the JSON-LD data block in the head, and it is valid JSON.
    scripts = tree.xpath("//script")
    assert [(s.getparent().tag, s.get("type")) for s in scripts] == [
        ("head", "application/ld+json")
    ]
    json.loads(scripts[0].text)
    for element in tree.iter(tag=etree.Element):
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, value)
            assert not value.strip().lower().startswith(("javascript:", "data:text")), value
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FAST
@given(text=statement())
def test_html_and_xml_hold_any_accepted_markdown(folder: Path, text: str) -> None:
    publication = prepare(folder, text)
    assert_safe_html(html.render(publication))
    root = etree.fromstring(uslm.render(publication))  # render() has validated it
    assert etree.QName(root).localname == "document"


@SLOW
@given(text=statement())
def test_pdf_and_epub_hold_any_accepted_markdown(folder: Path, text: str) -> None:
    publication = prepare(folder, text)
    with pikepdf.open(io.BytesIO(pdf.render(publication))) as document:
        assert len(document.pages) >= 1
    with zipfile.ZipFile(io.BytesIO(epub.render(publication))) as book:
        assert book.testzip() is None
        for name in book.namelist():
            if name.endswith(".xhtml"):
                etree.fromstring(book.read(name))  # well-formed XHTML


@FAST
@given(text=statement().map(lambda s: s.replace("](https://example.com/", "](javascript:")))
def test_a_hostile_link_anywhere_is_refused_by_line(folder: Path, text: str) -> None:
    if "javascript:" not in text:
        prepare(folder, text)
        return
    with pytest.raises(UserError) as caught:
        prepare(folder, text)
    line = text[: text.index("javascript:")].count("\n") + 1
    assert str(caught.value).startswith(f"{folder / 'fuzz.md'}:{line}: HP220: link to 'javascript:")


def test_inline_code_in_the_pdf(folder: Path) -> None:
    """Found by fuzzing: <code> fell back to a machine monospace font, which the PDF refused."""
    with pikepdf.open(io.BytesIO(pdf.render(prepare(folder, FRONT + CODE)))) as document:
        assert len(document.pages) == 1


CODE = "\n# Introduction\n\nThe `cartels` word.\n"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>x()</script>",
        '<script type="application/ld+json">{}</script>',
        '<p onclick="x()">a</p>',
        '<a href=" javascript:x()">a</a>',
    ],
)
def test_the_html_check_catches_what_it_looks_for(hostile: str) -> None:
    csp = "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'\">"
    data = '<script type="application/ld+json">{"@type": "Report"}</script>'
    page = f"<html><head>{csp}{data}</head><body><main>BODY</main></body></html>"
    assert_safe_html(page.replace("BODY", "<p>fine</p>").encode())
    with pytest.raises(AssertionError):
        assert_safe_html(page.replace("BODY", hostile).encode())
