"""A device event as the hub keeps it: presented once (the JSON every box receives), with the
keys it is delivered by."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from ..alarms.present import device_event
from ..models.device_events import DeviceEvent


@dataclass(frozen=True, eq=False)
class Row:
    id: int
    at: datetime
    audience: str  # household | agents | family (the family's service) | system (never sent)
    keys: tuple[str, ...]  # h:<household>, d:<device>
    body: dict[str, Any]  # DeviceEventOut as JSON ({} for system rows)
    data: dict[str, Any]  # the stored data (system rows: what changed)


def keys_for(household_id: str | None, device_id: str | None) -> tuple[str, ...]:
    """What an event is delivered by, and what a device waits on: its household, itself."""
    return tuple(k for k in (household_id and f"h:{household_id}",
                             device_id and f"d:{device_id}") if k)


def present_rows(events: Iterable[DeviceEvent | Any]) -> list[Row]:
    """Events as the hub keeps them, from ORM objects or Core rows of the log."""
    rows = []
    for e in events:
        keys = keys_for(e.household_id, e.device_id)
        body = {} if e.audience == "system" else device_event(e).model_dump(mode="json")
        rows.append(Row(e.id, e.at, e.audience, keys, body, dict(e.data or {})))
    return rows
