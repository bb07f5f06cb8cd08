"""Images a statement pulls in: each one checked, read once, and put into the AST as data.

A figure is `![alt text](chart.png "Optional caption")` in a paragraph of its own. The file
must be a PNG, JPEG or SVG in the statement's folder (a regular file, after symlinks are
resolved), within the size limits, and an SVG may carry no script, event handler,
`<foreignObject>`, entity declaration or reference to anything outside itself. Remote images
are refused: a build fetches nothing.

Each checked image replaces its path in the AST by a `data:` URL of the bytes read here, so
no writer reads the disk or the network for it: pandoc's EPUB writer packs the bytes into the
book, the HTML and PDF embed them, the XML carries them. The image's title becomes the
figure's caption; its bracketed text stays its alternative text.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import panflute as pf
import PIL.Image
from lxml import etree

from hearingpress import checks
from hearingpress.errors import UserError

MAX_IMAGE_BYTES = 5_000_000  # a chart or a photograph for print is well under 1 MB
MAX_STATEMENT_IMAGE_BYTES = 20_000_000  # all images of one statement together
MAX_PIXELS = 40_000_000  # a decoded raster (e.g. 8000 × 5000); bigger ones are a mistake
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
RASTER_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}  # Pillow's names
SVG = "http://www.w3.org/2000/svg"
REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
# A DOCTYPE with an internal subset ("[ … ]"), or a declaration from one.
INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[|<!ENTITY|<!ATTLIST", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
SCRIPTING = {"script", "handler", "listener"}  # SVG 1.1 and SVG Tiny 1.2 script elements
ANIMATIONS = {"set", "animate"}  # can set an href to anything at run time


@dataclass(frozen=True)
class Image:
    """A checked image: its path as the statement gives it (relative to its folder), its media
    type and its bytes."""

    name: str
    media_type: str
    data: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def data_url(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def embed(images: list[pf.Image], text: str, source: Path) -> dict[str, str]:
    """Check every image in the statement (`images`: its Image elements, in reading order)
    and embed it (see the module docstring); return the SHA-256 of each image by its path in
    the folder, for the cache keys."""
    read: dict[str, Image] = {}
    for element in images:
        line = _line_of_image(element.url, text)
        image = check_image(element, source, line)
        if image.name not in read:
            read[image.name] = image
            if sum(len(each.data) for each in read.values()) > MAX_STATEMENT_IMAGE_BYTES:
                raise UserError(
                    f"the images add up to more than {MAX_STATEMENT_IMAGE_BYTES:,} bytes with "
                    f"'{image.name}'; make them smaller (export charts as SVG, photographs as "
                    "JPEG) or use fewer",
                    source,
                    line,
                    code="HP341",
                )
        _make_figure(element, image)
    return {image.name: image.digest for image in read.values()}


def check_image(element: pf.Image, source: Path, line: int | None) -> Image:
    """Everything that must hold of one image before its bytes may be published."""
    url = element.url
    shown = checks.short(url, 60)
    if REMOTE.match(url):
        raise UserError(
            f"image '{shown}' is on the network, and a build fetches nothing; save the image "
            "beside the statement and give its file name, as in ![what it shows](chart.png)",
            source,
            line,
            code="HP330",
        )
    if not pf.stringify(element).strip():
        raise UserError(
            f"image '{shown}' has no text alternative; describe what it shows between the "
            "brackets, as in ![Bar chart: seizures rose from 2019 to 2024](chart.png)",
            source,
            line,
            code="HP331",
        )
    if not _stands_alone(element):
        raise UserError(
            f"image '{shown}' stands inside text, a list, a quote, a table, a link or a note; "
            "put it in a paragraph of its own",
            source,
            line,
            code="HP332",
        )
    relative = unquote(url)
    path = _confined_path(relative, source, line)
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise UserError(
            f"image '{shown}' is not a PNG, JPEG or SVG file; save it as one, with a name "
            "ending in .png, .jpg or .svg",
            source,
            line,
            code="HP336",
        )
    data = _read_bounded(path, shown, source, line)
    if media_type == "image/svg+xml":
        check_svg(data, shown, source, line)
    else:
        _check_raster(data, media_type, shown, source, line)
    # Named as written, not as resolved: a symlink pointed elsewhere changes the cache key.
    return Image(name=relative, media_type=media_type, data=data)


def _confined_path(relative: str, source: Path, line: int | None) -> Path:
    """The image's real path: a regular file in the statement's folder (symlinks resolved)."""
    folder = source.parent.resolve()
    shown = checks.short(relative, 60)
    try:
        path = (folder / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a NUL in the name
        raise UserError(
            f"image '{shown}' not found; save it in the statement's folder and give its "
            "file name relative to the statement",
            source,
            line,
            code="HP333",
        ) from None
    if not path.is_relative_to(folder):
        raise UserError(
            f"image '{shown}' is outside the statement's folder (after following links); "
            "copy the image itself into the folder and give its file name",
            source,
            line,
            code="HP334",
        )
    if not stat.S_ISREG(path.stat().st_mode):
        raise UserError(
            f"image '{shown}' is not a regular file; give the file name of a PNG, JPEG or "
            "SVG image",
            source,
            line,
            code="HP335",
        )
    return path


def _read_bounded(path: Path, shown: str, source: Path, line: int | None) -> bytes:
    """The file's bytes, reading at most the limit plus one byte."""
    with open(path, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
            raise UserError(
                f"image '{shown}' is not a regular file; give the file name of a PNG, JPEG "
                "or SVG image",
                source,
                line,
                code="HP335",
            )
        data = handle.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise UserError(
            f"image '{shown}' is over the {MAX_IMAGE_BYTES:,}-byte limit for one image; "
            "make it smaller (export a chart as SVG, a photograph as JPEG at print size)",
            source,
            line,
            code="HP340",
        )
    return data


def _check_raster(data: bytes, media_type: str, shown: str, source: Path, line: int | None) -> None:
    """A PNG or JPEG, as its name says, that decodes to a sensible number of pixels."""
    expected = RASTER_FORMATS[media_type]
    try:
        with warnings.catch_warnings():  # the pixel limit below is ours, with our message
            warnings.simplefilter("ignore", PIL.Image.DecompressionBombWarning)
            with PIL.Image.open(io.BytesIO(data)) as picture:
                found, (width, height) = picture.format, picture.size
                picture.verify()
    except (OSError, ValueError, SyntaxError, PIL.Image.DecompressionBombError):
        found, width, height = None, 0, 0
    if found != expected:
        what = f"a {found} image" if found else "not an image Hearing Press can read"
        raise UserError(
            f"image '{shown}' is named as a {expected} file but is {what}; save it as a "
            f"{expected} file, or name it for what it is",
            source,
            line,
            code="HP337",
        )
    if width * height > MAX_PIXELS:
        raise UserError(
            f"image '{shown}' is {width} × {height} pixels, over the {MAX_PIXELS:,}-pixel "
            "limit; scale it down (print needs about 3000 pixels across)",
            source,
            line,
            code="HP342",
        )


def check_svg(data: bytes, shown: str, source: Path, line: int | None) -> None:
    """Refuse an SVG that could run code or reach outside itself. Parsed by lxml with no
    network, no DTD and no entity expansion."""

    def refuse(what: str, code: str, element: etree._Element | None = None) -> UserError:
        where = f" (its line {element.sourceline})" if element is not None else ""
        return UserError(
            f"SVG image '{shown}' {what}{where}; {_SVG_FIX[code]}", source, line, code=code
        )

    if INTERNAL_SUBSET.search(data):  # entities, or attribute defaults such as onload
        raise refuse("declares entities or attributes in a <!DOCTYPE …[ ]> block", "HP355")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise refuse(f"is not well-formed XML ({err.msg})", "HP350") from None
    if root.tag != f"{{{SVG}}}svg":
        raise refuse("is not an SVG document (its root is not <svg>)", "HP350")
    for node in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction):
            raise refuse(f"has the processing instruction <?{node.target} …?>", "HP354", node)
        if not isinstance(node.tag, str):
            continue  # a comment
        local = etree.QName(node).localname
        if local in SCRIPTING:
            raise refuse(f"has a <{local}> element", "HP351", node)
        if local == "foreignObject":
            raise refuse("has a <foreignObject> element", "HP353", node)
        if local == "style" and _css_reference(node.text or ""):
            raise refuse("has a style sheet that loads another file", "HP354", node)
        for name, value in node.attrib.items():
            attribute = etree.QName(name).localname
            if attribute.lower().startswith("on"):
                raise refuse(f"has the event handler '{attribute}'", "HP352", node)
            if attribute in ("href", "src") and not value.strip().startswith("#"):
                raise refuse(f"refers to '{checks.short(value, 60)}'", "HP354", node)
            if _css_reference(value):
                raise refuse(
                    f"refers to another file in '{checks.short(value, 60)}'", "HP354", node
                )
            if local in ANIMATIONS and attribute == "attributeName" and "href" in value:
                raise refuse(f"animates a link (<{local} attributeName='{value}'>)", "HP354", node)


_SVG_FIX = {
    "HP350": "export the chart again as SVG",
    "HP351": "remove it (images may not run scripts), or export the chart as PNG",
    "HP352": "remove it (images may not run scripts), or export the chart as PNG",
    "HP353": "remove it (it can embed HTML), or export the chart as PNG",
    "HP354": "an SVG must hold everything it shows; remove the reference or export as PNG",
    "HP355": "remove the block from the <!DOCTYPE> (declarations are not allowed)",
}


def _css_reference(css: str) -> bool:
    """Whether CSS may refer to anything but a fragment of the SVG itself (`url(#gradient)`):
    `url(http…)`, `url(file…)`, `url(other.svg#x)`, `@import`, `image-set(…)`, or an escape
    (`\\75 rl(…)` is `url(…)` to a CSS parser)."""
    if any(marker in css.lower() for marker in ("@import", "image-set", "\\")):
        return True
    return any(not target.startswith("#") for target in CSS_URL.findall(css))


def _stands_alone(element: pf.Image) -> bool:
    """A figure: the only thing in a paragraph directly in the body (pandoc's Figure)."""
    plain = element.parent
    figure = plain.parent if plain is not None else None
    return (
        isinstance(plain, pf.Plain)
        and len(plain.content) == 1
        and isinstance(figure, pf.Figure)
        and isinstance(figure.parent, pf.Doc)
    )


def _make_figure(element: pf.Image, image: Image) -> None:
    """The bytes as a data: URL; the image's title as the figure's caption (none without)."""
    figure = element.parent.parent
    words = element.title.split()
    caption: list[pf.Inline] = []
    for word in words:
        caption += [pf.Space(), pf.Str(word)] if caption else [pf.Str(word)]
    figure.caption = pf.Caption(pf.Plain(*caption)) if caption else pf.Caption()
    element.url = image.data_url
    element.title = ""


def _line_of_image(url: str, text: str) -> int | None:
    """The line where the image is given: `](url` (inline) or the url (a reference)."""
    plain = unquote(url)
    needles = (f"]({url}", f"](<{plain}>", f"]({plain}", url, plain)
    return next(filter(None, (checks.line_of(needle, text) for needle in needles)), None)
