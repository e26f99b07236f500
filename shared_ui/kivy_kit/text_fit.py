"""Font sizes that make a label fit its tile, never below the host's body size, and where its
lines break.

Kivy wraps only at spaces and a CJK run has none, so a long label is either cut with "…" or
broken in the middle of a number. Tiles therefore pick the largest size between the body
size and their nominal size at which the label fits on one line; past that they wrap (two
lines) or shorten. Widths are estimated per character (CJK and full-width punctuation 1 em,
Latin letters and digits about half), which is what matters for Noto Sans CJK.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata

BOLD_WIDENING = 1.04  # bold CJK glyphs are a little wider than the regular advance


def em_width(text: str) -> float:
    """The width of ``text`` in ems (1 em = the font size)."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1.0
        elif char == " ":
            total += 0.3
        else:
            total += 0.56
    return total * BOLD_WIDENING


def fit_font(text: str, width: float, largest: float, smallest: float) -> float:
    """The largest size in [smallest, largest] at which ``text`` fits in ``width`` on one line,
    in whole pixels: each distinct size is a font face SDL_ttf opens anew (≈0.4 s for the CJK
    face), so sizes that differ in the fifth decimal must not be distinct sizes."""
    ems = em_width(text)
    if ems <= 0 or width <= 0:
        return whole(largest)
    return max(whole(smallest), min(whole(largest), float(math.floor(width / ems))))


def whole(size: float) -> float:
    """A font size in whole pixels (sizes from a look are already whole)."""
    return float(round(size))


def fits(text: str, width: float, size: float) -> bool:
    return em_width(text) * size <= width


def break_softly(text: str, width: float, size: float, font_name: str = "", bold: bool = False) -> str:
    """``text`` with line breaks where a line of ``width`` at ``size`` may end by the Chinese
    rules (:mod:`.line_breaks`: never inside a word, number, date, time, room, plate or phone;
    no closing mark at a line start, no opening mark at a line end), so Kivy, which breaks
    CJK anywhere, has nothing left to break. Text that fits is returned as it is — by its
    drawn width in ``font_name`` when given: the per-character estimate is ~25% wide for
    Latin words, and broke "Appointment⏎time" in a column it fitted."""
    if not text or width <= 0:
        return text
    if "\n" not in text and (fits(text, width, size) or
                             (font_name and drawn_width(text, size, font_name, bold) <= width)):
        return text
    from .line_breaks import break_lines

    return break_lines(text, width * 0.98, size, em_width)  # a little room for the estimate


LATIN_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z'’.:/-]*")


def words_whole(text: str, width: float, size: float, font_name: str = "", bold: bool = False) -> bool:
    """Whether every Latin word and number of ``text`` fits on a line of ``width`` at ``size``
    (a wider one would be cut in the middle: "Prescript⏎ion"). With ``font_name``, by the
    words' drawn widths (:func:`drawn_width`), which is what Kivy breaks by; else by the
    per-character estimate."""
    if font_name:
        return widest_word(text, size, font_name, bold) <= width * 0.98
    return all(em_width(word) * size <= width * 0.98 for word in LATIN_WORD.findall(text))


def widest_word(text: str, size: float, font_name: str, bold: bool = False) -> float:
    """The drawn width of the widest Latin word or number of ``text`` at ``size`` (0 if none):
    the least room a line must have for no word of it to be cut ("Satisf⏎ied")."""
    return max((drawn_width(word, size, font_name, bold) for word in LATIN_WORD.findall(text)), default=0.0)


@functools.lru_cache(maxsize=4096)
def drawn_width(text: str, size: float, font_name: str, bold: bool = False) -> float:
    """The width Kivy draws ``text`` at, on one line, in the font ``font_name``. The estimate
    (:func:`em_width`) is right for CJK but not for Latin letters: it is ~25% wide for
    "Installation" and ~40% narrow for "Home"'s m and "W" — a word the estimate let through
    was cut by Kivy's own wrapping."""
    from kivy.core.text import Label as CoreLabel

    if not text:
        return 0.0
    return float(CoreLabel(font_size=whole(size), font_name=font_name, bold=bold).get_extents(text)[0])


def line_count(text: str, width: float, size: float) -> int:
    """Lines ``text`` takes at ``size`` in ``width`` once :func:`break_softly` has broken it."""
    return sum(max(1, math.ceil(em_width(part) * size / max(width, 1)))
               for part in break_softly(text, width, size).split("\n"))


def laid_out(text: str, width: float, size: float, font_name: str, bold: bool = False,
             line_height: float = 1.0, max_lines: int = 0) -> tuple[float, int]:
    """(height, lines) of ``text`` as Kivy's core label lays it out ``width`` wide with no
    height limit — real line heights, not an estimate (with a fixed height Kivy silently drops
    the lines that do not fit, so a drawn label cannot tell what it lost)."""
    from kivy.core.text import Label as CoreLabel

    if not text or width <= 1:
        return 0.0, 0
    core = CoreLabel(text=text, font_size=size, font_name=font_name, bold=bold, text_size=(width, None),
                     line_height=line_height, max_lines=max_lines)
    core.refresh()
    return float(core._internal_size[1]), max(1, len(getattr(core, "_cached_lines", None) or [1]))
