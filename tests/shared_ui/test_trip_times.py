"""The times a form offers for a car toward a booked visit end early enough to make it: the
special vehicle's windows (longer when she is carried down the stairs) and the taxi's times,
generated over visit times and the clock, with the parameters the spec gives."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from shared_ui.flow import choices as ch
from shared_ui.spec import load_spec

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=ch.SHANGHAI)
VISITS = [NOW.replace(hour=h, minute=m) + timedelta(days=d)
          for d in (1, 2, 3) for h in range(7, 17) for m in (0, 30)]


def _params(form: str, **resolved: str) -> dict:
    fld = next(f for f in load_spec().forms[form].fields if f.id == "pickup_time")
    out = {}
    for key, ref in fld.source.params.items():
        out[key] = ref.removeprefix("value:") if ref.startswith("value:") else resolved.get(key)
    return out


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(ch, "_now", lambda: NOW)


@pytest.mark.parametrize("stairs", ["self", "carry"])
def test_no_special_vehicle_window_on_the_way_to_a_visit_ends_too_late(stairs):
    before = timedelta(minutes=60 + (30 if stairs == "carry" else 0))
    for visit in VISITS:
        params = _params("special_vehicle", visit_start=visit.isoformat(), stairs=stairs)
        options = ch._visit_times(params, {}, {}, "zh_CN")
        assert options, visit
        for o in options:
            start = datetime.fromisoformat(o.value)
            assert o.meta.get("window")
            if start < visit:  # a window on the way to the visit
                assert start + timedelta(hours=2) <= visit - before, (visit, o)
        first = datetime.fromisoformat(options[0].value)
        if visit - before - timedelta(hours=2) > NOW + ch.VISIT_LEAD:
            # The first (the default) is the window that makes the visit, said so.
            assert first + timedelta(hours=2) == visit - before and "赶上看病" in options[0].detail


def test_without_a_visit_the_special_vehicle_offers_the_usual_windows():
    options = ch._visit_times(_params("special_vehicle", stairs="carry"), {}, {}, "zh_CN")
    assert [datetime.fromisoformat(o.value).hour for o in options] == [8, 13, 8, 13]


def test_no_taxi_time_toward_a_visit_is_too_late_for_it():
    for visit in [NOW + timedelta(minutes=m) for m in range(30, 24 * 60, 15)]:
        options = ch._taxi_times(_params("taxi", visit_start=visit.isoformat()), {}, {}, "zh_CN")
        for o in options:
            if o.value == "now":
                continue
            at = datetime.fromisoformat(o.value)
            assert not (visit - timedelta(minutes=60) < at <= visit), (visit, o)


@pytest.mark.parametrize("minute", range(0, 24 * 60, 10))
def test_a_taxi_may_be_booked_for_later_today_or_tomorrow_at_any_hour(monkeypatch, minute):
    """Besides now and a bit later, the next two of a morning and an afternoon (today or
    tomorrow): a car for tomorrow's outing was to be had only through 找人工. In order, in the
    future, within the days the centre books ahead, each said with its day."""
    from call_center.fulfilment.rides import LATEST_DAYS_AHEAD

    now = NOW.replace(hour=0, minute=0) + timedelta(minutes=minute)
    monkeypatch.setattr(ch, "_now", lambda: now)
    for locale, days in (("zh_CN", ("今天", "明天")), ("en", ("Today", "Tomorrow"))):
        options = ch._taxi_times(_params("taxi"), {}, {}, locale)
        assert options[0].value == "now"
        times = [datetime.fromisoformat(o.value) for o in options[1:]]
        assert times == sorted(set(times)) and times[0] > now
        assert times[-1] < now + timedelta(days=LATEST_DAYS_AHEAD)
        ahead = options[3:]
        assert len(ahead) == 2, options
        for o, at in zip(ahead, times[2:]):
            assert (at.hour, at.minute) in ch.TAXI_AHEAD_HOURS and at - now > timedelta(hours=1)
            assert o.label.startswith(days[(at.date() - now.date()).days]), o
        assert len({o.label for o in options}) == len(options)
