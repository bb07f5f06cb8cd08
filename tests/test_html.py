"""The accessible HTML page, checked with the real Nu Html Checker, axe-core in Chromium, and a
keyboard, the way a reader would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
import validators
from lxml import html as lxml_html

WIDTHS = (1280, 320)
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def page_path(built: dict[str, Path]) -> Path:
    return built["html"]


@pytest.fixture(scope="module")
def tree(page_path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page_path.read_bytes())


def test_nu_html_checker_finds_no_errors(page_path: Path) -> None:
    assert validators.vnu_errors(page_path) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations(page_path: Path, width: int, scheme: str) -> None:
    violations = validators.axe_violations(page_path, width, scheme)
    assert violations == [], validators.format_axe_violations(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_reflows_at_320_px_without_horizontal_scroll(page_path: Path, scheme: str) -> None:
    with validators.browser_page(320, scheme, url=page_path) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_self_contained_and_script_free(page_path: Path, tree: lxml_html.HtmlElement) -> None:
    # The one <script> is data (JSON-LD in the head), never run: no other type, nowhere else.
    assert [(s.getparent().tag, s.get("type")) for s in tree.xpath("//script")] == [
        ("head", "application/ld+json")
    ]
    assert not [a for el in tree.iter() for a in el.attrib if a.lower().startswith("on")]
    assert not tree.xpath("//link[@rel='stylesheet'] | //img[not(starts-with(@src, 'data:'))]")
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    # Every font is embedded (data: URL), none comes from the machine.
    style = "".join(tree.xpath("//style/text()"))
    assert style.count("@font-face") >= 4 and 'url("data:font/woff2;base64,' in style


def test_landmarks_title_and_language(tree: lxml_html.HtmlElement) -> None:
    assert tree.get("lang") == "en-US"
    title = tree.findtext(".//title")
    assert "Global Illicit Networks" in title and "Celina B. Realuyo" in title
    body = tree.find("body")
    assert [child.tag for child in body][:4] == ["a", "header", "nav", "main"]
    assert len(tree.xpath("//h1")) == 1 and tree.xpath("//header//h1")
    assert tree.xpath("//main//section[@role='doc-endnotes']")
    assert tree.xpath("//span[@lang='es']"), "Spanish phrases carry lang=es"
    assert tree.xpath("//abbr[@title='transnational criminal organizations']")


def test_notes_are_numbered_and_linked_both_ways(tree: lxml_html.HtmlElement) -> None:
    calls = tree.xpath("//a[@role='doc-noteref']")
    notes = tree.xpath("//section[@role='doc-endnotes']/ol/li")
    assert len(calls) == len(notes) == 25
    for number, (call, note) in enumerate(zip(calls, notes, strict=True), start=1):
        assert call.text_content() == str(number)
        assert call.get("href") == f"#{note.get('id')}"
        (back,) = note.xpath(".//a[@role='doc-backlink']")
        assert back.get("href") == f"#{call.get('id')}"
        assert back.get("aria-label") == f"Back to note {number} in the text"


def test_first_tab_focuses_the_skip_link(page_path: Path) -> None:
    with validators.browser_page(1280, url=page_path) as page:
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.href]")
        assert focused[0] == "skip-link" and focused[1].endswith("#main")
        box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
        assert '"top":' in box and page.evaluate(
            "document.activeElement.getBoundingClientRect().top >= 0"
        ), "the focused skip link is visible"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        border = page.evaluate("getComputedStyle(document.activeElement).borderStyle")
        assert "solid" in (outline, border), "focus is visible"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"


def test_every_note_call_reaches_its_note_and_back(page_path: Path) -> None:
    with validators.browser_page(1280, url=page_path) as page:
        count = page.evaluate("document.querySelectorAll('a.noteref').length")
        assert count == 25
        for number in range(1, count + 1):
            page.click(f"#noteref-{number}")
            assert page.evaluate("location.hash") == f"#note-{number}"
            in_view = page.evaluate(
                f"(() => {{ const r = document.getElementById('note-{number}')"
                ".getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; })()"
            )
            assert in_view, f"note {number} is scrolled into view"
            page.click(f"#note-{number} a.backlink")
            assert page.evaluate("location.hash") == f"#noteref-{number}"


def test_print_stylesheet_hides_navigation(page_path: Path) -> None:
    with validators.browser_page(1280, url=page_path) as page:
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_measure_and_line_height_are_comfortable(page_path: Path) -> None:
    with validators.browser_page(1280, url=page_path) as page:
        metrics = page.evaluate(
            """(() => { const p = document.querySelector('main p');
                const s = getComputedStyle(p);
                return [p.getBoundingClientRect().width / parseFloat(s.fontSize),
                        parseFloat(s.lineHeight) / parseFloat(s.fontSize)]; })()"""
        )
    ems_wide, line_height = metrics
    assert 28 <= ems_wide <= 40, "about 60-75 characters a line"
    assert 1.4 <= line_height <= 1.8
