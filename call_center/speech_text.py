"""Times written and spoken the way an elder hears them: "11月25日上午9点30分"."""
from __future__ import annotations

from datetime import date, datetime

from personal_data.day_periods import day_period as part_of_day  # one wording on every channel

from .clock import local

WEEKDAYS = "一二三四五六日"


def clock_words(moment: datetime) -> str:
    """上午9点30分, 下午2点 (12-hour, as people say it)."""
    m = local(moment)
    hour12 = m.hour if m.hour <= 12 else m.hour - 12
    minutes = f"{m.minute}分" if m.minute else ""
    return f"{part_of_day(m.hour)}{hour12}点{minutes}"


def day_words(moment: datetime, relative_to: date | None = None) -> str:
    """11月25日, or 今天 / 明天 / 后天 when ``relative_to`` makes that true."""
    m = local(moment)
    if relative_to is not None:
        delta = (m.date() - relative_to).days
        if delta in (0, 1, 2):
            return ("今天", "明天", "后天")[delta] + f"（{m.month}月{m.day}日）"
    return f"{m.month}月{m.day}日（星期{WEEKDAYS[m.weekday()]}）"


def when_words(moment: datetime, relative_to: date | None = None) -> str:
    return day_words(moment, relative_to) + clock_words(moment)


def short_when(moment: datetime) -> str:
    """For screens and slips: 11月25日 09:30."""
    m = local(moment)
    return f"{m.month}月{m.day}日 {m.hour:02d}:{m.minute:02d}"
