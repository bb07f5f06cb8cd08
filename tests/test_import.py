"""`hearingpress import` and `hearingpress new`, with the real pandoc, WeasyPrint, Chromium and
pdfplumber: the corpus in tests/import/ (each input with its expected draft, checked by eye),
round trips through our own PDF and through Word, the seed to a build, garbage in, and
placeholders that a build refuses by line."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sys
from pathlib import Path

import panflute as pf
import pikepdf
import pytest
from PIL import Image

from hearingpress import build, cli, pandoc, pipeline
from hearingpress.filters import titleblock
from hearingpress.intake import normalise
from hearingpress.intake.convert import convert
from hearingpress.parse import parse

sys.path.insert(0, str(Path(__file__).parent))
import source_text
import textextract
from conftest import FIXTURES, ROOT, SENATE, TESTIMONY

CORPUS = ROOT / "tests" / "import"
SEED = ROOT / "source" / "original" / "testimony-as-received.txt"
CASES = {
    "seed": SEED,
    "word": CORPUS / "word" / "statement.docx",
    "browser": CORPUS / "browser" / "statement.pdf",
}
STATEMENTS = [TESTIMONY, *sorted(FIXTURES.glob("*.md"))]


def run_cli(*argv: str | Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    return code, capsys.readouterr().err


def body_and_notes(source: Path) -> tuple[list[str], list[str]]:
    """What a reader gets from a statement: its words in order (title block included) and its
    notes' texts in order, from the AST every writer gets."""
    doc = pipeline.prepare(source).doc()
    for index, block in enumerate(doc.content):
        if isinstance(block, pf.Table):  # caption, then each cell's blocks, in reading order
            cells: list[pf.TableCell] = []

            def collect(e: pf.Element, _d: pf.Doc, cells: list = cells) -> None:
                if isinstance(e, pf.TableCell):
                    cells.append(e)

            block.walk(collect)
            parts = [*block.caption.content, *(b for cell in cells for b in cell.content)]
            doc.content[index] = pf.Div(*parts)
    canonical = source_text.read_canonical(doc)
    words = source_text.words(canonical.tokens)
    return words, [" ".join(note.text.split()) for note in canonical.notes]


def structure(source: Path) -> tuple[list[tuple[int, str]], int, int, int]:
    """The headings (level, text), list items, tables and quoted paragraphs of a statement."""
    headings: list[tuple[int, str]] = []
    counts = {"items": 0, "tables": 0, "quoted": 0}

    def walk(elem: pf.Element, _doc: pf.Doc) -> None:
        if isinstance(elem, pf.Header) and "title" not in elem.classes:
            headings.append((elem.level, pf.stringify(elem)))
        counts["items"] += isinstance(elem, pf.ListItem)
        counts["tables"] += isinstance(elem, pf.Table)
        counts["quoted"] += isinstance(elem, pf.Para) and isinstance(elem.parent, pf.BlockQuote)

    pipeline.prepare(source).doc().walk(walk)
    return headings, counts["items"], counts["tables"], counts["quoted"]


def in_order(ours: list[str], theirs: list[str]) -> float:
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(theirs)


def draft_of(source: Path, tmp_path: Path) -> Path:
    draft = tmp_path / f"{source.stem}-draft.md"
    draft.write_text(convert(source).text, encoding="utf-8")
    return draft


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("case", CASES)
def test_corpus_draft_and_report_as_expected(case: str) -> None:
    result = convert(CASES[case])
    assert result.text == (CORPUS / case / "expected.md").read_text(encoding="utf-8")
    report = "".join(f"expected.md:{e.line}: {e.kind}: {e.text}\n" for e in result.report)
    assert report == (CORPUS / case / "expected-report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_corpus_drafts_build(case: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes((CORPUS / case / "expected.md").read_bytes())
    pipeline.prepare(draft)  # parse, every check, every filter: what each writer gets


def test_report_names_draft_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    code, err = run_cli("import", SEED, "--out", draft, capsys=capsys)
    assert code == 0
    lines = draft.read_text(encoding="utf-8").splitlines()
    report = err.splitlines()
    assert report[-1].startswith(f"hearingpress: import: wrote {draft}: 34 guesses, 0 gaps")
    for entry in report[:-1]:
        where, kind, _ = entry.split(": ", 2)
        number = int(where.rsplit(":", 1)[1])
        assert kind in ("guess", "gap") and 1 <= number <= len(lines)
    assert f"{draft}:15: guess: hearing.congress: 116 (from the hearing date 2020-03-04)" in report
    assert any("run-in head “Supply Reduction Measures:”" in line for line in report)


@pytest.mark.parametrize(
    ("left", "right", "words", "joined"),
    [
        ("a far-", "reaching plan", set(), "a far-reaching plan"),  # a compound keeps its hyphen
        ("joint coun-", "ternarcotics work", {"counternarcotics"}, "joint counternarcotics work"),
        ("joint coun-", "ternarcotics work", set(), "joint coun-ternarcotics work"),  # no evidence
        ("soft coun\u00ad", "ternarcotics", set(), "soft counternarcotics"),
        ("the dark web—", "and Google", set(), "the dark web—and Google"),
        ("see https://www.example.org/sites/", "report.pdf.", set(),
         "see https://www.example.org/sites/report.pdf."),
        ("at home", "and abroad", set(), "at home and abroad"),
    ],
)  # fmt: skip
def test_line_end_join(left: str, right: str, words: set[str], joined: str) -> None:
    """Import never changes a word: a hyphen goes only where the document shows it was the
    line break's (a soft hyphen, or the word printed unbroken elsewhere)."""
    assert normalise.join(left, right, set(), words) == joined


def test_congress_and_session_from_the_date() -> None:
    from hearingpress.intake.cover import congress_session

    assert congress_session(dt.date(2020, 3, 4)) == (116, 2)
    assert congress_session(dt.date(2025, 6, 11)) == (119, 1)
    assert congress_session(dt.date(2021, 1, 2)) == (116, 2)  # before the 117th opened
    assert congress_session(dt.date(2021, 1, 3)) == (117, 1)


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("seed")
    draft = folder / "draft.md"
    assert cli.main(["import", str(SEED), "--out", str(draft), "--quiet"]) == 0
    (html,) = build.build(draft, folder / "out", ["html"], force=True).written
    return draft, html


def test_seed_builds_with_no_hand_edits(seed_build: tuple[Path, Path]) -> None:
    _, html = seed_build
    extract = textextract.from_html(html)
    assert not extract.problems
    assert len(extract.notes) == 25 and extract.calls == list(range(1, 26))


def test_seed_notes_after_the_same_words_naming_their_sources(
    seed_build: tuple[Path, Path],
) -> None:
    draft, _ = seed_build
    original = source_text.read_original(SEED)
    text = draft.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1].split("\n[^2]: ", 1)[0]
    tokens = source_text.normalize(re.sub(r"\[\^(\d+)\]", r" ⟦\1⟧ ", body)).split()
    tokens = [t for t in tokens if not t.startswith("#")]
    expected = source_text.note_positions(original.body_tokens())
    found = source_text.note_positions(tokens)
    assert {n: word for n, (_, word) in found.items()} == {
        n: word for n, (_, word) in expected.items() if n != 1
    }
    for number in range(2, 26):
        note = re.search(rf"^\[\^{number}\]: (.*)$", text, re.M).group(1)
        bare = re.compile(r"<(https?://[^>]+)>")  # bare URLs became links, the URL unchanged
        assert bare.sub(r"\1", source_text.normalize(note)) == bare.sub(
            r"\1", source_text.normalize(original.notes[number])
        )
    assert 'note: "^[The views expressed' in text  # note 1, the author's note


def _block_openings(text: str) -> list[str]:
    """The first two words of each paragraph, heading and list item of a statement's body."""
    body = re.split(r"\n\[\^\w+\]: ", text.split("\n---\n", 1)[1])[0]
    openings = []
    for block in re.split(r"\n\s*\n", body.strip()):
        items = block.split("\n") if re.match(r"^(?:\d+\.|-) ", block) else [block]
        openings += [" ".join(re.sub(r"^(?:#+|\d+\.|-)\s+", "", i).split()[:2]) for i in items]
    return openings


def test_seed_every_page_split_paragraph_joined(seed_build: tuple[Path, Path]) -> None:
    """The draft has the canonical source's paragraphs, headings and list items, one for one
    (the canonical source joined 11 paragraphs and a list by hand)."""
    draft, _ = seed_build
    ours = _block_openings(draft.read_text(encoding="utf-8"))
    theirs = _block_openings(TESTIMONY.read_text(encoding="utf-8"))
    assert len(ours) == len(theirs) == 61
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert differing == [("Conclusion", "Conclusion {#conclusion}")]


def test_seed_urls_are_links_byte_for_byte(seed_build: tuple[Path, Path]) -> None:
    _, html = seed_build
    original = source_text.read_original(SEED)
    links = set(re.findall(r'href="(https?://[^"]+)"', html.read_text(encoding="utf-8")))
    urls = set(original.urls())
    assert len(urls) == 19
    import html as html_module

    assert urls <= {html_module.unescape(link) for link in links}


def test_seed_words_differ_from_the_original_by_a_handful(seed_build: tuple[Path, Path]) -> None:
    """Only punctuation of structure differs: the run-in heads' colons, `\\$` -> $."""
    draft, _ = seed_build
    original = source_text.read_original(SEED)
    body = draft.read_text(encoding="utf-8").split("\n---\n", 1)[1].split("\n[^2]: ", 1)[0]
    ours = re.sub(r"\[\^\d+\]|^#+ |^\s*(?:\d+\.|-) ", " ", body, flags=re.M)
    ours = source_text.normalize(ours).split()
    theirs = source_text.words(original.body_tokens())
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    changed = [(theirs[i1:i2], ours[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
               if op != "equal"]  # fmt: skip
    assert len(changed) <= 4, changed
    for before, after in changed:
        assert [w.rstrip(":") for w in before] == after  # a run-in head's colon, no word


def test_seed_metadata_matches_the_cover(seed_build: tuple[Path, Path]) -> None:
    draft, _ = seed_build
    statement = parse(draft).statement
    assert (statement.hearing.congress, statement.hearing.session) == (116, 2)
    assert statement.hearing.chamber == "House"
    assert statement.witness.name == "Celina B. Realuyo"
    assert statement.hearing.committee == "Committee on Financial Services"
    assert statement.hearing.subcommittee == (
        "Subcommittee on National Security, International Development and Monetary Policy"
    )
    assert str(statement.hearing.date) == "2020-03-04"
    assert statement.title == "Global Illicit Networks and their Facilitators in the Americas"


# --------------------------------------------------------------------------- round trips


@pytest.fixture(scope="module")
def our_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each statement built as our PDF (footnotes, running heads, "Page N of M")."""
    out = tmp_path_factory.mktemp("pdfs")
    return {
        source: build.build(source, out / source.stem, ["pdf"], force=True).written[0]
        for source in STATEMENTS
    }


@pytest.mark.parametrize("source", STATEMENTS, ids=lambda p: p.stem)
def test_round_trip_through_our_pdf(source: Path, our_pdfs: dict, tmp_path: Path) -> None:
    words, notes = body_and_notes(source)
    draft = draft_of(our_pdfs[source], tmp_path)
    draft_words, draft_notes = body_and_notes(draft)
    assert draft_words == words, textextract.word_diff(draft_words, words, ("import", "source"))
    assert draft_notes == notes
    assert structure(draft) == structure(source)  # headings, list items, tables, quotes


@pytest.mark.parametrize("source", STATEMENTS, ids=lambda p: p.stem)
def test_round_trip_through_word(source: Path, tmp_path: Path) -> None:
    """The statement as a witness's Word file: cover and body, citations as footnotes."""
    docx = tmp_path / f"{source.stem}.docx"
    docx.write_bytes(pandoc.write(titleblock.main(parse(source).doc), "docx"))
    words, notes = body_and_notes(source)
    draft = draft_of(docx, tmp_path)
    draft_words, draft_notes = body_and_notes(draft)
    assert in_order(draft_words, words) >= 0.99
    assert draft_notes == notes
    assert structure(draft) == structure(source)


def test_browser_printed_pdf_of_another_statement(
    senate_built: dict[str, Path], tmp_path: Path
) -> None:
    """The second statement's HTML (notes at the end, a table) printed by Chromium."""
    sys.path.insert(0, str(CORPUS))
    from make_inputs import print_pdf

    printed = tmp_path / "senate.pdf"
    print_pdf(senate_built["html"], printed)
    words, notes = body_and_notes(SENATE)
    draft = draft_of(printed, tmp_path)
    draft_words, draft_notes = body_and_notes(draft)
    assert in_order(draft_words, words) >= 0.97
    assert draft_notes == notes
    assert structure(draft) == structure(SENATE)


def test_dist_pdf_imports_back(tmp_path: Path) -> None:
    """dist/testimony.pdf, as published, to ≥ 99% of the testimony's words and all 25 notes."""
    words, notes = body_and_notes(TESTIMONY)
    draft_words, draft_notes = body_and_notes(draft_of(ROOT / "dist" / "testimony.pdf", tmp_path))
    assert in_order(draft_words, words) >= 0.99
    assert draft_notes == notes  # the author's note (listed twice: metadata, title block) + 24


# --------------------------------------------------------------------------- garbage in


def _encrypted(path: Path) -> None:
    with pikepdf.open(ROOT / "tests" / "import" / "browser" / "statement.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))


def _image_only(path: Path) -> None:
    Image.new("RGB", (612, 792), "white").save(path, "PDF")


GARBAGE = {
    "encrypted.pdf": (_encrypted, "HP508"),
    "scan.pdf": (_image_only, "HP509"),
    "not-really.pdf": (lambda p: p.write_bytes(b"<html>hello</html>"), "HP507"),
    "truncated.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<"), "HP507"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 not a zip at all"), "HP506"),
    "legacy.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64), "HP506"),
    "binary.txt": (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00"), "HP504"),
    "latin1.txt": (lambda p: p.write_bytes("Statement of Jos\xe9".encode("latin-1")), "HP505"),
    "empty.txt": (lambda p: p.write_bytes(b""), "HP502"),
    "empty.pdf": (lambda p: p.write_bytes(b""), "HP502"),
    "blank.txt": (lambda p: p.write_text("\n  \n\n"), "HP502"),
    "statement.rtf": (lambda p: p.write_text("{\\rtf1 hello}"), "HP503"),
    "missing.docx": (lambda p: None, "HP501"),
    "folder.pdf": (lambda p: p.mkdir(), "HP501"),
    "pipe.pdf": (os.mkfifo, "HP501"),  # a named pipe would block a reader: refused unopened
    "zero.txt": (lambda p: p.symlink_to("/dev/zero"), "HP501"),  # would never end
    "huge.txt": (lambda p: p.open("wb").truncate(60_000_000), "HP512"),  # sparse: no disk used
    "no-text.docx": (lambda p: p.write_bytes(pandoc.run(["--to=docx"], b"")[0]), "HP510"),
}  # fmt: skip


@pytest.mark.parametrize("name", GARBAGE)
def test_garbage_is_one_coded_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, code = GARBAGE[name]
    path = tmp_path / name
    make(path)
    out = tmp_path / "draft.md"
    status, err = run_cli("import", path, "--out", out, capsys=capsys)
    assert status == 2
    assert err.count("\n") == 1 and re.match(rf"hearingpress: error: {path}(:1)?: {code}: ", err)
    assert not out.exists()


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "statement.md"
    assert run_cli("new", source, capsys=capsys)[0] == 0
    status, err = run_cli("new", source, capsys=capsys)
    assert status == 2 and err == (
        f"hearingpress: error: {source}: HP513: already exists; choose another name or folder\n"
    )


def test_draft_never_overwrites_its_input(tmp_path: Path, capsys) -> None:
    source = tmp_path / "statement.md"
    source.write_text("Statement of\n\nJane Doe\n", encoding="utf-8")
    status, err = run_cli("import", source, capsys=capsys)
    assert status == 2 and ": HP511: " in err


# --------------------------------------------------------------------------- placeholders


def test_gaps_are_placeholders_a_build_refuses_by_line(tmp_path: Path, capsys) -> None:
    text = tmp_path / "bare.txt"
    text.write_text(
        "Thank you, Chairman, for the chance to speak today about the matters before us, which "
        "are many and which are pressing for every member of this committee and the public.\n",
        encoding="utf-8",
    )
    draft = tmp_path / "bare.md"
    status, err = run_cli("import", text, "--out", draft, capsys=capsys)
    assert status == 0 and f"{draft}:2: gap: title not found on the cover" in err
    status, err = run_cli("build", draft, "--out", tmp_path / "out", capsys=capsys)
    assert status == 2
    assert err == (
        f"hearingpress: error: {draft}:2: HP150: 'title' is a placeholder, "
        "[FILL IN: the statement's title]; write the value in quotes\n"
    )
    assert not (tmp_path / "out").exists()


FILLED = {
    "the statement's title": "A Statement",
    "the witness's name": "Jane Doe",
    "the witness's position": "Fellow",
    "the witness's organization": "Example Institute",
    "the hearing's title": "Examining Examples",
    "the hearing date, YYYY-MM-DD": "2025-03-04",
    "House, Senate or Joint": "House",
    "the committee, e.g. Committee on Financial Services": "Committee on Examples",
    "the Congress, e.g. 116": "119",
    "the session, 1 or 2": "1",
}
CODES = {"date": "HP151", "congress": "HP152", "session": "HP152", "chamber": "HP153"}


def test_new_then_build_refused_at_each_placeholder_until_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "statement.md"
    status, _ = run_cli("new", source, capsys=capsys)
    assert status == 0 and (tmp_path / "references.json").is_file()
    refused = []
    for _ in range(30):
        status, err = run_cli("build", source, "--out", tmp_path / "out", "--format", "html",
                              "--quiet", capsys=capsys)  # fmt: skip
        if status == 0:
            break
        found = re.match(r"hearingpress: error: (.+?):(\d+): (HP15\d): ", err)
        assert found and err.count("\n") == 1, err
        path, line, code = Path(found.group(1)), int(found.group(2)), found.group(3)
        rows = path.read_text(encoding="utf-8").splitlines()
        placeholder = re.search(r"\[FILL IN: ([^\]]*)\]", rows[line - 1])
        assert placeholder, (err, rows[line - 1])
        key = rows[line - 1].split(":")[0].strip()
        assert code == CODES.get(key, "HP155" if path.suffix == ".json" else
                                 "HP150" if path == source and line < 17 else "HP154")  # fmt: skip
        value = FILLED.get(placeholder.group(1), "Filled in")
        whole = f'"{placeholder.group()}"' if f'"{placeholder.group()}"' in rows[line - 1] else None
        if whole and (value.isdigit() or key == "date"):
            rows[line - 1] = rows[line - 1].replace(whole, value)
        else:
            rows[line - 1] = rows[line - 1].replace(placeholder.group(), value)
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        refused.append((path.name, line, code))
    assert status == 0, refused
    assert [code for _, _, code in refused].count("HP150") == 6  # title, witness ×3, hearing ×2
    assert {"HP151", "HP152", "HP153", "HP154", "HP155"} <= {code for *_, code in refused}
    html = (tmp_path / "out" / "statement.html").read_text(encoding="utf-8")
    assert "FILL IN" not in html and "Jane Doe" in html


# --------------------------------------------------------------------------- other conventions


def test_typed_notes_bold_heads_and_run_in_heads_in_word(tmp_path: Path) -> None:
    """A Word file without real footnotes: superscript numbers typed as calls, the notes typed
    as a numbered list under "Notes"; headings set in bold, a bold run-in head."""
    source = tmp_path / "typed.md"
    source.write_text(
        "Testimony of\n\nJane Q. Public^1^\n\nFellow, Example Institute\n\nBefore the\n\n"
        "Committee on Example Affairs\n\nU.S. House of Representatives\n\nMarch 3, 2021\n\n"
        "Thank you, Chairman, for the chance to speak today about matters that press on every "
        "member of the committee.^2^\n\n**Background**\n\n**Supply Measures:** The program did "
        "what it promised in every district that used it, as the audit found.^3^\n\nNotes\n\n"
        "1. The views are my own.\n2. Example Institute, *Report* (2020), "
        "https://www.example.org/report.\n3. Ibid.\n",
        encoding="utf-8",
    )
    docx = tmp_path / "typed.docx"
    docx.write_bytes(pandoc.run(["--from=markdown", "--to=docx", str(source)])[0])
    text = convert(docx).text
    assert 'note: "^[The views are my own.]"' in text
    assert "  congress: 117\n  session: 1\n" in text and '  chamber: "House"' in text
    assert "\n# Background\n" in text and "\n## Supply Measures\n\nThe program did" in text
    assert "every member of the committee.[^2]" in text and "the audit found.[^3]" in text
    assert "[^2]: Example Institute, *Report* (2020), <https://www.example.org/report>." in text
    assert "[^3]: Ibid." in text and "Notes" not in text
    draft = tmp_path / "typed-draft.md"
    draft.write_text(re.sub(r"\[FILL IN: [^\]]*\]", "Examples", text), encoding="utf-8")
    pipeline.prepare(draft)  # the two gaps (the titles) filled in, it builds


def test_text_extraction_lines_rejoined(tmp_path: Path) -> None:
    """pdftotext keeps each line: a compound keeps its hyphen, a word broken by the line end
    is rejoined only where the text spells it unbroken, a URL broken after '/' is one link."""
    source = tmp_path / "lines.txt"
    source.write_text(
        "We saw far-\nreaching effects of the coun-\nternarcotics effort, reported at\n"
        "https://www.example.org/reports/\nannual.pdf in a table that covered every district.\n\n"
        "The counternarcotics effort is described there in full, with its budget and staff.\n",
        encoding="utf-8",
    )
    text = convert(source).text
    assert "We saw far-reaching effects of the counternarcotics effort, reported at " in text
    assert "<https://www.example.org/reports/annual.pdf> in a table" in text
