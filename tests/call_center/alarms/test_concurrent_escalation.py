"""Escalation under load, on a fake clock: calls run at once up to the worker's lines, a live
worker's heartbeat keeps its steps however long a phone rings, a dead worker's step is taken
over once its lease runs out and still happens once, and "call every N s" is counted from
the start of each call."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from call_center.alarms.worker import EscalationWorker
from call_center.models.alarms import AlarmTimer
from shared_ui.outbox import wait_until

from .conftest import Desk, add_elders

SILENT = ("callback", "keep_calling", "emergency_contact")


class HeldLine:
    """A phone line whose calls ring until the test lets them go; counts calls in flight."""

    def __init__(self, answer: str = "no_answer", hold: int | None = None):
        self.answer = answer
        self.hold = hold  # only the first ``hold`` calls ring until released (None: all)
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.placed: list[tuple[str, str]] = []

    def call(self, number: str, purpose: str) -> str:
        with self.lock:
            self.placed.append((number, purpose))
            held = self.hold is None or len(self.placed) <= self.hold
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            if held:
                assert self.released.wait(60), "the test never released the line"
            return self.answer
        finally:
            with self.lock:
                self.in_flight -= 1

    def ringing(self) -> int:
        with self.lock:
            return self.in_flight


def silent_alarms(app: Any, n: int, tag: str) -> list[str]:
    desk = Desk(app)
    ids = []
    for elder_id, _token in add_elders(app, n, tag=tag):
        alarm = desk.post("/v1/alarms", {"elder_id": elder_id}).get_json()
        desk.ok_step(alarm["id"], "elder_silent")  # call-back 1 due at once
        ids.append(alarm["id"])
    return ids


def system_steps(desk: Desk, alarm_id: str) -> list[tuple[str, Any]]:
    return [(e["kind"], e["data"].get("attempt") or e["data"].get("priority"))
            for e in desk.alarm(alarm_id)["events"] if e["actor"] == "system:escalation"]


def worker_for(app: Any, name: str, lines: int | None = None) -> EscalationWorker:
    return EscalationWorker(app.extensions["onekey"].db, app.extensions["onekey_alarms"],
                            name, lines)


def test_calls_ring_at_once_up_to_the_lines_and_never_more(make_center_app, clock):
    line = HeldLine()
    app = make_center_app(alarm_clock=clock, alarm_telephony=line, alarm_call_lines=4)
    alarm_ids = silent_alarms(app, 10, "lines")
    worker = worker_for(app, "four-lines")
    try:
        assert worker.lines == 4
        assert worker.dispatch() == 4
        assert wait_until(lambda: line.ringing() == 4, timeout=30)
        assert worker.dispatch() == 0  # every line busy: the other six wait their turn
        line.released.set()
        while worker.dispatch() or worker.running:
            worker.wait_idle(30)
        assert line.most == 4
        assert len(line.placed) == 10 * 1  # call-back 1 of each; call-back 2 not yet due
        desk = Desk(app)
        for alarm_id in alarm_ids:
            assert system_steps(desk, alarm_id) == [("callback", 1)]
    finally:
        line.released.set()
        worker.close()


def test_the_earliest_due_step_gets_the_first_free_line(make_center_app, clock):
    line = HeldLine(hold=0)
    app = make_center_app(alarm_clock=clock, alarm_telephony=line, alarm_call_lines=1)
    desk = Desk(app)
    (waiting, _), (silent, _) = add_elders(app, 2, tag="order")
    # an alarm nobody acknowledges (its timer is older)…
    unanswered = desk.post("/v1/alarms", {"elder_id": waiting}).get_json()["id"]
    clock.advance(30)
    # …and one whose call-back became due earlier, though its timer is newer
    escalating = desk.post("/v1/alarms", {"elder_id": silent}).get_json()["id"]
    desk.ok_step(escalating, "elder_silent")
    clock.advance(app.extensions["onekey_alarms"].settings.ack_timeout_s)
    worker = worker_for(app, "one-line")
    try:
        assert worker.dispatch() == 1
        worker.wait_idle(30)
        assert system_steps(desk, escalating) == [("callback", 1)]
        assert "ack_overdue" not in desk.kinds(unanswered)
        assert worker.dispatch() == 1
        worker.wait_idle(30)
        assert "ack_overdue" in desk.kinds(unanswered)
    finally:
        worker.close()


def test_a_live_workers_heartbeat_keeps_its_step_however_long_it_rings(make_center_app,
                                                                       clock):
    line = HeldLine()
    app = make_center_app(alarm_clock=clock, alarm_telephony=line)
    (alarm_id,) = silent_alarms(app, 1, "beat")
    settings = app.extensions["onekey_alarms"].settings
    ringing, other = worker_for(app, "ringing"), worker_for(app, "other")
    try:
        assert ringing.dispatch() == 1
        assert wait_until(lambda: line.ringing() == 1, timeout=30)
        for _ in range(10):  # a minute of ringing, heartbeat by heartbeat
            clock.advance(settings.heartbeat_s)
            assert ringing.heartbeat() == 1
            assert other.dispatch() == 0 and other.due(clock.now()) == []
        line.released.set()
        assert ringing.wait_idle(30)
        assert ringing.steps_run == 1 and other.steps_run == 0
        assert system_steps(Desk(app), alarm_id) == [("callback", 1)]
    finally:
        line.released.set()
        ringing.close()
        other.close()


def test_a_dead_workers_step_is_taken_over_after_the_lease_and_runs_once(make_center_app,
                                                                         clock):
    line = HeldLine(hold=1)  # the dead worker's call never comes back until released
    app = make_center_app(alarm_clock=clock, alarm_telephony=line)
    (alarm_id,) = silent_alarms(app, 1, "dead")
    settings = app.extensions["onekey_alarms"].settings
    dead, heir = worker_for(app, "dead"), worker_for(app, "heir")
    db = app.extensions["onekey"].db
    try:
        assert dead.dispatch() == 1
        assert wait_until(lambda: line.ringing() == 1, timeout=30)
        # …and the dead worker's process is gone: no more heartbeats
        clock.advance(settings.claim_lease_s - 0.5)
        assert heir.run_due() == 0
        clock.advance(1)
        assert heir.run_due() == 1  # call-back 1, taken over within the lease
        assert settings.claim_lease_s < 10
        line.released.set()  # the dead worker's call "returns" after all: it changes nothing
        assert dead.wait_idle(30)
        assert dead.steps_run == 0
        assert dead.heartbeat() == 0  # nothing of its own left to renew
        desk = Desk(app)
        # the step happened once; the stalled worker's ring is kept on the record, inert
        assert system_steps(desk, alarm_id) == [("callback", 1), ("stale_call", None)]
        assert desk.alarm(alarm_id)["phase"] == "callback"
        with db.session(write=False) as s:
            first = s.scalars(select(AlarmTimer).where(AlarmTimer.alarm_id == alarm_id,
                                                       AlarmTimer.step == "callback")
                              .order_by(AlarmTimer.id)).first()
            assert (first.claimed_by, first.claims) == ("heir", 2)
        # the escalation goes on from there, once
        clock.advance(settings.callback_interval_s)
        assert heir.run_due() >= 1
        assert [n for k, n in system_steps(desk, alarm_id) if k == "callback"] == [1, 2]
        assert dead.steps_run == 0
    finally:
        line.released.set()
        dead.close()
        heir.close()


def test_two_workers_dispatching_at_once_run_each_step_once(make_center_app, clock):
    line = HeldLine(hold=0)
    app = make_center_app(alarm_clock=clock, alarm_telephony=line, alarm_call_lines=3,
                          alarm_callback_interval_s=0)
    alarm_ids = silent_alarms(app, 12, "pair")
    workers = [worker_for(app, f"pair-{i}") for i in (1, 2)]
    gate = threading.Barrier(2)

    def run(worker: EscalationWorker) -> None:
        gate.wait()
        while True:
            started = worker.dispatch()
            worker.wait_idle(30)
            if not started and not worker.due(clock.now(), 1):
                return

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for w in workers:
        w.close()
    desk = Desk(app)
    for alarm_id in alarm_ids:
        assert system_steps(desk, alarm_id) == [
            ("callback", 1), ("callback", 2), ("response_started", None), ("contact_call", 1),
            ("contact_call", 2), ("contacts_unreachable", None), ("police_call", None)]
    assert sum(w.steps_run for w in workers) == 12 * 5 == len(line.placed)
    assert line.most <= 6


def test_keep_calling_is_timed_from_the_start_of_each_call(make_center_app, clock):
    interval = 60

    class LongRing:
        """The elder never answers, and each call to her rings for 45 s; 110 answers."""

        def call(self, number: str, purpose: str) -> str:
            if purpose in {"callback", "keep_calling"}:
                clock.advance(45)
                return "no_answer"
            return "answered" if purpose == "police_visit" else "no_answer"

    app = make_center_app(alarm_clock=clock, alarm_telephony=LongRing(),
                          alarm_keep_calling_interval_s=interval,
                          alarm_callback_interval_s=interval)
    (alarm_id,) = silent_alarms(app, 1, "ring")
    worker = worker_for(app, "timer")
    desk = Desk(app)
    while len(desk.events(alarm_id, "keep_calling")) < 4:
        if not worker.run_due():
            clock.advance(1)
    for kind in ("callback", "keep_calling"):
        moments = [datetime.fromisoformat(e["data"]["placed_at"])
                   for e in desk.events(alarm_id, kind)]
        # start to start: the interval, not the interval plus 45 s of ringing
        assert {b - a for a, b in zip(moments, moments[1:])} == {timedelta(seconds=interval)}
    last_callback = datetime.fromisoformat(desk.events(alarm_id, "callback")[-1]["data"]["placed_at"])
    first_keep = datetime.fromisoformat(desk.events(alarm_id, "keep_calling")[0]["data"]["placed_at"])
    assert first_keep - last_callback == timedelta(seconds=interval)
