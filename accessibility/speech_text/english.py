"""English speech text: only what espeak's English voice gets wrong on its own.

espeak reads English numbers, times and dates well, but would say a phone number as
"one hundred thirty-eight, one thousand two hundred…" and ¥ as "yen". Chinese names left
untranslated in an English sentence (hospital names) are normalised as Chinese; the
espeak engine then speaks them with the Mandarin voice.
"""
from __future__ import annotations

import calendar
import re
from decimal import Decimal

from . import codes
from .rule import ENGLISH, Dialect, Rule

_CJK = r"\u3400-\u9fff\uf900-\ufaff"


def _iso_date(m: re.Match[str], _: Dialect) -> str:
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m.group(0)
    return f"{day} {calendar.month_name[month]} {m['y']}"


def _money(m: re.Match[str], _: Dialect) -> str:
    amount = Decimal(m["amount"] or m["amount2"]).normalize()
    return f"{amount:f} yuan"


RULES = (
    Rule("iso_date", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"), _iso_date),
    *codes.RULES,
    Rule("money", re.compile(r"[¥￥]\s*(?P<amount>\d+(?:\.\d+)?)\s*元?|(?<![\d.])(?P<amount2>\d+(?:\.\d+)?)\s*元"), _money),
)

# A run of Chinese text, with the digits inside or at its edges (第6人民医院, 3号楼).
CHINESE_RUN = re.compile(rf"[0-9]*[{_CJK}](?:[{_CJK}0-9，。、：；！？（）]*[{_CJK}])?[0-9]*")


def apply(text: str, chinese) -> str:
    """Apply the English rules, reading Chinese runs with `chinese` (the Mandarin normaliser)."""
    for rule in RULES:
        text = rule.apply(text, ENGLISH)
    return CHINESE_RUN.sub(lambda m: chinese(m.group(0)), text)
