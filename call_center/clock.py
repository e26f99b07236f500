"""Time in the centre: stored in UTC, spoken and shown in Asia/Shanghai (+08:00)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current instant, aware, in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """Any aware datetime (naive = UTC, as stored) shown in Asia/Shanghai."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(SHANGHAI)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def age_on(birth: date, day: date) -> int:
    """Whole years from ``birth`` to ``day`` (a birthday not reached yet this year not counted)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
