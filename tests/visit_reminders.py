"""The 看病提醒 a booked visit gets (call_center/fulfilment/notices.py), for tests that book on a
live centre at whatever hour they run: the evening before at 19:00 and two hours before, each due
at once when its time had already passed at booking — and two that had are one."""
from __future__ import annotations

from datetime import datetime, timedelta


def expected_dues(start: datetime, booked: datetime) -> list[datetime | None]:
    """The reminders' due times, earliest first; ``None`` for one due at once (at booking)."""
    from call_center.clock import at, local
    from call_center.fulfilment.notices import EVENING_HOUR, HOURS_BEFORE

    times = {at(local(start).date() - timedelta(days=1), EVENING_HOUR), start - timedelta(hours=HOURS_BEFORE)}
    ahead = sorted(t for t in times if t > booked)
    return ([None] if len(ahead) < len(times) else []) + ahead


def check(reminders: list[tuple[str, str]], start: datetime) -> None:
    """``reminders``: (created_at, due_at) of a visit's reminders, as the centre lists them."""
    booked = min(datetime.fromisoformat(created) for created, _ in reminders)
    expected = expected_dues(start, booked)
    due = sorted(datetime.fromisoformat(d) for _, d in reminders)
    assert len(due) == len(expected), (due, expected, booked)
    assert [d for d, e in zip(due, expected) if e is not None] == [e for e in expected if e is not None], (due, expected)
    assert all(d <= booked + timedelta(minutes=1) for d, e in zip(due, expected) if e is None), (due, booked)
