"""套餐A includes 2 次/周的主动关爱 (seed 002 附件): once installed, the elder is in the care-task
machinery's weekly schedule (call_center/alarms/care.py) — from the day it was installed, never
for days of that week already gone."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from call_center.alarms import care
from call_center.clock import local, now
from call_center.device_applications import eligibility
from call_center.models.care import CareTask

from ..conftest import Api
from .helpers import application_body, desk, tomorrow


def care_calls(app, elder_id: str) -> list:
    """The local days of the elder's care calls."""
    with app.extensions["onekey"].db.reading() as db:
        return [local(t.due_at).date() for t in db.scalars(select(CareTask).where(
            CareTask.elder_id == elder_id, CareTask.kind == "care_call"))]


def installed(app, package: str) -> str:
    tv = Api(app, "tv_zhang")
    req = tv.post("/v1/requests", application_body(tv.demo, package=package)).get_json()
    for step, args in (("approve", ()), ("schedule", (tomorrow(),)), ("mark_installed", ())):
        desk(app, step, req["id"], *args, "agent:desk")
    return app.demo.elders["zhang"]


def schedule(app, moment) -> None:
    with app.extensions["onekey"].db.writing() as db:
        care.schedule_care_calls(db, moment, app.extensions["onekey_alarms"].settings)
        db.commit()


def test_package_a_is_called_twice_a_week_from_the_day_it_is_in(make_center_app):
    app = make_center_app()
    zhang = installed(app, "A")
    moment = now()  # one reading: this week is the week the sweep runs in, even at Sunday's midnight
    today = local(moment).date()
    schedule(app, moment)
    this_week = care_calls(app, zhang)
    days = care.care_call_days(zhang)
    monday = today - timedelta(days=today.weekday())
    assert sorted(this_week) == [monday + timedelta(days=d) for d in days if monday + timedelta(days=d) >= today]
    schedule(app, moment + timedelta(days=7))
    next_week = [d for d in care_calls(app, zhang) if d >= monday + timedelta(days=7)]
    assert len(next_week) == eligibility.loaded().packages["A"].care_calls_per_week == len(days)


def test_package_b_has_no_care_calls(make_center_app):
    app = make_center_app()
    zhang = installed(app, "B")
    schedule(app, now() + timedelta(days=7))
    assert care_calls(app, zhang) == []
