"""Regenerate the inputs of the import corpus: `python tests/import/make_inputs.py`.

word/statement.docx is the Word file pandoc writes from word/statement.md (real footnotes, a
table, a bulleted list, a "Testimony of … Before the …" cover); browser/statement.pdf is what
Chromium prints from browser/statement.html (notes at the end, a table). Both are committed;
run this after changing their sources, then check the expected drafts by eye.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from hearingpress import pandoc

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--no-pdf-header-footer",
)


def make_docx(source: Path, target: Path) -> None:
    data, _ = pandoc.run(["--from=markdown", "--to=docx", str(source)])
    target.write_bytes(data)


def print_pdf(html: Path, target: Path) -> None:
    """Chromium's own print of an HTML page (no header or footer lines)."""
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, *CHROMIUM_ARGS, f"--user-data-dir={profile}",
             f"--print-to-pdf={target}", html.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


if __name__ == "__main__":
    make_docx(HERE / "word" / "statement.md", HERE / "word" / "statement.docx")
    print_pdf(HERE / "browser" / "statement.html", HERE / "browser" / "statement.pdf")
