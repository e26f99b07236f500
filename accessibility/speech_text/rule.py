"""A normalisation rule: a pattern and the reading that replaces what it matches.

A rule's reading is final: when the pipeline passes a :class:`Held` store, the reading is
parked behind a private-use placeholder, so no later rule and not the general library
(wetext) can read it a second time (wetext would turn the 幺 of 尾号幺二三 back into nothing
it knows, or a 到 into 减). The placeholders are put back last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .numbers import cardinal, digits

# Unicode's first private-use block: nothing a person writes (prepare() removes any).
PRIVATE_USE = (0xE000, 0xF8FF)
PLACEHOLDER = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class Dialect:
    """How digits, masks and pauses are said in one spoken language.

    Mandarin reads 1 as 幺 inside phone numbers and codes; Cantonese keeps 一 (jat1);
    English spells digits out ("1 3 8") so espeak says them one by one.
    """

    name: str
    one: str = "幺"
    pause: str = "，"

    def read_digits(self, text: str) -> str:
        if self.name == "en":
            return " ".join(text)
        return digits(text, one=self.one).replace("X", "叉").replace("x", "叉")

    def read_stars(self, n: int) -> str:
        if self.name == "en":
            return "star " * n if n <= 4 else f"{n} stars"
        return "星" * n if n <= 4 else f"{cardinal(str(n))}个星"


MANDARIN = Dialect("zh_CN", one="幺")
CANTONESE = Dialect("yue", one="一")
ENGLISH = Dialect("en", one="1", pause=", ")


@dataclass
class Held:
    """Readings already decided, each behind one private-use placeholder character."""

    readings: list[str] = field(default_factory=list)

    def hold(self, reading: str) -> str:
        if len(self.readings) > PRIVATE_USE[1] - PRIVATE_USE[0]:
            return reading  # thousands of spans in one text: the rest stay inline
        self.readings.append(reading)
        return chr(PRIVATE_USE[0] + len(self.readings) - 1)

    def release(self, text: str) -> str:
        return PLACEHOLDER.sub(lambda m: self._reading(m.group(0)), text)

    def _reading(self, placeholder: str) -> str:
        index = ord(placeholder) - PRIVATE_USE[0]
        return self.readings[index] if index < len(self.readings) else ""


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Dialect], str]
    final: bool = True  # False: the reading leaves parts for later rules (2026-11-25 9:30 → date, time)

    def apply(self, text: str, dialect: Dialect, held: Held | None = None) -> str:
        if held is None or not self.final:
            return self.pattern.sub(lambda m: self.read(m, dialect), text)

        def replace(m: re.Match[str]) -> str:
            reading = self.read(m, dialect)
            return reading if reading == m.group(0) else held.hold(reading)

        return self.pattern.sub(replace, text)


def after(match: re.Match[str]) -> str:
    """The text right after a match (what a reading may depend on: 两个 vs 二号)."""
    return match.string[match.end():]


def before(match: re.Match[str]) -> str:
    """The character right before a match, or '' at the start."""
    return match.string[match.start() - 1] if match.start() else ""
