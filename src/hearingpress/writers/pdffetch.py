"""WeasyPrint's URL fetcher for our PDFs: it serves only what the build has already read.

The print page carries its images as `data:` URLs (hearingpress.images checked and read them)
and names our static font faces by their `file:` URLs, whose bytes are read here. Any other
URL, on the network or elsewhere on the disk, stops the build with a coded error: neither a
statement nor a house style can make the PDF writer fetch anything.
"""

from __future__ import annotations

from urllib.parse import unquote

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from hearingpress import fonts
from hearingpress.errors import UserError

__all__ = ["FatalURLFetchingError", "ServedOnly", "fonts_served", "refusal"]


def fonts_served() -> dict[str, bytes]:
    """Our static faces by the `file:` URL the print CSS gives them (see pdf.font_faces)."""
    return {
        unquote(fonts.static_face(face).as_uri()): fonts.static_face(face).read_bytes()
        for face in fonts.FACES
    }


class ServedOnly(URLFetcher):
    """Serve the files given (URL -> bytes) and `data:` URLs; refuse everything else."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=True)
        self.files = files
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        data = self.files.get(unquote(url))
        if data is not None:
            return URLFetcherResponse(url, data, {"Content-Type": "application/octet-stream"})
        if url.startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory (urllib's DataHandler)
        self.refused.append(url)
        raise ValueError(f"not served: {url}")


def refusal(fetcher: ServedOnly) -> UserError:
    """The error for a build stopped by a URL the fetcher refused."""
    url = fetcher.refused[0] if fetcher.refused else "an unknown address"
    shown = url if len(url) <= 60 else url[:59] + "…"
    return UserError(
        f"the PDF would load '{shown}', and the PDF writer fetches nothing from the network "
        "or the disk; remove that address from the styles (HEARINGPRESS_STYLES) or the "
        "statement",
        code="HP360",
    )
