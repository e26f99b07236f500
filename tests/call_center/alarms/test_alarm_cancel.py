""""我没事" at several points: the calls stop and everyone already told is told (seed 000:
若期间用户回应则撤销报警)."""
from __future__ import annotations

from call_center.alarms.telephony import SimulatedTelephony
from call_center.alarms.worker import EscalationWorker

from ..family_members import bearer, bound
from .conftest import WANG, WANG_NEIGHBOUR, WANG_NIECE, Desk, calls


def silent(desk: Desk, worker: EscalationWorker, phone: SimulatedTelephony) -> str:
    phone.set(WANG, "no_answer")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_once()  # call-back 1
    return alarm_id


def test_cancel_before_anyone_was_told(desk: Desk, worker, phone, clock):
    alarm_id = desk.raised()
    response = desk.cancel(alarm_id)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "cancelled" and body["closed_by"].startswith("tv:")
    assert "撤销" in body["speech"]
    assert body["events"][-1]["data"] == {"by": "elder", "to_tell": []}
    clock.advance(3600)
    assert worker.run_due() == 0 and calls(phone) == []
    # cancelling again is harmless; the elder can raise a new alarm at once
    assert desk.cancel(alarm_id).get_json()["status"] == "cancelled"
    assert desk.raise_alarm().status_code == 201


def test_cancel_between_call_backs_stops_the_second(desk: Desk, worker, phone, clock):
    alarm_id = silent(desk, worker, phone)
    assert desk.cancel(alarm_id).get_json()["status"] == "cancelled"
    clock.advance(3600)
    assert worker.run_due() == 0
    assert calls(phone) == [(WANG, "callback")]
    assert desk.kinds(alarm_id)[-1] == "cancelled"


def test_cancel_after_a_contact_and_110_tells_each_of_them(desk: Desk, worker, phone, clock):
    phone.set(WANG_NIECE, "no_answer")
    phone.set(WANG_NEIGHBOUR, "answered")
    alarm_id = silent(desk, worker, phone)
    desk.ok_step(alarm_id, "called_110", "另请民警协助开门")
    clock.advance(60)
    worker.run_due()  # call-back 2, niece (no answer), neighbour (answered)
    told = [p["name"] for p in desk.alarm(alarm_id)["parties"]]
    assert told == ["110", "邻居刘阿姨"]

    cancelled = desk.cancel(alarm_id, who="tv_wang").get_json()
    assert cancelled["events"][-1]["data"]["to_tell"] == ["110", "邻居刘阿姨"]
    placed_before = len(phone.placed())
    worker.run_due()
    notices = phone.placed()[placed_before:]
    assert sorted((c.number, c.purpose) for c in notices) == [
        ("110", "cancel_notice"), (WANG_NEIGHBOUR, "cancel_notice")]
    events = desk.events(alarm_id, "cancel_notice")
    assert sorted(e["data"]["party"] for e in events) == ["110", "邻居刘阿姨"]
    assert all(e["data"]["outcome"] == "answered" for e in events)
    assert all(p["cancel_told_at"] for p in desk.alarm(alarm_id)["parties"])
    clock.advance(3600)
    assert worker.run_due() == 0  # no more keep-calling
    assert (WANG, "keep_calling") not in calls(phone)


def test_cancel_while_keep_calling_by_the_agent(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(WANG_NIECE, "answered")
    alarm_id = silent(desk, worker, phone)
    clock.advance(settings.callback_interval_s)
    worker.run_due()
    clock.advance(settings.keep_calling_interval_s)
    worker.run_due()
    assert desk.events(alarm_id, "keep_calling")
    body = desk.cancel(alarm_id, who="agent", by="agent").get_json()
    assert body["status"] == "cancelled" and body["closed_by"].startswith("agent:")
    assert body["events"][-1]["note"] == "话务员确认老人没事"
    worker.run_due()
    assert [e["data"]["party"] for e in desk.events(alarm_id, "cancel_notice")] == ["侄女李娟"]


def test_a_party_that_cannot_be_reached_becomes_an_agent_task(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(WANG_NIECE, "answered", "no_answer")
    alarm_id = silent(desk, worker, phone)
    clock.advance(settings.callback_interval_s)
    worker.run_due()
    desk.ok_step(alarm_id, "contacted_family", "电话通知了老人的弟弟（无号码记录）")
    desk.cancel(alarm_id)
    for _ in range(settings.cancel_notice_attempts):
        worker.run_due()
        clock.advance(settings.cancel_notice_retry_s)
    assert worker.run_due() == 0
    attempts = [e["data"]["attempt"] for e in desk.events(alarm_id, "cancel_notice")]
    assert attempts == list(range(1, settings.cancel_notice_attempts + 1))
    tasks = desk.get("/v1/care-tasks", kind="notify").get_json()
    assert sorted(t["title"] for t in tasks) == ["告知侄女李娟：报警已撤销", "告知家属：报警已撤销"]
    assert all(t["alarm_id"] == alarm_id for t in tasks)


def test_the_call_that_rang_while_the_elder_cancelled_changes_nothing(desk: Desk, app, clock):
    """The worker placed call-back 2; meanwhile the elder pressed 我没事. The ringing call is
    recorded, but it does not move a cancelled alarm on to the contacts."""
    d = app.extensions["onekey_alarms"]
    cancelled_during_call = []

    class Ringing:
        def call(self, number: str, purpose: str) -> str:
            if purpose == "callback" and not cancelled_during_call:
                assert desk.cancel(alarm_id).status_code == 200
                cancelled_during_call.append(number)
            return "no_answer"

    d.telephony = Ringing()
    worker = EscalationWorker(app.extensions["onekey"].db, d, "w")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    assert not worker.run_once()  # the timer was retired while the phone rang
    state = desk.alarm(alarm_id)
    assert state["status"] == "cancelled"
    assert [e["kind"] for e in state["events"]][-2:] == ["cancelled", "stale_call"]
    assert worker.run_due() == 0


def test_only_the_household_or_an_agent_may_cancel(desk: Desk):
    alarm_id = desk.raised()
    refused = desk.cancel(alarm_id, who="tv_li")
    assert refused.status_code == 403
    assert desk.alarm(alarm_id)["status"] == "raised"
    desk.identify("zhang")
    kiosk_alarm = desk.raised("zhang", who="kiosk")
    assert desk.cancel(kiosk_alarm, who="kiosk").get_json()["status"] == "cancelled"
    # The mini-program service acts for nobody; a bound family member answers 他没事 through
    # /v1/family/alarms/{id}/answer, which cancels as the family (tests/call_center/test_family.py).
    assert desk.cancel(alarm_id, who="service", by=None).status_code == 403
    token = bound(desk.client, desk.demo, "wang")
    answered = desk.client.post(f"/v1/family/alarms/{alarm_id}/answer", json={"answer": "ok"},
                                headers=bearer(token))
    assert answered.status_code == 200 and answered.get_json()["status"] == "cancelled"
    family = desk.alarm(alarm_id)
    assert family["status"] == "cancelled" and family["events"][-1]["data"]["by"] == "family"
