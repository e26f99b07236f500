"""The escalation worker hosted as a thread beside the API: a commit that schedules a step due
now wakes it, so the call-back does not wait for the next poll."""
from __future__ import annotations

import threading

from sqlalchemy import event

from call_center.alarms import hosting
from call_center.alarms.worker import EscalationWorker
from shared_ui.outbox import wait_until

from .conftest import Desk


class Line:
    """A phone line that nobody answers and that says when it was called."""

    def __init__(self) -> None:
        self.rang = threading.Event()
        self.numbers: list[str] = []

    def call(self, number: str, purpose: str) -> str:
        self.numbers.append(number)
        self.rang.set()
        return "no_answer"


def test_a_worker_thread_is_woken_by_a_step_due_now(make_center_app, clock):
    line = Line()
    # Polling once an hour: only the wake-up can make these calls happen within the test.
    app = make_center_app(alarm_clock=clock, alarm_telephony=line, alarm_worker_poll_s=3600)
    desk = Desk(app)
    loop = hosting.start_thread(app.extensions["onekey_alarms"], "thread-worker")
    try:
        alarm_id = desk.raised()
        desk.ack(alarm_id)
        desk.ok_step(alarm_id, "elder_silent")  # 情况二: call-back 1 is due at once
        assert line.rang.wait(10), "the worker thread did not call back"
        line.rang.clear()
        # the call runs on a line of its own: wait for its result before the elder answers
        assert wait_until(lambda: desk.events(alarm_id, "callback"), timeout=10)
        desk.ok_step(alarm_id, "elder_answered")
        desk.ok_step(alarm_id, "elder_silent")  # silent again: a new round, due at once
        assert line.rang.wait(10), "the worker thread was not woken for the second round"
        assert wait_until(lambda: len(desk.events(alarm_id, "callback")) == 2, timeout=10)
    finally:
        loop.stop()
    assert len(line.numbers) == 2 and len(set(line.numbers)) == 1  # the elder, twice
    assert [e["data"]["attempt"] for e in desk.events(alarm_id, "callback")] == [1, 1]


def test_an_idle_worker_writes_nothing(make_center_app, clock):
    """A worker with nothing due only reads: no writer lock, no commit, no fsync (it once
    claimed with a write four times a second, queueing presses behind it on SQLite)."""
    app = make_center_app(alarm_clock=clock, alarm_telephony=Line())
    database = app.extensions["onekey"].db
    worker = EscalationWorker(database, app.extensions["onekey_alarms"], "idle")
    desk = Desk(app)
    desk.raised()  # an open alarm: its ack timer is pending, not due
    worker.tick()  # the first tick's sweeps write (care calls, pruning, the patrol visits due)
    worker.wait_follow_ups(10)  # (the follow-ups it started, on their own thread, too)
    syncs = database.group.syncs
    commits: list[int] = []
    event.listen(database.writes, "after_commit", lambda _db: commits.append(1))
    for _ in range(20):
        assert worker.tick() == 0
    assert commits == [] and database.group.syncs == syncs
