"""Symbols and Latin letters that espeak's Mandarin voice would read in English.

`cmn-latn-pinyin` switches to English for #, %, &, *, +, /, =, @, \\, ~ and ± (checked with
`espeak-ng -x`), so a Chinese sentence would suddenly say "hash" or "slash". They become
Chinese words here. All-capital abbreviations (CT, ECG) are spelled letter by letter, which
the voice reads as letter names instead of switching to English.
"""
from __future__ import annotations

import re

from .rule import Dialect, Rule

_WORDS = {
    "#": "井号", "*": "星号", "+": "加", "=": "等于", "&": "和", "@": "艾特", "±": "正负",
    "%": "百分号", "‰": "千分号", "℃": "摄氏度", "°": "度", "€": "欧元", "£": "英镑",
    "$": "美元", "¥": "元", "￥": "元", "×": "乘", "÷": "除以", "№": "第", "\\": " ", "~": " ",
    "/": " ",  # what is left of a slash once measures (每, 或) and wetext (fractions) have read theirs
}


def _symbol(m: re.Match[str], _: Dialect) -> str:
    ch = m.group(0)
    if ch in "#*" and m.string.startswith("号", m.end()):
        return {"#": "井", "*": "星"}[ch]  # #号键 → 井号键, not 井号号键
    return _WORDS[ch]


def _acronym(m: re.Match[str], _: Dialect) -> str:
    return " ".join(m.group(0))


RULES = (
    Rule("symbol", re.compile("[" + re.escape("".join(_WORDS)) + "]"), _symbol),
    Rule("acronym", re.compile(r"(?<![A-Za-z])[A-Z]{2,6}(?![A-Za-z])"), _acronym),
)
