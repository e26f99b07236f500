"""The order the rules run in, and the one entry point: `normalise(text, locale)`."""
from __future__ import annotations

import re

from . import codes, english, quantities, symbols, when
from .prepare import prepare
from .rule import CANTONESE, MANDARIN, Dialect

# Order matters: the most specific readings claim their digits first (an ISO timestamp before
# a date, a phone number before a plain number), and `number` reads whatever is left.
CHINESE_RULES = (
    *when.RULES,
    *codes.RULES,
    *quantities.RULES,
    *symbols.RULES,
)

_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_ANY_DIGIT = re.compile(r"[0-9]+")


def dialect_for(locale: str) -> Dialect | None:
    """The Chinese dialect for a locale, or None for English."""
    key = locale.replace("-", "_").lower()
    if key.startswith("en"):
        return None
    if key.startswith(("yue", "zh_hk", "zh_mo")):
        return CANTONESE
    return MANDARIN


def _chinese(text: str, dialect: Dialect) -> str:
    for rule in CHINESE_RULES:
        text = rule.apply(text, dialect)
    # Safety net: the `number` rule reads every digit run; this only guards future rule edits.
    return _ANY_DIGIT.sub(lambda m: dialect.read_digits(m.group(0)), text)


def normalise(text: str, locale: str = "zh_CN") -> str:
    """Rewrite `text` the way it should be spoken in `locale` (zh_CN, yue or en).

    Chinese output contains no Arabic digit and none of the symbols espeak would read in
    English. Never raises for any str input.
    """
    text = prepare(text)
    dialect = dialect_for(locale)
    if dialect is None:
        text = english.apply(text, lambda run: _chinese(run, MANDARIN))
    else:
        text = _chinese(text, dialect)
    return _SPACES.sub(" ", text).strip()
