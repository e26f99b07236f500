"""Alarms that must not be lost: the device's durable outbox and its delivery worker.

The engine's ``raise_alarm`` intent runs through ``durable_intent_runner``: the alarm is
committed to the outbox on the device before the first try, so a centre that is down (or a
device that is switched off) loses nothing; the worker retries with backoff and, when the
centre finally has it, the emergency screen is told (DESIGN.md §3 "Nothing lost").
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from shared_ui.client import CenterClient
from shared_ui.flow.runner import durable_intent_runner
from shared_ui.outbox import Entry, Outbox, OutboxWorker, client_sender

from .background import on_ui_thread

log = logging.getLogger(__name__)


class AlarmDelivery:
    def __init__(self, path: Path, client: CenterClient, on_delivered: Callable[[dict[str, Any]], None]):
        self.outbox = Outbox(path)
        self.on_delivered = on_ui_thread(on_delivered)
        self.worker = OutboxWorker(self.outbox, client_sender(client), self._done)
        self.run_intent = durable_intent_runner(self.outbox, nudge=self.worker.nudge)

    def start(self) -> "AlarmDelivery":
        self.worker.start()
        if self.outbox.pending():
            self.worker.nudge()  # alarms left from before a restart go out first
        return self

    def _done(self, entry: Entry) -> None:
        """Worker thread: an entry left the outbox; tell the UI thread when it was an alarm."""
        if entry.op == "raise_alarm" and entry.state == "delivered":
            log.info("queued alarm %s delivered", entry.idempotency_key)
            self.on_delivered(dict(entry.response or {}))

    def stop(self) -> None:
        self.worker.stop(timeout=2.0)
