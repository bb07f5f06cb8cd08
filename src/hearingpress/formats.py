"""The output formats: for each, its writer (module and function), the styles it reads and its
file's extension. `build`, the cache keys and the command line all read this one registry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """An output format: its file's extension, its writer (module and function), the files from
    styles/ it reads, and whether it is validated against the USLM schema."""

    extension: str
    module: str
    styles: tuple[str, ...] = ()
    uses_schema: bool = False
    function: str = "render"

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.extension}"


CITATION = "hearingpress.writers.citation"
FORMATS: dict[str, Format] = {
    "html": Format("html", "hearingpress.writers.html", ("base.css", "screen.css", "page.html")),
    "pdf": Format("pdf", "hearingpress.writers.pdf", ("base.css", "print.css", "print.html")),
    "epub": Format("epub", "hearingpress.writers.epub", ("base.css", "epub.css", "epub.xhtml")),
    "xml": Format("xml", "hearingpress.writers.uslm", uses_schema=True),
    "docx": Format("docx", "hearingpress.writers.docx"),
    # Cite this statement: the one CSL JSON record (hearingpress.cite) in three file formats.
    "csl": Format("csl.json", CITATION, function="render_csl"),
    "bib": Format("bib", CITATION, function="render_bibtex"),
    "ris": Format("ris", CITATION, function="render_ris"),
}
