"""The ends of a time window as an option's second line shows them: the part of the day once
when both ends share it, both when the window crosses into another, English in full."""
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
    if day_period(start.hour) == day_period(end.hour):
        assert day_period(start.hour) + first == format_time(start) and day_period(end.hour) + last == format_time(end)
        assert first[0].isdigit() and last[0].isdigit()
    else:
        assert (first, last) == (format_time(start), format_time(end))
    assert format_span_ends(start, end, "en") == (format_time(start, "en"), format_time(end, "en"))
