"""The part of the day, worded the way elders say the time: 凌晨 / 上午 / 中午 / 下午 / 晚上.

One wording for what the screen shows (上午9:30), what the speech says (上午九点三十分) and
what the centre writes in reminders (上午9点30分), so the three never disagree.
"""
from __future__ import annotations

# (first hour, word): each word holds until the next one starts.
DAY_PERIODS = ((0, "凌晨"), (6, "上午"), (12, "中午"), (13, "下午"), (18, "晚上"))


def day_period(hour: int) -> str:
    """凌晨 0-5, 上午 6-11, 中午 12, 下午 13-17, 晚上 18-23."""
    word = DAY_PERIODS[0][1]
    for first_hour, period in DAY_PERIODS:
        if hour >= first_hour:
            word = period
    return word
