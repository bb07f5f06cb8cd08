"""Make-up as a compositor reads it, in every fixture: full pages, each note on its call's
page, URLs broken only where Chicago's rule allows (in the PDF and in a 320 px screen); and
every fixture's PDF archival (PDF/A-3a) as well as accessible (PDF/UA-1)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pagemeasure
import pytest
import validators
import weasyprint
from test_figures import statement_folder
from weasyprint.layout import LayoutContext
from weasyprint.text.fonts import FontConfiguration

from hearingpress import build, pipeline
from hearingpress.writers import pdf, pdffetch, pdfnotes

ROOT = Path(__file__).resolve().parents[1]
OTHERS = {  # fixtures no other module builds as a PDF
    "minimal": ROOT / "tests" / "fixtures" / "minimal.md",
    "house": ROOT / "tests" / "fixtures" / "hearing" / "house-statement.md",
}
FIXTURES = ["testimony", "senate", *OTHERS, "figures"]


@pytest.fixture(scope="module")
def pdfs(built, senate_built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("makeup")
    paths = {"testimony": built["pdf"], "senate": senate_built["pdf"]}
    sources = {**OTHERS, "figures": statement_folder(out / "figures")}  # with its images
    for name, source in sources.items():
        (paths[name],) = build.build(source, out / name / "dist", ["pdf"], force=True).written
    return paths


@pytest.mark.parametrize("fixture", FIXTURES)
def test_at_most_one_short_page(pdfs: dict[str, Path], fixture: str) -> None:
    fill = {
        page.number: round(page.lines_short, 1) for page in pagemeasure.page_fill(pdfs[fixture])
    }
    assert len(pagemeasure.short_pages(pdfs[fixture])) <= 1, f"lines short by page: {fill}"


@pytest.mark.parametrize("fixture", FIXTURES)
def test_every_note_on_its_call_page(pdfs: dict[str, Path], fixture: str) -> None:
    assert pagemeasure.notes_off_their_page(pdfs[fixture]) == []


@pytest.mark.parametrize("fixture", FIXTURES)
def test_no_url_line_ends_after_a_single_slash_or_a_hyphen(pdfs, fixture: str) -> None:
    assert pagemeasure.bad_url_breaks(pdfs[fixture]) == []


@pytest.mark.parametrize("fixture", FIXTURES)
def test_archival_and_accessible(pdfs: dict[str, Path], fixture: str) -> None:
    assert validators.pdf_ua_failures(pdfs[fixture], "3a") == []
    assert validators.pdf_ua_failures(pdfs[fixture], "ua1") == []


def test_the_measure_finds_urls_broken_over_lines(pdfs: dict[str, Path]) -> None:
    """The URL check sees breaks at all: the testimony's notes break many URLs."""
    assert len(pagemeasure.url_line_breaks(pdfs["testimony"])) > 10


# Each piece of a URL (filters/urlbreaks.py) on one line; a line that ends inside a URL ends
# where a piece does, never after a single slash or a hyphen.
URL_LINES_JS = """() => {
  const problems = [];
  let breaks = 0;
  for (const link of document.querySelectorAll("a.uri")) {
    const pieces = [...link.childNodes].filter((n) => n.nodeType !== 1 || n.tagName !== "WBR");
    let previous = null;
    for (const piece of pieces) {
      const range = document.createRange();
      range.selectNodeContents(piece);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (piece.nodeType === 1 && rects.length !== 1) problems.push("split: " + piece.textContent);
      if (previous && rects.length && rects[0].top > previous.rect.bottom - 1) {
        breaks += 1;
        const end = previous.text;
        if ((end.endsWith("/") && !end.endsWith("//")) || end.endsWith("-"))
          problems.push("line ends " + end);
      }
      if (rects.length) previous = { text: piece.textContent, rect: rects[rects.length - 1] };
    }
  }
  return { problems, breaks };
}"""


def test_html_at_320_px(built: dict[str, Path]) -> None:
    """URLs break by Chicago's rule; the contents are unnumbered; a jump to a note call leaves
    about three lines of context above it."""
    with validators.browser_page(320, url=built["html"]) as page:
        found = page.evaluate(URL_LINES_JS)
        markers = page.evaluate(
            "[...document.querySelectorAll('nav.contents ol')]"
            ".map((ol) => getComputedStyle(ol).listStyleType)"
        )
        page.evaluate("location.hash = '#noteref-5'")
        top = page.evaluate("document.querySelector('#noteref-5').getBoundingClientRect().top")
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('p')).lineHeight)")
    assert found["breaks"] > 10
    assert found["problems"] == []
    assert markers and set(markers) == {"none"}
    assert 2.5 * line <= top <= 3.5 * line


def test_no_style_breaks_words_anywhere() -> None:
    styles = (ROOT / "styles").glob("*.css")
    assert not [css.name for css in styles if "break-all" in css.read_text(encoding="utf-8")]


def _doubled_testimony(folder: Path) -> Path:
    """The testimony with its body twice (the second copy's heading ids suffixed)."""
    source = ROOT / "source" / "testimony.md"
    _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
    again = re.sub(r"\{#([\w-]+)\}", r"{#\1-2}", body)
    target = folder / "testimony.md"
    target.write_text(f"---\n{front}---\n{body}\n\n{again}", encoding="utf-8")
    shutil.copy2(source.parent / "references.json", folder / "references.json")
    return target


def _notes_off(document: weasyprint.Document) -> list[str]:
    """Each note laid out on another page than its call."""
    page_of = {name: n for n, page in enumerate(document.pages) for name in page.anchors}
    return [
        name
        for name, page in page_of.items()
        if name.startswith("note-") and page_of.get(f"noteref-{name[5:]}", page) != page
    ]


def test_notes_stay_with_calls_where_weasyprint_alone_would_not(tmp_path: Path) -> None:
    """The testimony twice over: WeasyPrint alone moves note 28 a page past its call, to keep
    the first two lines of the next paragraph at the foot of page 19; laid out as our PDF is,
    in one pass, that paragraph goes to the next page and every note stays with its call."""
    source = _doubled_testimony(tmp_path)
    page = pdf.print_page(pipeline.prepare(source))
    fetcher = pdffetch.ServedOnly(pdffetch.fonts_served())
    html = weasyprint.HTML(string=page, base_url=str(source), url_fetcher=fetcher)
    alone = html.render(font_config=FontConfiguration(), **pdf.OPTIONS)
    assert _notes_off(alone) == ["note-28"]
    with pdfnotes.notes_stay_with_calls():
        ours = html.render(font_config=FontConfiguration(), **pdf.OPTIONS)
    assert _notes_off(ours) == []
    assert "in_column" not in vars(LayoutContext)  # WeasyPrint as it was, after the layout
