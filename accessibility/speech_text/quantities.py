"""Amounts: money, percentages, temperatures, ranges, ratios and every remaining number.

Money is read the way a cashier says it (¥12.50 → 十二元五角, 12.05元 → 十二元零五分).
The last rule, `number`, reads whatever digits are left, so no Arabic digit ever reaches
the synthesizer (espeak would otherwise fall back to English for some of them).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .codes import QUANTITY_AFTER, chunk, read_groups
from .numbers import cardinal, decimal, liang_follows
from .rule import Dialect, Rule, after, before


def read_money(amount: str) -> str:
    """12.50 → 十二元五角; 0.05 → 五分; 2 → 两元 (amounts are rounded to the fen)."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    yuan, cents = divmod(int(value * 100), 100)
    jiao, fen = divmod(cents, 10)
    out = ""
    if yuan or not cents:
        out = cardinal(str(yuan), liang=True) + "元"
    if jiao:
        out += cardinal(str(jiao), liang=True) + "角"
    if fen:
        out += ("零" if yuan and not jiao else "") + cardinal(str(fen), liang=True) + "分"
    return out


def _money(m: re.Match[str], _: Dialect) -> str:
    return read_money(m["amount"])


def _percent(m: re.Match[str], _: Dialect) -> str:
    sign, number = m["sign"], m["number"]
    head = "千分之" if m["unit"] == "‰" else "百分之"
    return ("负" if sign else "") + head + decimal(number)


def _temperature(m: re.Match[str], _: Dialect) -> str:
    return ("零下" if m["sign"] else "") + decimal(m["number"]) + "摄氏度"


def _range(m: re.Match[str], _: Dialect) -> str:
    return f"{m['a']}到{m['b']}"


def _ratio(m: re.Match[str], _: Dialect) -> str:
    return f"{m['a']}比{m['b']}"


def _number(m: re.Match[str], dialect: Dialect) -> str:
    whole, frac = m["whole"], m["frac"]
    prev = before(m)
    minus = bool(m["sign"]) and not (prev.isascii() and prev.isalnum())
    rest = after(m)
    if frac is not None:
        reading = decimal(f"{whole}.{frac}")
    elif len(whole) >= 5 and not rest.lstrip().startswith(QUANTITY_AFTER):
        # An identifier (booking reference, account): digit by digit, paused every four.
        reading = read_groups(chunk(whole) if len(whole) > 6 else [whole], dialect)
    else:
        reading = cardinal(whole, liang=liang_follows(rest) and prev != "第")
    if m["sign"]:
        return ("负" if minus else m["sign"]) + reading
    return reading


RULES = (
    Rule("money", re.compile(r"[¥￥]\s*(?P<amount>\d+(?:\.\d+)?)\s*元?|(?<![\d.])(?P<amount2>\d+(?:\.\d+)?)\s*元(?![宵旦])"),
         lambda m, d: read_money(m["amount"] or m["amount2"])),
    Rule("percent", re.compile(r"(?P<sign>-)?(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[%‰])"), _percent),
    Rule("temperature", re.compile(r"(?P<sign>-)?(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*(?:℃|°C|°c|摄氏度)"), _temperature),
    Rule("range", re.compile(
        r"(?<![\d.:])(?P<a>\d+(?:\.\d+)?)\s*(?:-|~|～|—|–)\s*(?P<b>\d+(?:\.\d+)?)(?![\d.:])"), _range),
    Rule("ratio", re.compile(r"(?<![\d.])(?P<a>\d+)\s*[:：]\s*(?P<b>\d+)(?![\d.])"), _ratio),
    Rule("number", re.compile(r"(?P<sign>[-+])?(?P<whole>\d+)(?:\.(?P<frac>\d+))?"), _number),
)
