"""Amounts where the general library (wetext) says the wrong thing, read here first.

- money the way a cashier says it (¥12.50 → 十二元五角, 12.05元 → 十二元零五分; wetext says
  十二点五零元);
- temperatures below zero as 零下 (wetext: 负五摄氏度), percentages with a sign or per mille;
- ranges: a dash between two amounts is 到 (3-5天, 100-200, 11月25日-11月27日, 1号-3号楼;
  wetext reads 100-200 as 一百减两百);
- decimals (wetext reads 12.1 as a date, 十二月一日);
- 第2 is 第二 and a lone 2 before a measure word is 两 (两次, 两点; wetext says 第两个, 二次, 二点);
- long digit runs that are not quantities (booking references) digit by digit.

Every other integer, fraction (1/2片 → 二分之一片), date written 12/1 and ratio is left as it
is, for wetext (`general`); the pipeline's last net reads any digit still left.
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


def _temperature(m: re.Match[str], _: Dialect) -> str:
    if m["number2"] is not None:  # 气温-3度: only a temperature is minus so many degrees
        return "零下" + decimal(m["number2"]) + "度"
    return ("零下" if m["sign"] else "") + decimal(m["number"]) + "摄氏度"


def _number(m: re.Match[str], dialect: Dialect) -> str:
    """Only the numbers wetext misreads; any other is returned as it is, for wetext."""
    whole, frac = m["whole"], m["frac"]
    prev = before(m)
    minus = bool(m["sign"]) and not (prev.isascii() and prev.isalnum())
    rest = after(m)
    if frac is not None:
        reading = decimal(f"{whole}.{frac}", liang=liang_follows(rest))
    elif len(whole) >= 5 and not rest.lstrip().startswith(QUANTITY_AFTER):
        # An identifier (booking reference, account): digit by digit, paused every four.
        reading = read_groups(chunk(whole) if len(whole) > 6 else [whole], dialect)
    elif prev == "第" or (len(whole) > 1 and whole.startswith("0")):
        reading = cardinal(whole)
    elif len(whole) >= 3 and rest.lstrip().startswith(QUANTITY_AFTER):
        reading = cardinal(whole)  # wetext says 110次 as a phone number, 幺幺零次
    elif whole == "2" and liang_follows(_RANGE_END.sub("", rest, count=1)):  # 两次, 2-3次 → 两到三次
        reading = "两"
    elif whole == "2" and rest.startswith(ORDINAL_AFTER):
        reading = "二"  # 2单元 is the second unit (wetext: 两单元)
    elif minus:
        reading = cardinal(whole)
    else:
        return m.group(0)
    if m["sign"] == "+":
        return "加" + reading  # the reading is held: the symbol rule will not see this +
    return ("负" if minus else "") + reading


# The rest of a range (到3), skipped to find its measure word.
_RANGE_END = re.compile(r"^到\d+(?:\.\d+)?")

# Words after which a number names one of a series, so 2 stays 二.
ORDINAL_AFTER = ("日", "单元", "期", "型", "级", "组", "班", "床", "号", "楼", "层", "室", "路", "弄", "栋",
                 "幢", "座", "区", "月", "窗口", "诊室")

# What may stand right before a range's dash: a digit or the unit that closes an amount.
_RANGE_FROM = r"\d日号月点分秒时楼层岁天年元次个周床室座片粒克斤米升"

RULES = (
    # first: 10-20元 is a range of money, not ten minus twenty yuan
    Rule("range", re.compile(rf"(?<=[{_RANGE_FROM}])\s*(?:-|~|～|—|–)\s*(?=\d|[一二三四五六七八九十])"),
         lambda m, d: "到", final=False),  # 11月25日-11月27日 arrives as 十一月二十五日-十一月…
    Rule("money", re.compile(r"[¥￥]\s*(?P<amount>\d+(?:\.\d+)?)\s*元?|(?<![\d.])(?P<amount2>\d+(?:\.\d+)?)\s*元(?![宵旦])"),
         lambda m, d: read_money(m["amount"] or m["amount2"])),
    Rule("percent", re.compile(r"(?:(?P<sign>-)(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[%‰])"
                               r"|(?<![\d.])(?P<number2>\d+(?:\.\d+)?)\s*(?P<unit2>‰))"),
         lambda m, d: _percent(m)),
    Rule("temperature", re.compile(r"(?P<sign>-)?(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>℃|°C|°c|摄氏度)"
                                   r"|(?P<sign2>-)(?<![\d.])(?P<number2>\d+(?:\.\d+)?)\s*度"), _temperature),
    # A number written as a fraction, ratio or percentage (1/2, 3:2, 85%) is wetext's whole.
    Rule("number", re.compile(r"(?P<sign>[-+])?(?<![\d./:：])(?P<whole>\d+)(?:\.(?P<frac>\d+))?(?![\d.]*[%/:：])"),
         _number),
)


def _percent(m: re.Match[str]) -> str:
    if m["number2"] is not None:
        return "千分之" + decimal(m["number2"])
    return ("负" if m["sign"] else "") + ("千分之" if m["unit"] == "‰" else "百分之") + decimal(m["number"])
