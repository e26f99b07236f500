"""The Simplified Chinese face of Noto Sans CJK, made loadable by Kivy.

Kivy (SDL_ttf) opens only face 0 of a ``.ttc`` collection, and face 0 of Debian's Noto Sans
CJK collection is the Japanese one: Chinese text would come out with Japanese glyph shapes
(e.g. 直, 骨, 写 drawn the Japanese way). So on first use the SC face is copied out of the
collection with fontTools into a cache directory (≈16 MB, ≈0.5 s once) and registered under
one name with its bold face; later starts only check that the cached files exist.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FONT_NAME = "NotoSansSC"
FAMILY = "Noto Sans CJK SC"
# Debian's fonts-noto-cjk; fc-match finds it elsewhere (other distributions, a custom image).
DEBIAN_COLLECTIONS = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}


class FontMissing(RuntimeError):
    """No Noto Sans CJK collection is installed (Debian package ``fonts-noto-cjk``)."""


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "onekey" / "fonts"


def _collection(weight: str) -> Path:
    known = DEBIAN_COLLECTIONS[weight]
    if known.exists():
        return known
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{FAMILY}:weight={weight}"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        if out and Path(out).exists():
            return Path(out)
    raise FontMissing(f"{FAMILY} ({weight}) is not installed; install Debian's fonts-noto-cjk")


def _face_index(collection_path: Path) -> int:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(collection_path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FAMILY:
            return index
    raise FontMissing(f"{collection_path} has no {FAMILY} face")


def extract_face(collection_path: Path, target: Path) -> Path:
    """Write the SC face of ``collection_path`` to ``target`` (atomically) and return it."""
    from fontTools.ttLib import TTCollection

    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # its table-by-table trace would flood the app's log
    try:
        index = _face_index(collection_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        TTCollection(str(collection_path), lazy=True).fonts[index].save(str(partial))
        partial.replace(target)
    finally:
        quiet.setLevel(level)
    log.info("extracted %s face %d of %s to %s", FAMILY, index, collection_path, target)
    return target


def sc_font_files(cache_dir: str | Path | None = None) -> FontFiles:
    """The cached SC faces, extracted when missing or older than the installed collection."""
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    paths = {}
    for weight in ("regular", "bold"):
        source = _collection(weight)
        target = cache / f"{FONT_NAME}-{weight.capitalize()}.otf"
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            extract_face(source, target)
        paths[weight] = target
    return FontFiles(paths["regular"], paths["bold"])


def natural_line_height(font_file: str | Path) -> float:
    """The face's own line height in ems, (ascent − descent + gap) / em, as SDL_ttf lays lines.

    Kivy's ``line_height`` multiplies this, so a rule like "line spacing ≥ 1.3 × font size"
    (MIIT §1.2) becomes ``line_height = 1.3 / natural_line_height`` — for Noto Sans CJK,
    whose natural line is 1.448 em, not 1.3 × 1.448.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file), lazy=True)
    hhea = font["hhea"]
    return (hhea.ascent - hhea.descent + hhea.lineGap) / font["head"].unitsPerEm


def register_sc_font(cache_dir: str | Path | None = None, name: str = FONT_NAME,
                     files: FontFiles | None = None) -> str:
    """Register the SC faces with Kivy under ``name`` (use it as ``font_name``) and return it."""
    from kivy.core.text import LabelBase

    files = files or sc_font_files(cache_dir)
    LabelBase.register(name, fn_regular=str(files.regular), fn_bold=str(files.bold))
    return name
