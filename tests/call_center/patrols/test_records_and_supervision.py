"""A visit recorded by the visitor, what it leads to (call_center/patrols/records.py), the overdue
ones, the month's supervision, and what her family's phone is told."""
from __future__ import annotations

from datetime import timedelta

from call_center.clock import at

from ..family_members import bearer, bound
from .helpers import MONDAY, api, clock_at, record_body, sweep, visits_of, volunteer_id


def care_tasks(app, elder: str) -> list[dict]:
    r = api(app, "GET", "/v1/care-tasks", elder_id=app.demo.elders[elder], status="all")
    return r.get_json()


def first_visit(app, elder: str) -> dict:
    return visits_of(app, elder, "planned")[0]


def test_a_visit_in_good_order_is_recorded_once_and_leads_to_nothing_more(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    visit = first_visit(app, "wang")
    r = api(app, "POST", f"/v1/visits/{visit['id']}/record", record_body(clock.now(), note="精神很好"), key="r1")
    assert r.status_code == 200, r.get_json()
    out = r.get_json()
    assert out["led_to"] == [] and out["visit"]["status"] == "visited"
    assert out["visit"]["summary"] == "在家，身体很好，整洁安全"
    assert out["visit"]["visitor_name"] == "话务员 李敏"  # unassigned: whoever recorded it went
    assert care_tasks(app, "wang") == []
    again = api(app, "POST", f"/v1/visits/{visit['id']}/record", record_body(clock.now()), key="r2")
    assert again.status_code == 409
    replay = api(app, "POST", f"/v1/visits/{visit['id']}/record", record_body(clock.now(), note="精神很好"), key="r1")
    assert replay.status_code == 200 and replay.get_json() == out  # the same key: the same answer


def test_bad_records_are_refused_and_change_nothing(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    vid = first_visit(app, "wang")["id"]
    cases = [
        ({"visited_at": clock.now().isoformat(), "found_home": True}, 422),  # at home: health, home
        (record_body(clock.now(), found_home=False), 422),  # not home: no health to tell
        (record_body(clock.now() + timedelta(hours=2)), 422),  # in the future
        (record_body(clock.now(), needs=["massage"]), 422),  # not a fixed choice
        (record_body(clock.now(), extra=1), 422),
    ]
    for n, (body, status) in enumerate(cases):
        r = api(app, "POST", f"/v1/visits/{vid}/record", body, key=f"bad{n}")
        assert r.status_code == status, (body, r.get_json())
    assert first_visit(app, "wang")["id"] == vid
    assert api(app, "POST", "/v1/visits/pv_nothing/record", record_body(clock.now()), key="x").status_code == 404
    tv = {"Authorization": f"Bearer {app.demo.tokens['tv_wang']}", "Idempotency-Key": "tv"}
    assert app.test_client().post(f"/v1/visits/{vid}/record", json=record_body(clock.now()),
                                  headers=tv).status_code == 403


def test_nobody_home_leads_to_a_call_then_her_contacts_not_to_an_alarm(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    vid = first_visit(app, "wang")["id"]
    body = {"visited_at": clock.now().isoformat(), "found_home": False}
    r = api(app, "POST", f"/v1/visits/{vid}/record", body, key="nh")
    assert r.get_json()["led_to"] == ["已请话务员打电话确认老人平安"]
    [task] = care_tasks(app, "wang")
    assert task["kind"] == "visit_not_home"
    done = api(app, "POST", f"/v1/care-tasks/{task['id']}/complete", {"result": "not_reached", "note": "没人接"},
               key="ct1")
    assert done.status_code == 200, done.get_json()
    kinds = [t["kind"] for t in care_tasks(app, "wang") if t["status"] == "open"]
    assert kinds == ["visit_contacts"]
    alarms = api(app, "GET", "/v1/alarms", elder_id=app.demo.elders["wang"], status="all").get_json()
    assert alarms == []


def test_unwell_and_needs_lead_to_a_call_and_one_call_back_request(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    vid = first_visit(app, "li")["id"]
    r = api(app, "POST", f"/v1/visits/{vid}/record",
            record_body(clock.now(), health="unwell", home="hazard", needs=["medical", "meals"],
                        follow_ups=["call_family"], note="咳嗽两天"), key="u1")
    out = r.get_json()
    assert out["visit"]["summary"] == "在家，身体不适，有安全隐患，需要：助餐、就医"
    assert out["led_to"][0] == "已请话务员今天问候并告诉家属" and out["led_to"][1].startswith("已提交服务请求")
    assert [t["kind"] for t in care_tasks(app, "li")] == ["visit_unwell"]  # family told in that call
    reqs = api(app, "GET", "/v1/requests", elder_id=app.demo.elders["li"]).get_json()
    [req] = [q for q in reqs if q["channel"] == "console"]
    assert req["service"] == "consultation" and req["mode"] == "call" and req["form"]["topic"] == "medical"


def test_a_visit_overdue_by_its_plan_is_listed_and_counted_missed(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    li = first_visit(app, "li")  # due by 15 December
    assert api(app, "GET", "/v1/visits", overdue="true").get_json() == []
    clock.set(at(MONDAY.replace(day=16), 9))
    overdue = api(app, "GET", "/v1/visits", overdue="true").get_json()
    assert [v["id"] for v in overdue] == [li["id"]] and overdue[0]["overdue"] is True
    # a late record is still taken, and counted done but not on time
    api(app, "POST", f"/v1/visits/{li['id']}/record", record_body(clock.now()), key="late")
    assert api(app, "GET", "/v1/visits", overdue="true").get_json() == []


def test_the_months_supervision_by_street_and_provider(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    wang = app.demo.elders["wang"]
    api(app, "PUT", f"/v1/elders/{wang}/visit-plan",
        {"enabled": True, "per_month": 1, "visitor_kind": "volunteer", "visitor_id": volunteer_id(app)}, key="p")
    sweep(app)
    wang_visit, li_first = first_visit(app, "wang"), first_visit(app, "li")
    api(app, "POST", f"/v1/visits/{wang_visit['id']}/record", record_body(clock.now()), key="w")
    clock.set(at(MONDAY.replace(day=17), 10))  # 李国强's first half is over, not visited
    sweep(app)
    li_second = [v for v in visits_of(app, "li", "planned") if v["id"] != li_first["id"]][0]
    api(app, "POST", f"/v1/visits/{li_second['id']}/record",
        {"visited_at": clock.now().isoformat(), "found_home": False}, key="l2")
    s = api(app, "GET", "/v1/visits/supervision", month="2026-12-01").get_json()
    rows = {(r["street"], r["provider"]): r for r in s["rows"]}
    assert rows[("仙霞新村街道", "仙霞新村街道智慧健康驿站")] | {} == {
        "street": "仙霞新村街道", "provider": "仙霞新村街道智慧健康驿站", "planned": 1, "done": 1,
        "on_time": 1, "not_home": 0, "missed": 0}
    assert rows[("长风新村街道", "服务商")] == {"street": "长风新村街道", "provider": "服务商", "planned": 2,
                                           "done": 0, "on_time": 1, "not_home": 1, "missed": 1}
    assert s["total"]["planned"] == 3 and s["month"] == "2026-12"


def test_her_familys_today_has_the_next_visit_with_the_number_and_the_records(make_center_app):
    clock = clock_at()
    app = make_center_app(alarm_clock=clock)
    zhang = app.demo.elders["zhang"]
    api(app, "PUT", f"/v1/elders/{zhang}/visit-plan",
        {"enabled": True, "per_month": 2, "visitor_kind": "volunteer", "visitor_id": volunteer_id(app)}, key="p")
    sweep(app)
    client = app.test_client()
    token = bound(client, app.demo, "zhang")
    today = client.get(f"/v1/family/elders/{zhang}/today", headers=bearer(token)).get_json()
    assert today["visits"]["next"]["visitor_name"] == "张建华"
    assert today["visits"]["next"]["visitor_phone"] == "13671845902" and today["visits"]["recent"] == []
    vid = today["visits"]["next"]["id"]
    api(app, "POST", f"/v1/visits/{vid}/record", record_body(clock.now(), note="只给话务员看"), key="z")
    today = client.get(f"/v1/family/elders/{zhang}/today", headers=bearer(token)).get_json()
    [done] = today["visits"]["recent"]
    assert done["summary"] == "在家，身体很好，整洁安全" and done["note"] == ""
    assert today["visits"]["next"]["id"] != vid
    # a parent nobody visits: nothing about visits at all
    chen = app.demo.elders["chen"]
    token2 = bound(client, app.demo, "chen", subject="o-other", phone="13585671230", name="陈伟")
    assert client.get(f"/v1/family/elders/{chen}/today", headers=bearer(token2)).get_json()["visits"] == {}
