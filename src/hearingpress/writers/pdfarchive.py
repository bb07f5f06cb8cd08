"""The archival PDF: PDF/A-3a and PDF/UA-1 at once, its sources inside, parts in other languages.

WeasyPrint writes one variant per file. We ask it for PDF/A-3a (output intent, annotation
flags, XMP identification, associated files) with tags on, and add what PDF/UA-1 asks of
the XMP ourselves: `pdfuaid:part`, declared in a PDF/A extension schema as PDF/A requires of
any property outside its predefined schemas. The canonical Markdown source and its CSL JSON
bibliography are embedded as associated files with `AFRelationship /Source`, dated with the
publication date so a rebuild is byte-identical. WeasyPrint tags no structure element with a
language of its own; `language_of_parts` adds `/Lang` to those made from an element whose
`lang` differs from the page's (the Spanish names in the testimony). And a stream whose data
ends in a carriage return or a line feed gets CR LF before `endstream` (`unambiguous_streams`),
so no reader counts that byte as the end-of-line marker: PDF/A checks each /Length.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator

import pydyf
import weasyprint
from weasyprint.pdf import tags as weasyprint_tags

from hearingpress.publication import Publication

VARIANT = "pdf/a-3a"
SOURCE_RELATIONSHIP = "Source"

# PDF/A-3 (ISO 19005-3, 6.6.2.3) accepts an XMP property outside its predefined schemas only
# when the file describes that schema: here, the PDF/UA identification schema.
PDFUA_XMP = b"""<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
"""


def options() -> dict[str, object]:
    """WeasyPrint's options for the archival PDF (render and write_pdf alike)."""
    return {"pdf_variant": VARIANT, "pdf_tags": True, "pdf_version": "1.7"}


def finish(pdf: pydyf.PDF) -> None:
    """In a finisher (the XMP and the associated files are written by then): declare PDF/UA-1
    beside PDF/A, and list each associated file once."""
    declare_pdf_ua(pdf)
    files = pdf.catalog.get("AF")
    if files is not None:  # WeasyPrint 70 lists each attachment twice
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(files))


def declare_pdf_ua(pdf: pydyf.PDF) -> None:
    """Add the PDF/UA-1 identification (and its extension schema) to WeasyPrint's XMP, and
    leave that stream uncompressed as PDF/A asks."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    packet = b"".join(metadata.stream)
    metadata.stream = [packet.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)]
    metadata.compress = False


def source_attachments(publication: Publication, date: dt.datetime) -> list[weasyprint.Attachment]:
    """The statement's Markdown and its CSL JSON, as associated files of relationship Source:
    the bytes the build read and checked, not the files read again."""
    statement = publication.statement
    described = [
        (
            publication.source.name,
            publication.text.encode("utf-8"),
            "The canonical Markdown source of this statement",
        )
    ]
    if statement.bibliography is not None:
        described.append(
            (
                statement.bibliography.name,
                statement.bibliography_data,
                "The statement's references (CSL JSON)",
            )
        )
    return [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name,
            description=description,
            created=date,
            modified=date,
            relationship=SOURCE_RELATIONSHIP,
        )
        for name, data, description in described
    ]


@contextlib.contextmanager
def language_of_parts(page_lang: str) -> Iterator[None]:
    """While WeasyPrint writes the PDF, give `/Lang` to each structure element made from an
    element whose `lang` is not the page's. WeasyPrint 70 has no hook for it: we wrap its
    (module-level, recursive) tree builder for the duration of the write only."""
    build = weasyprint_tags._build_box_tree

    def with_lang(box, *args, **kwargs):
        for element in build(box, *args, **kwargs):
            source = getattr(box, "element", None)
            lang = source.get("lang") if source is not None else None
            if lang and lang != page_lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    weasyprint_tags._build_box_tree = with_lang
    try:
        yield
    finally:
        weasyprint_tags._build_box_tree = build


@contextlib.contextmanager
def unambiguous_streams() -> Iterator[None]:
    """While pydyf writes the PDF, end a stream whose data ends in CR or LF with CR LF before
    `endstream`. pydyf writes LF alone, and data ending "…\r" then reads as ending in a CR LF
    marker, one byte short of its /Length (zlib's checksum ends a compressed stream with any
    byte; 2 in 256 streams). Object streams are made during the write: hence the wrap."""
    data = pydyf.Stream.data

    def with_clear_end(stream: pydyf.Stream) -> bytes:
        written = data.fget(stream)
        head, _, _ = written.rpartition(b"\nendstream")
        return head + b"\r\nendstream" if head.endswith((b"\r", b"\n")) else written

    pydyf.Stream.data = property(with_clear_end)
    try:
        yield
    finally:
        pydyf.Stream.data = data
