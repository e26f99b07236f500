"""Chinese readings of numbers: cardinal, decimal, digit by digit, years.

Cardinal conversion is cn2an's (a widely used Chinese TTS front-end helper); this module adds
what a listener expects on top of it: 两 before measure words and at the head of 千/万/亿,
幺 for 1 when digits are read one by one (so 1 and 7 are never confused over a speaker),
〇 in years, and a digit-by-digit fallback for numbers too long to be quantities.
"""
from __future__ import annotations

import cn2an

DIGITS_MANDARIN = "零幺二三四五六七八九"   # phone, ID, plate, code: 幺 for 1
DIGITS_PLAIN = "零一二三四五六七八九"      # decimals after 点, Cantonese codes
DIGITS_YEAR = "〇一二三四五六七八九"       # 二〇二六年

# cn2an's own limit is 16 digits; anything that long is an identifier, not a quantity.
_MAX_CARDINAL_DIGITS = 12

# Measure words before which 2 is read 两 (两个人, 两点, 两小时, 两元), not 二.
LIANG_BEFORE = (
    "个小时", "小时", "分钟", "个月", "星期", "公斤", "千克", "公里", "千米",
    "个", "位", "人", "名", "次", "张", "份", "件", "台", "辆", "本", "条", "天", "周",
    "年", "岁", "块", "元", "斤", "米", "瓶", "盒", "片", "粒", "袋", "杯", "碗", "顿",
    "趟", "遍", "点", "种", "项", "家", "间", "床", "套", "双", "把", "支", "包", "针",
)


def digits(text: str, *, one: str = "幺", zero: str = "零") -> str:
    """Read a string of ASCII digits one by one (`138` → 幺三八); non-digits pass through."""
    table = DIGITS_MANDARIN if one == "幺" else DIGITS_PLAIN
    out = []
    for ch in text:
        if ch.isdigit() and ch.isascii():
            out.append(zero if ch == "0" else table[int(ch)])
        else:
            out.append(ch)
    return "".join(out)


def year(text: str) -> str:
    """Years are read digit by digit with 〇: 2026 → 二〇二六."""
    return "".join(DIGITS_YEAR[int(ch)] for ch in text)


def cardinal(text: str, *, liang: bool = False) -> str:
    """Read an unsigned integer as a quantity: 123 → 一百二十三.

    `liang=True` reads a lone 2 as 两 (before a measure word). Leading zeros or more than
    twelve digits mean it is a code, not a quantity, and it is read digit by digit.
    """
    if not text or not text.isascii() or not text.isdigit():
        raise ValueError(f"not an unsigned integer: {text!r}")
    if len(text) > 1 and text.startswith("0"):
        return digits(text, one="一")
    if len(text) > _MAX_CARDINAL_DIGITS:
        return digits(text)
    if liang and text == "2":
        return "两"
    reading = cn2an.an2cn(text)
    # 二千 / 二万 / 二亿 at the head are said 两千 / 两万 / 两亿.
    if len(reading) > 1 and reading[0] == "二" and reading[1] in "千万亿":
        reading = "两" + reading[1:]
    return reading


def decimal(text: str, *, liang: bool = False) -> str:
    """Read `12.05` as 十二点零五; an integer string is read as a cardinal."""
    whole, _, frac = text.partition(".")
    head = cardinal(whole or "0", liang=liang and not frac)
    if not frac:
        return head
    return head + "点" + digits(frac, one="一")


def liang_follows(rest: str) -> bool:
    """True when the text after a number starts with a measure word that takes 两."""
    return rest.startswith(LIANG_BEFORE)
