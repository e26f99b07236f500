"""Who is visited and when (seed 001 §三(一)1–2): by rule or by an agent, each period's visit made
once however many sweeps run, the elder told the evening before who comes."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from call_center.clock import at, local
from call_center.models import Message
from call_center.models.patrols import PatrolVisit
from call_center.patrols import plans, schedule

from .helpers import MONDAY, api, clock_at, sweep, visits_of, volunteer_id


def test_the_rule_visits_80_plus_living_alone_and_hardship_families(make_center_app):
    app = make_center_app(alarm_clock=clock_at())
    sweep(app)
    # 王秀英 86 alone: once a month (this month's, next month's); 李国强 82 alone and 低保:
    # twice (this half, the next); 张桂兰 79 alone and 陈志明 81 with family: not by rule.
    assert [v["due_by"] for v in visits_of(app, "wang")] == ["2026-12-31", "2027-01-31"]
    assert [v["due_by"] for v in visits_of(app, "li")] == ["2026-12-15", "2026-12-31"]
    assert visits_of(app, "zhang") == [] and visits_of(app, "chen") == []
    plan = api(app, "GET", f"/v1/elders/{app.demo.elders['li']}/visit-plan").get_json()
    assert plan["by_rule"] and plan["per_month"] == 2 and plan["reason"] == "80岁以上独居、基本养老服务对象"


def test_periods_cut_the_month_and_a_visit_is_never_planned_before_the_day_it_is_made():
    assert schedule.periods(MONDAY, 4)[-1] == (MONDAY.replace(day=22), MONDAY.replace(day=31))
    assert schedule.period_of(MONDAY.replace(day=16), 2) == (MONDAY.replace(day=16), MONDAY.replace(day=31))
    for elder_id in ("eld_a", "eld_b", "eld_c", "eld_d"):
        day = schedule.planned_day(elder_id, (MONDAY.replace(day=1), MONDAY.replace(day=15)), MONDAY)
        assert MONDAY <= day <= MONDAY.replace(day=15)
    assert schedule.planned_day("eld_a", (MONDAY, MONDAY), MONDAY.replace(day=9)) == MONDAY  # never past its end


def test_sweeps_run_again_and_on_two_workers_at_once_make_each_visit_once(make_center_app):
    app = make_center_app(alarm_clock=clock_at())
    first = sweep(app)
    assert first == 4 and sweep(app) == 0  # the worker's own interval: a second call does nothing
    db = app.extensions["onekey"].db
    gate = threading.Barrier(2)
    made: list[int] = []

    def race() -> None:
        gate.wait()
        with db.writing() as s:
            made.append(schedule.schedule(s, clock_at(MONDAY + timedelta(days=40)).now()))
            s.commit()

    threads = [threading.Thread(target=race) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with db.reading() as s:
        keys = list(s.scalars(select(PatrolVisit.key)))
    assert len(keys) == len(set(keys)) == first + sum(made) and sorted(made)[0] == 0


def test_the_elder_is_told_the_evening_before_the_day_and_who_comes_with_the_number(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    wang = app.demo.elders["wang"]
    r = api(app, "PUT", f"/v1/elders/{wang}/visit-plan",
            {"enabled": True, "per_month": 1, "visitor_kind": "volunteer", "visitor_id": volunteer_id(app)},
            key="plan-1")
    assert r.status_code == 200 and r.get_json()["visitor"]["name"] == "张建华", r.get_json()
    sweep(app)
    visit = visits_of(app, "wang")[0]
    assert visit["visitor_name"] == "张建华" and visit["provider"] == "仙霞新村街道智慧健康驿站"
    with app.extensions["onekey"].db.reading() as db:
        due_at, body = db.execute(select(Message.due_at, Message.body).where(
            Message.elder_id == wang, Message.title == schedule.MESSAGE_TITLE,
            Message.withdrawn_at.is_(None)).order_by(Message.due_at)).first()
    planned = MONDAY.fromisoformat(visit["planned_on"])
    assert local(due_at) == max(at(planned - timedelta(days=1), 19), clock.now())
    assert f"{planned.month}月{planned.day}日" in body and "志愿者张建华（电话13671845902）上门看望您" in body


def test_an_agents_plan_wins_over_the_rule_and_planned_visits_follow_it(make_center_app):
    app = make_center_app(alarm_clock=clock_at())
    wang, zhang = app.demo.elders["wang"], app.demo.elders["zhang"]
    sweep(app)
    # 张桂兰 is 79: an agent adds her (diabetes, insulin), four times a month
    r = api(app, "PUT", f"/v1/elders/{zhang}/visit-plan", {"enabled": True, "per_month": 4}, key="p-z")
    assert r.get_json()["by_rule"] is False and r.get_json()["per_month"] == 4
    with app.extensions["onekey"].db.writing() as db:
        schedule.schedule(db, clock_at().now())
        db.commit()
    assert [v["due_by"] for v in visits_of(app, "zhang")] == ["2026-12-07", "2026-12-14"]
    # 王秀英's visitor named: her planned visits take him, her earlier message is withdrawn
    api(app, "PUT", f"/v1/elders/{wang}/visit-plan",
        {"enabled": True, "per_month": 1, "visitor_kind": "volunteer", "visitor_id": volunteer_id(app)}, key="p-w")
    assert {v["visitor_name"] for v in visits_of(app, "wang")} == {"张建华"}
    with app.extensions["onekey"].db.reading() as db:
        titled = select(func.count()).select_from(Message).where(
            Message.elder_id == wang, Message.title == schedule.MESSAGE_TITLE)
        assert db.scalar(titled) == 4 and db.scalar(titled.where(Message.withdrawn_at.is_(None))) == 2
    # switched off: the planned visits are cancelled, nothing more is made
    api(app, "PUT", f"/v1/elders/{wang}/visit-plan", {"enabled": False}, key="p-off")
    assert {v["status"] for v in visits_of(app, "wang")} == {"cancelled"}
    assert not plans.PER_MONTH.count(3)
    bad = api(app, "PUT", f"/v1/elders/{wang}/visit-plan", {"enabled": True, "per_month": 3}, key="p-bad")
    assert bad.status_code == 422
    unknown = api(app, "PUT", f"/v1/elders/{wang}/visit-plan",
                  {"enabled": True, "visitor_kind": "volunteer", "visitor_id": "vol_nobody"}, key="p-unk")
    assert unknown.status_code == 404


def test_only_agents_plan_and_list_visits(make_center_app):
    app = make_center_app(alarm_clock=clock_at())
    tv = {"Authorization": f"Bearer {app.demo.tokens['tv_wang']}"}
    client = app.test_client()
    assert client.get(f"/v1/elders/{app.demo.elders['wang']}/visit-plan", headers=tv).status_code == 403
    assert client.get("/v1/visits", headers=tv).status_code == 403


def test_one_worker_of_all_takes_each_turn_of_the_sweep(make_center_app):
    """Two workers' sweeps (periodic_runs): the turn is claimed once; the next one an interval later."""
    app = make_center_app(alarm_clock=clock_at())
    db, desk = app.extensions["onekey"].db, app.extensions["onekey_alarms"]
    mine, theirs = schedule.sweep_for(db, desk.now), schedule.sweep_for(db, desk.now)
    assert mine() == 4
    with db.writing() as s:  # 张桂兰 added behind the API's back: work the next turn will find
        from call_center.models import Elder

        plans.set_plan(s, s.get(Elder, app.demo.elders["zhang"]), enabled=True, per_month=1, visitor_kind=None,
                       visitor_id=None, actor="agent:test", now=desk.now())
        s.commit()
    assert theirs() == 0  # this turn was the first worker's
    desk.clock.advance(seconds=schedule.SWEEP_EVERY_S)
    assert theirs() == 2 and mine() == 0


def test_an_agent_returns_her_plan_to_the_rule_through_the_api(make_center_app):
    """The console's 按规则, as a route: 张桂兰 (79, not by the rule) set on by an agent, then back
    to the rule — her planned visits cancelled and their messages withdrawn; 王秀英 (by the rule)
    back to it keeps her visits, her named visitor gone."""
    app = make_center_app(alarm_clock=clock_at())
    wang, zhang = app.demo.elders["wang"], app.demo.elders["zhang"]
    api(app, "PUT", f"/v1/elders/{zhang}/visit-plan", {"enabled": True, "per_month": 2}, key="z-on")
    api(app, "PUT", f"/v1/elders/{wang}/visit-plan",
        {"enabled": True, "per_month": 1, "visitor_kind": "volunteer", "visitor_id": volunteer_id(app)}, key="w-on")
    assert {v["status"] for v in visits_of(app, "zhang")} == {"planned"}
    r = api(app, "POST", f"/v1/elders/{zhang}/visit-plan/back-to-rule", key="z-rule")
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["by_rule"] is True and r.get_json()["enrolled"] is False
    assert {v["status"] for v in visits_of(app, "zhang")} == {"cancelled"}
    with app.extensions["onekey"].db.reading() as db:
        assert db.scalar(select(func.count()).select_from(Message).where(
            Message.elder_id == zhang, Message.title == schedule.MESSAGE_TITLE, Message.withdrawn_at.is_(None))) == 0
    r = api(app, "POST", f"/v1/elders/{wang}/visit-plan/back-to-rule", key="w-rule")
    assert r.get_json()["by_rule"] is True and r.get_json()["enrolled"] is True
    planned = [v for v in visits_of(app, "wang") if v["status"] == "planned"]
    assert planned and {v["visitor_name"] for v in planned} == {""}
    again = api(app, "POST", f"/v1/elders/{wang}/visit-plan/back-to-rule", key="w-rule-2")
    assert again.status_code == 200 and again.get_json()["by_rule"] is True
    tv = {"Authorization": f"Bearer {app.demo.tokens['tv_wang']}", "Idempotency-Key": "tv-rule"}
    assert app.test_client().post(f"/v1/elders/{wang}/visit-plan/back-to-rule", headers=tv).status_code == 403
