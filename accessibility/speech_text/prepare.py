"""Make the input regular before any rule reads it.

Every Unicode decimal digit (full-width ３, Arabic-Indic ٣, …) becomes its ASCII digit, so
later rules see one kind of digit and none can slip through unread; full-width Latin letters
and the symbols espeak would read in English become their ASCII forms, which the symbol
rules then turn into Chinese words. Chinese punctuation is kept: it is shown on screen and
espeak pauses on it.
"""
from __future__ import annotations

import re
import unicodedata

# Full-width forms folded to ASCII: letters, digits and the symbols the rules look for.
_FULLWIDTH_SYMBOLS = "＃％＆＊＋／＝＠＼～－．＄"
_FOLD = {ord(ch): chr(ord(ch) - 0xFEE0) for ch in _FULLWIDTH_SYMBOLS}
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({0x2212: "-", 0x00A0: " ", 0x3000: " ", 0x2009: " ", 0x202F: " "})

_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)|(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d+")


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _ascii_digits(text: str) -> str:
    out = []
    for ch in text:
        if ch.isdecimal() and not ch.isascii():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def prepare(text: str) -> str:
    """Fold digits and full-width forms to ASCII and drop thousands separators (1,200 → 1200)."""
    text = _PRIVATE_USE.sub("", _ascii_digits(text)).translate(_FOLD)  # the pipeline's placeholders
    return _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
