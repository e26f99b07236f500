"""The silent branch, one timer step at a time (seed 000 §三(一)3 情况二):

    回拨 2次无响应 → 立即联系紧急联系人（按顺序） → 无法联络则拨打110请民警上门
    → 在应急人员上门前不间断呼叫用户 → 用户回应则撤销/转人工

Each step is split in two so no database transaction is open while a phone rings:
:func:`plan` (read: is this timer still meaningful, and whom to call) and :func:`apply`
(write: record the call, advance the alarm, schedule what comes next). ``apply`` checks again,
because the alarm may have moved on while the call was ringing (the elder pressed 我没事):
then the call is recorded and nothing else changes.

Timer steps and their arguments:

- ``ack_overdue`` — nobody acknowledged in ``ack_timeout_s``: start the silent branch;
- ``callback`` {attempt} — call the elder back (``callback_attempts``, default 2);
- ``contact`` {priority} — call the next emergency contact;
- ``police`` — call 110 to visit (retried every ``police_retry_s`` until answered);
- ``keep_calling`` {attempt} — call the elder every ``keep_calling_interval_s`` until
  responders arrive; starts when the call-backs are exhausted;
- ``cancel_notice`` {party_id, attempt} — tell a party the alarm was cancelled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.masking import mask_phone
from personal_data.names import kin_and_name

from ..models import Contact, Elder
from ..models.alarms import Alarm, AlarmParty, AlarmTimer
from . import care, timeline
from .telephony import POLICE, CallResult
from .words import CALL_WORDS, POLICE_TOLD, contact_told

if TYPE_CHECKING:
    from .desk import AlarmDesk

SYSTEM = "system:escalation"


@dataclass(frozen=True)
class Plan:
    """What a due timer will do: call ``number`` for ``purpose`` (or nothing: a DB-only step)."""

    number: str = ""
    purpose: str = ""
    who: str = ""  # for the timeline: 老人 / 侄女李娟 / 110

    @property
    def calls(self) -> bool:
        return bool(self.purpose)


def still_due(alarm: Alarm | None, timer: AlarmTimer, db: Session) -> bool:
    """Is the alarm still where this timer expects it? (Else the timer is stale.)"""
    if alarm is None:
        return False
    args = timer.args or {}
    if timer.step == "ack_overdue":
        return alarm.status == "raised"
    if timer.step == "callback":
        return (alarm.status, alarm.phase) == ("escalating", "callback") and \
            alarm.callbacks_made == args.get("attempt", 0) - 1
    if timer.step == "contact":
        return (alarm.status, alarm.phase) == ("escalating", "contacts") and \
            alarm.contact_priority < args.get("priority", 0)
    if timer.step == "police":
        return (alarm.status, alarm.phase) == ("escalating", "police")
    if timer.step == "keep_calling":
        return alarm.status == "escalating" and \
            alarm.keep_calls_made == args.get("attempt", 0) - 1
    if timer.step == "cancel_notice":
        party = db.get(AlarmParty, args.get("party_id"))
        return alarm.status == "cancelled" and party is not None and party.cancel_told_at is None
    return False


def plan(db: Session, alarm: Alarm | None, timer: AlarmTimer) -> Plan | None:
    """None when the timer is stale; otherwise whom to call (if anyone)."""
    if not still_due(alarm, timer, db):
        return None
    assert alarm is not None
    args = timer.args or {}
    if timer.step in {"callback", "keep_calling"}:
        elder = db.get(Elder, alarm.elder_id)
        return Plan(elder.phone if elder else "", timer.step, "老人")
    if timer.step == "contact":
        contact = _contact(db, alarm.elder_id, args["priority"])
        if contact is None:
            return Plan()
        return Plan(contact.phone, "emergency_contact", kin_and_name(contact.relation, contact.name))
    if timer.step == "police":
        return Plan(POLICE, "police_visit", "110")
    if timer.step == "cancel_notice":
        party = db.get(AlarmParty, args["party_id"])
        assert party is not None
        return Plan(party.number, "cancel_notice", party.name)
    return Plan()  # ack_overdue: no call


def apply(db: Session, desk: "AlarmDesk", alarm: Alarm, timer: AlarmTimer, planned: Plan,
          result: CallResult | None, now: datetime) -> None:
    """Record the call and move the escalation on (inside the step's transaction)."""
    if not still_due(alarm, timer, db):
        if result is not None:  # the phone rang while the alarm moved on: keep the record
            timeline.event(alarm, "stale_call", SYSTEM, now,
                           f"呼叫{planned.who}：{CALL_WORDS[result.outcome]}（报警已变化，不再推进）",
                           step=timer.step, outcome=result.outcome)
        return
    args = timer.args or {}
    step = timer.step
    settings = desk.settings
    if step == "ack_overdue":
        waited = int(settings.ack_timeout_s)
        timeline.event(alarm, "ack_overdue", SYSTEM, now,
                       f"{waited}秒内无人接警，系统自动开始回拨老人")
        desk.start_silent_branch(db, alarm, now)
        return
    assert result is not None or not planned.calls
    outcome = result.outcome if result else "failed"
    # "Call every N s" is counted from the start of this call, however long it rang.
    placed = result.placed_at if result and result.placed_at else now
    call = dict(outcome=outcome, number=mask_phone(planned.number) if planned.number else None,
                reason=result.reason if result and result.reason else None,
                placed_at=placed.isoformat() if result and result.placed_at else None)
    words = CALL_WORDS[outcome] + (f"（{result.reason}）" if result and result.reason else "")
    if step == "callback":
        n = args["attempt"]
        alarm.callbacks_made = n
        timeline.event(alarm, "callback", SYSTEM, now, f"第{n}次回拨老人：{words}",
                       attempt=n, **call)
        if outcome == "answered":
            desk.elder_responded(db, alarm, SYSTEM, now, f"第{n}次回拨接通")
        elif n < settings.callback_attempts:
            timeline.schedule(db, alarm, "callback",
                              timeline.after(placed, settings.callback_interval_s), now,
                              attempt=n + 1)
        else:
            _start_response(db, alarm, now, placed, settings.keep_calling_interval_s)
    elif step == "contact":
        priority = args["priority"]
        alarm.contact_priority = priority
        if not planned.calls:
            _next_contact(db, alarm, now)
            return
        timeline.event(alarm, "contact_call", SYSTEM, now,
                       f"联系紧急联系人{planned.who}：{words}", priority=priority,
                       contact=planned.who, **call)
        if outcome == "answered":
            contact = _contact(db, alarm.elder_id, priority)
            alarm.parties.append(AlarmParty(kind="contact", name=planned.who,
                                            number=planned.number, told_at=now, told_by=SYSTEM))
            timeline.move(alarm, "escalating", now, "keep_calling")
            timeline.publish(db, alarm, now, contact_told(contact.relation, contact.name)
                             if contact else None)
        else:
            _next_contact(db, alarm, now)
    elif step == "police":
        timeline.event(alarm, "police_call", SYSTEM, now, f"拨打110请民警上门查看：{words}", **call)
        if outcome == "answered":
            alarm.parties.append(AlarmParty(kind="police", name="110", number=POLICE,
                                            told_at=now, told_by=SYSTEM))
            timeline.move(alarm, "escalating", now, "keep_calling")
            timeline.publish(db, alarm, now, POLICE_TOLD)
        else:
            timeline.schedule(db, alarm, "police",
                              timeline.after(placed, settings.police_retry_s), now)
    elif step == "keep_calling":
        n = args["attempt"]
        alarm.keep_calls_made = n
        timeline.event(alarm, "keep_calling", SYSTEM, now, f"第{n}次持续呼叫老人：{words}",
                       attempt=n, **call)
        if outcome == "answered":
            desk.elder_responded(db, alarm, SYSTEM, now, f"持续呼叫第{n}次接通")
        else:
            timeline.schedule(db, alarm, "keep_calling",
                              timeline.after(placed, settings.keep_calling_interval_s), now,
                              attempt=n + 1)
    elif step == "cancel_notice":
        _cancel_notice(db, desk, alarm, args, planned, outcome, words, call, placed, now)


def _start_response(db: Session, alarm: Alarm, now: datetime, last_call: datetime,
                    keep_interval: float) -> None:
    """回拨2次无响应: contacts at once, and the elder is called on until help arrives
    (every ``keep_interval`` from the last call-back's start)."""
    timeline.event(alarm, "response_started", SYSTEM, now,
                   f"回拨{alarm.callbacks_made}次无响应，立即启动应急响应")
    timeline.schedule(db, alarm, "keep_calling", timeline.after(last_call, keep_interval), now,
                      attempt=alarm.keep_calls_made + 1)
    timeline.move(alarm, "escalating", now, "contacts")
    _next_contact(db, alarm, now)
    timeline.publish(db, alarm, now)


def _next_contact(db: Session, alarm: Alarm, now: datetime) -> None:
    nxt = db.scalar(select(Contact.priority).where(
        Contact.elder_id == alarm.elder_id, Contact.priority > alarm.contact_priority)
        .order_by(Contact.priority).limit(1))
    if nxt is not None:
        timeline.schedule(db, alarm, "contact", now, now, priority=nxt)
        return
    timeline.event(alarm, "contacts_unreachable", SYSTEM, now,
                   "紧急联系人都联系不上，拨打110请民警上门")
    timeline.move(alarm, "escalating", now, "police")
    timeline.schedule(db, alarm, "police", now, now)


def _cancel_notice(db: Session, desk: "AlarmDesk", alarm: Alarm, args: dict, planned: Plan,
                   outcome: str, words: str, call: dict, placed: datetime,
                   now: datetime) -> None:
    party = db.get(AlarmParty, args["party_id"])
    assert party is not None
    n = args.get("attempt", 1)
    timeline.event(alarm, "cancel_notice", SYSTEM, now,
                   f"告知{party.name}报警已撤销：{words}", party=party.name, attempt=n, **call)
    if outcome == "answered":
        party.cancel_told_at = now
    elif n < desk.settings.cancel_notice_attempts:
        timeline.schedule(db, alarm, "cancel_notice",
                          timeline.after(placed, desk.settings.cancel_notice_retry_s), now,
                          party_id=party.id, attempt=n + 1)
    else:
        care.create_task(db, f"notify:{alarm.id}:{party.id}", alarm.elder_id, "notify",
                         f"告知{party.name}：报警已撤销",
                         f"系统{n}次没有打通{party.name}的电话，请人工告知报警已撤销。",
                         now, now, SYSTEM, alarm_id=alarm.id)


def _contact(db: Session, elder_id: str, priority: int) -> Contact | None:
    return db.scalar(select(Contact).where(Contact.elder_id == elder_id,
                                           Contact.priority == priority))
