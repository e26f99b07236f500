"""The demo's return visits, complaint and patrol visits (``./onekey demo`` seeds them after the
demo data): what they make, made once, and every console page that shows them renders them in
words (no raw codes), the supervision counting them per provider."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from call_center.clock import at, local, today
from call_center.models import Complaint, Message, ReturnVisit, ServiceRequest
from call_center.models.patrols import PatrolVisit, VisitPlan
from call_center.patrols import demo as patrols_demo
from call_center.satisfaction import demo as visits_demo
from call_center.satisfaction import supervision, visits

from .conftest import row_counts


def showcase(app: Any, elders: dict[str, str] | None = None) -> dict[str, str]:
    """Both showcases on this centre (``elders``: the demo's, when the app does not carry them)."""
    database, elders = app.extensions["onekey"].db, elders or app.demo.elders
    rides = visits_demo.seed_showcase(database, elders)
    patrols_demo.seed_showcase(database, elders)
    return rides


def test_the_showcase_makes_a_pending_return_visit_a_complaint_and_named_patrol_plans_once(center_app):
    rides = showcase(center_app)
    assert set(rides) == {"wang", "zhang"}
    before = row_counts(center_app)
    assert visits_demo.seed_showcase(center_app.extensions["onekey"].db, center_app.demo.elders) == {}
    assert patrols_demo.seed_showcase(center_app.extensions["onekey"].db, center_app.demo.elders) == 0
    assert row_counts(center_app) == before
    elders = center_app.demo.elders
    with center_app.extensions["onekey"].db.session(write=False) as db:
        wang = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == rides["wang"]))
        assert wang.status == "asked" and wang.provider == "申程出行"
        ask = db.get(Message, wang.message_id)
        assert ask.answers == ["satisfied", "so_so", "dissatisfied"] and ask.read_at is None
        assert "叫车（申程出行）已经办完了" in ask.body
        zhang = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == rides["zhang"]))
        assert (zhang.status, zhang.rating, zhang.reason) == ("answered", "dissatisfied", "late")
        complaint = db.scalar(select(Complaint).where(Complaint.request_id == rides["zhang"]))
        assert (complaint.status, complaint.source, complaint.reasons) == ("open", "return_visit", ["late"])
        for key in ("wang", "zhang"):
            req = db.get(ServiceRequest, rides[key])
            assert req.status == "completed" and [e.status for e in req.events][-1] == "completed"
            plan = db.get(VisitPlan, elders[key])
            assert plan.enabled and plan.visitor_kind == "volunteer"
            visits = list(db.scalars(select(PatrolVisit).where(PatrolVisit.elder_id == elders[key])
                                     .order_by(PatrolVisit.planned_on)))
            assert [v.status for v in visits] == ["visited", "planned", "planned"]
            assert len({v.visitor_name for v in visits}) == 1 and visits[0].visitor_name
            reminders = [db.get(Message, v.message_id) for v in visits[1:]]
            assert all(m is not None and visits[0].visitor_name in m.body for m in reminders)
        done = local(db.get(ServiceRequest, rides["wang"]).updated_at).date().replace(day=1)
        assert "申程出行" in {r.provider for r in supervision.by_provider(db, done)}
        assert db.scalar(select(func.count()).select_from(Complaint).where(Complaint.status == "open")) == 1


@pytest.mark.parametrize("hour", [3, 9, 12, 20, 23])
def test_her_return_visit_waits_on_her_tv_whatever_the_hour_the_demo_starts(center_app, hour):
    """The README's promise — 王秀英's taxi of yesterday waits for its 回访 on her TV — held only
    between ten and seven: a demo started at 20:00 asked then, due at ten the next morning, and her
    TV had nothing. Asked in the last daytime (unanswered since), it is due already, never at night."""
    moment = at(today(), hour, 15)
    rides = visits_demo.seed_showcase(center_app.extensions["onekey"].db, center_app.demo.elders, moment)
    with center_app.extensions["onekey"].db.session(write=False) as db:
        wang = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == rides["wang"]))
        ask = db.get(Message, wang.message_id)
        assert wang.due_at == ask.due_at <= moment < wang.expires_at
        assert visits.DAYTIME[0] <= local(ask.due_at).hour < visits.DAYTIME[1]
        assert ask.created_at <= ask.due_at and ask.read_at is None


def test_every_console_page_shows_the_showcase_in_words(center_app):
    from tests.call_center.console.conftest import Console
    from tests.call_center.console.test_no_raw_codes import codes, raw_codes_on

    rides = showcase(center_app)
    console = Console(center_app)
    assert console.login("super1").status_code == 303
    database = center_app.extensions["onekey"].db
    with database.session(write=False) as db:
        complaint = db.scalar(select(Complaint.id))
        visits = list(db.scalars(select(PatrolVisit.id)))
    elders = center_app.demo.elders.values()
    pages = ["/console/", "/console/visits", "/console/supervision", f"/console/complaints/{complaint}"]
    pages += [f"/console/visits/{v}" for v in visits] + [f"/console/requests/{r}" for r in rides.values()]
    pages += [f"/console/elders/{e}" for e in elders]
    assert raw_codes_on(console, pages, codes()) == {}
    queue = console.text("/console/")
    assert "没按时来" in queue and "享道出行" in queue
    patrols = console.text("/console/visits")
    assert "赵丽华" in patrols and "张建华" in patrols
    with database.session(write=False) as db:
        month = local(db.get(ServiceRequest, rides["zhang"]).updated_at).strftime("%Y-%m")
    sheet = console.text(f"/console/supervision?month={month}")
    assert "享道出行" in sheet
