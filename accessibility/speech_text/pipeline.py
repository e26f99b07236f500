"""The order the rules run in, and the one entry point: `normalise(text, locale)`.

1. `prepare`: one kind of digit, symbols folded;
2. the domain rules, most specific first (an ISO timestamp before a date, a phone number
   before a plain number, blood pressure before a fraction): `when`, `codes`, `measures`,
   `quantities`. A reading they decide is held behind a placeholder, so nothing reads it twice;
3. `general`: wetext reads what is left (plain integers, fractions, slash dates, ratios);
4. `symbols`: what espeak would say in English (#, *, +, …) becomes Chinese words, and a last
   net reads any digit still there;
5. `rare_characters`: a hanzi espeak does not know is said by one it knows.
"""
from __future__ import annotations

import re

from . import codes, english, measures, quantities, symbols, when
from .general import read_general
from .numbers import cardinal
from .prepare import prepare
from .rare_characters import speakable_text
from .rule import CANTONESE, MANDARIN, Dialect, Held

DOMAIN_RULES = (
    *when.RULES,
    *measures.FIRST,
    *codes.RULES,
    *measures.RULES,
    *quantities.RULES,
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


def _last_net(m: re.Match[str], dialect: Dialect) -> str:
    number = m.group(0)
    return cardinal(number) if len(number) <= 4 else dialect.read_digits(number)


def _chinese(text: str, dialect: Dialect) -> str:
    held = Held()
    for rule in DOMAIN_RULES:
        text = rule.apply(text, dialect, held)
    text = read_general(text, cantonese=dialect is CANTONESE)
    for rule in symbols.RULES:
        text = rule.apply(text, dialect)
    text = _ANY_DIGIT.sub(lambda m: _last_net(m, dialect), text)
    return held.release(text)


def normalise(text: str, locale: str = "zh_CN") -> str:
    """Rewrite `text` the way it should be spoken in `locale` (zh_CN, yue or en).

    Chinese output contains no Arabic digit, none of the symbols espeak would read in
    English and no character espeak would read by its code point. Never raises for any str.
    """
    text = prepare(text)
    dialect = dialect_for(locale)
    if dialect is None:
        text = english.apply(text, lambda run: _chinese(run, MANDARIN))
    else:
        text = _chinese(text, dialect)
    return _SPACES.sub(" ", speakable_text(text)).strip()
