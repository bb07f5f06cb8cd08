"""Figures and headings: a statement with a captioned SVG chart and an uncaptioned PNG, whose
sections start at `##` and skip a level, builds in all four formats and passes every
validator; a statement that skips from `#` to `###` does too; a remote image is refused
without a single request; every embedded image is in the cache key; the PDF writer fetches
nothing it was not given."""

from __future__ import annotations

import base64
import http.server
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import lxml.html
import pikepdf
import PIL.Image
import pytest
import validators
from conftest import FIXTURES
from lxml import etree

from hearingpress import build, cli, images, stylesheets, uslm_schema
from hearingpress.errors import UserError
from hearingpress.writers import uslm

FIGURES = FIXTURES / "figures"
CHART_ALT = (
    "Bar chart: fentanyl seizures at ports of entry rose every year, from about 2,000\u00a0pounds "
    "in 2019 to about 9,500\u00a0pounds in 2023."  # the typography filter ties number and unit
)
CHART_CAPTION = (
    "Figure 1. Fentanyl seizures at ports of entry, 2019–2023. Source: illustrative figures."
)
PHOTO_ALT = "A red square marking the inspection lane."
NS = {"u": uslm.USLM, "x": uslm.XHTML}
PREFIX = "hearingpress: error: "


def make_png(path: Path, colour: tuple[int, int, int] = (200, 30, 30)) -> None:
    """A small PNG: a square of colour with a darker band, 240 × 160 pixels."""
    picture = PIL.Image.new("RGB", (240, 160), colour)
    picture.paste((60, 20, 20), (0, 120, 240, 160))
    picture.save(path, format="PNG")


def statement_folder(folder: Path) -> Path:
    """The figures statement with its SVG chart (committed) and its PNG (made here)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIGURES / "statement.md", folder / "statement.md")
    shutil.copy(FIGURES / "chart.svg", folder / "chart.svg")
    make_png(folder / "photo.png")
    return folder / "statement.md"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return statement_folder(tmp_path_factory.mktemp("figures") / "statement")


@pytest.fixture(scope="module")
def built(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("figures-dist")
    result = build.build(source, out, ["html", "pdf", "epub", "xml"], force=True)
    return {path.suffix.removeprefix("."): path for path in result.written}


@pytest.fixture(scope="module")
def html(built: dict[str, Path]) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(built["html"].read_bytes())


# --------------------------------------------------------------------------- HTML


def test_html_figures_embed_the_images_with_alt_and_caption(html, source: Path) -> None:
    chart, photo = html.xpath("//main//figure")
    (chart_img,) = chart.xpath("img")
    assert chart_img.get("alt") == CHART_ALT
    chart_data = (source.parent / "chart.svg").read_bytes()
    assert chart_img.get("src") == "data:image/svg+xml;base64," + base64.b64encode(
        chart_data
    ).decode("ascii")
    assert not chart_img.get("title")
    assert chart.xpath("string(figcaption)") == CHART_CAPTION
    (photo_img,) = photo.xpath("img")
    assert photo_img.get("alt") == PHOTO_ALT
    assert photo_img.get("src").startswith("data:image/png;base64,")
    assert not photo.xpath("figcaption"), "no title, no caption"


def test_html_headings_nest_whatever_the_source_wrote(html) -> None:
    """Sections written as `##` are h2 under the title's h1; `####` after one is h3."""
    levels = [(el.tag, el.text_content()) for el in html.xpath("//main//*[self::h2 or self::h3]")]
    assert levels == [("h2", "Introduction"), ("h3", "Inspections"), ("h2", "Conclusion")]
    assert [a.text for a in html.xpath("//nav[@id='contents']/ol/li/ol/li/a")] == ["Inspections"]


def test_nu_html_checker_finds_no_errors(built: dict[str, Path]) -> None:
    assert validators.vnu_errors(built["html"]) == []


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (320, "light"), (320, "dark")])
def test_axe_finds_no_violations(built: dict[str, Path], width: int, scheme: str) -> None:
    violations = validators.axe_violations(built["html"], width, scheme)
    assert violations == [], validators.format_axe_violations(violations)


def test_the_figures_fit_at_320_px(built: dict[str, Path]) -> None:
    with validators.browser_page(320, url=built["html"]) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        widths = page.evaluate("[...document.querySelectorAll('figure img')].map(i => i.width)")
        assert len(widths) == 2 and all(0 < width <= 288 for width in widths)


# --------------------------------------------------------------------------- PDF


def figures_and_captions(pdf_path: Path) -> tuple[list[str], int]:
    """The /Alt of every /Figure in the structure tree, and how many /Caption there are."""
    alts: list[str] = []
    captions = 0

    def walk(node: pikepdf.Object) -> None:
        nonlocal captions
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.S == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            captions += node.S == "/Caption"
            walk(node.get("/K", pikepdf.Array()))

    with pikepdf.open(pdf_path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    return alts, captions


def test_pdf_figures_are_tagged_with_their_alt_text(built: dict[str, Path]) -> None:
    alts, captions = figures_and_captions(built["pdf"])
    assert alts == [CHART_ALT, PHOTO_ALT]
    assert captions == 1
    assert "Figure 1. Fentanyl seizures" in validators.pdftotext(built["pdf"])


def test_pdf_ua_1_has_no_failed_rule(built: dict[str, Path]) -> None:
    """Among others PDFUA1-HEADING-NESTING-001 (the source skips a level) and the figure
    rules (alternative text)."""
    assert validators.pdf_ua_failures(built["pdf"]) == []


def test_the_pdf_writer_fetches_only_what_it_was_given(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A house style that points at a file on the disk stops the PDF with one coded line."""
    styles = tmp_path / "styles"
    shutil.copytree(stylesheets.styles_dir(), styles)
    with open(styles / "print.css", "a", encoding="utf-8") as css:
        css.write('\nbody { background: url("file:///etc/hostname"); }\n')
    monkeypatch.setenv("HEARINGPRESS_STYLES", str(styles))
    out = tmp_path / "out"
    assert cli.main(["build", str(source), "--out", str(out), "--quiet", "--format", "pdf"]) == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        f"{PREFIX}HP360: the PDF would load 'file:///etc/hostname', and the PDF writer "
        "fetches nothing from the network or the disk; remove that address from the styles "
        "(HEARINGPRESS_STYLES) or the statement"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- EPUB


def test_epub_carries_the_checked_bytes_in_its_manifest(built, source: Path) -> None:
    with zipfile.ZipFile(built["epub"]) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        items = {
            item.get("media-type"): item.get("href")
            for item in opf.iterfind(".//{http://www.idpf.org/2007/opf}item")
        }
        assert (
            book.read(f"EPUB/{items['image/svg+xml']}")
            == (source.parent / "chart.svg").read_bytes()
        )
        assert book.read(f"EPUB/{items['image/png']}") == (source.parent / "photo.png").read_bytes()
        chapter = book.read("EPUB/text/ch001.xhtml").decode("utf-8")
    assert f'alt="{CHART_ALT}"' in chapter and "<figcaption>Figure 1." in chapter


def test_epubcheck_reports_nothing(built: dict[str, Path]) -> None:
    messages = validators.epubcheck_messages(built["epub"])
    assert messages == [], "\n".join(map(str, messages))


def test_ace_finds_no_violations(built: dict[str, Path], tmp_path: Path) -> None:
    report = validators.ace_report(built["epub"], tmp_path / "ace")
    violations = validators.ace_violations(report)
    assert violations == [], "\n".join(map(str, violations))
    assert report["earl:result"]["earl:outcome"] == "pass"


# --------------------------------------------------------------------------- USLM


def test_uslm_figures_are_schema_valid(built: dict[str, Path]) -> None:
    tree = uslm_schema.parse(built["xml"].read_bytes())
    schema = uslm_schema.load_schema()
    assert schema.validate(tree), schema.error_log
    uslm.check(tree)
    figures = tree.xpath("//u:figure", namespaces=NS)
    assert [f.xpath("string(x:img/@alt)", namespaces=NS) for f in figures] == [
        CHART_ALT,
        PHOTO_ALT,
    ]
    assert [f.xpath("string(u:figCaption)", namespaces=NS) for f in figures] == [CHART_CAPTION, ""]
    assert figures[0].xpath("x:img/@src", namespaces=NS)[0].startswith("data:image/svg+xml;")
    assert tree.xpath("//u:level/u:level/u:heading/text()", namespaces=NS) == ["Inspections"]


# --------------------------------------------------------------------------- cache


def test_an_image_changed_on_disk_rebuilds_every_format(tmp_path: Path) -> None:
    source = statement_folder(tmp_path / "statement")
    out = tmp_path / "out"
    build.build(source, out, ["html"])
    manifest = build.cache.read_manifest(out)
    assert {"image:chart.svg", "image:photo.png"} <= set(manifest["inputs"])
    assert build.build(source, out, ["html"]).written == []
    make_png(source.parent / "photo.png", colour=(30, 30, 200))
    assert [p.name for p in build.build(source, out, ["html"]).written] == ["statement.html"]


# --------------------------------------------------------------------------- headings


SKIPPING = """
# Background

A section.

### Details

A skip from `#` to `###`, which becomes a subsection.

# Recommendations

Another section.
"""


@pytest.fixture(scope="module")
def skipping(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A statement whose sections start at `#` and skip to `###`, built as HTML, PDF, EPUB."""
    folder = tmp_path_factory.mktemp("skipping")
    text = (FIXTURES / "minimal.md").read_text(encoding="utf-8")
    metadata = text[: text.index("\n---", 4) + 4]
    source = folder / "skipping.md"
    source.write_text(metadata + "\n" + SKIPPING, encoding="utf-8")
    result = build.build(source, folder / "dist", ["html", "pdf", "epub"], force=True)
    return {path.suffix.removeprefix("."): path for path in result.written}


def test_a_skipped_level_builds_well_nested_and_conformant(skipping: dict[str, Path]) -> None:
    page = lxml.html.fromstring(skipping["html"].read_bytes())
    assert [
        el.tag
        for el in page.xpath(
            "//main//*[self::h2 or self::h3 or self::h4][not(@id='notes-heading')]"
        )
    ] == [
        "h2",
        "h3",
        "h2",
    ]
    assert validators.pdf_ua_failures(skipping["pdf"]) == []
    assert validators.vnu_errors(skipping["html"]) == []
    violations = validators.axe_violations(skipping["html"], 1280)
    assert violations == [], validators.format_axe_violations(violations)
    messages = validators.epubcheck_messages(skipping["epub"])
    assert messages == [], "\n".join(map(str, messages))


# --------------------------------------------------------------------------- remote images


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write((FIGURES / "chart.svg").read_bytes())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 at a free port, counting the requests it gets."""
    handler = type("Handler", (_Counting,), {"requests": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], handler.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_remote_image_is_refused_and_never_fetched(
    server: tuple[int, list[str]], tmp_path: Path, capsys
) -> None:
    port, requests = server
    source = with_body(tmp_path, f"![chart](http://127.0.0.1:{port}/chart.png)")
    line = last_line(source)
    out = tmp_path / "out"
    assert cli.main(["build", str(source), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{PREFIX}{source}:{line}: HP330: image 'http://127.0.0.1:{port}/chart.png' is on the "
        "network, and a build fetches nothing; save the image beside the statement and give "
        "its file name, as in ![what it shows](chart.png)"
    )
    assert requests == []
    assert not out.exists()


# --------------------------------------------------------------------------- size limits


def test_an_image_over_the_limit_is_refused(tmp_path: Path, capsys) -> None:
    big = tmp_path / "scan.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(images.MAX_IMAGE_BYTES))
    source = with_body(tmp_path, "![A scanned page](scan.png)")
    assert cli.main(["build", str(source), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{PREFIX}{source}:{last_line(source)}: HP340: image 'scan.png' is over the "
        "5,000,000-byte limit for one image; make it smaller (export a chart as SVG, a "
        "photograph as JPEG at print size)"
    )


def test_images_over_the_statement_limit_are_refused(tmp_path: Path, capsys) -> None:
    """Five photographs of about 4.3 MB each: each is within its limit, together they are not."""
    noise = PIL.Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3))
    noise.save(tmp_path / "photo-1.png", format="PNG")
    size = (tmp_path / "photo-1.png").stat().st_size
    assert 4_000_000 < size < images.MAX_IMAGE_BYTES
    for number in range(2, 6):
        shutil.copy(tmp_path / "photo-1.png", tmp_path / f"photo-{number}.png")
    body = "\n\n".join(f"![Photograph {n} of the port](photo-{n}.png)" for n in range(1, 6))
    source = with_body(tmp_path, body)
    assert cli.main(["build", str(source), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{PREFIX}{source}:{last_line(source)}: HP341: the images add up to more than "
        "20,000,000 bytes with 'photo-5.png'; make them smaller (export charts as SVG, "
        "photographs as JPEG) or use fewer"
    )


def with_body(folder: Path, body: str) -> Path:
    """The minimal statement with `body` at its end, in `folder`."""
    source = folder / "statement.md"
    text = (FIXTURES / "minimal.md").read_text(encoding="utf-8")
    source.write_text(f"{text}\n{body}\n", encoding="utf-8")
    return source


def last_line(source: Path) -> int:
    return source.read_text(encoding="utf-8").count("\n")


def test_a_symlink_pointed_at_another_image_rebuilds(tmp_path: Path) -> None:
    """The cache follows the image a link names now, not the file it named at the last build."""
    source = with_body(tmp_path, "![A red square marking the inspection lane.](current.png)")
    make_png(tmp_path / "red.png")
    make_png(tmp_path / "blue.png", colour=(30, 30, 200))
    (tmp_path / "current.png").symlink_to("red.png")
    out = tmp_path / "out"
    build.build(source, out, ["html"])
    assert build.build(source, out, ["html"]).written == []
    (tmp_path / "current.png").unlink()
    (tmp_path / "current.png").symlink_to("blue.png")
    assert [p.name for p in build.build(source, out, ["html"]).written] == ["statement.html"]


# --------------------------------------------------------------------------- SVG checks

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize(
    ("inside", "code"),
    [
        ('<rect style="fill: url(https://example.org/x.svg#p)"/>', "HP354"),
        ('<rect fill="url(other.svg#p)"/>', "HP354"),
        ('<rect style="fill: \\75 rl(https://example.org/p)"/>', "HP354"),
        ('<style>@import "https://example.org/chart.css";</style>', "HP354"),
        ("<style>rect { fill: url('file:///etc/hostname'); }</style>", "HP354"),
        ('<use href="https://example.org/sprite.svg#bar"/>', "HP354"),
        ('<a xlink:href="https://example.org/"><rect/></a>', "HP354"),
        ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>', "HP354"),
        ('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>', "HP354"),
        ('<handler type="application/ecmascript">alert(1)</handler>', "HP351"),
        ('<rect onclick="alert(1)"/>', "HP352"),
    ],
)
def test_hostile_svg_is_refused(inside: str, code: str, tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        images.check_svg(f"{SVG_OPEN}{inside}</svg>".encode(), "chart.svg", tmp_path, 20)
    assert caught.value.code == code


def test_a_self_contained_svg_passes() -> None:
    """Gradients and <use> that point inside the SVG, and a DOCTYPE with no entities."""
    svg = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"{SVG_OPEN}<defs><linearGradient id='g'/><rect id='bar' width='2' height='3'/></defs>"
        "<style>rect { fill: url( '#g' ); }</style>"
        '<use href="#bar" x="4"/><rect style="fill: url(#g)" width="1" height="1"/></svg>'
    )
    images.check_svg(svg.encode(), "chart.svg", Path("statement.md"), 20)


def test_an_svg_doctype_with_declarations_is_refused(tmp_path: Path) -> None:
    """An attribute default in the DOCTYPE would give every element an onload handler."""
    svg = f'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>{SVG_OPEN}</svg>'
    with pytest.raises(UserError) as caught:
        images.check_svg(svg.encode(), "chart.svg", tmp_path, 20)
    assert caught.value.code == "HP355"
