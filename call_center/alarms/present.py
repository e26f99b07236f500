"""Alarm-desk rows → the API's shapes (phone numbers masked wherever they appear), and the
alarm as the device event log carries it."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from personal_data.masking import mask_name, mask_phone

from ..models import Elder
from ..models.alarms import Alarm, AlarmEvent, AlarmRefusal
from ..models.care import CareTask
from ..models.device_event_log import LogRow
from ..models.device_events import DeviceEvent
from .care import KIND_WORDS
from .checkins import CheckinState
from .schemas import (
    AlarmEventOut,
    AlarmOut,
    AlarmPartyOut,
    CareTaskOut,
    CheckinOut,
    DeviceEventOut,
    RefusalOut,
)
from .words import PHASE_WORDS, STATUS_WORDS, STEP_WORDS, elder_words


def alarm_summary(alarm: Alarm) -> dict[str, Any]:
    """The alarm as pushed to devices: enough for ``engine.alarm_update`` to redraw."""
    return {"id": alarm.id, "elder_id": alarm.elder_id, "status": alarm.status,
            "status_word": STATUS_WORDS.get(alarm.status, alarm.status),
            "phase": alarm.phase, "phase_word": PHASE_WORDS.get(alarm.phase, "")}


def alarm_step_row(_db: Session, obj: Any) -> LogRow | None:
    """Every step of every alarm, for the agents' live view (a device event log row maker;
    devices get status changes with speech from ``timeline.publish``)."""
    if not isinstance(obj, AlarmEvent) or obj.alarm is None:
        return None
    a = obj.alarm
    return (1, obj.seq), dict(
        at=obj.at, audience="agents", elder_id=a.elder_id, household_id=a.household_id,
        kind="alarm", ref_id=a.id,
        data={"alarm": alarm_summary(a),
              "step": {"seq": obj.seq, "kind": obj.kind, "actor": obj.actor, "note": obj.note}})


def alarm(a: Alarm, elder: Elder | None, with_events: bool = True,
          words: dict[str, str] = STATUS_WORDS) -> AlarmOut:
    """``words``: the status in the reader's words (a family member's: FAMILY_STATUS_WORDS)."""
    return AlarmOut(
        id=a.id, elder_id=a.elder_id, elder_name_masked=mask_name(elder.name) if elder else "",
        household_id=a.household_id, channel=a.channel, status=a.status,  # type: ignore[arg-type]
        status_word=words.get(a.status, a.status), phase=a.phase,  # type: ignore[arg-type]
        phase_word=PHASE_WORDS.get(a.phase, ""), speech=elder_words(a),
        note=a.note, raised_by=a.raised_by, raised_at=a.raised_at,
        pressed_at=a.pressed, delivery_delay_s=a.delivery_delay_s,
        acknowledged_at=a.acknowledged_at, acknowledged_by=a.acknowledged_by,
        responders_at=a.responders_at, closed_at=a.closed_at, closed_by=a.closed_by,
        outcome=a.outcome, updated_at=a.updated_at,
        parties=[AlarmPartyOut(kind=p.kind, name=p.name,  # type: ignore[arg-type]
                               number_masked=mask_phone(p.number),
                               told_at=p.told_at, cancel_told_at=p.cancel_told_at)
                 for p in a.parties],
        events=[AlarmEventOut(seq=e.seq, kind=e.kind, kind_word=STEP_WORDS.get(e.kind, e.kind),
                              at=e.at, actor=e.actor, note=e.note, data=e.data or {})
                for e in a.events] if with_events else [],
    )


def refusal(r: AlarmRefusal) -> RefusalOut:
    return RefusalOut(id=r.id, at=r.at, last_at=r.last_at, count=r.count, source=r.source,
                      code=r.code, reason=r.reason, caller=r.caller,
                      elder_id=r.elder_id, channel=r.channel, remote_addr=r.remote_addr)


def device_event(e: DeviceEvent) -> DeviceEventOut:
    data = dict(e.data or {})
    speech = data.pop("speech", "")
    return DeviceEventOut(id=str(e.id), kind=e.kind, at=e.at, elder_id=e.elder_id,  # type: ignore[arg-type]
                          ref_id=e.ref_id, data=data, speech=speech or "")


def checkin(s: CheckinState) -> CheckinOut:
    return CheckinOut(elder_id=s.elder_id, date=s.date, enrolled=s.enrolled,
                      status=s.status, deadline=f"{s.deadline:%H:%M}",  # type: ignore[arg-type]
                      checked_in_at=s.checked_in_at, late=s.late, prompt=s.prompt,
                      speech=s.speech)


def care_task(t: CareTask, elder: Elder | None) -> CareTaskOut:
    return CareTaskOut(id=t.id, elder_id=t.elder_id,
                       elder_name_masked=mask_name(elder.name) if elder else "",
                       kind=t.kind, kind_word=KIND_WORDS.get(t.kind, t.kind),  # type: ignore[arg-type]
                       status=t.status, title=t.title, detail=t.detail,  # type: ignore[arg-type]
                       alarm_id=t.alarm_id, due_at=t.due_at, created_at=t.created_at,
                       completed_at=t.completed_at, completed_by=t.completed_by,
                       result=t.result, note=t.note)
