"""The ends of a time window as an option's second line shows them: the part of the day once,
in front, when both ends share it, at both ends when the window crosses into another, English
in full; and said as shown (never 凌晨 for an afternoon)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from shared_ui.confirmation import day_period, format_span_ends, format_time

TZ = datetime.now().astimezone().tzinfo


@pytest.mark.parametrize("hour", range(0, 24))
@pytest.mark.parametrize("minutes", [30, 120, 240])
def test_a_window_says_the_part_of_the_day_only_where_it_changes(hour, minutes):
    start = datetime(2026, 12, 6, hour, 0, tzinfo=TZ)
    end = start + timedelta(minutes=minutes)
    first, last = format_span_ends(start, end, "zh_CN")
    assert first == format_time(start) and not first[0].isdigit()  # 下午1:00, never a bare 1:00
    if day_period(start.hour) == day_period(end.hour):
        assert day_period(end.hour) + last == format_time(end) and last[0].isdigit()
    else:
        assert last == format_time(end)
    assert format_span_ends(start, end, "en") == (format_time(start, "en"), format_time(end, "en"))
    from accessibility.speech_text import normalise

    said = normalise(f"{first}到{last}之间")
    assert said.startswith(day_period(start.hour)), said
    assert "凌晨" not in said or "凌晨" in (day_period(start.hour), day_period(end.hour)), said
