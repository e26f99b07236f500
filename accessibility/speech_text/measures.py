"""Medical readings and units, said the way a nurse says them to an elder.

- blood pressure: 血压135/85 → 血压高压一百三十五，低压八十五 (never 八十五分之一百三十五 or
  一百三十五或八十五); a pair counts as blood pressure after 血压/BP, before mmHg, or when it
  can only be one (systolic 70–260 above diastolic 40–160);
- Latin units after a number: 6.5mmol/L → 六点五毫摩尔每升, 65kg → 六十五公斤, 10mg, 5ml,
  170cm, 3.5km, 30min; wetext knows some and garbles others (mmHg → 毫米Hg, 0.5g → 零点五g);
- a slash between a unit and what it is counted per is 每: 72次/分 → 七十二次每分钟,
  25元/次 → 二十五元每次; between words it is 或 (男/女 → 男或女);
- the abbreviations on an elder's lab sheet and prescription: HbA1c → 糖化血红蛋白,
  SpO2 → 血氧饱和度, qd/bid/tid → 每日一次/两次/三次.
"""
from __future__ import annotations

import re

from .numbers import LIANG_BEFORE, cardinal
from .rule import Dialect, Rule

# Latin unit → the word said (longest first where one is the start of another).
LATIN_UNITS = {
    "mmHg": "毫米汞柱", "mmol": "毫摩尔", "μmol": "微摩尔", "umol": "微摩尔", "kcal": "千卡",
    "bpm": "次每分钟", "mcg": "微克", "μg": "微克", "ug": "微克", "mg": "毫克", "kg": "公斤",
    "km": "公里", "cm": "厘米", "mm": "毫米", "ml": "毫升", "mL": "毫升", "dL": "分升", "dl": "分升",
    "min": "分钟", "IU": "国际单位", "g": "克", "L": "升", "l": "升", "m": "米", "h": "小时", "s": "秒",
    "U": "单位", "d": "天",
}
_UNIT_ALTERNATION = "|".join(sorted(map(re.escape, LATIN_UNITS), key=len, reverse=True))

# Whole words on lab sheets and prescriptions (ours: wetext leaves them or reads their digits).
ABBREVIATIONS = {
    "HbA1c": "糖化血红蛋白", "SpO2": "血氧饱和度", "MRI": "核磁共振", "ECG": "心电图", "EKG": "心电图",
    "qd": "每日一次", "bid": "每日两次", "tid": "每日三次", "qid": "每日四次", "qn": "每晚一次",
    "prn": "必要时", "BP": "血压",
}

# What is counted per something (the word after a slash that makes it 每).
PER = ("分钟", "小时", "公斤", "千克", "公里", "毫升", "人次", "星期", "分", "时", "天", "日", "次", "人",
       "月", "周", "年", "升", "分升", "克", "斤", "片", "粒", "袋", "盒", "瓶", "支", "张", "份", "件",
       "个", "位", "间", "床", "晚", "趟", "小时")
# A slash after one of these ends an amount: 元/次, 次/分, 毫摩尔/升.
UNIT_BEFORE = tuple(LIANG_BEFORE) + tuple(LATIN_UNITS.values()) + ("毫摩尔", "微摩尔", "单位", "摄氏度", "元", "分")
_PER_SAID = {"分": "分钟", "时": "小时"}

# Doses that make a/b a fraction even when it could be a pressure (1/2片, 3/4杯).
_DOSE_AFTER = "片粒支袋包瓶杯勺剂滴颗丸格碗盒块只个次"


def _latin_unit(m: re.Match[str], _: Dialect) -> str:
    return LATIN_UNITS[m["unit"]]


def _per(m: re.Match[str], _: Dialect) -> str:
    word = m["per"]
    return "每" + _PER_SAID.get(word, word)


def _slash(m: re.Match[str], _: Dialect) -> str:
    return "或"


def _blood_pressure(m: re.Match[str], _: Dialect) -> str:
    high, low = int(m["a"]), int(m["b"])
    context = m["ctx"] or ""
    unit = bool(m["unit"])
    rest = m.string[m.end():]
    if not (context or unit):
        plausible = 70 <= high <= 260 and 40 <= low <= 160 and low < high
        if not plausible or (rest[:1] and rest[:1] in _DOSE_AFTER) or rest.startswith("/"):
            return m.group(0)
    said = "血压" if context.strip(" ：:是为").upper() == "BP" else context
    return f"{said}高压{cardinal(str(high))}，低压{cardinal(str(low))}" + ("毫米汞柱" if unit else "")


def _abbreviation(m: re.Match[str], _: Dialect) -> str:
    word = ABBREVIATIONS[m.group(0)]
    if m.string[:m.start()].rstrip().endswith(word):  # 心电图ECG: the word is said already
        return " ".join(m.group(0))
    return word


def _page(m: re.Match[str], _: Dialect) -> str:
    """第1/2页 → 第一页，共两页."""
    unit = m["unit"]
    return f"第{cardinal(m['a'])}{unit}，共{cardinal(m['b'], liang=True)}{unit}"


_AFTER_UNIT = "(?:" + "|".join(f"(?<={re.escape(u)})" for u in UNIT_BEFORE) + ")"

# Blood pressure runs before the codes (血压119/50 is not the fire brigade) and is final; the rest leave Chinese words in place for the rules after them
# (money reads 25元每次 once the slash is 每).
FIRST = (
    Rule("blood_pressure", re.compile(
        r"(?P<ctx>(?:血压|BP|bp)\s*(?:[:：]|是|为)?\s*)?(?<![\d./])(?P<a>\d{2,3})\s*/\s*(?P<b>\d{2,3})(?![\d./])"
        r"(?P<unit>\s*(?:mmHg|毫米汞柱))?"), _blood_pressure),
)
RULES = (
    Rule("page", re.compile(r"第\s*(?P<a>\d+)\s*/\s*(?P<b>\d+)\s*(?P<unit>页|张|份|次|期|联)"), _page),
    Rule("abbreviation", re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![A-Za-z0-9])"),
        _abbreviation, final=False),
    # after a digit (6.5mmol, 10 mg) or after the slash of a per-unit (mmol/L, km/h)
    Rule("latin_unit", re.compile(
        rf"(?:(?<=\d)\s?|(?<=/))(?P<unit>{_UNIT_ALTERNATION})(?![A-Za-z])"), _latin_unit, final=False),
    Rule("per", re.compile(
        _AFTER_UNIT + r"/(?P<per>" + "|".join(sorted(map(re.escape, PER), key=len, reverse=True)) + ")"),
        _per, final=False),
    Rule("slash", re.compile(r"(?<=[^\d\s/])/(?=[^\d\s/])"), _slash, final=False),
)
