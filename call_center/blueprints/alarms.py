"""Emergency alarms (seed 000 §三(一)3): raise, list, read, acknowledge, record steps, cancel.

A raise is refused with a reason an elder can hear when the elder is unknown or the device
is not bound to the elder's household — and the refusal is kept (``/v1/alarms/refusals``),
because a misbound TV pressing SOS may still be an emergency an agent should follow up.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Callable

from apiflask import APIBlueprint
from flask import g, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..alarms import desk, present
from ..alarms.desk import OPEN, channel_for, press_time, raising_for, to_raise_for
from ..alarms.schemas import AlarmCreate, AlarmOut, AlarmsQuery, CancelIn, RefusalOut, StepIn
from ..alarms.words import FAMILY_STATUS_WORDS, STATUS_WORDS
from ..auth import Caller, caller_fingerprint, caller_for, current_caller, elder_for, \
    presented_token, requires
from ..centre import centre
from ..clock import now
from ..errors import ApiError
from ..models import Elder
from ..models.alarms import Alarm, AlarmRefusal
from ..unit_of_work import session, session_reading

bp = APIBlueprint("alarms", __name__, url_prefix="/v1/alarms", tag="Alarms")
log = logging.getLogger(__name__)

NOT_DELIVERED = "求救没有送达，请直接拨打120或110。"
REFUSALS = {
    "unauthorized": "这台设备还没有绑定，" + NOT_DELIVERED,
    "invalid_token": "这台设备的绑定已经失效，" + NOT_DELIVERED,
    "not_found": "没有找到这位老人，" + NOT_DELIVERED,
    "forbidden": "这台设备没有绑定这位老人，" + NOT_DELIVERED,
    "grant_required": "请先确认您的身份，" + NOT_DELIVERED,
    "grant_expired": "办理时间到了，请重新确认您的身份，" + NOT_DELIVERED,
}
# Who is refused as ``forbidden`` is told in their own terms (a device, or a person).
FORBIDDEN_FOR = {
    "family": "您还没有绑定这位老人，或者没有代为求助的权限，" + NOT_DELIVERED,
    "agent": "您没有权限为这位老人呼叫救援，" + NOT_DELIVERED,
    "service": "这项服务没有权限为这位老人呼叫救援，" + NOT_DELIVERED,
}


def _refuse(code: str, caller: Caller | None, elder_id: str, channel: str, reason: str) -> ApiError:
    """Log and keep the refusal (its own commit: the refused request writes nothing else).
    Repeats from one source — the same caller, or for a token nobody holds, the same address
    — within the refusal window are one row with a count, so a flood cannot bury a real one."""
    address = (request.remote_addr or "")[:64]
    source = caller.actor if caller is not None else f"address:{address}"
    who = caller.actor if caller is not None else caller_fingerprint()
    log.warning("alarm refused: %s (%s) caller=%s elder=%s from %s", code, reason, who,
                elder_id, address)
    db = session()
    db.rollback()
    moment = desk().now()
    window = timedelta(minutes=centre().settings.refusal_window_minutes)
    row = db.scalar(select(AlarmRefusal).where(
        AlarmRefusal.source == source[:64], AlarmRefusal.code == code,
        AlarmRefusal.elder_id == elder_id[:64], AlarmRefusal.last_at > moment - window)
        .order_by(AlarmRefusal.id.desc()).limit(1).with_for_update())
    if row is None:
        db.add(AlarmRefusal(at=moment, last_at=moment, count=1, source=source[:64], code=code,
                            reason=reason, caller=who[:64], elder_id=elder_id[:64],
                            channel=channel[:16], remote_addr=address))
    else:
        row.count, row.last_at, row.remote_addr = row.count + 1, moment, address
    db.commit()
    words = FORBIDDEN_FOR.get(caller.kind if caller else "", REFUSALS[code]) \
        if code == "forbidden" else REFUSALS[code]
    return ApiError(code, words)


def _asked() -> tuple[str, str]:
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    return str(body.get("elder_id") or "")[:64], str(body.get("channel") or "")[:16]


def _raising(view: Callable[..., Any]) -> Callable[..., Any]:
    """Like ``requires("device", "agent", "service")``, but a refused token is kept too."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = presented_token()
        caller = caller_for(token) if token else None  # outside the write transaction
        if caller is None:
            code = "unauthorized" if token is None else "invalid_token"
            raise _refuse(code, None, *_asked(),
                          "没有身份凭证" if token is None else "身份凭证无效")
        g.caller = caller
        return view(*args, **kwargs)

    doc = getattr(wrapper, "_spec", {})
    doc["security"] = doc.get("security") or [{"BearerAuth": []}]
    wrapper._spec = doc  # type: ignore[attr-defined]
    return wrapper


def _may_raise(caller: Caller, elder: Elder, pressed_at: datetime | None) -> bool:
    """As :meth:`Caller.may_act_for`; and a kiosk's outbox delivering late may still raise
    for the elder of its grant if the grant was live when the elder pressed."""
    if caller.is_kiosk and caller.grant_elder_id == elder.id and not caller.grant_live:
        # Grants live on the wall clock (call_center/clock.py), as the press time does.
        return caller.grant_until is not None and pressed_at is not None and \
            press_time(pressed_at, now()) <= caller.grant_until
    return caller.may_act_for(elder)


@bp.post("")
@_raising
@bp.input(AlarmCreate, arg_name="body")
@bp.output(AlarmOut, status_code=201, description="a new alarm")
@bp.doc(responses={200: "the elder's open alarm (a double press, or a second device)",
                   401: "no or an invalid token (refusal kept)",
                   403: "device not bound to the elder's household, a family member not "
                        "bound to the elder, or a kiosk without the elder's (live) grant "
                        "(refusal kept)",
                   404: "unknown elder (refusal kept)"})
def raise_alarm(body: AlarmCreate) -> tuple[AlarmOut, int]:
    """One press = one alarm. The same Idempotency-Key replays the first answer; a new key
    while the elder's alarm is open returns that alarm with 200 (never a second alarm)."""
    caller = current_caller()
    channel = channel_for(caller, body.channel)
    new = desk().new_alarm(body.elder_id, actor=caller.actor, channel=channel,
                           note=body.note or "", pressed_at=body.pressed_at,
                           device_id=caller.id if caller.kind == "device" else None,
                           grant_id=caller.grant_id if caller.is_kiosk else None)
    # Her alarm is inserted with the read where it can be; a refusal below rolls it back.
    db, row, inserted = session_reading(*to_raise_for(body.elder_id), new.if_found())
    found = raising_for(row)
    if found is None:
        raise _refuse("not_found", caller, body.elder_id, channel, "老人不存在")
    elder, open_alarm_id = found
    if not _may_raise(caller, elder, body.pressed_at):
        if caller.is_kiosk and caller.grant_elder_id is None:
            raise _refuse("grant_required", caller, body.elder_id, channel, "自助机没有确认老人身份")
        if caller.is_kiosk and caller.grant_elder_id == elder.id:  # hers, but it has ended
            raise _refuse("grant_expired", caller, body.elder_id, channel, "自助机的确认已经结束")
        raise _refuse("forbidden", caller, body.elder_id, channel,
                      "自助机确认的是另一位老人" if caller.is_kiosk else
                      "设备没有绑定这位老人的家庭" if caller.kind == "device" else
                      "家属没有绑定这位老人，或没有求助权限" if caller.kind == "family" else
                      "没有为这位老人呼叫救援的权限")
    alarm, created = desk().press(db, elder, open_alarm_id, new, inserted=inserted,
                                  events_at_commit=True)
    db.flush()
    return present.alarm(alarm, elder), 201 if created else 200


@bp.get("")
@requires()
@bp.input(AlarmsQuery, location="query", arg_name="query")
@bp.output(list[AlarmOut])
def list_alarms(query: AlarmsQuery) -> list[AlarmOut]:
    """Open alarms oldest first (the longest wait is answered first); closed ones newest
    first. A TV sees its household's, a kiosk those raised in its current session (its grant),
    a service must name an elder."""
    db = session()
    caller = current_caller()
    stmt = select(Alarm).options(selectinload(Alarm.events), selectinload(Alarm.parties))
    if query.elder_id:
        elder_for(db, query.elder_id)
        stmt = stmt.where(Alarm.elder_id == query.elder_id)
    elif caller.is_tv:
        stmt = stmt.where(Alarm.household_id == caller.household_id)
    elif caller.is_kiosk:
        if not caller.grant_live:
            raise caller.refusal()
        stmt = stmt.where(Alarm.raised_grant_id == caller.grant_id)
    elif caller.kind in ("service", "family"):
        raise ApiError("validation_error", fields={"elder_id": "请说明是哪位老人。"})
    if query.status == "open":
        stmt = stmt.where(Alarm.status.in_(OPEN)).order_by(Alarm.raised_at, Alarm.id)
    else:
        if query.status != "all":
            stmt = stmt.where(Alarm.status == query.status)
        stmt = stmt.order_by(Alarm.raised_at.desc(), Alarm.id.desc())
    alarms = list(db.scalars(stmt.limit(query.limit)))
    elders = {e.id: e for e in db.scalars(select(Elder).where(
        Elder.id.in_({a.elder_id for a in alarms})))}
    words = _words_for(caller)
    return [present.alarm(a, elders.get(a.elder_id), words=words) for a in alarms]


@bp.get("/refusals")
@requires("agent")
@bp.output(list[RefusalOut])
def refusals() -> list[RefusalOut]:
    """Refused raises, a row per source with its count: those of a known device or caller
    first (a misbound or revoked box may still mean trouble), then those of tokens nobody
    holds; newest first within each, 200 at most."""
    anonymous = AlarmRefusal.source.like("address:%")
    rows = session().scalars(select(AlarmRefusal).order_by(
        anonymous, AlarmRefusal.last_at.desc(), AlarmRefusal.id.desc()).limit(200))
    return [present.refusal(r) for r in rows]


def _words_for(caller: Caller) -> dict[str, str]:
    return FAMILY_STATUS_WORDS if caller.kind == "family" else STATUS_WORDS


def _scoped(alarm_id: str, lock: bool = False) -> tuple[Alarm, Elder | None]:
    db = session()
    alarm = desk().get(db, alarm_id, lock=lock)
    caller: Caller = current_caller()
    if caller.is_kiosk:
        # Only what was raised in the kiosk's current session (DESIGN.md §2): an alarm from
        # the elder's TV is not the kiosk's to see or to cancel.
        if not caller.grant_live:
            raise caller.refusal()
        if alarm.raised_grant_id != caller.grant_id:
            raise ApiError("forbidden")
        return alarm, db.get(Elder, alarm.elder_id)
    return alarm, elder_for(db, alarm.elder_id)


@bp.get("/<alarm_id>")
@requires()
@bp.output(AlarmOut)
def get_alarm(alarm_id: str) -> AlarmOut:
    """The alarm with every step (time, actor, note) and everyone told."""
    alarm, elder = _scoped(alarm_id)
    return present.alarm(alarm, elder, words=_words_for(current_caller()))


@bp.post("/<alarm_id>/ack")
@requires("agent")
@bp.output(AlarmOut)
def acknowledge(alarm_id: str) -> AlarmOut:
    """An agent takes the alarm (stops the unanswered-alarm timer). Another agent's second
    acknowledgement is a 409; the same agent's is a no-op."""
    alarm, elder = _scoped(alarm_id, lock=True)
    desk().acknowledge(session(), alarm, current_caller().actor)
    session().flush()
    return present.alarm(alarm, elder)


@bp.post("/<alarm_id>/steps")
@requires("agent")
@bp.input(StepIn, arg_name="body")
@bp.output(AlarmOut)
def record_step(alarm_id: str, body: StepIn) -> AlarmOut:
    """The agent records a step of the seed's flow; ``elder_silent`` starts the automatic
    call-backs, ``responders_arrived`` stops the calling, ``outcome`` closes the alarm and
    updates the elder's record."""
    alarm, elder = _scoped(alarm_id, lock=True)
    desk().record_step(session(), alarm, current_caller().actor, body.kind, body.note,
                       body.outcome, body.contact_priority)
    return present.alarm(alarm, elder)


@bp.post("/<alarm_id>/cancel")
@requires()
@bp.input(CancelIn, arg_name="body")
@bp.output(AlarmOut)
def cancel(alarm_id: str, body: CancelIn) -> AlarmOut:
    """"我没事": any device of the household (as the elder), an agent, or the family service.
    Every party already told is told it is cancelled (a call each, recorded)."""
    alarm, elder = _scoped(alarm_id, lock=True)
    caller = current_caller()
    by = {"device": "elder", "agent": body.by or "agent", "service": "family"}[caller.kind]
    desk().cancel(session(), alarm, caller.actor, by=by, note=body.note or "")
    return present.alarm(alarm, elder)
