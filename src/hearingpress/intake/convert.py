"""One input file to a draft: refuse what is not a document (HP5xx), read it with the reader
for its kind, normalise, read the cover, write the draft and its report."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from hearingpress import confine
from hearingpress.errors import UserError
from hearingpress.intake import cover, draft, normalise
from hearingpress.intake.model import Intake

MAX_INPUT_BYTES = 50_000_000  # a statement with figures is a few MB
KINDS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt", ".md": "txt", ".text": "txt"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # a legacy .doc, or a password-protected Office file


@dataclass
class Draft:
    text: str
    report: list[draft.Entry]


def kind_of(path: Path) -> str:
    """The input's kind from its extension, after checking it is a regular, non-empty file of
    at most MAX_INPUT_BYTES (a named pipe or a device is refused before it is opened)."""
    try:
        size = confine.regular_file(path).st_size
    except confine.Refused as refused:
        missing = refused.problem == "missing"
        what = "no such file" if missing else f"is {refused.detail}, not a file"
        raise UserError(
            f"{what}; give the path of a .docx, .pdf or .txt", path, code="HP501"
        ) from None
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UserError(
            f"cannot import a '{path.suffix or 'file without an extension'}'; give a .docx, "
            ".pdf, or .txt/.md (text copied out of a PDF)",
            path,
            code="HP503",
        )
    if size == 0:
        raise UserError("is empty (0 bytes); give the file the witness sent", path, code="HP502")
    if size > MAX_INPUT_BYTES:
        raise UserError(
            f"is {size:,} bytes, over the {MAX_INPUT_BYTES:,}-byte limit; check it is the "
            "statement",
            path,
            code="HP512",
        )
    return kind


def read_text(path: Path) -> str:
    """A text extraction's text: read with the bound (confine.read_bounded), UTF-8, not blank."""
    try:
        data = confine.read_bounded(path, MAX_INPUT_BYTES)
    except confine.Refused as refused:
        raise UserError(
            f"cannot be read ({refused.detail}); give the file the witness sent", path, code="HP501"
        ) from None
    if b"\x00" in data[:65536]:
        raise UserError(
            "is a binary file, not text; give the .docx or .pdf itself, or save the text as UTF-8",
            path,
            code="HP504",
        )
    try:
        text = confine.decode_utf8(data, strip_bom=True)
    except confine.NotUtf8 as bad:
        raise UserError(
            f"byte 0x{bad.byte:02x} is not UTF-8; save the text as UTF-8",
            path,
            bad.line,
            code="HP505",
        ) from None
    if not text.strip():
        raise UserError("has no text, only blank lines; give the statement", path, code="HP502")
    return text


def check_docx(path: Path) -> None:
    head = path.read_bytes()[:8]
    if head.startswith(OLE_MAGIC):
        raise UserError(
            "is a password-protected Word file or an old .doc; remove the password or save it "
            "as .docx in Word",
            path,
            code="HP506",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile
            archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UserError(
            "is not a readable Word file (.docx is a zip with word/document.xml); open it in "
            "Word and save it again as .docx",
            path,
            code="HP506",
        ) from None


def read(path: Path) -> Intake:
    kind = kind_of(path)
    if kind == "txt":
        from hearingpress.intake import txt

        return txt.read(read_text(path))
    if kind == "docx":
        check_docx(path)
        from hearingpress.intake import docx

        return docx.read(path)
    from hearingpress.intake import pdf

    return pdf.read(path)


def convert(path: Path) -> Draft:
    intake = read(path)
    if not any(normalise.plain(b.text) for b in intake.blocks):
        raise UserError("has no text to import; check it is the statement", path, code="HP510")
    intake = normalise.normalise(intake)
    found = cover.read_cover([b for b in intake.blocks if b.cover])
    text, report = draft.write(intake, found)
    return Draft(text, report)
