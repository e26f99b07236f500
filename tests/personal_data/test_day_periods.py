"""The part of the day, as elders say it."""
from personal_data.day_periods import day_period


def test_every_hour_has_its_word():
    words = [day_period(h) for h in range(24)]
    assert words == ["凌晨"] * 6 + ["上午"] * 6 + ["中午"] + ["下午"] * 5 + ["晚上"] * 6

