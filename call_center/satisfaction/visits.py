"""回访: once a service with a provider is done, the elder is asked once, in the daytime, how it went.

Seed 001 §（三）: the district supervises providers on 服务质量、服务满意度 (用户满意度充分得到保障).
The ask is a message that asks (the answers mechanism policy pushes and consents use), so every
channel shows it, speaks it and takes one press: 满意 / 一般 / 不满意. 不满意 brings a second
short question, also one press — what was wrong (没按时来 / 态度不好 / 收费不对 / 其他) or
请人工回电 — and its answer files a complaint (complaints.py). Putting the follow-up aside
(Back) is fine: it is optional, and expires with the ask.

The worker's sweep makes the asks: every request completed with a provider recorded in the last
:data:`ASK_WITHIN`, that has no return visit yet, gets one row (unique per request: two sweeps
at once, or one after a restart, ask once) and its message, due at a daytime hour at least
:data:`AFTER` after completion — a pop-up never wakes anyone. Asks nobody answered within
:data:`ANSWER_WITHIN` expire: their messages are withdrawn and they are never asked again.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..clock import at as at_hour
from ..clock import local, now
from ..db import Database
from ..errors import ApiError
from .. import message_words as mw
from ..message_words import N_
from ..models import Elder, Message, ReturnVisit, ServiceRequest
from ..models.ids import new_id
from ..models.periodic_runs import claim_turn
from ..models.satisfaction import CALL_BACK, RATINGS, REASONS
from . import complaints
from .complaints import service_words

AFTER = timedelta(hours=2)  # asked no sooner than this after the service was done
DAYTIME = (10, 19)  # asked between 10:00 and 19:00 local: never at 3 a.m., nor at dinner's end
ANSWER_WITHIN = timedelta(days=3)  # after its due time; then withdrawn, never asked again
ASK_WITHIN = timedelta(days=3)  # a service done longer ago than this is not asked about
ASKED_BY = "system:return_visits"
PAGE = 500
TITLE = N_("服务回访")
FOLLOW_UP_TITLE = N_("哪里不满意")
FOLLOW_UP_ANSWERS = [*REASONS, CALL_BACK]


def due_time(completed: datetime) -> datetime:
    """The first daytime moment :data:`AFTER` the service was done (local hours)."""
    return daytime_from(completed + AFTER)


def when_asked(completed: datetime, at: datetime) -> datetime:
    """When an ask made at ``at`` is due: :func:`due_time`, or the first daytime moment from
    ``at`` when that has passed (a sweep that ran late — a worker down overnight — asks at ten,
    never at 3 a.m.)."""
    return max(due_time(completed), daytime_from(at))


def daytime_from(when: datetime) -> datetime:
    """``when`` if it is in :data:`DAYTIME`, else the next daytime's start."""
    moment = local(when)
    first, last = DAYTIME
    if moment.hour < first:
        return at_hour(moment.date(), first)
    if moment.hour >= last:
        return at_hour(moment.date() + timedelta(days=1), first)
    return moment


def last_daytime(when: datetime) -> datetime:
    """The latest daytime moment not after ``when``: ``when`` itself in :data:`DAYTIME`, else
    half an hour before the last daytime ended (an ask made then was due then — at 20:00 or at
    3 a.m. one made now would wait for ten o'clock)."""
    moment = local(when)
    first, last = DAYTIME
    if first <= moment.hour < last:
        return when
    day = moment.date() if moment.hour >= last else moment.date() - timedelta(days=1)
    return at_hour(day, last - 1, 30)


def ask_words(elder: Elder, req: ServiceRequest, completed: datetime) -> mw.Words:
    """王阿姨，您12月5日（星期六）的叫车（申程出行）已经办完了。这次服务您满意吗？ — or, for a
    device installed (the vendor installed it, seed 001 §四), the installation it asks about."""
    address, day = mw.address(elder.name, elder.gender), mw.day(completed)
    provider = mw.as_written(req.provider)
    if req.service == "device_application":
        return mw.said(N_("{address}，您家的一键通{day}装好了（{provider}上门安装）。这次安装服务您满意吗？"),
                       address=address, day=day, provider=provider)
    return mw.said(N_("{address}，您{day}的{service}（{provider}）已经办完了。这次服务您满意吗？"),
                   address=address, day=day, service=mw.word(service_words(req)), provider=provider)


def ask_sentence(elder: Elder, req: ServiceRequest, completed: datetime) -> str:
    return mw.chinese(ask_words(elder, req, completed))


def ask(db: Session, req: ServiceRequest, elder: Elder, completed: datetime, at: datetime) -> ReturnVisit:
    """The row and its message, flushed: a second ask for the request fails on the unique row."""
    due = when_asked(completed, at)
    words = ask_words(elder, req, completed)
    msg = Message(id=new_id("msg"), elder_id=elder.id, kind="return_visit", title=TITLE,
                  body=mw.chinese(words), words=words, request_id=req.id, created_by=ASKED_BY,
                  created_at=at, due_at=due, answers=list(RATINGS))
    db.add(msg)
    db.flush()
    visit = ReturnVisit(request_id=req.id, elder_id=elder.id, service=req.service, provider=req.provider or "",
                        completed_at=completed, status="asked", message_id=msg.id, due_at=due,
                        expires_at=due + ANSWER_WITHIN, created_at=at)
    db.add(visit)
    db.flush()
    return visit


def sweep(database: Database, at: datetime | None = None, page: int = PAGE) -> int:
    """Expire what went unanswered, then ask about what was done since; each ask in a
    transaction of its own. Returns how many were asked."""
    at = at or now()
    expire(database, at)
    asked = 0
    with database.session(write=False) as db:
        due = list(db.execute(
            select(ServiceRequest.id, ServiceRequest.updated_at)
            .outerjoin(ReturnVisit, ReturnVisit.request_id == ServiceRequest.id)
            .where(ServiceRequest.status == "completed", ServiceRequest.provider.is_not(None),
                   ServiceRequest.updated_at >= at - ASK_WITHIN, ReturnVisit.id.is_(None))
            .order_by(ServiceRequest.updated_at).limit(page)))
    for request_id, completed in due:
        with database.writing() as db:
            req = db.get(ServiceRequest, request_id)
            elder = db.get(Elder, req.elder_id) if req is not None else None
            if req is None or elder is None or req.status != "completed":
                continue
            try:
                ask(db, req, elder, completed, at)
                db.commit()
            except IntegrityError:  # another worker asked a moment ago
                db.rollback()
                continue
            asked += 1
    return asked


def expire(database: Database, at: datetime) -> int:
    with database.writing() as db:
        visits = list(db.scalars(select(ReturnVisit).where(ReturnVisit.status == "asked",
                                                           ReturnVisit.expires_at <= at)))
        for visit in visits:
            visit.status = "expired"
            _withdraw(db, visit.message_id, at)
        # a follow-up not answered in the same time is put away too (the rating stays)
        for visit in db.scalars(select(ReturnVisit).where(ReturnVisit.status == "answered",
                                                          ReturnVisit.reason.is_(None),
                                                          ReturnVisit.follow_up_message_id.is_not(None),
                                                          ReturnVisit.expires_at <= at)):
            _withdraw(db, visit.follow_up_message_id, at)
        db.commit()
    return len(visits)


def _withdraw(db: Session, message_id: str | None, at: datetime) -> None:
    if message_id:
        db.execute(update(Message).where(Message.id == message_id, Message.withdrawn_at.is_(None))
                   .values(withdrawn_at=at, answers=[]))


def sweep_for(database: Database, every_s: float) -> Callable[[], int]:
    """The sweep as the worker runs it, every ``every_s`` seconds (0 never), the first time one
    interval after the worker starts, by one worker of all processes and nodes each turn
    (:func:`claim_turn`, as 政策找人). It may run at any hour: what it writes is due in the daytime."""
    every = timedelta(seconds=every_s)
    last = [now()]

    def ask_return_visits() -> int:
        moment = now()
        if every_s <= 0 or moment - last[0] < every:
            return 0
        last[0] = moment
        if not claim_turn(database, "return_visits", every, moment):
            return 0  # another worker's turn
        return sweep(database, moment)
    return ask_return_visits


# -- her answer (or a family member's for her, or an agent's on the phone) -------------------------
RECORDED = N_("已经记下了，我们会核实处理，处理结果会告诉您。")
RECORDED_CALL_BACK = N_("已经记下了，话务员会尽快给您回电。")
THANKS = {  # fixed sentences: a screen in another language says their translation (from_centre)
    "satisfied": N_("谢谢您的评价，祝您身体健康。"),
    "so_so": N_("谢谢您，我们会督促服务商做得更好。"),
    "dissatisfied": N_("对不起，让您不满意了。请告诉我们哪里不好。"),
}


def answer(db: Session, msg: Message, given: str, caller: Any, channel: str, at: datetime) -> str:
    """满意 / 一般 / 不满意 on the ask; what was wrong, or 请人工回电, on its follow-up."""
    if given not in (msg.answers or []):
        raise ApiError("invalid_transition", "这条消息现在不能这样回答。")
    visit = db.scalar(select(ReturnVisit).where(ReturnVisit.message_id == msg.id))
    follow_up = visit is None
    if follow_up:
        visit = db.scalar(select(ReturnVisit).where(ReturnVisit.follow_up_message_id == msg.id))
    if visit is None:
        raise ApiError("not_found", "没有找到这条消息说的事情。")
    msg.read_at = msg.read_at or at
    msg.answers = []
    if follow_up:
        return _what_was_wrong(db, visit, given, caller, channel, at)
    visit.status, visit.rating = "answered", given
    visit.answered_by, visit.answered_at = caller.actor[:48], at
    if given == "dissatisfied":
        elder = db.get(Elder, visit.elder_id)
        assert elder is not None
        words = mw.said(N_("{address}，哪里让您不满意？选一项告诉我们，也可以请人工给您回电。"),
                        address=mw.address(elder.name, elder.gender))
        ask_more = Message(id=new_id("msg"), elder_id=elder.id, kind="return_visit", title=FOLLOW_UP_TITLE,
                           body=mw.chinese(words), words=words,
                           request_id=visit.request_id, created_by=ASKED_BY, created_at=at, due_at=at,
                           answers=list(FOLLOW_UP_ANSWERS))
        db.add(ask_more)
        db.flush()
        visit.follow_up_message_id = ask_more.id
    return THANKS[given]


def _what_was_wrong(db: Session, visit: ReturnVisit, given: str, caller: Any, channel: str,
                    at: datetime) -> str:
    visit.reason = given
    req = db.get(ServiceRequest, visit.request_id)
    elder = db.get(Elder, visit.elder_id)
    assert req is not None and elder is not None
    wrong = [] if given == CALL_BACK else [given]
    complaints.file(db, req, elder, caller.actor, channel, "return_visit", wrong, given == CALL_BACK, "", at)
    if given == CALL_BACK:
        return RECORDED_CALL_BACK
    return RECORDED
