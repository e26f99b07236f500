"""Kivy's line breaks: lines filled greedily with the units :mod:`accessibility.line_breaks`
cuts text into (Kivy breaks CJK anywhere), preferring to end after a clause (，。；…) when that
leaves the line at least half full; only a unit wider than a whole line is cut.
"""
from __future__ import annotations

import re
from typing import Callable

from accessibility.line_breaks import CLAUSE_END, CLOSING, OPENING, SEGMENTER, Segmenter, units


# A Latin word (with the marks after it): never cut here. The width estimate is per character
# and a Latin word's is up to a quarter too wide ("Installation"): cut by it, a word that fits
# was broken ("Install⏎ation"). Left whole, Kivy wraps it by its drawn width; a word truly
# wider than its box is the layout's to give room to (kivy_kit.layout_check finds it).
LATIN_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z'’.:/-]*[,.;:!?)\]]*")


def break_lines(text: str, width: float, size: float, measure: Callable[[str], float],
                segmenter: Segmenter = SEGMENTER) -> str:
    """``text`` with a line break wherever a line of ``width`` at ``size`` must end, at unit
    boundaries; ``measure(text)`` is its width in ems."""
    if not text or width <= 0:
        return text
    out: list[str] = []
    for paragraph in text.split("\n"):
        out += _fill(units(paragraph, segmenter), width / max(size, 1e-6), measure)
    return "\n".join(out)


def _fill(pieces: list[str], room: float, measure: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    for piece in pieces:
        if not line or measure("".join(line) + piece) <= room:
            line.append(piece)
        else:
            cut = _clause_cut(line, room, measure)
            lines.append("".join(line[:cut]))
            line = [*line[cut:], piece]
            if len(line) > 1 and measure("".join(line)) > room:  # the carried clause end and this
                lines.append("".join(line[:-1]))
                line = [piece]
        while len(line) == 1 and len(line[0]) > 1 and measure(line[0]) > room and not LATIN_WORD.fullmatch(line[0]):
            head, tail = _split_unit(line[0], room, measure)
            if not tail:
                break
            lines.append(head)
            line = [tail]
    if line:
        lines.append("".join(line))
    return [ln.strip() for ln in lines if ln.strip()] or [""]


def _clause_cut(line: list[str], room: float, measure: Callable[[str], float]) -> int:
    """Where to end a full line: after its last clause if that keeps it half full, else all."""
    for i in range(len(line) - 1, 0, -1):
        if line[i - 1][-1:] in CLAUSE_END and measure("".join(line[:i])) >= room / 2:
            return i
    return len(line)


def _split_unit(unit: str, room: float, measure: Callable[[str], float]) -> tuple[str, str]:
    """A unit wider than a whole line (a very long word): cut it where it fills the line,
    keeping closing punctuation off the next line's start."""
    cut = len(unit) - 1
    while cut > 1 and measure(unit[:cut]) > room:
        cut -= 1
    while cut < len(unit) and unit[cut] in CLOSING:
        cut += 1
    while 1 < cut < len(unit) and unit[cut - 1] in OPENING:  # nor an opening mark at the line's end
        cut -= 1
    return unit[:cut], unit[cut:]
