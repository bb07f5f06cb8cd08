"""Our fonts: OFL families installed from PyPI (fontpkg), never whatever the machine has.

fontpkg ships variable fonts. PDF renderers and e-readers handle static faces best, so each
face we use is cut from the variable font once (fontTools instancer) and cached on disk. The
HTML and the EPUB then embed only the glyphs their text needs: one subset per face, cut once
to the characters either shows and shared by both (WeasyPrint subsets the PDF's faces itself).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import fontpkg
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from hearingpress.usercache import user_cache


@dataclass(frozen=True)
class Face:
    """One static face: the CSS family name we give it, and where it comes from."""

    family: str  # CSS font-family
    package_family: str  # fontpkg family name
    weight: int
    style: str  # "normal" | "italic"
    optical_size: float | None = None

    @property
    def slug(self) -> str:
        italic = "i" if self.style == "italic" else ""
        return f"{self.family.replace(' ', '')}-{self.weight}{italic}"


SERIF = "HP Serif"
SANS = "HP Sans"
FACES = (
    Face(SERIF, "Source Serif 4", 400, "normal", 12),
    Face(SERIF, "Source Serif 4", 700, "normal", 12),
    Face(SERIF, "Source Serif 4", 400, "italic", 12),
    Face(SERIF, "Source Serif 4", 700, "italic", 12),
    Face(SANS, "Source Sans 3", 400, "normal"),
    Face(SANS, "Source Sans 3", 600, "normal"),
    Face(SANS, "Source Sans 3", 400, "italic"),
)


def cache_dir() -> Path:
    path = user_cache("fonts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def variable_source(face: Face) -> Path:
    return fontpkg.path(face.package_family, weight=face.weight, style=face.style, nearest=True)


@functools.cache
def static_path(face: Face) -> Path:
    """Where the static cut of `face` is cached: named by the variable font's content hash."""
    source = variable_source(face)
    # A new cut when what we keep, the face or how we save it changes.
    recipe = f"{LATIN}{face}{CUT_VERSION}".encode()
    digest = hashlib.sha256(source.read_bytes() + recipe).hexdigest()[:16]
    return cache_dir() / f"{face.slug}-{digest}.ttf"


@functools.cache
def static_face(face: Face) -> Path:
    """The static TTF for `face`, cut from the variable font once per machine.

    A cut takes seconds. Writers in other processes (PDF and EPUB render at the same time)
    share the work of a cold cache: one that finds its face being cut by another cuts the
    next face nobody has started, then waits for its own."""
    target = static_path(face)
    with _claim(_static_lock(face), wait=False) as mine:
        if mine:
            return _cut(face)
    for other in FACES:
        if target.exists():
            break
        with _claim(_static_lock(other), wait=False) as mine:
            if mine:
                _cut(other)
    with _claim(_static_lock(face), wait=True):
        return _cut(face)


def _static_lock(face: Face) -> Path:
    return static_path(face).with_suffix(".lock")


@contextlib.contextmanager
def _claim(lock: Path, wait: bool) -> Iterator[bool]:
    """An exclusive lock on the file `lock` (across processes), held while one cut is made;
    False when it is taken and we are not waiting."""
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cut(face: Face) -> Path:
    """Cut `face` into its cache path unless it is there already (call under its claim)."""
    target = static_path(face)
    if target.exists():
        return target
    font = TTFont(variable_source(face))
    _keep_latin(font)  # the instancer is ~10x faster on the Latin glyphs alone
    axes = {axis.axisTag: axis for axis in font["fvar"].axes} if "fvar" in font else {}
    limits: dict[str, float] = {}
    if "wght" in axes:
        limits["wght"] = face.weight
    if "opsz" in axes:
        limits["opsz"] = face.optical_size or axes["opsz"].defaultValue
    for tag, axis in axes.items():
        limits.setdefault(tag, axis.defaultValue)
    static = instancer.instantiateVariableFont(font, limits, updateFontNames=False)
    _pin_dates(static)
    out = io.BytesIO()
    static.save(out)
    _write_atomically(target, out.getvalue())
    return target


# 2: head.modified pinned (before, the time the cache was filled leaked into every PDF).
CUT_VERSION = 2


def _pin_dates(font: TTFont) -> None:
    """fontTools stamps 'now' into head.modified on save; use the font's own creation date,
    so a cut (or subset) made on any machine, at any time, has the same bytes."""
    font.recalcTimestamp = False
    font["head"].modified = font["head"].created


# What we keep of each font: Latin, punctuation, euro, trademark, and the arrows of back-links.
LATIN = [
    *range(0x20, 0x250),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2070),
    *(0x20AC, 0x2122, 0x2190, 0x2191),
]


def _keep_latin(font: TTFont) -> None:
    options = ft_subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=LATIN)
    subsetter.subset(font)


ALWAYS = (
    "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
)
# The OpenType features a subset keeps (the styles use these).
FEATURES = ["kern", "liga", "onum", "lnum", "tnum", "smcp", "c2sc"]


def subsets(text: str) -> dict[Face, Path]:
    """Every face with only the glyphs `text` needs (plus basic Latin), as TTF files on disk.

    One cut per face and character set: the HTML inlines it as WOFF2 (woff2(), a cheap
    compression of the same cut), the EPUB packages it, and a rebuild reuses it. A cut costs
    ~0.3 s a face; writers in other processes share the work of a cold cache as static_face
    does: each cuts the faces nobody has started, then waits for the others'."""
    characters = character_set(text)
    paths = {face: subset_path(face, characters) for face in FACES}
    taken = []
    for face, path in paths.items():
        if path.exists():
            continue
        with _claim(_subset_lock(face), wait=False) as mine:
            if mine:
                _cut_subset(face, characters, path)
            else:
                taken.append(face)
    for face in taken:
        with _claim(_subset_lock(face), wait=True):
            _cut_subset(face, characters, paths[face])
    return paths


def character_set(text: str) -> str:
    """What a subset for `text` holds: its characters and ALWAYS, each once, in order."""
    return "".join(sorted(set(text + ALWAYS)))


def subset_path(face: Face, characters: str) -> Path:
    """Where the subset of `face` to `characters` is kept: named by its static face and them."""
    key = hashlib.sha256(f"{static_path(face).name}\0{characters}".encode()).hexdigest()[:24]
    return cache_dir() / "subsets" / f"{face.slug}-{key}.ttf"


def _subset_lock(face: Face) -> Path:
    """One lock per face for cutting its subsets (a lock per character set would pile up)."""
    folder = cache_dir() / "subsets"
    folder.mkdir(exist_ok=True)
    return folder / f"{face.slug}.lock"


def _cut_subset(face: Face, characters: str, target: Path) -> None:
    """Cut the subset into `target` unless it is there already (call under its face's claim)."""
    if target.exists():
        return
    options = ft_subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(static_face(face))
    _pin_dates(font)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    _write_atomically(target, out.getvalue())


def woff2(subset: Path) -> bytes:
    """The TTF subset compressed as WOFF2 (the same glyphs and tables), kept beside it."""
    target = subset.with_suffix(".woff2")
    if target.exists():
        return target.read_bytes()
    font = TTFont(subset, recalcTimestamp=False)  # head.modified stays pinned
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    _write_atomically(target, out.getvalue())
    return out.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def font_face_rule(face: Face, src: str, *, swap: bool = False) -> str:
    """The @font-face rule for `face` with `src` (e.g. 'url("…") format("woff2")'); `swap`
    adds font-display: swap (the screen HTML)."""
    display = "font-display: swap; " if swap else ""
    return (
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f"font-style: {face.style}; {display}src: {src}; }}"
    )


def font_face_css(text: str) -> str:
    """@font-face rules with the WOFF2 subsets for `text` inlined as data: URLs (a
    self-contained HTML page)."""
    rules = []
    for face, path in subsets(text).items():
        data = base64.b64encode(woff2(path)).decode("ascii")
        rules.append(
            font_face_rule(face, f'url("data:font/woff2;base64,{data}") format("woff2")', swap=True)
        )
    return "\n".join(rules)


def font_files(text: str) -> list[tuple[Face, bytes]]:
    """Each face subset to `text`, as TTF bytes (for EPUB packaging)."""
    return [(face, path.read_bytes()) for face, path in subsets(text).items()]
