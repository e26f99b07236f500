"""The alarm desk: every change an API call or an agent makes to an alarm.

Each method takes the caller's session and only flushes: the request (or the console view)
commits, so an alarm change, its timeline event, its device event and its timers commit
together or not at all. Times come from the desk's clock (fakeable in tests).

The flow is seed 000 §三(一)3 一键紧急救援:

- raised → an agent acknowledges (or, after ``ack_timeout_s`` unanswered, the worker starts
  the silent branch by itself: an elder must not wait on a busy desk);
- 情况一 the elder answers (``elder_answered`` → ``in_contact``): the agent records 120/110/119
  calls, family contacted, guidance, responders arriving, the outcome;
- 情况二 the elder is silent (``elder_silent`` → ``escalating``): the worker calls back twice,
  then the emergency contacts in priority order, then 110 if nobody was reached, and keeps
  calling the elder until responders arrive (see ``escalation``);
- at any point the elder's "我没事" (or an agent) cancels it, and everyone already told is told
  it is cancelled; after responders arrive the outcome closes it and updates the profile.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable, Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from personal_data.names import kin_and_name

from ..clock import at as local_at, local
from ..db_insert import IfFound, insert_unless_taken
from ..errors import ApiError
from ..models import Elder, device_event_log
from ..models.alarms import Alarm, AlarmEvent, AlarmParty, AlarmTimer
from ..models.ids import new_id
from . import care, timeline
from .present import alarm_step_row
from .telephony import AMBULANCE, FIRE, POLICE
from .words import POLICE_TOLD, STATUS_WORDS, late_words

if TYPE_CHECKING:
    from ..auth import Caller
    from ..db import Database
    from ..models.device_event_log import Notifier
    from .clocks import Clock
    from .settings import AlarmSettings
    from .telephony import Telephony

_elders, _alarms = Elder.__table__, Alarm.__table__
_TO_RAISE_FOR = (select(_elders.c.id.label("elder_id"), _elders.c.household_id,
                        _elders.c.name, _alarms.c.id.label("open_alarm_id"))
                 .outerjoin(_alarms, _alarms.c.open_for == _elders.c.id)
                 .where(_elders.c.id == bindparam("elder_id")))
OPEN = ("raised", "acknowledged", "in_contact", "escalating", "responders_on_site")


def to_raise_for(elder_id: str) -> tuple[Any, dict[str, str]]:
    """The statement reading what a press for ``elder_id`` needs, and its parameters: the
    API reads it in the statement that claims the press's idempotency key."""
    return _TO_RAISE_FOR, {"elder_id": elder_id}


def raising_for(found: Sequence[Any] | None) -> tuple[Elder, str | None] | None:
    """The elder (not in the session: for reading only) and her open alarm's id, from the
    row :func:`to_raise_for` read."""
    if found is None:
        return None
    return Elder(id=found[0], household_id=found[1], name=found[2]), found[3]


@dataclass
class NewAlarm:
    """A press's alarm, its first event and its acknowledgement timer, built before the elder
    is read — so that on PostgreSQL the statement that reads her inserts them too (one round
    trip less on a press's critical path). The household is hers, set once she is read."""
    alarm: Alarm
    raised: AlarmEvent
    timer: AlarmTimer
    at: datetime
    pressed: datetime

    def if_found(self) -> IfFound:
        """Inserted by the :func:`to_raise_for` read if she exists and has no open alarm."""
        return IfFound(self.alarm, ("open_for",), (self.raised, self.timer),
                       (("household_id", "household_id"),))


FINAL = ("resolved", "cancelled")
SYSTEM = "system:escalation"
PRESS_TRUSTED = timedelta(days=30)   # longer than a device's outbox keeps an alarm (25 days)

# Which statuses each agent step may be recorded in (an unacknowledged alarm is acknowledged
# by the agent's first step).
_WORKING = frozenset({"raised", "acknowledged", "in_contact", "escalating", "responders_on_site"})
STEP_ALLOWED: dict[str, frozenset[str]] = {
    "elder_answered": frozenset({"raised", "acknowledged", "escalating"}),
    "elder_silent": frozenset({"raised", "acknowledged", "in_contact"}),
    "called_120": _WORKING, "called_110": _WORKING, "called_119": _WORKING,
    "contacted_family": _WORKING, "guidance": _WORKING,
    "responders_arrived": frozenset({"raised", "acknowledged", "in_contact", "escalating"}),
    "outcome": _WORKING,
    "follow_up": frozenset({"responders_on_site", "resolved", "cancelled"}),
}
SERVICES = {"called_120": ("ambulance", "120急救", AMBULANCE),
            "called_110": ("police", "110", POLICE),
            "called_119": ("fire", "119消防", FIRE)}
SERVICE_TOLD = {"called_120": "已经为您叫了120救护车，请保持电话畅通。",
                "called_110": POLICE_TOLD,
                "called_119": "已经为您联系119消防，请保持电话畅通。"}


class AlarmDesk:
    """Alarm operations for the API blueprints, the console and the worker.

    Console use (inside a request, with the request's session)::

        from call_center.alarms import desk
        d = desk()
        alarm = d.get(session(), alarm_id, lock=True)
        d.acknowledge(session(), alarm, caller.actor)
        d.record_step(session(), alarm, caller.actor, "called_120", "老人摔倒，已叫救护车")
        d.cancel(session(), alarm, caller.actor, by="agent", note="老人回电说没事")
    """

    def __init__(self, settings: "AlarmSettings", clock: "Clock",
                 telephony: "Telephony | None" = None, database: "Database | None" = None,
                 notifier: "Notifier | None" = None):
        self.settings = settings
        self.clock = clock
        self.telephony = telephony
        self.database = database
        self.notifier = notifier
        # Other follow-ups the worker's sweep runs beside the alarm desk's own, each with no
        # transaction open (a renewal asked about at its internet hospital: fulfilment/refills).
        self.sweeps: list[Callable[[], object]] = []

    def now(self) -> datetime:
        return self.clock.now()

    # -- reading ----------------------------------------------------------------------------
    def get(self, db: Session, alarm_id: str, *, lock: bool = False) -> Alarm:
        stmt = select(Alarm).where(Alarm.id == alarm_id).options(
            selectinload(Alarm.events), selectinload(Alarm.parties))
        alarm = db.scalar(stmt.with_for_update() if lock else stmt)
        if alarm is None:
            raise ApiError("not_found", "没有找到这次报警。")
        return alarm

    def open_alarms(self, db: Session) -> list[Alarm]:
        """Oldest first: the one waiting longest is answered first."""
        return list(db.scalars(select(Alarm).where(Alarm.status.in_(OPEN))
                               .order_by(Alarm.raised_at, Alarm.id)))

    def open_alarm_of(self, db: Session, elder_id: str) -> Alarm | None:
        return db.scalar(select(Alarm).where(Alarm.open_for == elder_id))

    # -- raising ----------------------------------------------------------------------------
    def new_alarm(self, elder_id: str, *, actor: str, channel: str, note: str = "",
                  device_id: str | None = None, pressed_at: datetime | None = None,
                  grant_id: str | None = None) -> NewAlarm:
        """What a press for ``elder_id`` inserts if she has no open alarm (see :meth:`press`)."""
        now = self.now()
        pressed = press_time(pressed_at, now)
        alarm = Alarm(id=new_id("alm"), elder_id=elder_id, household_id=None,
                      open_for=elder_id, channel=channel, status="raised", phase="",
                      note=note, raised_by=actor, raised_device_id=device_id,
                      raised_grant_id=grant_id, raised_at=now, pressed_at=pressed,
                      updated_at=now, callbacks_made=0, contact_priority=0,
                      keep_calls_made=0, events=[], parties=[])
        late = alarm.delivery_delay_s
        raised = timeline.event(alarm, "raised", actor, now,
                                "；".join(filter(None, [note, late_words(late)])),
                                channel=channel, delay_s=late or None)
        return NewAlarm(alarm, raised, timeline.new_timer(
            alarm, "ack_overdue", timeline.after(now, self.settings.ack_timeout_s), now),
            now, pressed)

    def press(self, db: Session, elder: Elder, open_alarm_id: str | None, new: NewAlarm, *,
              inserted: bool = False, events_at_commit: bool = False) -> tuple[Alarm, bool]:
        """A press (the API's intake path): ``new`` (``created``), or the elder's open one —
        a double press, a second device or a retry with a new key never opens a second alarm.
        ``new``'s rows are inserted with Core statements (:mod:`call_center.db_insert`) unless
        the read inserted them already (``inserted``); the returned alarm is not in the
        session: it is for the answer only (:meth:`raise_alarm` returns one to work on).
        ``events_at_commit``: the request appends nothing after this (see
        ``device_event_log.append_rows``)."""
        alarm = new.alarm
        alarm.household_id = elder.household_id
        # A racing raise for the same elder (PostgreSQL; SQLite serialises writers) waits on
        # the unique open_for index, then inserts nothing and gets the winner's alarm.
        if inserted or (open_alarm_id is None and insert_unless_taken(
                db, alarm, "open_for", then=[new.raised, new.timer]) is not None):
            if new.timer.due_at <= new.at:
                device_event_log.timer_due_now(db)
            step = alarm_step_row(db, new.raised)
            assert step is not None
            device_event_log.append_rows(db, [timeline.published(alarm, new.at), step[1]],
                                         at_commit=events_at_commit)
            return alarm, True
        existing = self.open_alarm_of(db, elder.id)
        if existing is None:  # closed between the two statements (PostgreSQL): press again
            return self.press(db, elder, None, new, events_at_commit=events_at_commit)
        timeline.event(existing, "repeat_press", alarm.raised_by, new.at, alarm.note,
                       channel=alarm.channel,
                       delay_s=int((new.at - new.pressed).total_seconds()) or None)
        return existing, False

    def raise_alarm(self, db: Session, elder: Elder, *, actor: str, channel: str,
                    note: str = "", device_id: str | None = None,
                    pressed_at: datetime | None = None,
                    grant_id: str | None = None) -> tuple[Alarm, bool]:
        """As :meth:`press`, with the alarm loaded into the session to be worked on (the
        console's phone alarms, missed check-ins)."""
        alarm, created = self.press(db, elder, db.scalar(select(Alarm.id).where(
            Alarm.open_for == elder.id)), self.new_alarm(
                elder.id, actor=actor, channel=channel, note=note, device_id=device_id,
                pressed_at=pressed_at, grant_id=grant_id))
        return (self.get(db, alarm.id), True) if created else (alarm, False)

    def raise_silent(self, db: Session, elder: Elder, actor: str, note: str) -> Alarm:
        """An alarm nobody pressed (repeated missed check-ins): straight to the silent
        branch. An open alarm of the elder is left as it is."""
        alarm, created = self.raise_alarm(db, elder, actor=actor, channel="checkin", note=note)
        if created:
            now = self.now()
            timeline.event(alarm, "elder_silent", actor, now, note)
            self.start_silent_branch(db, alarm, now)
        return alarm

    # -- agent work -------------------------------------------------------------------------
    def acknowledge(self, db: Session, alarm: Alarm, actor: str) -> Alarm:
        if alarm.status in FINAL:
            raise ApiError("invalid_transition", f"这次报警{STATUS_WORDS[alarm.status]}。")
        if alarm.acknowledged_by:
            if alarm.acknowledged_by == actor:
                return alarm
            raise ApiError("invalid_transition", "这次报警已经有话务员在处理了。")
        self._acknowledge(db, alarm, actor, self.now())
        return alarm

    def _acknowledge(self, db: Session, alarm: Alarm, actor: str, now: datetime) -> None:
        alarm.acknowledged_at, alarm.acknowledged_by = now, actor
        waited = int((now - alarm.raised_at).total_seconds())
        timeline.event(alarm, "acknowledged", actor, now, f"接警用时{waited}秒",
                       waited_s=waited)
        timeline.cancel_timers(db, alarm.id, now, ("ack_overdue",))
        if alarm.status == "raised":
            timeline.move(alarm, "acknowledged", now)
            timeline.publish(db, alarm, now)

    def record_step(self, db: Session, alarm: Alarm, actor: str, kind: str, note: str = "",
                    outcome: str | None = None, contact_priority: int | None = None) -> Alarm:
        """One step of the seed's flow, recorded by an agent (the kinds of ``STEP_ALLOWED``)."""
        if kind not in STEP_ALLOWED:
            raise ApiError("validation_error", fields={"kind": "不认识这个步骤。"})
        if alarm.status not in STEP_ALLOWED[kind]:
            raise ApiError("invalid_transition",
                           f"这次报警{STATUS_WORDS[alarm.status]}，不能再记录这一步。")
        now = self.now()
        if alarm.acknowledged_by is None and alarm.status in OPEN:
            self._acknowledge(db, alarm, actor, now)
        if kind == "elder_answered":
            self.elder_responded(db, alarm, actor, now, note or "老人有响应")
        elif kind == "elder_silent":
            timeline.event(alarm, "elder_silent", actor, now, note or "老人无响应")
            self.start_silent_branch(db, alarm, now)
        elif kind in SERVICES:
            party_kind, name, number = SERVICES[kind]
            timeline.event(alarm, kind, actor, now, note)
            self._told(alarm, party_kind, name, number, actor, now)
            timeline.publish(db, alarm, now, SERVICE_TOLD[kind])
        elif kind == "contacted_family":
            contact = _contact(db, alarm.elder_id, contact_priority)
            name = kin_and_name(contact.relation, contact.name) if contact else "家属"
            timeline.event(alarm, kind, actor, now, note, contact=name)
            self._told(alarm, "contact" if contact else "family", name,
                       contact.phone if contact else "", actor, now)
            timeline.publish(db, alarm, now, "已经通知您的家人。")
        elif kind == "guidance":
            timeline.event(alarm, kind, actor, now, note)
        elif kind == "responders_arrived":
            timeline.cancel_timers(db, alarm.id, now)
            alarm.responders_at = now
            timeline.event(alarm, kind, actor, now, note or "救援人员已到达现场")
            timeline.move(alarm, "responders_on_site", now)
            timeline.publish(db, alarm, now)
        elif kind == "outcome":
            if not outcome:
                raise ApiError("validation_error", fields={"outcome": "请写明处置结果。"})
            self._close(db, alarm, "resolved", actor, now)
            alarm.outcome = outcome
            timeline.event(alarm, kind, actor, now, note, outcome=outcome)
            timeline.publish(db, alarm, now)
            self._update_profile(db, alarm, outcome, now)
            tomorrow = local(now).date() + timedelta(days=1)
            care.create_task(db, f"follow_up:{alarm.id}", alarm.elder_id, "follow_up",
                             "救援后回访", f"处置结果：{outcome}", local_at(tomorrow, 10),
                             now, actor, alarm_id=alarm.id)
        elif kind == "follow_up":
            timeline.event(alarm, kind, actor, now, note)
            care.close_follow_up(db, alarm.id, actor, note, now)
        db.flush()
        return alarm

    def cancel(self, db: Session, alarm: Alarm, actor: str, by: str = "elder",
               note: str = "") -> Alarm:
        """"我没事": close the alarm, stop every call, and tell each party already told."""
        if alarm.status == "cancelled":
            return alarm
        if alarm.status == "resolved":
            raise ApiError("invalid_transition", "这次报警已经处理完了。")
        now = self.now()
        who = {"elder": "老人按了“我没事”", "agent": "话务员确认老人没事",
               "family": "家属确认老人没事"}.get(by, "报警已撤销")
        self._close(db, alarm, "cancelled", actor, now)
        db.flush()  # parties need their ids for the notice timers
        for party in alarm.parties:
            if party.kind == "family" and party.told_by == actor and party.cancel_told_at is None:
                party.cancel_told_at = now  # the member who says 他没事 knows it already
        told = [p for p in alarm.parties if p.cancel_told_at is None]
        timeline.event(alarm, "cancelled", actor, now, note or who, by=by,
                       to_tell=[p.name for p in told])
        for party in told:
            if party.number:
                timeline.schedule(db, alarm, "cancel_notice", now, now, party_id=party.id,
                                  attempt=1)
            else:
                care.create_task(db, f"notify:{alarm.id}:{party.id}", alarm.elder_id, "notify",
                                 f"告知{party.name}：报警已撤销",
                                 f"{who}。请告诉{party.name}不用再赶过来了。", now, now, SYSTEM,
                                 alarm_id=alarm.id)
        timeline.publish(db, alarm, now)
        self._update_profile(db, alarm, "已撤销（老人没事）" if by == "elder" else who, now)
        db.flush()
        return alarm

    # -- shared with the worker -------------------------------------------------------------
    def start_silent_branch(self, db: Session, alarm: Alarm, now: datetime) -> None:
        """情况二: default to an emergency; the worker calls back at once."""
        timeline.cancel_timers(db, alarm.id, now)
        timeline.move(alarm, "escalating", now, "callback")
        # A new round (the elder went silent again after answering) starts from the top.
        alarm.callbacks_made, alarm.contact_priority = 0, 0
        timeline.schedule(db, alarm, "callback", now, now, attempt=1)
        timeline.publish(db, alarm, now)

    def elder_responded(self, db: Session, alarm: Alarm, actor: str, now: datetime,
                        note: str) -> None:
        """情况一: the elder is on the line; the calls stop and the agent takes over."""
        timeline.cancel_timers(db, alarm.id, now)
        timeline.event(alarm, "elder_answered", actor, now, note)
        timeline.move(alarm, "in_contact", now)
        timeline.publish(db, alarm, now)

    def _told(self, alarm: Alarm, kind: str, name: str, number: str, actor: str,
              now: datetime) -> AlarmParty:
        party = AlarmParty(kind=kind, name=name, number=number, told_at=now, told_by=actor)
        alarm.parties.append(party)
        return party

    def _close(self, db: Session, alarm: Alarm, status: str, actor: str, now: datetime) -> None:
        timeline.cancel_timers(db, alarm.id, now)
        timeline.move(alarm, status, now)
        alarm.closed_at, alarm.closed_by, alarm.open_for = now, actor, None

    def _update_profile(self, db: Session, alarm: Alarm, outcome: str, now: datetime) -> None:
        """建档: the elder's record shows the last alarm (seed 000: 更新用户档案)."""
        profile = care.profile(db, alarm.elder_id, self.settings, now)
        profile.last_alarm_id, profile.last_alarm_at = alarm.id, alarm.raised_at
        profile.last_alarm_outcome, profile.updated_at = outcome, now
        if alarm.status == "resolved":
            elder = db.get(Elder, alarm.elder_id)
            if elder is not None:
                line = f"【{local(alarm.raised_at):%Y-%m-%d} 紧急救援】{outcome}"
                elder.health_notes = f"{elder.health_notes}\n{line}".strip()


def _contact(db: Session, elder_id: str, priority: int | None):
    if priority is None:
        return None
    from ..models import Contact

    contact = db.scalar(select(Contact).where(Contact.elder_id == elder_id,
                                              Contact.priority == priority))
    if contact is None:
        raise ApiError("validation_error", fields={"contact_priority": "没有这个紧急联系人。"})
    return contact


def press_time(pressed_at: datetime | None, now: datetime) -> datetime:
    """The device's press time, trusted only within [now - 30 days, now]: a device's clock
    may be wrong, and a wrong clock must never make an alarm look newer than its arrival."""
    if pressed_at is None or pressed_at > now or now - pressed_at > PRESS_TRUSTED:
        return now
    return pressed_at


def channel_for(caller: "Caller", asked: str | None) -> str:
    if caller.kind == "device":
        return caller.device_kind or "tv"
    if asked:
        return asked
    return "miniprogram" if caller.kind in ("service", "family") else "phone"
