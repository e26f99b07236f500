"""A box unbound while its alarm escalates (an agent unbinds the wrong box, a family sells it that
day): the alarm is the elder's, not the box's — the escalation runs to the end, nobody's alarm
is dropped (seed 000 §三(一)3)."""
from __future__ import annotations

import uuid

from call_center.alarms.telephony import SimulatedTelephony
from call_center.alarms.worker import EscalationWorker

from .conftest import WANG, WANG_NEIGHBOUR, WANG_NIECE, Desk, calls


def test_an_alarm_from_a_box_unbound_mid_escalation_runs_to_the_end(desk: Desk, worker: EscalationWorker,
                                                                    phone: SimulatedTelephony, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    for number in (WANG, WANG_NIECE, WANG_NEIGHBOUR):
        phone.set(number, "no_answer")
    phone.set("110", "answered")
    alarm_id = desk.raised()
    box = desk.get("/v1/me", who="tv_wang").get_json()["device"]["id"]
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent", "电话接通但无人说话")
    assert worker.run_once() and calls(phone) == [(WANG, "callback")]

    unbound = desk.post(f"/v1/devices/{box}/unbind", {"note": "家属说电视今天卖掉了"}, key=uuid.uuid4().hex)
    assert unbound.status_code == 200 and unbound.get_json()["bound"] is False
    assert desk.get("/v1/me", who="tv_wang").status_code == 401

    # The second call-back, the contacts in order, 110, and calling on: as if nothing happened.
    clock.advance(settings.callback_interval_s)
    while worker.run_once():
        pass
    assert calls(phone) == [(WANG, "callback"), (WANG, "callback"), (WANG_NIECE, "emergency_contact"),
                            (WANG_NEIGHBOUR, "emergency_contact"), ("110", "police_visit")]
    state = desk.alarm(alarm_id)
    assert (state["status"], state["phase"]) == ("escalating", "keep_calling")
    clock.advance(settings.keep_calling_interval_s)
    assert worker.run_once() and calls(phone)[-1] == (WANG, "keep_calling")
    desk.ok_step(alarm_id, "responders_arrived", "民警已上门")
    final = desk.ok_step(alarm_id, "outcome", outcome="老人在家晕倒，已送医")
    assert final["status"] == "resolved" and final["events"][0]["actor"] == f"tv:{box}"
