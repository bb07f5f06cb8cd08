"""The validator wrappers really detect problems, so no test using them can pass vacuously.

Each wrapper gets one input it must flag and one it must pass, built here in tmp_path.
"""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest
import validators as v

# --------------------------------------------------------------------------- fixtures


CLEAN_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Clean page</title>
<style>
  body { color: #111; background: #fff; }
  @media (prefers-color-scheme: dark) { body { color: #777; background: #888; } }
</style>
</head>
<body><main><h1>Testimony</h1><p>Plain text that is readable.</p></main></body>
</html>
"""

BAD_HTML = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Bad page</title></head>
<body><main><h1 id="x">Testimony</h1><p id="x">Duplicate id.</p>
<img src="chart.png"></main></body>
</html>
"""

# A 1x1 transparent PNG.
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

A11Y_METADATA = """
<meta property="schema:accessMode">textual</meta>
<meta property="schema:accessModeSufficient">textual</meta>
<meta property="schema:accessibilityFeature">structuralNavigation</meta>
<meta property="schema:accessibilityFeature">tableOfContents</meta>
<meta property="schema:accessibilityHazard">none</meta>
<meta property="schema:accessibilitySummary">A single short chapter of text.</meta>
"""


def build_epub(path: Path, *, body: str = "<p>Hello.</p>", nav: bool = True) -> Path:
    """A minimal EPUB 3: mimetype stored first, container.xml, OPF, nav, one chapter."""
    image = "<img" in body
    manifest = ['<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>']
    if nav:
        manifest.append(
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
    if image:
        manifest.append('<item id="img" href="x.png" media-type="image/png"/>')
    opf = f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:12345678-1234-4234-8234-123456789abc</dc:identifier>
<dc:title>Validator fixture</dc:title>
<dc:language>en</dc:language>
<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>{A11Y_METADATA}
</metadata>
<manifest>{"".join(manifest)}</manifest>
<spine><itemref idref="c1"/></spine>
</package>
"""
    nav_doc = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
 lang="en" xml:lang="en"><head><title>Contents</title></head>
<body><nav epub:type="toc" role="doc-toc" id="toc"><h1>Contents</h1>
<ol><li><a href="c1.xhtml">Chapter</a></li></ol></nav></body></html>
"""
    chapter = f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><title>Chapter</title></head>
<body><main><h1>Chapter</h1>{body}</main></body></html>
"""
    container = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>
"""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container)
        z.writestr("EPUB/package.opf", opf)
        if nav:
            z.writestr("EPUB/nav.xhtml", nav_doc)
        z.writestr("EPUB/c1.xhtml", chapter)
        if image:
            z.writestr("EPUB/x.png", PNG_1PX)
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- vnu


def test_vnu_flags_duplicate_id_and_missing_alt(tmp_path: Path) -> None:
    errors = v.vnu_errors(write(tmp_path / "bad.html", BAD_HTML))
    assert any("Duplicate ID" in e for e in errors), errors
    assert any("alt" in e for e in errors), errors


def test_vnu_checks_css_files_as_css(tmp_path: Path) -> None:
    messages = v.vnu_messages(write(tmp_path / "bad.css", "p { colr: red; color: #000 }\n"))
    assert [m.message for m in messages if m.is_error] == [
        "CSS: “colr”: Property “colr” doesn't exist."
    ]


def test_vnu_passes_clean_page(tmp_path: Path) -> None:
    page = write(tmp_path / "clean.html", CLEAN_HTML)
    messages = v.vnu_messages(page)
    assert [m for m in messages if m.is_error or m.is_warning] == []


# --------------------------------------------------------------------------- axe / browser


def test_axe_flags_missing_alt_and_lang(tmp_path: Path) -> None:
    violations = v.axe_violations(write(tmp_path / "bad.html", BAD_HTML), width=1280)
    ids = {x["id"] for x in violations}
    assert {"image-alt", "html-has-lang"} <= ids, v.format_axe_violations(violations)
    assert all(x["impact"] in v.IMPACTS for x in violations)


def test_axe_sees_emulated_color_scheme(tmp_path: Path) -> None:
    # The page is clean in light mode; its dark palette has grey-on-grey text.
    page = write(tmp_path / "clean.html", CLEAN_HTML)
    light = v.axe_violations(page, width=320, color_scheme="light")
    assert light == [], v.format_axe_violations(light)
    dark = v.axe_violations(page, width=320, color_scheme="dark")
    assert "color-contrast" in {x["id"] for x in dark}, v.format_axe_violations(dark)


def test_browser_page_viewport_and_color_scheme(tmp_path: Path) -> None:
    page_file = write(tmp_path / "clean.html", CLEAN_HTML)
    with v.browser_page(412, "dark", url=page_file) as page:
        assert page.evaluate("window.innerWidth") == 412
        assert page.evaluate("window.innerHeight") == 900
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is True
        assert page.title() == "Clean page"


# --------------------------------------------------------------------------- EPUBCheck


def test_epubcheck_passes_minimal_epub(tmp_path: Path) -> None:
    messages = v.epubcheck_messages(build_epub(tmp_path / "ok.epub"))
    assert messages == [], [str(m) for m in messages]


def test_epubcheck_flags_missing_nav(tmp_path: Path) -> None:
    messages = v.epubcheck_messages(build_epub(tmp_path / "nonav.epub", nav=False))
    assert messages, "EPUBCheck accepted an EPUB 3 without a nav document"
    assert any(m.severity == "ERROR" and "nav" in m.message for m in messages), messages
    assert all(m.location.startswith("EPUB/package.opf") for m in messages), messages


# --------------------------------------------------------------------------- DAISY Ace


def test_ace_passes_minimal_epub(tmp_path: Path) -> None:
    report = v.ace_report(build_epub(tmp_path / "ok.epub"), tmp_path / "ace")
    assert report["earl:assertedBy"]["doap:name"] == "DAISY Ace"
    assert {a["earl:testSubject"]["url"] for a in report["assertions"]} >= {"c1.xhtml"}
    assert report["a11y-metadata"]["present"], report["a11y-metadata"]
    assert v.ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"


def test_ace_flags_image_without_alt(tmp_path: Path) -> None:
    epub = build_epub(tmp_path / "img.epub", body='<p>Chart:</p><img src="x.png"/>')
    report = v.ace_report(epub, tmp_path / "ace")
    violations = v.ace_violations(report)
    assert [(x.document, x.rule, x.impact) for x in violations] == [
        ("c1.xhtml", "image-alt", "critical")
    ], [str(x) for x in violations]
    assert v.ace_violations(report, min_impact="critical") == violations
    assert report["earl:result"]["earl:outcome"] == "fail"


# --------------------------------------------------------------------------- PDF


PDF_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hearing fixture</title>
<style>h2 { break-before: page; }</style></head>
<body><h1>Testimony</h1><p>First page text.</p><h2>Second</h2><p>Second page text.</p></body>
</html>
"""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    weasyprint = pytest.importorskip("weasyprint")
    out = tmp_path_factory.mktemp("pdf")
    tagged, untagged = out / "ua.pdf", out / "plain.pdf"
    weasyprint.HTML(string=PDF_HTML).write_pdf(tagged, pdf_variant="pdf/ua-1")
    weasyprint.HTML(string=PDF_HTML).write_pdf(untagged)
    return {"ua": tagged, "plain": untagged}


def test_pdf_ua_passes_weasyprint_ua1(pdfs: dict[str, Path]) -> None:
    assert v.pdf_ua_failures(pdfs["ua"]) == []


def test_pdf_ua_flags_untagged_pdf(pdfs: dict[str, Path]) -> None:
    failures = v.pdf_ua_failures(pdfs["plain"])
    rules = {f.split(":", 1)[0] for f in failures}
    assert {"PDFUA1-STRUCT-TREE-ROOT-001", "PDFUA1-ID-PART-001"} <= rules, failures


def test_pdffonts_lists_embedded_fonts(pdfs: dict[str, Path]) -> None:
    fonts = v.pdffonts(pdfs["ua"])
    assert fonts, "pdffonts listed no font"
    for font in fonts:
        assert font["embedded"] and font["subset"] and font["unicode"], font
        assert font["name"] and font["type"] and font["encoding"], font


def test_pdftotext_and_page_count(pdfs: dict[str, Path]) -> None:
    assert v.pdf_page_count(pdfs["ua"]) == 2
    assert "First page text." in v.pdftotext(pdfs["ua"])
    second = v.pdftotext(pdfs["ua"], page=2)
    assert "Second page text." in second
    assert "First page text." not in second


# --------------------------------------------------------------------------- actionlint


GOOD_WORKFLOW = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
"""

BAD_WORKFLOW = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    needs: no-such-job
    steps:
      - run: echo ${{ matrix.os }}
"""


def test_actionlint_flags_bad_workflow(tmp_path: Path) -> None:
    problems = v.actionlint([write(tmp_path / "bad.yml", BAD_WORKFLOW)])
    assert any("no-such-job" in p for p in problems), problems
    assert any('"os"' in p and p.endswith("[expression]") for p in problems), problems


def test_actionlint_passes_good_workflow(tmp_path: Path) -> None:
    assert v.actionlint([write(tmp_path / "good.yml", GOOD_WORKFLOW)]) == []


# --------------------------------------------------------------------------- missing tools


def test_missing_tools_raise_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(v, "VNU_JAR", tmp_path / "nowhere" / "vnu.jar")
    with pytest.raises(v.ToolMissingError, match="npm ci"):
        v.vnu_errors(tmp_path / "x.html")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(v.ToolMissingError, match="poppler-utils"):
        v.pdffonts(tmp_path / "x.pdf")


def test_missing_input_is_an_error_not_a_pass(tmp_path: Path) -> None:
    # vnu and EPUBCheck print no message at all for a file that does not exist.
    with pytest.raises(FileNotFoundError):
        v.vnu_errors(tmp_path / "missing.html")
    with pytest.raises(FileNotFoundError):
        v.epubcheck_messages(tmp_path / "missing.epub")
