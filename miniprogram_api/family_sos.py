"""A family member's SOS for a parent, kept by the back end until the centre has it
(DESIGN.md §3 "Nothing lost"). A phone keeps nothing between two pages, so the back end is
the device here: the press is written to the kit's durable outbox before its first try; a
centre that is away (or answers 5xx) leaves it there, and a worker in every process sends it
again, as the member who pressed and with the press's own idempotency key, so the centre
makes one alarm however often it is sent. The alarm screen learns where the press stands on
its next refresh (the H5 page refreshes itself while the press is kept).

The outbox is a SQLite file on the node (``Settings.alarm_outbox_path``): a press is kept by
the node that took it. A node that never comes back takes its kept presses with it; the
screen said to call 120 meanwhile, as the TV's does.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import Any

from shared_ui.client import CenterClient, CenterError
from shared_ui.flow.events import Answer
from shared_ui.flow.runner import IntentRunner, durable_intent_runner
from shared_ui.flow.screens import Intent
from shared_ui.outbox import Entry, Outbox, OutboxWorker, client_sender

from .members import Members
from .settings import Settings

log = logging.getLogger(__name__)
# What the kept press needs: its raise, its taking back (我没事 before it went), and the
# screen's question whether it has gone.
KEPT_OPS = frozenset({"raise_alarm", "withdraw_alarm", "queued_alarm"})


class FamilySos:
    def __init__(self, settings: Settings, members: Members):
        self.outbox = Outbox(settings.alarm_outbox_path())
        self.members = members
        self.poll_s = settings.alarm_retry_poll_s
        self._worker: OutboxWorker | None = None
        self._lock = threading.Lock()

    def runner(self, login_id: str, fallback: IntentRunner) -> IntentRunner:
        """The intents of one member's screens: the kept ones through the outbox (each
        remembering who pressed, for a later try), the rest as ``fallback`` runs them."""
        durable = durable_intent_runner(self.outbox, nudge=self.nudge, fallback=fallback)

        def run(client: CenterClient, intent: Intent) -> Answer:
            if intent.op not in KEPT_OPS:
                return fallback(client, intent)
            return durable(client, replace(intent, args={**intent.args, "login_id": login_id}))

        return run

    def _send(self, entry: Entry) -> Any:
        """A later try, as the member who pressed (signed out since or not: a press made is
        delivered); a 我没事 that came too late is the family's 他没事."""
        client = self.members.acting_for(entry.args.get("login_id", ""))
        if client is None:
            raise CenterError("unknown_login", "按下求助的登录已不存在。", status=410)
        if entry.op == "cancel_alarm":
            return client.answer_alarm(entry.args["alarm_id"], "ok", idempotency_key=entry.idempotency_key)
        return client_sender(client)(entry)

    def start(self) -> "FamilySos":
        """The worker (once per process); at once when presses are waiting from before."""
        with self._lock:
            if self._worker is None:
                self._worker = OutboxWorker(self.outbox, self._send, self._done,
                                            idle_poll=self.poll_s).start()
        return self

    def nudge(self) -> None:
        self.start()
        assert self._worker is not None
        self._worker.nudge()

    @staticmethod
    def _done(entry: Entry) -> None:
        if entry.op == "raise_alarm":
            log.info("kept SOS %s: %s", entry.idempotency_key[:16], entry.state)

    def stop(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(timeout=2.0)
