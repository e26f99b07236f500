"""巡视探访 in the console: an overdue visit in the live queue, a visit recorded from its page
(fixed choices, follow-ups said back), an elder's plan on her page, the month's supervision."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from call_center.clock import at
from tests.call_center.patrols.helpers import MONDAY, api, clock_at, sweep, visits_of, volunteer_id


def started(make_center_app: Any, make_console: Any, day=MONDAY) -> tuple[Any, Any, Any]:
    clock = clock_at(day)
    app = make_center_app(alarm_clock=clock)
    sweep(app)
    c = make_console(app)
    assert c.login().status_code == 303
    return app, c, clock


def test_an_overdue_visit_stands_in_the_queue_until_it_is_recorded(make_center_app, make_console):
    app, c, clock = started(make_center_app, make_console)
    li = visits_of(app, "li", "planned")[0]  # due by 15 December
    assert f'data-visit-id="{li["id"]}"' not in c.text("/console/")
    clock.set(at(MONDAY.replace(day=16), 9))
    page = c.text("/console/")
    assert f'data-visit-id="{li["id"]}"' in page and "李*强" in page and "12月15日" in page
    assert c.get("/console/queue.json?html=1").get_json()["counts"]["visits"] == 1
    r = c.post(f"/console/visits/{li['id']}/record", {
        "visit-visited_at": "2026-12-16T08:30", "visit-found": "yes", "visit-health": "good",
        "visit-home": "safe"})
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    assert f'data-visit-id="{li["id"]}"' not in c.text("/console/")
    assert [e.detail for e in c.audit("visit_recorded")] == ["巡视探访：在家，身体很好，整洁安全"]


def test_a_visit_is_recorded_with_fixed_choices_and_says_what_it_led_to(make_center_app, make_console):
    app, c, clock = started(make_center_app, make_console)
    vid = visits_of(app, "wang", "planned")[0]["id"]
    page = c.text(f"/console/visits/{vid}")
    for word in ("身体很好", "身体不适", "有安全隐患", "助餐", "就医", "告诉家属", "上门未遇（没有人应门）"):
        assert word in page
    before = c.domain_counts()
    refused = c.post(f"/console/visits/{vid}/record", {"visit-visited_at": "2026-12-07T08:30", "visit-found": "yes"})
    assert refused.status_code == 422 and "请选一项" in refused.get_data(as_text=True)
    assert c.domain_counts() == before  # nothing written
    r = c.post(f"/console/visits/{vid}/record", {"visit-visited_at": "2026-12-07T08:30", "visit-found": "no"},
               follow_redirects=True)
    text = r.get_data(as_text=True)
    assert "已记录探访：上门未遇；已请话务员打电话确认老人平安" in text and 'id="visit-record"' in text
    queue = c.text("/console/")
    assert "上门未遇，确认平安" in queue  # the call to make, in the care tasks


def test_an_agent_sets_her_plan_on_her_page_and_back_to_the_rule(make_center_app, make_console):
    app, c, clock = started(make_center_app, make_console)
    zhang = app.demo.elders["zhang"]
    page = c.text(f"/console/elders/{zhang}")
    assert 'id="patrol"' in page and "不巡视" in page and "不在巡视范围" in page
    # the account carries its role (志愿者 张建华): the list names the role once
    assert "志愿者 张建华（" in page and "志愿者 志愿者" not in page
    r = c.post(f"/console/elders/{zhang}/visit-plan", {
        "plan-state": "on", "plan-per_month": "2", "plan-visitor": f"volunteer:{volunteer_id(app)}"})
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    page = c.text(f"/console/elders/{zhang}")
    assert "每月2次" in page and "话务员设定" in page and "张建华（仙霞新村街道智慧健康驿站）" in page
    bad = c.post(f"/console/elders/{zhang}/visit-plan", {"plan-state": "on", "plan-per_month": "3"})
    assert bad.status_code == 422
    assert c.post(f"/console/elders/{zhang}/visit-plan", {"plan-state": "rule", "plan-per_month": "1"}).status_code == 303
    assert "不在巡视范围" in c.text(f"/console/elders/{zhang}")
    assert [e.detail for e in c.audit("visit_plan")] == ["巡视探访计划：每月2次（话务员设定）",
                                                          "巡视探访计划：不巡视（不在巡视范围）"]


def test_the_months_supervision_per_street_and_provider(make_center_app, make_console):
    app, c, clock = started(make_center_app, make_console)
    clock.set(at(MONDAY.replace(day=16), 9))  # 李国强's first half missed
    page = c.text("/console/visits?month=2026-12")
    assert "服务监管：2026年12月" in page and 'id="supervision-table"' in page
    assert "<td>长风新村街道</td><td>服务商</td><td>2</td><td>0</td><td>0</td><td>0</td><td><strong class=\"danger\">1</strong></td>" in page
    assert "仙霞新村街道" in page
    assert "这个月没有计划的巡视" in c.text("/console/visits?month=2026-10")
    assert c.get("/console/visits?month=nonsense").status_code == 200
