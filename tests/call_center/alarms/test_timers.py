"""Durable timers: claimed atomically, re-claimable after a dead worker's lease, never run
twice by two workers, and a step that keeps failing is handed to the agents."""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select

from call_center.alarms.telephony import SimulatedTelephony
from call_center.alarms.worker import MAX_CLAIMS, EscalationWorker
from call_center.models.alarms import AlarmTimer

from .conftest import Desk, add_elders, race_two_workers


def test_a_claim_is_exclusive_until_its_lease_expires(desk: Desk, app, clock):
    d = app.extensions["onekey_alarms"]
    db = app.extensions["onekey"].db
    dead = EscalationWorker(db, d, "dead-worker")
    alive = EscalationWorker(db, d, "alive-worker")
    alarm_id = desk.raised()
    clock.advance(d.settings.ack_timeout_s)
    (timer_id,) = alive.due(d.now())
    assert dead.claim(timer_id, d.now())  # …and dies before running it
    assert not alive.claim(timer_id, d.now())
    assert alive.run_due() == 0
    clock.advance(d.settings.claim_lease_s - 1)
    assert alive.run_due() == 0
    clock.advance(2)
    assert alive.run_due() == 2  # the overdue step, then call-back 1 it scheduled
    assert desk.kinds(alarm_id).count("ack_overdue") == 1
    with db.session(write=False) as s:
        timer = s.get(AlarmTimer, timer_id)
        assert (timer.claimed_by, timer.claims, timer.done_at is not None) == (
            "alive-worker", 2, True)


def test_a_worker_that_lost_its_lease_changes_nothing(desk: Desk, app, clock, phone):
    d = app.extensions["onekey_alarms"]
    db = app.extensions["onekey"].db
    slow = EscalationWorker(db, d, "slow")
    fast = EscalationWorker(db, d, "fast")

    class SlowLine:
        """The slow worker's call outlives its lease; meanwhile the fast worker does the step."""

        def call(self, number: str, purpose: str) -> str:
            d.telephony = phone
            clock.advance(d.settings.claim_lease_s + 1)
            assert fast.run_once()
            return "no_answer"

    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    d.telephony = SlowLine()
    assert not slow.run_once()
    assert [e["data"]["attempt"] for e in desk.events(alarm_id, "callback")] == [1]


def test_two_workers_never_run_a_step_twice(make_center_app, clock):
    phone = SimulatedTelephony(latency_ms=2)
    phone.set("callback", "no_answer")
    phone.set("emergency_contact", "no_answer")
    app = make_center_app(alarm_clock=clock, alarm_telephony=phone,
                          alarm_callback_interval_s=0)
    elders = add_elders(app, 8)
    desk = Desk(app)
    alarm_ids = []
    for elder_id, _token in elders:
        body = desk.post("/v1/alarms", {"elder_id": elder_id}).get_json()
        desk.ok_step(body["id"], "elder_silent")
        alarm_ids.append(body["id"])
    d = app.extensions["onekey_alarms"]
    url = str(app.extensions["onekey"].db.engine.url)
    workers = race_two_workers(url, d, "w")
    # each alarm: 2 call-backs, 2 contacts, 110 — once each; keep-calling not yet due
    assert len(phone.placed()) == 8 * 5
    for alarm_id in alarm_ids:
        alarm = desk.alarm(alarm_id)
        steps = [(e["kind"], e["data"].get("attempt") or e["data"].get("priority"))
                 for e in alarm["events"] if e["actor"] == "system:escalation"]
        assert steps == [("callback", 1), ("callback", 2), ("response_started", None),
                         ("contact_call", 1), ("contact_call", 2),
                         ("contacts_unreachable", None), ("police_call", None)]
    assert all(w.steps_run > 0 for w in workers), [w.steps_run for w in workers]
    assert sum(w.steps_run for w in workers) == 8 * 5


def test_a_step_that_keeps_failing_is_handed_to_the_agents(desk: Desk, app, worker, clock,
                                                           monkeypatch):
    from call_center.alarms import escalation

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("bug in a step")

    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    monkeypatch.setattr(escalation, "apply", broken)
    for _ in range(MAX_CLAIMS):
        assert worker.run_due() == 0
        clock.advance(5)
    monkeypatch.undo()
    assert worker.run_due() == 0
    state = desk.alarm(alarm_id)
    assert state["events"][-1]["kind"] == "step_failed"
    assert "人工跟进" in state["events"][-1]["note"]
    with app.extensions["onekey"].db.session(write=False) as s:
        timers = list(s.scalars(select(AlarmTimer).where(AlarmTimer.alarm_id == alarm_id,
                                                         AlarmTimer.step == "callback")))
        assert [(t.claims, t.done_at is not None) for t in timers] == [(MAX_CLAIMS, True)]


def test_an_adapter_that_hangs_counts_as_failed(make_center_app, clock):
    release = threading.Event()

    class Hanging:
        def call(self, number: str, purpose: str) -> str:
            release.wait(30)
            return "answered"

    app = make_center_app(alarm_clock=clock, alarm_telephony=Hanging(),
                          alarm_call_timeout_s=0.2)
    desk = Desk(app)
    worker = EscalationWorker(app.extensions["onekey"].db, app.extensions["onekey_alarms"])
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_silent")
    try:
        assert worker.run_once()
    finally:
        release.set()
    callback = desk.events(alarm_id, "callback")[0]
    assert callback["data"]["outcome"] == "failed" and "没有响应" in callback["note"]
    assert desk.alarm(alarm_id)["phase"] == "callback"  # moved on to call-back 2
