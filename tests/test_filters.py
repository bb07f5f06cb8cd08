"""Golden tests: each filter, run by the real pandoc as `pandoc --filter filters/<name>.py`,
turns a small input into the HTML we read and checked (tests/golden/<name>.html); run
in-process, the way the pipeline runs it, it must give the very same output."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from hearingpress import pandoc
from hearingpress.filters import (
    abbreviations,
    headings,
    language,
    lastwords,
    titleblock,
    typography,
    urlbreaks,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FILTERS = {
    "typography": typography,
    "abbreviations": abbreviations,
    "language": language,
    "titleblock": titleblock,
    "headings": headings,
    "urlbreaks": urlbreaks,
    "lastwords": lastwords,
}
HTML_ARGS = ["--to=html", "--wrap=none"]


def _as_pandoc_filter(name: str) -> str:
    # The filter's shebang finds `python3` on PATH: make it this interpreter (with panflute).
    env_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["PATH"] = env_path
    out, _ = pandoc.run(
        [str(GOLDEN / f"{name}.md"), f"--filter={ROOT / 'filters' / f'{name}.py'}", *HTML_ARGS]
    )
    return out.decode("utf-8")


def _in_process(name: str) -> str:
    raw, _ = pandoc.run([str(GOLDEN / f"{name}.md"), "--to=json"])
    doc = FILTERS[name].main(pandoc.json_to_doc(raw))
    return pandoc.write(doc, "html", ["--wrap=none"]).decode("utf-8")


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_as_pandoc_filter_matches_golden(name: str) -> None:
    expected = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    assert _as_pandoc_filter(name) == expected


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_in_process_matches_golden(name: str) -> None:
    expected = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    assert _in_process(name) == expected


def test_typography_details() -> None:
    html = (GOLDEN / "typography.html").read_text(encoding="utf-8")
    assert "0.25\u00a0milligrams" in html and "254\u00a0pounds" in html
    assert "2016–2018" in html  # en dash in a number range
    assert "heroin—“first hand quality”—sold" in html  # em dashes closed up
    assert "firearms—the police" in html  # spaced hyphen used as a dash
    assert "It’s the 1990s’ trade and Mexico’s “border”" in html
    assert "  " not in html
    assert 'href="https://example.org/2009-2018?a=b--c">2009-2018 - data</a>' in html


def test_abbreviation_details() -> None:
    html = (GOLDEN / "abbreviations.html").read_text(encoding="utf-8")
    assert html.count('<abbr title="transnational criminal organizations">') == 3
    assert html.count('<abbr title="U.S. Postal Service">USPS</abbr>') == 2
    assert '<abbr title="Arellano Felix organization">AFO</abbr>' in html
    assert html.count('<abbr title="U.S. Customs and Border Protection">CBP</abbr>') == 2
    assert "<h2" in html and "<abbr" not in html.split("<h2")[1].split("</h2>")[0]
    assert html.count('<abbr title="Non-intrusive inspection">NII</abbr>') == 2  # hyphenated
    assert '<a href="https://example.org/">TCOs</a>' in html
    assert "(ha)" in html


def test_language_details() -> None:
    html = (GOLDEN / "language.html").read_text(encoding="utf-8")
    assert html.count('<span lang="es">') == 3


def test_language_rejects_a_bad_tag(tmp_path: Path) -> None:
    source = tmp_path / "bad.md"
    source.write_text("Some [texto]{lang=not_a_tag} here.\n", encoding="utf-8")
    raw, _ = pandoc.run([str(source), "--to=json"])
    with pytest.raises(ValueError, match="not a BCP 47"):
        language.main(pandoc.json_to_doc(raw))


def test_titleblock_details() -> None:
    html = (GOLDEN / "titleblock.html").read_text(encoding="utf-8")
    order = [
        "Statement of",
        "Jane Doe",
        "Senior Fellow",
        "Example Institute",
        "on",
        "A Test Statement",
        "On Things",
        "at a hearing on",
        "Examining Example Policy",
        "before the",
        "Subcommittee on Example Matters",
        "Committee on Example Affairs",
        "U.S. Senate",
        "March 4, 2025",
        "The body.",
    ]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    position = 0
    for part in order:  # each part found after the one before it
        position = text.index(part, position) + len(part)
    assert html.count("<h1") == 1
