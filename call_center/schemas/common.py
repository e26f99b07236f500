"""Shared field types and the error shape."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer

from ..clock import local

Id = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_\-]+$")]

# Every time leaves the centre in Asia/Shanghai with its offset: 2026-11-25T09:30:00+08:00.
ShanghaiTime = Annotated[
    datetime,
    PlainSerializer(lambda d: local(d).isoformat(timespec="seconds"), return_type=str),
]


class Strict(BaseModel):
    """Inputs reject unknown keys, so a misspelt field is an error, not silently ignored, and
    take each value only as its own JSON type: ``true`` is not 1 and ``"2"`` is not 2. Dates
    and times, which JSON writes as text, are :data:`Day`, :data:`Moment` and
    :data:`ClockTime`."""

    model_config = ConfigDict(extra="forbid", strict=True)


# Dates and times come as ISO text; each is bounded, so no arithmetic on one can overflow
# (date_to=9999-12-31 once answered 500).
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
Day = Annotated[date, Field(strict=False, ge=EARLIEST, le=LATEST)]
Moment = Annotated[AwareDatetime, Field(strict=False, ge=datetime(2000, 1, 1, tzinfo=timezone.utc),
                                        le=datetime(2099, 12, 31, tzinfo=timezone.utc))]
ClockTime = Annotated[time, Field(strict=False)]


class Query(BaseModel):
    """Query strings are text, so values are converted ("20" is 20); an unknown parameter is
    an error like an unknown body field (a misspelt ``elderid=`` must not list everyone's).
    Text is taken as sent, here and in bodies: trimming it would accept what the published
    length limits refuse."""

    model_config = ConfigDict(extra="forbid")


class Health(BaseModel):
    status: str = "ok"
