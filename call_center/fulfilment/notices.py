"""Messages generated from requests: reminders before appointments, status changes.

A confirmed registration gets two reminders — the evening before at 19:00 and two hours
before — a confirmed taxi one, 30 minutes before pickup (seed 000 §三(一)1(1): 在就诊前
提醒老年人按时就医; §三(一)2(1): 提醒按约出行), and a booked companion (陪诊) two: the
evening before and 30 minutes before they meet, a discharge car the same two before pickup,
a special vehicle (特殊用车) the same two before its half hour begins, and a renewed
prescription one when the courier takes it (送药提醒: when it should arrive). A reminder whose time has already passed
when the booking is made is due at once (two such are one). Cancelling withdraws them.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from personal_data.names import form_of_address

from .. import message_words as mw
from ..clock import at, local, now
from ..message_words import N_
from ..models import Elder, Message, ServiceRequest

EVENING_HOUR = 19
HOURS_BEFORE = 2
TAXI_MINUTES_BEFORE = 30
ESCORT_MINUTES_BEFORE = 30
TRANSFER_MINUTES_BEFORE = 30
SPECIAL_VEHICLE_MINUTES_BEFORE = 30


def address_elder(elder: Elder) -> str:
    """王秀英 → 王阿姨 / 李国强 → 李伯伯 / 欧阳娜娜 → 欧阳阿姨: how the centre greets an elder."""
    return form_of_address(elder.name, elder.gender)


def _message(db: Session, elder: Elder, req: ServiceRequest | None, kind: str, title: str | mw.Words,
             sentence: mw.Words, due: datetime, actor: str) -> Message:
    """The body is one sentence to the elder, shown as written and spoken as written (the
    speech is made from title and body when sent: never a second text that can differ), given
    as words (call_center/message_words.py) and kept as them, so a screen in another language
    renders it. The title is a catalog sentence (marked N_), or words of its own when it names
    something (叫车已取消): then kept as ``title_words``, its Chinese the stored ``title``."""
    if not isinstance(sentence, dict):
        raise TypeError("a message's body is structured words (call_center/message_words.py), never text")
    words = mw.said(GREETED, address=mw.address(elder.name, elder.gender), sentence=mw.clause(sentence))
    title_words = title if isinstance(title, dict) else None
    msg = Message(elder_id=elder.id, kind=kind, title=mw.chinese(title) if title_words else title,
                  title_words=title_words, body=mw.chinese(words), words=words,
                  request=req, due_at=due, created_by=actor, created_at=now())
    db.add(msg)
    return msg


GREETED = N_("{address}，{sentence}")


def registration_reminders(db: Session, req: ServiceRequest, elder: Elder,
                           start: datetime) -> list[Message]:
    result = req.result or {}
    where = f"{result.get('hospital_name', '')}{result.get('department_name', '')}"
    queue = result.get("queue_number")
    queue_words = mw.clause(mw.said(N_("，您是{number}号"), number=mw.as_written(queue))) if queue else mw.nothing()
    early = result.get("arrive_minutes_early", 30)
    # The provider's list, joined as every channel joins it (shared_ui.confirmation.format_value);
    # no list, no clause — never a list of our own that the slip and the screen do not show.
    bring = "、".join(result.get("bring") or [])
    bring_words = mw.clause(mw.said(N_("，带好{items}"), items=mw.as_written(bring))) if bring else mw.nothing()
    current = now()
    out = []
    # Reminders whose time has passed are due at once — as one: a visit booked at 08:10 for
    # 08:30 gets one 看病提醒 now, not the evening-before and the two-hours-before together.
    dues = sorted({max(due, current) for due in (at(local(start).date() - timedelta(days=1), EVENING_HOUR),
                                                start - timedelta(hours=HOURS_BEFORE))})
    for due in dues:
        # The date in full, never 明天: a reminder read in the inbox a day later stays true.
        out.append(_message(
            db, elder, req, "reminder", N_("看病提醒"),
            mw.said(N_("{when}，去{where}看病{queue}。请提前{early}分钟到{bring}。"), when=mw.when(start),
                    where=mw.as_written(where), queue=queue_words, early=mw.as_written(early), bring=bring_words),
            due, "system"))
    return out


def at_home(elder: Elder, address: str | None) -> bool:
    """Whether a car comes to her home — the only place 下楼 / 在家等候 are true. A car booked
    at a station's kiosk comes to the station; one may come to a hospital or anywhere she said."""
    def plain(text: str | None) -> str:
        return re.sub(r"[\s\W_]+", "", text or "").removeprefix("上海市")  # (rides._door too)

    return bool(address) and plain(address) == plain(elder.home_address)


def wait_words(elder: Elder, address: str | None, early: bool = False) -> dict:
    """Where she waits for a car, as true where it comes: 请提前下楼等候 at home; elsewhere
    (a station, a hospital) 请提前在那里等候 — the sentence has just named the place."""
    if at_home(elder, address):
        return mw.word(N_("请提前下楼等候。") if early else N_("请在家等候。"))
    return mw.word(N_("请提前在那里等候。") if early else N_("请在那里等候。"))


def taxi_reminder(db: Session, req: ServiceRequest, elder: Elder, pickup: datetime) -> Message:
    result = req.result or {}
    due = max(pickup - timedelta(minutes=TAXI_MINUTES_BEFORE), now())
    return _message(
        db, elder, req, "reminder", N_("用车提醒"),
        mw.said(N_("{when}，{car}，车牌{plate}，会到{place}接您，{wait}"), when=mw.when(pickup),
                car=mw.as_written(result.get("car", "")), plate=mw.as_written(result.get("plate", "")),
                place=mw.as_written(result.get("pickup_address", "")),
                wait=wait_words(elder, result.get("pickup_address"), early=True)),
        due, "system")


def _evening_before_and(moment: datetime, minutes: int) -> list[datetime]:
    """The evening before at 19:00 and ``minutes`` before; one when both have passed."""
    current = now()
    return sorted({max(due, current) for due in (at(local(moment).date() - timedelta(days=1), EVENING_HOUR),
                                                moment - timedelta(minutes=minutes))})


def escort_reminders(db: Session, req: ServiceRequest, elder: Elder, meet: datetime) -> list[Message]:
    result = req.result or {}
    return [_message(
        db, elder, req, "reminder", N_("陪诊提醒"),
        mw.said(N_("{when}，陪诊员{name}在{place}等您，陪您去{hospital}。请带好医保卡和身份证。"),
                when=mw.when(meet), name=mw.as_written(result.get("companion_name", "")),
                place=mw.as_written(result.get("meet_place", "")),
                hospital=mw.as_written(result.get("hospital_name", ""))),
        due, "system") for due in _evening_before_and(meet, ESCORT_MINUTES_BEFORE)]


def transfer_reminders(db: Session, req: ServiceRequest, elder: Elder, pickup: datetime) -> list[Message]:
    result = req.result or {}
    return [_message(
        db, elder, req, "reminder", N_("出院用车提醒"),
        mw.said(N_("{when}，{vehicle}到{hospital}接您回家，车牌{plate}。请先办好出院手续，在病房等候。"),
                when=mw.when(pickup), vehicle=_vehicle(result, N_("转运车")),
                hospital=mw.as_written(result.get("hospital_name", "")),
                plate=mw.as_written(result.get("plate", ""))),
        due, "system") for due in _evening_before_and(pickup, TRANSFER_MINUTES_BEFORE)]


def special_vehicle_reminders(db: Session, req: ServiceRequest, elder: Elder,
                              pickup: datetime) -> list[Message]:
    result = req.result or {}
    until = result.get("pickup_until")
    home = at_home(elder, result.get("pickup_address"))
    aid = mw.as_written(result.get("stair_aid"))
    stairs = (mw.clause(mw.said(N_("工作人员会带{aid}上楼接您，") if home else N_("工作人员会带{aid}来接您，"), aid=aid))
              if result.get("stair_aid") else mw.nothing())
    between = (mw.clause(mw.said(N_("到{clock}之间"), clock=mw.clock(datetime.fromisoformat(until))))
               if until else mw.nothing())
    return [_message(
        db, elder, req, "reminder", N_("特殊用车提醒"),
        mw.said(N_("{when}{between}，{vehicle}到{place}接您，车牌{plate}。{stairs}{wait}"), when=mw.when(pickup),
                between=between, vehicle=_vehicle(result, N_("福祉车")),
                place=mw.as_written(result.get("pickup_address", "")), plate=mw.as_written(result.get("plate", "")),
                stairs=stairs, wait=wait_words(elder, result.get("pickup_address"))),
        due, "system") for due in _evening_before_and(pickup, SPECIAL_VEHICLE_MINUTES_BEFORE)]


def delivery_reminder(db: Session, req: ServiceRequest, elder: Elder, expected: datetime) -> Message:
    """A parcel of medicine on its way: when it should come, so someone is at home to take it."""
    result = req.result or {}
    return _message(
        db, elder, req, "reminder", N_("送药提醒"),
        mw.said(N_("您的{medicine}已经由{courier}送出，预计{when}送到，快递单号{number}。请家里留人收药。"),
                medicine=mw.as_written(result.get("medicine", "")), courier=mw.as_written(result.get("courier", "")),
                when=mw.when(expected), number=mw.as_written(result.get("tracking_no", ""))),
        now(), "system")


def install_reminder(db: Session, req: ServiceRequest, elder: Elder, visit: datetime) -> list[Message]:
    """一键通 installation: the evening before and two hours before, so someone is at home."""
    return [_message(db, elder, req, "reminder", N_("安装提醒"),
                     mw.said(N_("{when}，安装人员上门安装一键通，请家里留人，准备好身份证。"), when=mw.when(visit)),
                     due, "system")
            for due in _evening_before_and(visit, HOURS_BEFORE * 60)]


def _vehicle(result: dict, default: str) -> dict:
    """The provider's kind of car as it named it; ours (a catalog word) when it named none."""
    return mw.as_written(result["vehicle"]) if result.get("vehicle") else mw.word(default)


def status_message(db: Session, req: ServiceRequest, elder: Elder, title: str | mw.Words, sentence: mw.Words,
                   actor: str) -> Message:
    """Where a request stands, told the moment it changes. ``title``: a catalog sentence (N_), or
    words when it names the service or a matter (:func:`service_title`); ``sentence``: words, a
    sentence a situation, what a provider or an agent wrote as written."""
    return _message(db, elder, req, "status", title, sentence, now(), actor)


def service_title(sentence_id: str, service_words: str) -> mw.Words:
    """A title naming the service (叫车已取消): ``sentence_id`` with its ``{service}`` slot."""
    return mw.said(sentence_id, service=mw.word(service_words))


def filed(db: Session, req: ServiceRequest, elder: Elder, words: str, actor: str) -> Message:
    """A request an agent will work: the elder is told it arrived and who calls."""
    return status_message(db, req, elder, service_title(N_("{service}请求已提交"), words),
                          mw.said(N_("我们收到了您的{service}请求，话务员会尽快打电话给您。"), service=mw.word(words)),
                          actor)


def withdraw_reminders(db: Session, req: ServiceRequest) -> int:
    result = db.execute(
        update(Message)
        .where(Message.request_id == req.id, Message.kind == "reminder",
               Message.withdrawn_at.is_(None))
        .values(withdrawn_at=now()))
    return result.rowcount or 0
