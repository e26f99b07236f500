"""The alert worker: in every back-end process, one thread that follows the centre's events
while this process holds the stream's lease, and one that sends what the outbox holds. Both
stop with the process; another process takes the stream over when the lease lapses."""
from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from shared_ui.client import CenterClient

from ..db import Database, utcnow
from ..models import OutboxEntry
from . import outbox, subscriptions
from .follower import LEASE, Follower
from .sender import WeChatSender

log = logging.getLogger(__name__)


class AlertWorker:
    def __init__(self, database: Database, service: CenterClient, sender: WeChatSender | None, *,
                 alarm_template: str, booking_template: str, retry_s: float = 2.0,
                 retry_max_s: float = 60.0, give_up_s: float = 86400.0, wait_s: int = 25):
        self.database = database
        self.sender = sender
        self.retry_s, self.retry_max_s = retry_s, retry_max_s
        self.give_up = timedelta(seconds=give_up_s)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.follower = Follower(database, service, self.holder, alarm_template=alarm_template,
                                 booking_template=booking_template, wait_s=wait_s, woke=self._wake.set)
        self._threads: list[threading.Thread] = []

    def start(self) -> "AlertWorker":
        for target, name in ((self._follow, "alerts-follow"), (self._send, "alerts-send")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.follower.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        try:
            self.follower.release()
        except Exception:  # noqa: BLE001 — the database is going away too: the lease lapses
            log.info("could not hand the alert stream over", exc_info=True)

    # -- following ---------------------------------------------------------------------------
    def _follow(self) -> None:
        following = False
        while not self._stop.is_set():
            try:
                mine = self.follower.take_or_renew()
                if mine and not following:
                    self.follower.start()
                    following = True
                elif not mine and following:
                    self.follower.stop()
                    following = False
            except Exception:  # noqa: BLE001 — the centre or the database is away; try again
                log.info("alert stream: not following yet", exc_info=True)
                if following:
                    self.follower.stop()
                    following = False
            self._stop.wait(LEASE.total_seconds() / 4)
        if following:
            self.follower.stop()

    # -- sending ------------------------------------------------------------------------------
    def _send(self) -> None:
        while not self._stop.is_set():
            try:
                self.send_due()
            except Exception:  # noqa: BLE001
                log.exception("alert outbox round failed")
            self._wake.wait(self._pause())
            self._wake.clear()

    def _pause(self) -> float:
        with self.database.session(write=False) as db:
            due = outbox.next_due(db)
        if due is None:
            return 5.0
        return max(0.05, min(5.0, (due - utcnow()).total_seconds()))

    def send_due(self) -> int:
        """Send every row due now; returns how many were sent."""
        if self.sender is None:
            return 0
        sent = 0
        while True:
            with self.database.session() as db:
                rows = outbox.claim(db, utcnow())
            if not rows:
                return sent
            for row in rows:
                sent += self._send_one(row)

    def _send_one(self, row: OutboxEntry) -> int:
        assert self.sender is not None
        with self.database.session(write=False) as db:
            allowed = subscriptions.allows(db, row.openid, row.template_id) is not None
            unheard = outbox.follows_an_unheard_alarm(db, row)
        send = allowed and not unheard
        outcome = self.sender.send(row.openid, row.template_id, row.page, row.data) if send else None
        now = utcnow()
        with self.database.session() as db:
            entry = db.get(OutboxEntry, row.id)
            assert entry is not None
            entry.lease_until = None
            if outcome is None:
                entry.status, entry.last_error = "refused", \
                    "没有收到这次求救的第一条消息" if unheard else "没有订阅这条消息"
            elif outcome.kind == "sent":
                entry.status, entry.sent_at, entry.wechat_msgid = "sent", now, outcome.msgid
                subscriptions.spend(db, row.openid, row.template_id)
            elif outcome.kind == "refused":
                entry.status, entry.last_error = "refused", outcome.detail
                subscriptions.refused(db, row.openid, row.template_id)
            elif outcome.kind == "broken" or now - entry.created_at > self.give_up:
                entry.status, entry.last_error = "failed", outcome.detail
            else:
                delay = min(self.retry_max_s, self.retry_s * 2 ** max(entry.attempts - 1, 0))
                entry.status, entry.last_error = "pending", outcome.detail
                entry.next_attempt_at = now + timedelta(seconds=delay)
        return 1 if outcome is not None and outcome.kind == "sent" else 0
