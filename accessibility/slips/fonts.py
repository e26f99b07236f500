"""Which characters a slip can print, and what stands in for the few it cannot.

Names carry rare characters (㛃, 𠮷, 䶮…). Pango falls back through fontconfig, but a
character no installed font has comes out as an empty box (.notdef) — on an elder's slip
that hides part of their name. So the font chain is explicit and its coverage is read from
the font files themselves (fontTools cmaps); a character none of them has is replaced by
〓 (the typesetter's mark for a missing character) and logged, never printed as a box.

Chain: OneKey Slip SC (our GB 2312 cut of Noto Sans CJK SC Bold, shipped in assets/fonts
and loaded by ``@font-face`` through the locked fetcher: fast to subset, see
``fontbuild.py``), OneKey Slip SC Rare (the rare name characters Noto has, a second small
cut), Noto Sans CJK SC (all of CJK Ext A and ~2,100 Ext B characters, incl.
𠮷), DejaVu Sans (symbols), HanaMin B/A from Debian's ``fonts-hanazono`` (almost all of
Ext B–F) when installed.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

log = logging.getLogger(__name__)

SLIP_FAMILY = "OneKey Slip SC"  # = fontbuild.FAMILY; the @font-face in assets/slips/slip.css
SLIP_FONT_FILE = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "onekey-slip-sc-bold.otf"
RARE_FAMILY = "OneKey Slip SC Rare"  # = fontbuild.RARE_FAMILY: rare name characters, a second small cut
RARE_FONT_FILE = SLIP_FONT_FILE.with_name("onekey-slip-sc-rare-bold.otf")
SHIPPED = {SLIP_FAMILY: SLIP_FONT_FILE, RARE_FAMILY: RARE_FONT_FILE}
FONT_CHAIN = (SLIP_FAMILY, RARE_FAMILY, "Noto Sans CJK SC", "DejaVu Sans", "HanaMinB", "HanaMinA")
MISSING_MARK = "〓"
_ZERO_WIDTH_OK = {"Mn", "Me", "Cf", "Cc", "Zs", "Zl", "Zp"}


def css_family(chain: Iterable[str] = FONT_CHAIN) -> str:
    return ", ".join(f'"{name}"' for name in chain) + ", sans-serif"


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str
    index: int


def locate(family: str, weight: str = "bold") -> FontFace | None:
    """The installed file fontconfig gives for ``family``, or None when that family is absent."""
    if family in SHIPPED:
        return FontFace(family, str(SHIPPED[family]), 0) if SHIPPED[family].is_file() else None
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}\n%{index}\n", f"{family}:weight={weight}"],
        capture_output=True, text=True, timeout=10,
    ).stdout.splitlines()
    if len(out) < 3 or family.lower() not in (f.strip().lower() for f in out[0].split(",")):
        return None
    return FontFace(family, out[1], int(out[2] or 0))


def _cmap(face: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    if face.file.lower().endswith((".ttc", ".otc")):
        font = TTCollection(face.file, lazy=True).fonts[face.index]
    else:
        font = TTFont(face.file, lazy=True)
    return frozenset(font.getBestCmap())


class Coverage:
    """The union of the chain's cmaps, read once per process (about 0.5 s) and shared."""

    _lock = threading.Lock()
    _cache: dict[tuple[str, ...], "Coverage"] = {}

    def __init__(self, faces: list[FontFace], codepoints: frozenset[int]):
        self.faces = faces
        self.codepoints = codepoints

    @classmethod
    def of(cls, chain: Iterable[str] = FONT_CHAIN) -> "Coverage":
        key = tuple(chain)
        with cls._lock:
            if key not in cls._cache:
                faces = [face for face in (locate(name) for name in key) if face]
                points: set[int] = set()
                for face in faces:
                    points |= _cmap(face)
                if not faces:
                    log.error("none of the slip fonts %s is installed", ", ".join(key))
                cls._cache[key] = cls(faces, frozenset(points))
            return cls._cache[key]

    def covers(self, char: str) -> bool:
        return ord(char) in self.codepoints or unicodedata.category(char) in _ZERO_WIDTH_OK

    def printable(self, text: str) -> str:
        """``text`` with every character no chain font can draw replaced by 〓."""
        if text.isascii() and all(ord(c) in self.codepoints for c in text if c.isprintable()):
            return text
        missing = [c for c in text if not self.covers(c)]
        if not missing:
            return text
        log.warning("no slip font has %s; printed as %s",
                    ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(missing)), MISSING_MARK)
        return "".join(c if self.covers(c) else MISSING_MARK for c in text)
