"""Where GPO's USLM 2.1.0 schema set comes from: its publisher, at a pinned commit, verified.

The 12 schema documents are not part of this project. On first use they are downloaded from
HEARINGPRESS_USLM_URL (default: GPO's repository on GitHub at the pinned commit; a `file://`
mirror works for offline machines), each is checked against the SHA-256 pinned below, and
only a complete, verified set is moved into the per-user cache (platformdirs; XDG_CACHE_HOME
on Linux), where every later build finds it. A folder named by HEARINGPRESS_USLM_SCHEMAS is
used as it is, instead of all of that.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from hearingpress.errors import UserError
from hearingpress.usercache import user_cache

FOLDER_VAR = "HEARINGPRESS_USLM_SCHEMAS"
URL_VAR = "HEARINGPRESS_USLM_URL"
ENTRY = "uslm-2.1.0.xsd"
# usgpo/uslm, branch main: "Update USLM-User-Guide.pdf". The schema files at this commit are
# those of "Approved Schema and Samples" (2024-10-22), the published USLM 2.1.0.
COMMIT = "100338992150c276aae5544d01d9b821a27eb383"
DEFAULT_URL = f"https://raw.githubusercontent.com/usgpo/uslm/{COMMIT}/"
# Every file the entry point pulls in, with the SHA-256 of its blob at COMMIT.
FILES = {
    "uslm-2.1.0.xsd": "cd9cc6421a4537642fe75adb63b97103eaa11fb7748da3760e9fa6eb59c2f226",
    "uslm-components-2.1.0.xsd": "a09940ae915a30eefba8a77075cbe4a4f1c94514bad312f85703fb7236e1028b",
    "uslm-table-module-2.1.0.xsd": "297ed1d4cfdb61730b90c2a83240052945ba60fdc51d35bd6b771caed7f7be16",  # noqa: E501
    "uslm-meta-senate.xsd": "12b70247b10ef9b5f046163c251b9093be99051100bc0f8a4340c03844aabd53",
    "xhtml-datatypes-1.xsd": "7ab50edf0160c4ab6c3e8ee5eb325f3c9463fbd9ae7d9b94c57b1bc8db6396ab",
    "mathml3.xsd": "f7e03c16ac50574e724802cc67e42300b404d7976306d56a38091115630e2d9e",
    "mathml3-common.xsd": "4a3785d3a9ff3e362c0020abdc107a2b79e9a06f863b8a279cd6148e0539e96c",
    "mathml3-content.xsd": "9f817c92b69d0f6c2aabc604b97f4a68a8797ee799abb446168151e8931dad8c",
    "mathml3-presentation.xsd": "c875f8460cd5a7bd047361519b3781cad9bb5f9c8782955b67cad2733f07bf96",
    "mathml3-strict-content.xsd": "e088d44535a774c343dea51b8cb5f2057b79af04b2adfebb95ea438728f76765",  # noqa: E501
    "dc.xsd": "e4948660e35e98959b18ba25cd61db5848065187650a3df1feb7240da607b7d2",
    "xml.xsd": "2f144ef85e7ebfb416deac33ddfe9cf43b56b7aa085ea7d5f374ce65b3701644",
}  # fmt: skip
TIMEOUT_SECONDS = 30
MAX_BYTES = 4_000_000  # the largest file is ~380 kB; more is not GPO's file (the hash says so)
WHAT_TO_DO = (
    f"set {URL_VAR} to a mirror of usgpo/uslm at commit {COMMIT[:10]} (file:// works) "
    f"or {FOLDER_VAR} to a folder holding it; --format html,pdf,epub needs no schema"
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def base_url() -> str:
    """Where the schema is downloaded from: HEARINGPRESS_USLM_URL, else GPO's GitHub."""
    url = os.environ.get(URL_VAR, "").strip() or DEFAULT_URL
    if not url.startswith(("https://", "http://", "file://")):
        raise UserError(
            f"{URL_VAR} is '{url}'; give an https://, http:// or file:// address of the folder "
            f"with GPO's USLM 2.1.0 schema",
            code="HP423",
        )
    return url if url.endswith("/") else f"{url}/"


def cache_folder() -> Path:
    """The verified set in the per-user cache (one folder per pinned commit)."""
    return user_cache("uslm") / f"2.1.0-{COMMIT[:12]}"


def is_complete(folder: Path) -> bool:
    """Every pinned file present with its pinned hash (reading them all takes ~2 ms)."""
    return all(
        (folder / name).is_file() and _sha256((folder / name).read_bytes()) == digest
        for name, digest in FILES.items()
    )


def schema_dir() -> Path:
    """The folder holding uslm-2.1.0.xsd and all it imports: downloaded on first use."""
    given = os.environ.get(FOLDER_VAR, "").strip()
    if given:
        folder = Path(given).expanduser()
        if not (folder / ENTRY).is_file():
            raise UserError(
                f"no {ENTRY} here ({FOLDER_VAR} points here); set {FOLDER_VAR} to the folder "
                f"with GPO's USLM 2.1.0 schema, or unset it to download the schema",
                folder,
                code="HP422",
            )
        return folder.resolve()
    target = cache_folder()
    if not is_complete(target):
        _fetch_into(target)
    return target


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            return response.read(MAX_BYTES)
    except urllib.error.HTTPError as err:
        reason = f"HTTP {err.code} {err.reason}"
    except urllib.error.URLError as err:
        reason = getattr(err.reason, "strerror", None) or str(err.reason)
    except (OSError, ValueError) as err:  # a timeout, a reset connection, a malformed address
        reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
    raise UserError(
        f"cannot download GPO's USLM 2.1.0 schema ({reason}); {WHAT_TO_DO}", url, code="HP420"
    )


def _fetch_into(target: Path) -> None:
    """Download every file, verify each, then move the whole set into place at once."""
    base = base_url()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=target.parent))
    except OSError as err:
        raise _unwritable(err, target.parent) from None
    try:
        for name, pinned in FILES.items():
            data = _download(base + name)
            if _sha256(data) != pinned:
                raise UserError(
                    f"SHA-256 {_sha256(data)[:16]}… is not the pinned {pinned[:16]}… of GPO's "
                    f"{name} at commit {COMMIT[:10]}; nothing was cached: fix the mirror or "
                    f"unset {URL_VAR} to download from GPO",
                    base + name,
                    code="HP421",
                )
            (staging / name).write_bytes(data)
        if target.exists():  # an incomplete or damaged copy from before
            shutil.rmtree(target, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError as err:  # another build may have moved its verified copy in first
            if not is_complete(target):
                raise _unwritable(err, target) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unwritable(err: OSError, folder: Path) -> UserError:
    return UserError(
        f"cannot write the schema cache ({err.strerror}); set XDG_CACHE_HOME to a writable "
        f"folder, or {FOLDER_VAR} to a folder with the schema",
        folder,
        code="HP425",
    )


def cache_key() -> str:
    """What the XML output depends on from the schema, without reading or fetching it when
    it comes from the publisher: the pinned hashes. A folder override is hashed as it is."""
    given = os.environ.get(FOLDER_VAR, "").strip()
    if given:
        folder = schema_dir()
        files = {p.name: _sha256(p.read_bytes()) for p in sorted(folder.glob("*.xsd"))}
    else:
        files = FILES
    return _sha256(json.dumps(files, sort_keys=True).encode())
