"""The demo's 回访 and 投诉, so ``./onekey demo`` shows them without waiting days: 王秀英's taxi
to 市六医院 done yesterday afternoon, its return visit waiting on her TV; 张桂兰's taxi to 中山医院
two days ago, answered 不满意 → 没按时来, its complaint open in the console's queue (and the
supervision page counts both providers). Only the demo command seeds it (the tests' demo data
stays without it); seeding twice changes nothing.

The rows are made by the code that makes them in service — :func:`visits.ask`,
:func:`visits.answer` — on a taxi written as the ride platform books one (fulfilment/rides.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import lifecycle
from ..clock import at, local, now
from ..db import Database
from ..models import Elder, Message, ReturnVisit, ServiceRequest
from ..models.ids import new_id
from . import visits

BY = "system:demo"


@dataclass(frozen=True)
class DemoRide:
    elder_key: str
    days_ago: int
    hour: int  # when she was picked up (a car called "now"); done 40 minutes later
    provider: str
    plate: str
    car: str
    driver: str
    pickup: str
    destination: str


RIDES = [
    DemoRide("wang", 1, 13, "申程出行", "沪D·K5821", "白色大众朗逸", "陈师傅",
             "上海市长宁区仙霞路650弄12号", "上海市徐汇区宜山路600号 上海市第六人民医院"),
    DemoRide("zhang", 2, 8, "享道出行", "沪B·30715", "蓝色别克GL8", "周师傅",
             "上海市徐汇区田林东路75弄8号", "上海市徐汇区枫林路180号 复旦大学附属中山医院"),
]


@dataclass(frozen=True)
class Agent:
    actor: str


def seed_showcase(database: Database, elders: dict[str, str], moment: datetime | None = None) -> dict[str, str]:
    """The rides (elder key → request id); {} when seeded already."""
    moment = moment or now()
    made: dict[str, str] = {}
    with database.writing() as db:
        if db.scalars(select(ServiceRequest.id).where(ServiceRequest.created_by == BY,
                                                      ServiceRequest.service == "taxi")).first():
            return {}
        for ride in RIDES:
            elder = db.get(Elder, elders[ride.elder_key])
            assert elder is not None
            req, done = _ride(ride, elder, local(moment).date())
            db.add(req)
            db.flush()
            made[ride.elder_key] = req.id
            if ride.elder_key == "wang":  # asked in the last daytime, unanswered: the pop-up waits on her TV
                visits.ask(db, req, elder, done, visits.last_daytime(moment))
                continue
            # asked the day it was done, answered 不满意 then 没按时来 on her TV: a complaint
            asked = visits.due_time(done)
            visit = visits.ask(db, req, elder, done, asked)
            answered = asked + timedelta(minutes=25)
            ask = db.get(Message, visit.message_id)
            visits.answer(db, ask, "dissatisfied", Agent(f"tv:{ride.elder_key}-demo"), "tv", answered)
            db.flush()
            follow_up = db.get(Message, db.get(ReturnVisit, visit.id).follow_up_message_id)
            visits.answer(db, follow_up, "late", Agent(f"tv:{ride.elder_key}-demo"), "tv", answered)
            for msg in (ask, follow_up):
                msg.read_at = answered
        db.commit()
    return made


def _ride(ride: DemoRide, elder: Elder, today: date) -> tuple[ServiceRequest, datetime]:
    day = today - timedelta(days=ride.days_ago)
    pickup = at(day, ride.hour, 0)
    filed = pickup - timedelta(minutes=9)  # called "now": the car came nine minutes later
    done = pickup + timedelta(minutes=40)
    ref = f"DEMO{ride.elder_key.upper()}{day:%m%d}"
    req = ServiceRequest(
        id=new_id("req"), elder_id=elder.id, service="taxi", mode="self", channel="tv", status="submitted",
        form={"pickup_address": ride.pickup, "destination_address": ride.destination, "pickup_time": "now",
              "passengers": 1, "phone": None},
        provider=ride.provider, booking_ref=ref, created_by=BY, created_at=filed, updated_at=filed,
        result={"provider": ride.provider, "plate": ride.plate, "car": ride.car, "driver_name": ride.driver,
                "driver_phone": "13901720586", "eta_minutes": 9,
                "pickup_time": local(pickup).isoformat(timespec="seconds"), "pickup_address": ride.pickup,
                "destination_address": ride.destination, "passengers": 1, "booking_ref": ref})
    lifecycle.record(req, "submitted", BY, "", filed)
    lifecycle.record(req, "accepted", "system", "系统已受理", filed)
    lifecycle.record(req, "in_progress", "system", f"正在向{ride.provider}叫车", filed)
    lifecycle.record(req, "confirmed", f"provider:{ride.provider}", f"{ride.provider}已派车 {ride.plate}", filed)
    lifecycle.record(req, "completed", "agent:demo", "已送到医院", done)
    return req, done
