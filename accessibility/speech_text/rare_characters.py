"""Every character can be spoken: a Chinese character espeak does not know is said by one it
knows with the same reading.

espeak-ng knows every hanzi of GB 2312 (the 6,763 characters of everyday Chinese; checked
with ``espeak-ng -x`` in the tests) and reads any other it does not know by its code point —
𠮷 came out as "二零BB七". So a hanzi outside GB 2312 is replaced, for speech only, by:

1. its simplified form when that is in GB 2312 (長 → 长: the context reading stays espeak's);
2. a GB 2312 character with the same reading (堃 kūn → 坤), the reading taken from pypinyin,
   else from Unicode's Unihan ``kMandarin`` (Debian's ``unicode-data`` package);
3. a variant in GB 2312 when the character has no reading of its own (𠮷 has none anywhere,
   Unihan gives 吉 as its variant, whose reading serves);
4. nothing: a character with no reading anywhere (𠀋) is skipped, never read as a code.

The homophone is one with a single reading, so espeak cannot pick another one. Readings are
loaded on the first rare character (pypinyin's table and the Unihan files, ~0.5 s), never at
import. Radicals that espeak reads by code point (扌, 氵…) and private-use or unassigned code
points are dropped the same way.
"""
from __future__ import annotations

import bz2
import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

UNIHAN_DIRS = (Path("/usr/share/unicode"), Path("/usr/share/unicode-data"))
HAN = re.compile(r"[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Variants whose reading stands in when a character has none of its own (most specific first).
_VARIANT_FIELDS = ("kZVariant", "kSemanticVariant", "kSpoofingVariant",
                   "kTraditionalVariant", "kSpecializedSemanticVariant")
_lock = threading.Lock()
_TONE_MARKS = {"ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4), "ē": ("e", 1), "é": ("e", 2),
               "ě": ("e", 3), "è": ("e", 4), "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
               "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4), "ū": ("u", 1), "ú": ("u", 2),
               "ǔ": ("u", 3), "ù": ("u", 4), "ǖ": ("v", 1), "ǘ": ("v", 2), "ǚ": ("v", 3), "ǜ": ("v", 4),
               "ü": ("v", 5), "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ḿ": ("m", 2)}


@lru_cache(maxsize=None)
def in_gb2312(char: str) -> bool:
    try:
        return len(char.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


def speakable(char: str) -> bool:
    """espeak has a reading for this hanzi (GB 2312 minus the bare radicals)."""
    return in_gb2312(char) and unicodedata.category(char) == "Lo" and not 0x2E80 <= ord(char) <= 0x2FDF \
        and char not in _UNSPOKEN_RADICALS


# GB 2312 has a few radical forms espeak reads by code point.
_UNSPOKEN_RADICALS = frozenset("扌犭忄氵衤")


def tone3(marked: str) -> str:
    """zhé → zhe2; a reading without a mark is the neutral tone (5)."""
    out, tone = [], 5
    for ch in marked.lower():
        if ch in _TONE_MARKS:
            base, tone = _TONE_MARKS[ch]
            out.append(base)
        else:
            out.append(ch)
    return "".join(out) + str(tone)


class Readings:
    """Unihan's readings and variants, and the GB 2312 homophone of each reading."""

    def __init__(self, unihan_dirs=UNIHAN_DIRS):
        self.mandarin: dict[str, str] = {}
        self.simplified: dict[str, str] = {}
        self.variants: dict[str, list[str]] = {}
        self.found_unihan = self._load_unihan(unihan_dirs)
        self.homophones = self._homophones()

    def _load_unihan(self, dirs) -> bool:
        readings = _find(dirs, "Unihan_Readings.txt")
        variants = _find(dirs, "Unihan_Variants.txt")
        if readings is None or variants is None:
            log.warning("Unihan data not found (Debian package unicode-data): rare characters "
                        "are read only by pypinyin")
            return False
        for code, field, value in _unihan_lines(readings):
            if field == "kMandarin":
                self.mandarin[code] = value.split()[0]
        order = {name: i for i, name in enumerate(_VARIANT_FIELDS)}
        found: dict[str, list[tuple[int, str]]] = {}
        for code, field, value in _unihan_lines(variants):
            if field == "kSimplifiedVariant":
                self.simplified[code] = chr(int(value.split()[0].split("<")[0][2:], 16))
            elif field in order:
                for token in value.split():
                    target = token.split("<")[0]
                    if target.startswith("U+"):
                        found.setdefault(code, []).append((order[field], chr(int(target[2:], 16))))
        self.variants = {code: [c for _, c in sorted(vs)] for code, vs in found.items()}
        return True

    @staticmethod
    def _homophones() -> dict[str, str]:
        """tone3 reading → the first GB 2312 character (level 1 first: the common ones) that
        has that one reading only."""
        from pypinyin import Style, pinyin

        table: dict[str, str] = {}
        for high in range(0xB0, 0xF8):
            for low in range(0xA1, 0xFF):
                try:
                    char = bytes((high, low)).decode("gb2312")
                except UnicodeDecodeError:
                    continue
                if not speakable(char):
                    continue
                said = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]
                if len(said) == 1 and said[0] not in table:
                    table[said[0]] = char
        return table

    def reading(self, char: str) -> str | None:
        """The character's own reading, tone3 (pypinyin first, then Unihan)."""
        from pypinyin import Style, pinyin

        said = pinyin(char, style=Style.TONE3, errors="ignore", neutral_tone_with_five=True)
        own = said[0][0] if said and said[0] and said[0][0][-1:].isdigit() else None
        marked = self.mandarin.get(char)
        if own and (not own.endswith("5") or not marked):
            return own
        return tone3(marked) if marked else own  # pypinyin's toneless 扌 (shou): Unihan's shǒu

    def homophone(self, reading: str) -> str | None:
        if reading in self.homophones:
            return self.homophones[reading]
        toneless = reading.rstrip("012345")  # a syllable no single-reading GB 2312 character has in that tone
        return next((c for r, c in self.homophones.items() if r.rstrip("012345") == toneless), None)

    def stand_in(self, char: str) -> str:
        """What espeak is given for ``char``: itself, a same-sounding character, or ''."""
        for same in (unicodedata.normalize("NFKC", char), self.simplified.get(char, "")):
            if same and speakable(same):
                return same
        reading = self.reading(char)
        if reading:
            return self.homophone(reading) or ""
        for variant in self.variants.get(char, []):
            if speakable(variant):
                return variant
            said = self.reading(variant)
            if said and self.homophone(said):
                return self.homophone(said)
        return ""


def _find(dirs, name: str) -> Path | None:
    for folder in dirs:
        for candidate in (folder / name, folder / f"{name}.bz2"):
            if candidate.is_file():
                return candidate
    return None


def _unihan_lines(path: Path):
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("U+"):
                continue
            code, field, value = line.rstrip("\n").split("\t", 2)
            yield chr(int(code[2:], 16)), field, value


_readings: list[Readings] = []


def readings() -> Readings:
    with _lock:
        if not _readings:
            _readings.append(Readings())
        return _readings[0]


def warm_in_background() -> None:
    """Load the readings (~0.7 s) at start-up, not on the greeting of the first elder whose
    name has a rare character."""
    threading.Thread(target=readings, name="unihan-warm", daemon=True).start()


def _stand_in(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if speakable(char) else readings().stand_in(char)


def _unspeakable(char: str) -> bool:
    """Private-use, unassigned and control characters: espeak would spell their code."""
    return unicodedata.category(char) in ("Co", "Cn", "Cs") or \
        (unicodedata.category(char) == "Cc" and char not in "\n\t")


def speakable_text(text: str) -> str:
    """``text`` with every hanzi espeak cannot read replaced by one it can (or dropped)."""
    if text.isascii():
        return text
    text = HAN.sub(_stand_in, text)
    return "".join(c for c in text if not _unspeakable(c))
