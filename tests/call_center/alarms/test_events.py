"""The device event stream (long-poll): alarm changes, booking results and new messages reach
the household's TV; the token resumes across restarts; a waiting poll wakes on a commit."""
from __future__ import annotations

import threading
from datetime import timedelta

from call_center.alarms.worker import EscalationWorker

from ..conftest import assert_error
from .conftest import Desk


def follow(desk: Desk, who: str, after: str, wait: float = 0) -> dict:
    response = desk.get("/v1/devices/me/events", who=who, after=after, wait=wait)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def head(desk: Desk, who: str = "tv_wang") -> str:
    body = desk.get("/v1/devices/me/events", who=who).get_json()
    assert body["events"] == [] and body["next"].isdigit()
    return body["next"]


def test_alarm_changes_reach_the_household(desk: Desk, worker: EscalationWorker, phone):
    token = head(desk)
    li_token = head(desk, "tv_li")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    phone.set("callback", "no_answer")
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_once()
    body = follow(desk, "tv_wang", token)
    alarms = [e for e in body["events"] if e["kind"] == "alarm"]
    assert [e["data"]["alarm"]["status"] for e in alarms] == ["raised", "acknowledged",
                                                               "escalating"]
    assert all(e["ref_id"] == alarm_id and e["speech"] for e in alarms)
    assert "我没事" in alarms[-1]["speech"]
    ids = [int(e["id"]) for e in body["events"]]
    assert ids == sorted(ids) and body["next"] == body["events"][-1]["id"]
    assert follow(desk, "tv_wang", body["next"])["events"] == []  # nothing twice
    assert follow(desk, "tv_li", li_token)["events"] == []  # nobody else's

    desk.cancel(alarm_id)
    (cancelled,) = follow(desk, "tv_wang", body["next"])["events"]
    assert cancelled["data"]["alarm"]["status"] == "cancelled"


def test_request_results_and_messages_are_pushed(desk: Desk):
    token = head(desk)
    wang = desk.demo.elders["wang"]
    request = desk.post("/v1/requests", {"elder_id": wang, "service": "help", "mode": "call",
                                         "form": {"topic": "想咨询助餐服务"}}, who="tv_wang")
    assert request.status_code == 201
    request_id = request.get_json()["id"]
    desk.post(f"/v1/requests/{request_id}/transitions", {"to": "accepted"})
    desk.post(f"/v1/elders/{wang}/messages", {"kind": "policy", "title": "助餐点开张",
                                              "body": "仙霞路社区食堂本周开张。"})
    events = follow(desk, "tv_wang", token)["events"]
    got = [(e["kind"], e["data"].get("request", {}).get("status") or
            e["data"].get("message", {}).get("kind")) for e in events]
    assert got == [("request", "submitted"), ("message", "status"), ("request", "accepted"),
                   ("message", "policy")]
    policy = events[-1]
    assert policy["speech"] and policy["data"]["message"]["title"] == "助餐点开张"


def test_a_waiting_poll_wakes_on_a_commit(desk: Desk):
    token = head(desk)
    answer: dict = {}
    poller = threading.Thread(target=lambda: answer.update(follow(desk, "tv_wang", token, 20)))
    poller.start()
    desk.raised()
    poller.join(25)
    assert not poller.is_alive()
    assert [e["kind"] for e in answer["events"]] == ["alarm"]


def test_an_idle_poll_ends_with_the_same_token(desk: Desk):
    token = head(desk)
    body = follow(desk, "tv_wang", token, wait=0.3)
    assert body == {"events": [], "next": token, "reset": False}


def test_a_token_from_another_database_asks_for_a_reload(desk: Desk):
    body = follow(desk, "tv_wang", "999999999")
    assert body["reset"] is True and body["next"] == head(desk)
    assert_error(desk.get("/v1/devices/me/events", who="tv_wang", after="abc"), 422,
                 "validation_error")
    assert_error(desk.get("/v1/devices/me/events", who="agent"), 403, "forbidden")


def test_the_kiosk_follows_alarms_of_its_session_and_agents_see_everything(desk: Desk, worker):
    assert_error(desk.get("/v1/devices/me/events", who="kiosk"), 403, "grant_required")
    desk.identify("zhang")
    kiosk = head(desk, "kiosk")
    agents = desk.get("/v1/events").get_json()["next"]
    alarm_id = desk.raised("zhang", who="kiosk")
    desk.raised("li", who="tv_li")
    assert [e["ref_id"] for e in follow(desk, "kiosk", kiosk)["events"]] == [alarm_id]
    desk.identify("wang")  # the next person: the last one's alarm is not theirs to follow
    desk.cancel(alarm_id, who="agent", by="agent")
    assert follow(desk, "kiosk", kiosk)["events"] == []
    worker.sweep()  # package A care calls → agent-only events
    everything = desk.get("/v1/events", after=agents).get_json()["events"]
    assert {e["kind"] for e in everything} == {"alarm", "care"}
    family_backend = desk.get("/v1/events", who="service", after=agents).get_json()["events"]
    assert {e["kind"] for e in family_backend} == {"alarm"}  # no agents' work items
    assert_error(desk.get("/v1/events", who="tv_wang"), 403, "forbidden")
    assert all(e["kind"] != "care" for e in follow(desk, "tv_li", "0")["events"])


def test_the_token_resumes_after_a_restart(make_center_app, clock, phone, tmp_path):
    from call_center.app import create_app

    first = make_center_app(alarm_clock=clock, alarm_telephony=phone)
    desk = Desk(first)
    token = head(desk)
    desk.raised()
    seen = follow(desk, "tv_wang", token)
    db_url = str(first.extensions["onekey"].db.engine.url)
    first.extensions["onekey"].db.dispose()

    again = create_app({"db_url": db_url, "alarm_clock": clock, "alarm_telephony": phone})
    again.demo = first.demo
    try:
        desk2 = Desk(again)
        assert follow(desk2, "tv_wang", token)["events"] == seen["events"]
        alarm_id = seen["events"][0]["ref_id"]
        desk2.cancel(alarm_id)
        (after_restart,) = follow(desk2, "tv_wang", seen["next"])["events"]
        assert after_restart["data"]["alarm"]["status"] == "cancelled"
        assert int(after_restart["id"]) > int(seen["next"])
    finally:
        again.extensions["onekey"].db.dispose()


def test_old_events_are_pruned_and_tokens_stay_valid(desk: Desk, worker, clock):
    token = head(desk)
    desk.raised()
    newest = follow(desk, "tv_wang", token)["next"]
    clock.advance(days=31)
    desk.post(f"/v1/elders/{desk.demo.elders['wang']}/checkin", who="tv_wang")
    worker.sweep()
    (fresh,) = follow(desk, "tv_wang", "0")["events"]  # only this month's check-in is left
    assert fresh["kind"] == "checkin" and int(fresh["id"]) > int(newest)
    assert follow(desk, "tv_wang", newest)["events"] == [fresh]


def test_pruning_keeps_the_newest_event_as_the_anchor(app, clock):
    from call_center.models import device_event_log

    d = app.extensions["onekey_alarms"]
    desk = Desk(app)
    desk.raised()
    with app.extensions["onekey"].db.session(write=True) as db:
        newest = device_event_log.latest_id(db)
        device_event_log.prune(db, clock.now() + timedelta(days=1))
        db.commit()
    token = str(newest)
    assert follow(desk, "tv_wang", token) == {"events": [], "next": token, "reset": False}
    assert d.settings.events_keep_days == 30


def test_agents_see_every_step_as_it_happens(desk: Desk, worker, phone):
    start = desk.get("/v1/events").get_json()["next"]
    phone.set("callback", "no_answer")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_once()
    events = desk.get("/v1/events", after=start).get_json()["events"]
    steps = [e["data"]["step"]["kind"] for e in events if "step" in e["data"]]
    assert steps == ["raised", "acknowledged", "elder_silent", "callback"]
    assert [e["data"]["step"]["kind"] for e in follow(desk, "tv_wang", start)["events"]
            if "step" in e["data"]] == []  # the TV hears status changes, not every step
