"""USLM 2.1.0 XML: valid against GPO's schema (offline), same words and notes as the HTML."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import lxml.html
import panflute as pf
import pytest
from lxml import etree
from textextract import HTML_BLOCKS, XML_BLOCKS, first_difference, local, words

from hearingpress import pandoc, pipeline, uslm_schema
from hearingpress.errors import UserError
from hearingpress.uslm_schema import source
from hearingpress.writers import uslm

NS = {"u": uslm.USLM, "dc": uslm.DC, "x": uslm.XHTML}
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def xml_skip(element: etree._Element) -> bool:
    """Footnotes are compared separately; list numbers are generated (CSS in the HTML)."""
    parent = element.getparent()
    return local(element) == "footnote" or (
        local(element) == "num" and parent is not None and local(parent) == "listItem"
    )


@pytest.fixture(scope="module")
def xml(built: dict[str, Path]) -> etree._ElementTree:
    return uslm_schema.parse(built["xml"].read_bytes())


@pytest.fixture(scope="module")
def html(built: dict[str, Path]) -> etree._Element:
    return lxml.html.fromstring(built["html"].read_bytes())


def xpath(tree, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


def write_source(tmp_path: Path, body: str) -> Path:
    """A statement with the minimal fixture's metadata and the given body."""
    front = FIXTURES.joinpath("minimal.md").read_text(encoding="utf-8").split("\n---\n")[0]
    source = tmp_path / "statement.md"
    source.write_text(f"{front}\n---\n\n{body}\n", encoding="utf-8")
    return source


def render_body(tmp_path: Path, body: str) -> etree._ElementTree:
    data = uslm.render(pipeline.prepare(write_source(tmp_path, body)))
    return uslm_schema.parse(data)


# ---- the testimony --------------------------------------------------------------------------


def test_testimony_is_valid_uslm_with_an_empty_error_log(xml: etree._ElementTree) -> None:
    schema = uslm_schema.load_schema()
    assert schema.validate(xml), schema.error_log
    assert len(schema.error_log) == 0
    uslm.check(xml)  # ids unique, idrefs resolve, each footnote called once


@pytest.mark.parametrize("mathml", [True, False], ids=["gpo-mathml", "stand-in"])
def test_schema_loads_offline_with_no_warnings(mathml: bool) -> None:
    """A fresh load (not the cached one): the Senate import resolves locally, nothing warns;
    the stand-in replaces GPO's MathML module only when asked to."""
    folder = uslm_schema.schema_dir()
    asked: list[str] = []

    class Recording(uslm_schema._LocalSchemas):
        def resolve(self, url, pubid, context):
            asked.append(url)
            return super().resolve(url, pubid, context)

    parser = uslm_schema.safe_parser()
    parser.resolvers.add(Recording(folder, mathml))
    schema = etree.XMLSchema(etree.parse(str(folder / uslm_schema.ENTRY), parser))
    assert "https://www.senate.gov/schemas/uslm-meta-senate.xsd" in asked
    assert any(url.endswith("/mathml3-presentation.xsd") for url in asked) is mathml
    assert len(parser.error_log) == 0, parser.error_log
    assert len(schema.error_log) == 0, schema.error_log


def test_each_validation_asks_both_schema_sets(
    xml: etree._ElementTree, both_schema_sets_agree: list[bool]
) -> None:
    """The conftest hook is in place: a validation records one verdict, after comparing."""
    before = len(both_schema_sets_agree)
    uslm.check(xml)
    assert both_schema_sets_agree[before:] == [True]


def test_root_and_metadata(xml: etree._ElementTree, publication: pipeline.Publication) -> None:
    statement, root = publication.statement, xml.getroot()
    assert root.tag == f"{{{uslm.USLM}}}document"
    assert root.get("role") == "testimony"
    assert root.get(uslm.XML_LANG) == "en-US"

    def one(path: str) -> str:
        (value,) = xpath(xml, path)
        return value

    assert one("/u:document/u:meta/dc:title/text()") == statement.full_title
    assert one("//dc:creator/text()") == "Celina B. Realuyo"
    assert one("//dc:type/text()") == "Hearing Testimony"
    assert one("//dc:language/text()") == "en-US"
    assert one("//dc:date/text()") == publication.date.date().isoformat()
    assert one("//u:meta/u:congress/text()") == "116"
    assert one("//u:meta/u:session/text()") == "2"
    properties = {p.get("role"): p.text for p in xpath(xml, "//u:meta/u:property")}
    assert properties["chamber"] == "House of Representatives"
    assert properties["committee"] == "Committee on Financial Services"
    assert properties["subcommittee"].startswith("Subcommittee on National Security")
    assert properties["hearingTitle"].startswith("The Traffickers’ Roadmap")
    assert properties["witnessPosition"] == "Adjunct Professor"
    assert properties["witnessOrganization"].startswith("The George Washington University")
    (date,) = xpath(xml, "//u:meta/u:property[@role='hearingDate']")
    assert (date.get("type"), date.get("date"), date.text) == (
        "date",
        "2020-03-04",
        "March 4, 2020",
    )


def test_identifier_is_the_epubs(xml: etree._ElementTree, built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["epub"]) as epub:
        (opf,) = [name for name in epub.namelist() if name.endswith(".opf")]
        package = etree.fromstring(epub.read(opf))
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    (epub_identifier,) = package.xpath("//dc:identifier/text()", namespaces=dc)
    assert xpath(xml, "//dc:identifier/text()") == [epub_identifier]


def test_structure(xml: etree._ElementTree) -> None:
    assert xpath(xml, "/u:document/u:content/u:block[@role='cover']/u:docTitle")
    sections = xpath(xml, "/u:document/u:content/u:level/@id")
    assert sections == [
        "threat", "fentanyl", "darknet", "strategy", "efforts", "conclusion",
    ]  # fmt: skip
    # "efforts" has subsections: its opening paragraph sits in <chapeau>, not loose before them.
    assert xpath(xml, "//u:level[@id='efforts']/u:level/@id") == [
        "supply", "detection", "financial", "violence",
    ]  # fmt: skip
    assert [local(e) for e in xpath(xml, "//u:level[@id='efforts']/*")][:2] == [
        "heading", "chapeau",
    ]  # fmt: skip
    # Lists live in <content>; numbered ones keep their numbers.
    assert not xpath(xml, "//u:level/u:list | //u:p//u:list")
    assert xpath(xml, "(//u:list[@class='numbered'])[1]/u:listItem/u:num/text()") == ["1.", "2."]
    assert xpath(xml, "(//u:list[@class='bulleted'])[1]/u:listItem/u:num/text()")[0] == "•"
    (tco,) = xpath(xml, "(//u:inline[@role='abbreviation'])[1]")
    assert (tco.text, tco.get("title")) == ("TCOs", "transnational criminal organizations")


def test_notes_are_footnotes_called_where_they_stand(xml: etree._ElementTree) -> None:
    footnotes = xpath(xml, "//u:footnote")
    assert [f.get("id") for f in footnotes] == [f"fn-{n}" for n in range(1, 26)]
    for number, footnote in enumerate(footnotes, start=1):
        call = footnote.getprevious()
        assert local(call) == "ref" and call.get("class") == "footnoteRef"
        assert call.get("idref") == footnote.get("id")
        assert xpath(call, "string(u:sup)") == str(number)
        assert xpath(footnote, "string(u:num/u:sup)") == str(number)
    # The author's note stays a footnote in the cover block.
    assert xpath(xml, "//u:block[@role='cover']/u:p[@role='witness']/u:footnote/@id") == ["fn-1"]


def test_same_words_in_the_same_order_as_the_html(xml: etree._ElementTree, html) -> None:
    def html_skip(element: etree._Element) -> bool:
        return element.get("id") in ("notes", "contents") or "backlink" in element.classes

    html_words = []
    for part in html.xpath("//header[@id='title-block'] | //main"):
        html_words += words(part, html_skip, HTML_BLOCKS)
    (content,) = xpath(xml, "/u:document/u:content")
    xml_words = words(content, xml_skip, XML_BLOCKS)
    assert len(xml_words) > 5000
    assert first_difference(xml_words, html_words) is None


def test_same_notes_as_the_html(xml: etree._ElementTree, html) -> None:
    html_notes = [
        words(li, lambda e: "backlink" in e.classes, HTML_BLOCKS)
        for li in html.xpath("//section[@id='notes']/ol/li")
    ]
    xml_notes = [
        words(note, lambda e: local(e) == "num" and local(e.getparent()) == "footnote", XML_BLOCKS)
        for note in xpath(xml, "//u:footnote")
    ]
    assert len(xml_notes) == len(html_notes) == 25
    for number, (ours, theirs) in enumerate(zip(xml_notes, html_notes, strict=True), start=1):
        assert ours == theirs, f"note {number}"


# ---- what a broken document gets ------------------------------------------------------------

SKELETON = (
    '<document xmlns="http://schemas.gpo.gov/xml/uslm"><meta/><content>{}</content></document>'
)


def test_a_list_inside_a_paragraph_is_rejected_naming_the_element() -> None:
    tree = uslm_schema.parse(
        SKELETON.format(
            "<p>Points:<list><listItem><listContent>one</listContent></listItem></list></p>"
        ).encode()
    )
    with pytest.raises(ValueError, match=r"not valid against uslm-2\.1\.0\.xsd: line 1: "
                       r"Element 'list': This element is not expected"):  # fmt: skip
        uslm.check(tree)


def test_a_dangling_idref_is_rejected() -> None:
    tree = uslm_schema.parse(
        SKELETON.format(
            '<p>Text.<ref class="footnoteRef" idref="fn-9"><sup>9</sup></ref></p>'
        ).encode()
    )
    assert uslm_schema.schema_errors(tree) == []  # the XSD alone lets it through
    with pytest.raises(ValueError, match=r"idref 'fn-9' .* points to no id"):
        uslm.check(tree)


def test_a_footnote_called_twice_or_never_is_rejected() -> None:
    call = '<ref class="footnoteRef" idref="fn-1"><sup>1</sup></ref>'
    note = '<footnote id="fn-1"><num>1</num> A note.</footnote>'
    twice = uslm_schema.parse(SKELETON.format(f"<p>A{call}{note} B{call}</p>").encode())
    with pytest.raises(ValueError, match="footnote 'fn-1' is called 2 times"):
        uslm.check(twice)
    never = uslm_schema.parse(SKELETON.format(f"<p>A{note}</p>").encode())
    with pytest.raises(ValueError, match="footnote 'fn-1' is called 0 times"):
        uslm.check(never)


def test_duplicate_ids_are_rejected() -> None:
    tree = uslm_schema.parse(SKELETON.format('<p id="a">One.</p><p id="a">Two.</p>').encode())
    with pytest.raises(ValueError, match="id 'a' is used 2 times"):
        uslm.check(tree)


def test_parsing_expands_no_entities_and_reads_no_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    hostile = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "{secret.as_uri()}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<d>&secret;&b;</d>"
    ).encode()
    text = "".join(uslm_schema.parse(hostile).getroot().itertext())
    assert "TOPSECRET" not in text
    assert "aaaaaaaaaa" not in text


def test_a_folder_without_the_schema_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(source.FOLDER_VAR, str(tmp_path))
    with pytest.raises(UserError, match=f"HP422: no uslm-2.1.0.xsd here .{source.FOLDER_VAR} "):
        uslm_schema.schema_dir()


def test_mathml_is_checked_against_gpos_module() -> None:
    """The stand-in accepts any content in <math>; a document with MathML gets the full set."""
    math = f'<m:math xmlns:m="{uslm_schema.MATHML}"><m:mi>x</m:mi><m:bogus/></m:math>'
    tree = uslm_schema.parse(SKELETON.format(math).encode())
    assert uslm_schema.has_mathml(tree)
    assert uslm_schema.schema_errors(tree, mathml=False) == []
    errors = uslm_schema.schema_errors(tree)
    assert len(errors) == 1 and "bogus" in errors[0]
    valid = uslm_schema.parse(SKELETON.format(math.replace("<m:bogus/>", "")).encode())
    assert uslm_schema.schema_errors(valid) == []


# ---- what other statements may hold ---------------------------------------------------------

RICH = """\
Intro with a [link to the findings](#findings), `code`, **bold** and
[Sistema Nacional]{lang=es}.

# Findings {#findings}

Before the subsections, a list:

3. Third, with a note.^[Note in a list item.]
4. Fourth
    a. nested one
    b. nested two

- bullet
    - nested bullet

## Numbers

: Seizures by year

| Year | Seizures |
|------|---------:|
| 2018 | 10^[Note in a cell.] |
| 2019 | 20 |

> A block quote with *emphasis*.
>
> - and a list

```
code  block
```

### Deeper

Text with a long note.[^long]

[^long]: First paragraph of the note.

    Second paragraph of the note.

::: {lang=es}
Un párrafo.
:::

| line one
| line two
"""


def test_tables_quotes_nested_lists_and_notes_anywhere_validate(tmp_path: Path) -> None:
    tree = render_body(tmp_path, RICH)  # render() validated it already; look at the mapping
    assert xpath(tree, "//u:ref[not(@class)]/@idref") == ["findings"]
    assert xpath(tree, "//u:inline[@role='foreign']/@xml:lang") == ["es"]
    assert xpath(tree, "//u:content[@role='foreign']/@xml:lang") == ["es"]
    numbered = xpath(tree, "//u:level[@id='findings']/u:chapeau/u:list")
    assert [local(e) for e in numbered] == ["list", "list"]
    assert xpath(numbered[0], "u:listItem/u:num/@value") == ["3", "4"]
    assert xpath(numbered[0], "u:listItem[2]/u:list/u:listItem/u:num/text()") == ["a.", "b."]
    assert xpath(numbered[1], "u:listItem/u:list/u:listItem/u:num/text()") == ["–"]
    assert xpath(tree, "//u:listContent/u:footnote/text()") == [" Note in a list item."]
    table = xpath(tree, "//x:table")[0]
    assert xpath(table, "string(x:caption)") == "Seizures by year"
    assert xpath(table, "x:thead/x:tr/x:th/@scope") == ["col", "col"]
    assert xpath(table, "x:tbody/x:tr[1]/x:td[2]/@align") == ["right"]
    assert xpath(table, "x:tbody/x:tr[1]/x:td[2]/u:footnote/@id") == ["fn-3"]
    assert xpath(tree, "//u:quotedContent/u:list/u:listItem/u:listContent/text()") == ["and a list"]
    assert xpath(tree, "//u:p[@role='code']/text()") == ["code  block"]
    long_note = xpath(tree, "//u:footnote[@id='fn-4']/u:p/text()")
    assert long_note == ["First paragraph of the note.", "Second paragraph of the note."]
    assert xpath(tree, "//u:level[@id='deeper']/u:p[@role='lineBlock']/u:br")
    uslm.check(tree)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- item\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n", "list item holds a Table"),
        ("Term\n: Definition\n", "DefinitionList has no USLM mapping"),
    ],
)
def test_what_cannot_be_mapped_is_a_clear_user_error(tmp_path: Path, body: str, message: str):
    with pytest.raises(UserError, match=message) as caught:
        render_body(tmp_path, body)
    assert "cannot write the USLM XML" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_raw_html_is_refused_even_if_it_reaches_the_writer(tmp_path: Path) -> None:
    """The parse checks refuse raw HTML in a source; the writer refuses it on its own too."""
    publication = pipeline.prepare(write_source(tmp_path, "Text.\n"))
    doc = publication.doc()
    doc.content.append(pf.RawBlock("<b>raw</b>", format="html"))
    raw = dataclasses.replace(publication, ast_json=pandoc.doc_to_json(doc))
    with pytest.raises(UserError, match="raw html cannot be carried"):
        uslm.render(raw)
