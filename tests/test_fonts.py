"""The font subsets of the HTML and the EPUB: one cut per face, shared by both, and holding a
glyph for every character either shows."""

from __future__ import annotations

import base64
import io
import multiprocessing
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from lxml import html as lxml_html

from hearingpress import fonts
from hearingpress.writers import htmlpage, shown

XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"
RULE = re.compile(
    r'font-family: "(?P<family>[^"]+)"; font-weight: (?P<weight>\d+); '
    r'font-style: (?P<style>\w+);[^}]*base64,(?P<data>[^"]+)"'
)


def _face(family: str, weight: str, style: str) -> fonts.Face:
    (face,) = [
        f for f in fonts.FACES if (f.family, f.weight, f.style) == (family, int(weight), style)
    ]
    return face


@pytest.fixture(scope="module")
def html_fonts(built: dict[str, Path]) -> dict[fonts.Face, bytes]:
    """The WOFF2 subsets the HTML page inlines, by face."""
    page = built["html"].read_text(encoding="utf-8")
    return {
        _face(m["family"], m["weight"], m["style"]): base64.b64decode(m["data"])
        for m in RULE.finditer(page)
    }


@pytest.fixture(scope="module")
def epub_files(built: dict[str, Path]) -> dict[str, bytes]:
    with zipfile.ZipFile(built["epub"]) as book:
        return {name: book.read(name) for name in book.namelist()}


@pytest.fixture(scope="module")
def epub_fonts(epub_files: dict[str, bytes]) -> dict[fonts.Face, bytes]:
    """The TTF subsets the EPUB packages, by face."""
    return {face: epub_files[f"EPUB/fonts/{face.slug}.ttf"] for face in fonts.FACES}


def _characters(text: str) -> set[str]:
    return set(text) - set(" \t\r\n")


def _missing(font: bytes, characters: set[str]) -> str:
    cmap = TTFont(io.BytesIO(font)).getBestCmap()
    return "".join(sorted(c for c in characters if ord(c) not in cmap))


def test_every_character_of_the_html_has_a_glyph_in_every_inlined_subset(
    built: dict[str, Path], html_fonts: dict[fonts.Face, bytes]
) -> None:
    body = lxml_html.fromstring(built["html"].read_bytes()).find("body")
    characters = _characters(body.text_content())
    assert len(html_fonts) == len(fonts.FACES)
    assert {"é", "ñ", "“", "—", "↑"} <= characters  # the test sees what a reader sees
    assert {face.slug: _missing(font, characters) for face, font in html_fonts.items()} == {
        face.slug: "" for face in fonts.FACES
    }


def test_every_character_of_the_epub_has_a_glyph_in_every_packaged_subset(
    epub_files: dict[str, bytes], epub_fonts: dict[fonts.Face, bytes]
) -> None:
    pages = [name for name in epub_files if name.endswith(".xhtml")]
    assert {"EPUB/nav.xhtml", "EPUB/text/title_page.xhtml", "EPUB/text/ch001.xhtml"} <= set(pages)
    text = "".join(
        "".join(etree.fromstring(epub_files[name]).find(XHTML_BODY).itertext()) for name in pages
    )
    characters = _characters(text)
    assert {"é", "ñ", "“", "—"} <= characters
    assert {face.slug: _missing(font, characters) for face, font in epub_fonts.items()} == {
        face.slug: "" for face in fonts.FACES
    }


def test_the_html_inlines_the_epubs_cut_compressed(
    html_fonts: dict[fonts.Face, bytes],
    epub_fonts: dict[fonts.Face, bytes],
    tmp_path: Path,
) -> None:
    """One cut per face serves both: the HTML's WOFF2 is the EPUB's TTF, compressed."""
    for face, ttf in epub_fonts.items():
        cut = tmp_path / f"{face.slug}.ttf"
        cut.write_bytes(ttf)
        assert fonts.woff2(cut) == html_fonts[face], face.slug


def test_both_formats_get_one_character_set(publication, epub_fonts) -> None:
    """The EPUB's subsets are the ones fonts.subsets cuts for the publication's characters,
    the set the HTML writer asks for too."""
    paths = fonts.subsets(shown.text(publication, htmlpage.html_doc(publication)))
    assert {face: path.read_bytes() for face, path in paths.items()} == epub_fonts


def _subset_counting_cuts(characters: str) -> tuple[dict[str, bytes], int]:
    """fonts.subsets in a worker process: the subsets and how many this process cut."""
    cut = fonts._cut_subset
    made = 0

    def counting(face: fonts.Face, characters: str, target: Path) -> None:
        nonlocal made
        made += not target.exists()
        cut(face, characters, target)

    fonts._cut_subset = counting
    paths = fonts.subsets(characters)
    return {face.slug: path.read_bytes() for face, path in paths.items()}, made


def test_two_writers_on_a_cold_cache_cut_each_face_once() -> None:
    """The HTML and EPUB render in two processes at once: between them, one cut per face."""
    characters = "Ǆǅǆ Ŧŧ"  # a set of our own, so its subsets are cold whatever else ran
    for face in fonts.FACES:
        fonts.subset_path(face, fonts.character_set(characters)).unlink(missing_ok=True)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        (first, cuts_a), (second, cuts_b) = pool.map(_subset_counting_cuts, [characters] * 2)
    assert first == second
    assert cuts_a + cuts_b == len(fonts.FACES)
