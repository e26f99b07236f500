"""A normalisation rule: a pattern and the reading that replaces what it matches."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .numbers import cardinal, digits


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


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Dialect], str]

    def apply(self, text: str, dialect: Dialect) -> str:
        return self.pattern.sub(lambda m: self.read(m, dialect), text)


def after(match: re.Match[str]) -> str:
    """The text right after a match (what a reading may depend on: 两个 vs 二号)."""
    return match.string[match.end():]


def before(match: re.Match[str]) -> str:
    """The character right before a match, or '' at the start."""
    return match.string[match.start() - 1] if match.start() else ""
