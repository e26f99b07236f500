"""每日报平安 and package A's care calls (seed 002): a missed check-in is a call for an agent,
two missed days in a row are a silent alarm; two care calls a week per package-A elder."""
from __future__ import annotations

from datetime import timedelta

from call_center.alarms.care import care_call_days
from call_center.clock import local

from ..conftest import assert_error
from .conftest import LI, Desk, calls


def test_the_tv_asks_and_the_elder_checks_in(desk: Desk):
    wang = desk.demo.elders["wang"]
    state = desk.get(f"/v1/elders/{wang}/checkin", who="tv_wang").get_json()
    assert (state["status"], state["deadline"], state["enrolled"]) == ("due", "10:00", True)
    assert state["prompt"] == "今天身体好吗？按确定键报平安。"
    done = desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    assert done.status_code == 201
    assert done.get_json()["status"] == "done" and not done.get_json()["late"]
    again = desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    assert again.status_code == 200 and again.get_json()["speech"] == "今天已经报过平安了，谢谢您！"
    # 79 and not living alone: nothing to ask
    zhang = desk.get(f"/v1/elders/{desk.demo.elders['zhang']}/checkin", who="tv_zhang").get_json()
    assert (zhang["status"], zhang["prompt"]) == ("not_enrolled", "")
    assert_error(desk.post(f"/v1/elders/{wang}/checkin", who="tv_li"), 403, "forbidden")
    assert_error(desk.post(f"/v1/elders/{wang}/checkin", who="service"), 403, "forbidden")


def test_a_missed_check_in_is_a_call_for_an_agent(desk: Desk, worker, clock):
    wang, li = desk.demo.elders["wang"], desk.demo.elders["li"]
    desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    clock.advance(59 * 60)  # 09:59
    assert worker.sweep() == []
    clock.advance(2 * 60)  # 10:01
    assert worker.sweep() == [li]
    assert worker.sweep() == []  # idempotent
    tasks = desk.get("/v1/care-tasks", kind="checkin_missed").get_json()
    day = local(clock.now()).date()  # dated, never 今天: the queue is read on later days too
    assert [(t["elder_id"], t["title"], t["status"]) for t in tasks] == [
        (li, f"{day.month}月{day.day}日没有报平安", "open")]
    state = desk.get(f"/v1/elders/{li}/checkin", who="tv_li").get_json()
    assert state["status"] == "missed" and state["prompt"]  # the TV still asks

    late = desk.post(f"/v1/elders/{li}/checkin", who="tv_li").get_json()
    assert (late["status"], late["late"]) == ("done", True)
    closed = desk.get("/v1/care-tasks", kind="checkin_missed", status="all").get_json()
    assert [(t["status"], t["result"]) for t in closed] == [("done", "well")]


def test_two_missed_days_escalate_like_a_silent_alarm(desk: Desk, worker, clock, phone):
    li, wang = desk.demo.elders["li"], desk.demo.elders["wang"]
    phone.set(LI, "no_answer")
    desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    clock.advance(hours=1, minutes=1)
    assert worker.sweep() == [li]
    assert desk.get("/v1/alarms").get_json() == []
    clock.advance(days=1)
    desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    assert worker.sweep() == [li]
    (alarm,) = desk.get("/v1/alarms").get_json()
    assert (alarm["elder_id"], alarm["channel"], alarm["status"]) == (li, "checkin", "escalating")
    assert [e["kind"] for e in alarm["events"]] == ["raised", "elder_silent"]
    assert alarm["events"][1]["note"] == "连续2天没有报平安"
    worker.run_once()
    assert calls(phone) == [(LI, "callback")]
    # the third day adds a task but never a second alarm
    clock.advance(days=1)
    desk.post(f"/v1/elders/{wang}/checkin", who="tv_wang")
    assert worker.sweep() == [li]
    assert len(desk.get("/v1/alarms").get_json()) == 1


def test_agents_move_or_open_the_window(desk: Desk, worker, clock):
    wang, zhang = desk.demo.elders["wang"], desk.demo.elders["zhang"]
    later = desk.client.patch(f"/v1/elders/{wang}/checkin", json={"by": "11:00"},
                              headers=desk.headers("agent"))
    assert later.status_code == 200 and later.get_json()["deadline"] == "11:00"
    enrol = desk.client.patch(f"/v1/elders/{zhang}/checkin", json={"enabled": True},
                              headers=desk.headers("agent"))
    assert enrol.get_json()["status"] == "due"
    assert_error(desk.client.patch(f"/v1/elders/{wang}/checkin", json={"enabled": False},
                                   headers=desk.headers("tv_wang")), 403, "forbidden")
    clock.advance(minutes=90)  # 10:30
    assert set(worker.sweep()) == {desk.demo.elders["li"], zhang}


def test_package_a_gets_two_care_calls_a_week(desk: Desk, worker, clock):
    li = desk.demo.elders["li"]  # the demo's package-A elder
    worker.sweep()
    worker.sweep()
    tasks = desk.get("/v1/care-tasks", kind="care_call").get_json()
    assert [t["elder_id"] for t in tasks] == [li, li]
    days = sorted(local_day(t["due_at"]).weekday() for t in tasks)
    assert tuple(days) == care_call_days(li)
    monday = clock.now().date() - timedelta(days=clock.now().weekday())
    assert all(0 <= (local_day(t["due_at"]).date() - monday).days < 7 for t in tasks)

    first, second = tasks
    done = desk.post(f"/v1/care-tasks/{first['id']}/complete",
                     {"result": "well", "note": "身体不错，药按时吃"}).get_json()
    assert (done["status"], done["result"], done["completed_by"][:6]) == ("done", "well", "agent:")
    assert_error(desk.post(f"/v1/care-tasks/{first['id']}/complete", {"result": "well"}), 409,
                 "invalid_transition")
    desk.post(f"/v1/care-tasks/{second['id']}/complete", {"result": "not_reached"})
    (retry,) = desk.get("/v1/care-tasks", kind="care_call").get_json()
    assert "没有联系上" in retry["detail"]
    assert_error(desk.get("/v1/care-tasks", who="tv_li"), 403, "forbidden")
    assert_error(desk.post("/v1/care-tasks/ct_nope/complete", {"result": "well"}), 404,
                 "not_found")
    # next week brings two more
    clock.advance(days=7)
    worker.sweep()
    assert len(desk.get("/v1/care-tasks", kind="care_call").get_json()) == 3


def local_day(iso: str):
    from datetime import datetime

    return local(datetime.fromisoformat(iso))
