"""The console's view of the alarm desk (``call_center.alarms``, built alongside).

Everything the console reads from or asks of alarms goes through this module and the desk's
documented service functions (``AlarmDesk``, ``care``, ``words``), so the pages do not
depend on that package's internals, and a centre without the desk still serves the console
(without alarm rows).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.masking import mask_name

from ..clock import now as wall_clock
from ..models import Elder
from . import labels

if TYPE_CHECKING:
    from ..alarms.desk import AlarmDesk

EXTENSION = "onekey_alarms"  # where call_center.alarms.attach puts the desk


@dataclass(frozen=True)
class AlarmRow:
    id: str
    elder_id: str
    elder_masked: str
    district: str
    street: str
    state: str
    state_word: str
    source: str
    pressed_at: datetime      # the elder's wait starts here, not when the centre heard of it
    late_s: int               # how long the device held it (cut off from the centre)
    acknowledged: bool
    handler: str


@dataclass(frozen=True)
class CareTaskRow:
    id: str
    elder_id: str
    elder_masked: str
    district: str
    kind: str
    kind_word: str
    title: str
    due_at: datetime
    also: int = 0  # older open tasks of the same kind this row's call answers too


def available() -> bool:
    return EXTENSION in current_app.extensions


def desk() -> "AlarmDesk":
    return current_app.extensions[EXTENSION]


def now() -> datetime:
    """The queue's clock: the alarm desk's (fakeable in tests and fast-forward demos), so
    "waiting 65 s" is measured on the same clock that stamped the alarm."""
    return desk().now() if available() else wall_clock()


def status_words(status: str, phase: str = "") -> str:
    from ..alarms.words import PHASE_WORDS, STATUS_WORDS

    word = STATUS_WORDS.get(status, status)
    extra = PHASE_WORDS.get(phase, "")
    return f"{word}（{extra}）" if extra else word


def _elders(db: Session, ids: set[str]) -> dict[str, Elder]:
    if not ids:
        return {}
    return {e.id: e for e in db.scalars(select(Elder).where(Elder.id.in_(ids)))}


def open_alarms(db: Session) -> list[AlarmRow]:
    """Oldest first: the one waiting longest is answered first (the desk's order)."""
    if not available():
        return []
    from . import people

    alarms = desk().open_alarms(db)
    elders = _elders(db, {a.elder_id for a in alarms})
    names = people.agent_names(db, (a.acknowledged_by or "" for a in alarms))
    rows = []
    for a in alarms:
        elder = elders.get(a.elder_id)
        rows.append(AlarmRow(
            id=a.id, elder_id=a.elder_id, elder_masked=mask_name(elder.name) if elder else "",
            district=elder.district if elder else "", street=elder.street if elder else "",
            state=a.status, state_word=status_words(a.status, a.phase),
            source=labels.channel(a.channel), pressed_at=a.pressed, late_s=a.delivery_delay_s,
            acknowledged=a.acknowledged_by is not None,
            handler=labels.actor(a.acknowledged_by, names) if a.acknowledged_by else ""))
    return rows


def open_care_tasks(db: Session) -> list[CareTaskRow]:
    """Open tasks already due: a missed check-in's call, package A's care calls, follow-ups."""
    if not available():
        return []
    from ..alarms import care

    tasks = care.tasks(db, status="open", due_before=desk().now(), limit=500)
    elders = _elders(db, {t.elder_id for t in tasks})
    # One row (one call) an elder and kind: the newest task, which answers the older ones
    # (care.ANSWERED_TOGETHER), placed where the oldest is due, with how many it stands for.
    groups: dict[tuple[str, str], list[Any]] = {}
    for t in tasks:
        key = (t.elder_id, t.kind) if t.kind in care.ANSWERED_TOGETHER else (t.elder_id, t.id)
        groups.setdefault(key, []).append(t)
    rows = []
    for group in groups.values():
        oldest, newest = group[0], group[-1]
        elder = elders.get(newest.elder_id)
        rows.append(CareTaskRow(
            id=newest.id, elder_id=newest.elder_id, elder_masked=mask_name(elder.name) if elder else "",
            district=elder.district if elder else "", kind=newest.kind,
            kind_word=care.KIND_WORDS.get(newest.kind, newest.kind), title=newest.title,
            due_at=oldest.due_at, also=len(group) - 1))
    return rows[:100]


def recent_alarms_of(db: Session, elder_id: str, limit: int = 10) -> list[Any]:
    if not available():
        return []
    from ..models.alarms import Alarm

    return list(db.scalars(select(Alarm).where(Alarm.elder_id == elder_id)
                           .order_by(Alarm.raised_at.desc()).limit(limit)))
