"""Seed 000 §三(一)3, both branches step by step on a fake clock (the worker never sleeps)."""
from __future__ import annotations

from call_center.alarms.telephony import SimulatedTelephony
from call_center.alarms.worker import EscalationWorker

from .conftest import LI, LI_NEPHEW, WANG, WANG_NEIGHBOUR, WANG_NIECE, Desk, calls


def test_elder_answers_agent_records_each_step(desk: Desk, worker: EscalationWorker,
                                               phone: SimulatedTelephony, clock, app):
    raised = desk.raise_alarm()
    assert raised.status_code == 201
    alarm = raised.get_json()
    assert alarm["status"] == "raised" and alarm["channel"] == "tv"
    assert "话务员" in alarm["speech"]  # the TV has something to say at once
    alarm_id = alarm["id"]

    clock.advance(20)
    acked = desk.ack(alarm_id).get_json()
    assert acked["status"] == "acknowledged" and acked["acknowledged_by"].startswith("agent:")
    assert acked["events"][-1]["data"]["waited_s"] == 20

    assert desk.ok_step(alarm_id, "elder_answered", "老人说在卫生间摔倒，腿疼")["status"] == "in_contact"
    desk.ok_step(alarm_id, "called_120", "已报120：长宁区仙霞路650弄12号302室，老人摔倒")
    desk.ok_step(alarm_id, "contacted_family", "侄女李娟正赶过去", contact_priority=1)
    desk.ok_step(alarm_id, "guidance", "请老人不要起身，保持通话")
    clock.advance(15 * 60)
    assert worker.run_due() == 0  # the elder answered: nothing calls automatically
    assert calls(phone) == []
    on_site = desk.ok_step(alarm_id, "responders_arrived", "120已到场")
    assert on_site["status"] == "responders_on_site" and on_site["responders_at"]
    done = desk.ok_step(alarm_id, "outcome", "", outcome="右腿骨折，已送市六医院")
    assert done["status"] == "resolved" and done["closed_at"] and done["outcome"]

    assert [e["kind"] for e in done["events"]] == [
        "raised", "acknowledged", "elder_answered", "called_120", "contacted_family",
        "guidance", "responders_arrived", "outcome"]
    assert done["events"][0]["actor"].startswith("tv:")
    assert all(e["actor"].startswith("agent:") for e in done["events"][1:])
    assert [(p["kind"], p["name"], p["number_masked"]) for p in done["parties"]] == [
        ("ambulance", "120急救", "120"), ("contact", "侄女李娟", "138****6612")]

    # 更新用户档案: the record shows the rescue; a follow-up call is booked for tomorrow
    elder = desk.get(f"/v1/elders/{desk.demo.elders['wang']}").get_json()
    assert "紧急救援】右腿骨折，已送市六医院" in elder["health_notes"]
    tasks = desk.get("/v1/care-tasks", kind="follow_up").get_json()
    assert [(t["alarm_id"], t["status"]) for t in tasks] == [(alarm_id, "open")]
    desk.ok_step(alarm_id, "follow_up", "次日回访：已手术，情况稳定")
    assert desk.get("/v1/care-tasks", kind="follow_up").get_json() == []
    assert desk.kinds(alarm_id)[-1] == "follow_up"


def test_elder_silent_full_escalation_step_by_step(desk: Desk, worker: EscalationWorker,
                                                  phone: SimulatedTelephony, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(WANG, "no_answer")
    phone.set(WANG_NIECE, "no_answer")
    phone.set(WANG_NEIGHBOUR, "no_answer")
    phone.set("110", "answered")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    assert desk.ok_step(alarm_id, "elder_silent", "电话接通但无人说话")["phase"] == "callback"

    # call-back 1 at once, call-back 2 one interval later — not before
    assert worker.run_once()
    assert calls(phone) == [(WANG, "callback")]
    assert not worker.run_once()
    clock.advance(settings.callback_interval_s - 1)
    assert not worker.run_once()
    clock.advance(1)
    assert worker.run_once()
    assert calls(phone)[-1] == (WANG, "callback")

    # "回拨 2次无响应 … 立即" contacts in priority order, then 110
    assert desk.alarm(alarm_id)["phase"] == "contacts"
    assert worker.run_once()
    assert calls(phone)[-1] == (WANG_NIECE, "emergency_contact")
    assert worker.run_once()
    assert calls(phone)[-1] == (WANG_NEIGHBOUR, "emergency_contact")
    assert desk.alarm(alarm_id)["phase"] == "police"
    assert worker.run_once()
    assert calls(phone)[-1] == ("110", "police_visit")
    state = desk.alarm(alarm_id)
    assert (state["status"], state["phase"]) == ("escalating", "keep_calling")
    assert [p["name"] for p in state["parties"]] == ["110"]
    assert not worker.run_once()

    # keep calling the elder until responders arrive
    for n in (1, 2, 3):
        clock.advance(settings.keep_calling_interval_s)
        assert worker.run_once()
        assert calls(phone)[-1] == (WANG, "keep_calling")
        assert desk.events(alarm_id, "keep_calling")[-1]["data"]["attempt"] == n
    desk.ok_step(alarm_id, "responders_arrived", "民警和居委干部已上门，老人晕倒在地")
    clock.advance(settings.keep_calling_interval_s * 3)
    assert worker.run_due() == 0  # the calling stopped
    desk.ok_step(alarm_id, "called_120", "民警现场呼叫120")
    final = desk.ok_step(alarm_id, "outcome", outcome="低血糖晕厥，120送同仁医院")

    assert [e["kind"] for e in final["events"]] == [
        "raised", "acknowledged", "elder_silent", "callback", "callback", "response_started",
        "contact_call", "contact_call", "contacts_unreachable", "police_call",
        "keep_calling", "keep_calling", "keep_calling", "responders_arrived", "called_120",
        "outcome"]
    assert [c for c in calls(phone)] == [
        (WANG, "callback"), (WANG, "callback"), (WANG_NIECE, "emergency_contact"),
        (WANG_NEIGHBOUR, "emergency_contact"), ("110", "police_visit"),
        (WANG, "keep_calling"), (WANG, "keep_calling"), (WANG, "keep_calling")]
    system_steps = [e for e in final["events"] if e["actor"] == "system:escalation"]
    assert len(system_steps) == 10 and all(e["at"] for e in system_steps)
    assert final["status"] == "resolved"


def test_first_reachable_contact_goes_and_110_is_not_called(desk: Desk, worker, phone, clock):
    phone.set(WANG, "no_answer")
    phone.set(WANG_NIECE, "answered")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_due()
    clock.advance(60)
    worker.run_due()
    state = desk.alarm(alarm_id)
    assert (state["status"], state["phase"]) == ("escalating", "keep_calling")
    assert [(p["kind"], p["name"]) for p in state["parties"]] == [("contact", "侄女李娟")]
    assert ("110", "police_visit") not in calls(phone)
    assert (WANG_NEIGHBOUR, "emergency_contact") not in calls(phone)


def test_an_answered_call_back_hands_the_elder_to_the_agent(desk: Desk, worker, phone, clock):
    phone.set(WANG, "no_answer", "answered")
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_due()
    clock.advance(60)
    worker.run_due()
    state = desk.alarm(alarm_id)
    assert state["status"] == "in_contact"
    assert state["events"][-1]["kind"] == "elder_answered"
    assert state["events"][-1]["actor"] == "system:escalation"
    clock.advance(3600)
    assert worker.run_due() == 0
    assert calls(phone) == [(WANG, "callback"), (WANG, "callback")]
    # the elder goes quiet again: a new round of two call-backs starts from the top
    desk.ok_step(alarm_id, "elder_silent", "通话中断")
    phone.set(WANG, "no_answer")
    worker.run_once()
    assert desk.events(alarm_id, "callback")[-1]["data"]["attempt"] == 1


def test_an_unacknowledged_alarm_starts_calling_by_itself(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(WANG, "no_answer")
    alarm_id = desk.raised()
    clock.advance(settings.ack_timeout_s - 1)
    assert worker.run_due() == 0
    clock.advance(1)
    worker.run_once()
    state = desk.alarm(alarm_id)
    assert (state["status"], state["phase"]) == ("escalating", "callback")
    assert state["events"][-1]["kind"] == "ack_overdue"
    worker.run_once()
    assert calls(phone) == [(WANG, "callback")]
    # an agent arriving late still takes it over
    late = desk.ack(alarm_id).get_json()
    assert late["acknowledged_by"] and late["status"] == "escalating"


def test_an_elder_without_reachable_help_gets_110_retried(desk: Desk, worker, phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(LI, "no_answer")
    phone.set(LI_NEPHEW, "no_answer")
    phone.set("110", "failed", "error", "answered")
    alarm_id = desk.raised("li", "tv_li")
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    worker.run_due()
    clock.advance(settings.callback_interval_s)
    worker.run_due()
    police = desk.events(alarm_id, "police_call")
    assert [e["data"]["outcome"] for e in police] == ["failed"]
    clock.advance(settings.police_retry_s)
    worker.run_due()
    police = desk.events(alarm_id, "police_call")
    assert [e["data"]["outcome"] for e in police] == ["failed", "failed"]
    assert "电话平台出错" in police[1]["note"]  # the adapter raised: recorded, not fatal
    clock.advance(settings.police_retry_s)
    worker.run_due()
    state = desk.alarm(alarm_id)
    assert state["phase"] == "keep_calling"
    assert [p["name"] for p in state["parties"]] == ["110"]
