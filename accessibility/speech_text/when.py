"""Dates, years and clock times, read the way a Shanghai receptionist would say them.

`2026-11-25` → 二〇二六年十一月二十五日, `9:30` → 上午九点三十分, `14:05` → 下午两点零五分,
`12:00` → 中午十二点. A period word already in the text (下午2:30) is kept, not doubled.
Whole sentences with the period make times unambiguous for a listener who cannot look back
at the screen (ELDER_UI.md, Speech: "speak whole sentences").
"""
from __future__ import annotations

import re

from personal_data.day_periods import day_period as period_of  # what the screen shows, said

from .numbers import cardinal, year
from .rule import Dialect, Rule

# Calendar years we expect in an elder's life and paperwork; other 4-digit numbers are counts.
_Y = r"(?:1[5-9]|20)\d\d"
_DURATION_BEFORE = ("用时", "时长", "耗时", "历时", "通话")
_PERIODS = "上午|下午|中午|晚上|早上|早晨|凌晨|傍晚|夜间|夜里|午夜"


def _valid_date(month: str, day: str | None = None) -> bool:
    return 1 <= int(month) <= 12 and (day is None or 1 <= int(day) <= 31)


def read_date(y: str | None, m: str, d: str | None) -> str:
    out = f"{year(y)}年" if y else ""
    out += f"{cardinal(str(int(m)))}月"
    if d is not None:
        out += f"{cardinal(str(int(d)))}日"
    return out


def read_clock(hour: int, minute: int, second: int | None = None) -> str:
    """`hour` is already on the 12-hour dial (0–12); minutes 0 are left unsaid (九点)."""
    out = cardinal(str(hour), liang=True) + "点"
    if minute:
        out += ("零" if minute < 10 else "") + cardinal(str(minute)) + "分"
    if second:
        if not minute:
            out += "零分"
        out += ("零" if second < 10 else "") + cardinal(str(second)) + "秒"
    return out


def _dial(hour: int, period: str | None) -> tuple[str, int]:
    """Return the period word and the hour on a 12-hour dial."""
    if hour == 24:
        return (period or "晚上"), 12
    if period is None:
        period = period_of(hour)
    return period, (hour - 12 if hour > 12 else hour)


def _time(m: re.Match[str], _: Dialect) -> str:
    h, mi = int(m["h"]), int(m["m"])
    s = int(m["s"]) if m["s"] else None
    if h > 24 or mi > 59 or (s is not None and s > 59) or (h == 24 and (mi or s)):
        return m.group(0)  # not a clock time (a score like 25:30); the ratio rule reads it
    if s is not None and not m["period"] and m.string[:m.start()].endswith(_DURATION_BEFORE):
        return _duration(h, mi, s)  # 用时1:30:15 is how long, not when
    given, said = m["period"], m["said"]
    # 12:00（中午）: a period written after the time is said once, in front, where a listener
    # expects it (中午十二点), never twice.
    if said and not given:
        given, said = said, None
    elif said == given:
        said = None
    period, dial = _dial(h, given)
    out = f"{given or ''}{'' if given else period}{read_clock(dial, mi, s)}"
    if m["h2"]:
        h2, m2 = int(m["h2"]), int(m["m2"])
        if h2 > 24 or m2 > 59:
            return m.group(0)
        period2, dial2 = _dial(h2, None)
        if given and h2 <= 12:
            period2 = given  # 下午2:00-4:00: the second time shares the given period
        out += "到" + ("" if period2 == period else period2) + read_clock(dial2, m2)
    return out + (f"（{said}）" if said else "")


def _duration(h: int, mi: int, s: int) -> str:
    parts = [(h, "小时"), (mi, "分"), (s, "秒")]
    return "".join(cardinal(str(v), liang=unit == "小时") + unit for v, unit in parts if v) or "零秒"


def _iso_datetime(m: re.Match[str], _: Dialect) -> str:
    # Split the ISO form into date and time; the date and time rules that follow read them.
    return f"{m['date']} {m['time']}"


def _ymd(m: re.Match[str], _: Dialect) -> str:
    if not _valid_date(m["m"], m["d"]):
        return m.group(0)
    return read_date(m["y"], m["m"], m["d"])


def _md(m: re.Match[str], _: Dialect) -> str:
    if not _valid_date(m["m"], m["d"]):
        return m.group(0)
    out = f"{cardinal(str(int(m['m'])))}月"
    return out + (f"{cardinal(str(int(m['d'])))}{m['unit']}" if m["d"] else "")


def _ym(m: re.Match[str], _: Dialect) -> str:
    if not _valid_date(m["m"]):
        return m.group(0)
    return read_date(m["y"], m["m"], None)


RULES = (
    Rule("iso_datetime", re.compile(
        r"(?<!\d)(?P<date>\d{4}-\d{1,2}-\d{1,2})[T ](?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
        r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?!\d)"), _iso_datetime, final=False),
    Rule("date_ymd", re.compile(
        rf"(?<![\d.])(?P<y>{_Y})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d]|\.\d)"), _ymd),
    Rule("date_ym", re.compile(rf"(?<![\d.])(?P<y>{_Y})[-/](?P<m>\d{{1,2}})(?![\d.:/-])"), _ym),
    # 2026年 is a calendar year read digit by digit; 3年 / 10年 are durations (cardinals).
    Rule("year", re.compile(rf"(?<![\d.])(?P<y>{_Y})(?=\s*年(?!代|级))"), lambda m, d: year(m["y"])),
    # 11月2日 is 十一月二日 (wetext says 两日); 2月 is 二月.
    Rule("month_day", re.compile(r"(?<![\d.])(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?P<unit>[日号]))?(?!\d)"), _md,
         final=False),  # inline: a range rule still sees 日 before its dash
    Rule("time", re.compile(
        rf"(?P<period>{_PERIODS})?\s*(?<![\d.:])(?P<h>\d{{1,2}})[:：](?P<m>\d{{2}})(?:[:：](?P<s>\d{{2}}))?(?![\d:：])"
        rf"(?:\s*(?:-|–|—|~|～|至|到)\s*(?P<h2>\d{{1,2}})[:：](?P<m2>\d{{2}})(?![\d:：]))?"
        rf"(?:\s*[（(](?P<said>{_PERIODS})[)）])?"), _time),
)
