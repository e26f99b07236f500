"""Messages the centre pushes (reminders, notices, request status, the daily check-in).

Polled through the client at a modest interval (``/v1/elders/{id}/messages?due=true&unread=true``);
each message not seen before is handed to ``on_message`` once, oldest first, and stays unread
at the centre until the elder acknowledges it with OK (:meth:`ack`). A message the elder put
aside with Back is not popped up again in this run; it waits in 消息.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from kivy.clock import Clock

from shared_ui.client import CenterClient
from shared_ui.kivy_kit.background import Background

log = logging.getLogger(__name__)


class MessagePushes:
    def __init__(self, client: CenterClient, background: Background, elder_id: str, interval_s: float,
                 on_message: Callable[[dict[str, Any]], None]):
        self.client = client
        self.background = background
        self.elder_id = elder_id
        self.interval_s = interval_s
        self.on_message = on_message
        self.seen: set[str] = set()
        self._event = None
        self._polling = False

    def start(self) -> None:
        self.poll_now()
        self._event = Clock.schedule_interval(lambda _dt: self.poll_now(), self.interval_s)

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def poll_now(self) -> None:
        if self._polling:
            return  # the last poll has not come back; never stack requests on a slow line
        self._polling = True
        self.background.submit(self._fetch, then=self._arrived, failed=self._failed)

    def _fetch(self) -> list[dict[str, Any]]:
        return [m.as_dict() for m in self.client.messages(self.elder_id, due=True, unread=True)]

    def _failed(self, exc: BaseException) -> None:
        self._polling = False
        log.info("message poll failed: %s", exc)

    def _arrived(self, messages: list[dict[str, Any]]) -> None:
        self._polling = False
        for message in sorted(messages, key=lambda m: m.get("due_at") or m.get("created_at") or ""):
            if message["id"] not in self.seen and not message.get("read_at"):
                self.seen.add(message["id"])
                self.on_message(message)

    def ack(self, message_id: str, then: Callable[[Any], None] | None = None) -> None:
        self.background.submit(self.client.ack_message, message_id, then=then,
                               failed=lambda exc: log.warning("ack of %s failed: %s", message_id, exc))
