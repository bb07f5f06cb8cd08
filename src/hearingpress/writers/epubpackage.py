"""The EPUB's last step: fix in the package what pandoc cannot be told, then pack the zip so
that the same input gives the same bytes (mimetype first and stored, fixed timestamps, sorted
entries, one compression level).

Changes are made with lxml on the parsed XML, never with text substitution.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from hearingpress.writers import zipfixed

NOTES_ID = "notes"  # the section of footnotes under a "Notes" heading (writers/epub.py)
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = f"{{{NS['epub']}}}type"
MIMETYPE = b"application/epub+zip"


def finish(raw: bytes, *, date: dt.datetime, extra_meta: dict[str, str], bodymatter: str) -> bytes:
    """Fix the package document, the navigation document and page titles; repack."""
    files = unpack(raw)
    opf_path = _package_path(files)
    opf = etree.fromstring(files[opf_path])
    base = opf_path.rpartition("/")[0] + "/" if "/" in opf_path else ""
    _fix_metadata(opf, date, extra_meta)
    files[opf_path] = _serialize(opf)
    for item in opf.iterfind("opf:manifest/opf:item", NS):
        if item.get("media-type") != "application/xhtml+xml":
            continue
        name = base + item.get("href", "")
        page = etree.fromstring(files[name])
        _fix_title(page)
        if "nav" in (item.get("properties") or "").split():
            _fix_landmarks(page, bodymatter)
        _footnotes_last(page)
        files[name] = _serialize(page, doctype="<!DOCTYPE html>")
    return pack(files, date)


def unpack(data: bytes) -> dict[str, bytes]:
    return zipfixed.unpack(data)


def pack(files: dict[str, bytes], date: dt.datetime) -> bytes:
    """mimetype first and stored; then META-INF, then the rest, each sorted by name."""
    meta_inf = tuple(sorted(name for name in files if name.startswith("META-INF/")))
    files = {**files, "mimetype": MIMETYPE}
    return zipfixed.pack(files, date, ("mimetype", *meta_inf), stored=frozenset({"mimetype"}))


def _package_path(files: dict[str, bytes]) -> str:
    container = etree.fromstring(files["META-INF/container.xml"])
    rootfile = container.find("container:rootfiles/container:rootfile", NS)
    if rootfile is None:
        raise ValueError("pandoc wrote an EPUB without a package document")
    return rootfile.get("full-path", "")


def _fix_metadata(opf: etree._Element, date: dt.datetime, extra: dict[str, str]) -> None:
    """dcterms:modified from the publication date (not the clock); the properties pandoc has
    no option for (conformance, evaluator) after its own accessibility metadata."""
    metadata = opf.find("opf:metadata", NS)
    if metadata is None:
        raise ValueError("pandoc wrote a package document without metadata")
    etree.cleanup_namespaces(opf)  # drops pandoc's unused xmlns:opf, so ours are plain <meta>
    stamp = date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for meta in metadata.iterfind("opf:meta[@property='dcterms:modified']", NS):
        meta.text = stamp
    for prop, value in extra.items():
        element = etree.SubElement(metadata, f"{{{NS['opf']}}}meta", property=prop)
        element.text = value
    for element in metadata:
        element.tail = "\n    "
    metadata[-1].tail = "\n  "


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _fix_title(page: etree._Element) -> None:
    """Each page's <title> is its first level-1 heading (pandoc names chapters 'ch001.xhtml')."""
    title = page.find("x:head/x:title", NS)
    heading = page.find(".//x:h1", NS)
    if title is not None and heading is not None:
        title.text = _text(heading)


def _fix_landmarks(nav_page: etree._Element, bodymatter: str) -> None:
    """Pandoc lists the title page and the contents; add where the statement starts."""
    landmarks = nav_page.find(".//x:nav[@id='landmarks']", NS)
    items = landmarks.find("x:ol", NS) if landmarks is not None else None
    if items is None:
        raise ValueError("pandoc wrote a navigation document without landmarks")
    for link in items.iterfind(".//x:a", NS):
        link.text = {"titlepage": "Title page", "toc": "Contents"}.get(
            link.get(EPUB_TYPE, ""), link.text
        )
    item = etree.SubElement(items, f"{{{NS['x']}}}li")
    link = etree.SubElement(item, f"{{{NS['x']}}}a", href=bodymatter)
    link.set(EPUB_TYPE, "bodymatter")
    link.text = "Statement"


def _footnotes_last(page: etree._Element) -> None:
    """Footnotes after the statement, not inside its last section: pandoc's sections run on to
    the end of the file, so the notes would read as part of the conclusion. Notes under their
    own heading (section NOTES_ID) stay there."""
    body = page.find("x:body", NS)
    if body is None or body.get(EPUB_TYPE) != "bodymatter":
        return
    for aside in body.findall(".//x:aside", NS):
        parent = aside.getparent()
        misplaced = parent is not body and parent.get("id") != NOTES_ID
        if aside.get(EPUB_TYPE) == "footnote" and misplaced:
            parent.remove(aside)  # lxml moves the tail with it; the tail is blank
            body.append(aside)


def _serialize(root: etree._Element, doctype: str | None = None) -> bytes:
    return etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="UTF-8", doctype=doctype
    )
