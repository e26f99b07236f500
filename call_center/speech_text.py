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


def day_words(moment: datetime) -> str:
    """11月25日（星期二）: in full, never 明天, so a message read a day later is still true."""
    m = local(moment)
    return f"{m.month}月{m.day}日（星期{WEEKDAYS[m.weekday()]}）"


def when_words(moment: datetime) -> str:
    return day_words(moment) + clock_words(moment)


def message_speech(title: str, body: str) -> str:
    """A message is spoken as it is shown: its title, then its body, word for word."""
    return f"{title}。{body}" if title else body
