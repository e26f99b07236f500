"""Messages the centre pushes (reminders, notices, request status) and the daily check-in.

New messages arrive through the device event stream (:mod:`.events`) and, as a fallback, a
poll at a modest interval (``/v1/elders/{id}/messages?due=true&unread=true``); each message
not seen before is handed to ``on_message`` once, oldest first, and stays unread at the
centre until the elder acknowledges it with OK (:meth:`ack`). A message the elder put aside
with Back is not popped up again in this run; it waits in 消息.

The daily check-in (每日报平安) is offered the same way, as a pop-up whose OK records 平安
(``POST /v1/elders/{id}/checkin``), while the centre says it is ``due`` or ``missed``.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from kivy.clock import Clock

from shared_ui.client import CenterClient
from shared_ui.kivy_kit.background import Background

log = logging.getLogger(__name__)
CHECKIN = "checkin"
ASKING = ("due", "missed")


class MessagePushes:
    def __init__(self, client: CenterClient, background: Background, elder_id: str, interval_s: float,
                 on_message: Callable[[dict[str, Any]], None], household_ids: list[str] | None = None):
        """``elder_id``: the elder the box is bound to (the daily check-in is hers);
        ``household_ids``: everyone on a shared box, whose messages all pop up here."""
        self.client = client
        self.background = background
        self.elder_id = elder_id
        self.household_ids = household_ids or [elder_id]
        self.interval_s = interval_s
        self.on_message = on_message
        self.seen: set[str] = set()
        self.told: set[str] = set()  # requests whose result this screen has just read out
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
        self.check_in_state()

    def shown_result(self, request_id: str) -> None:
        """The elder has just seen and heard this request's result on the TV."""
        self.told.add(request_id)

    def already_told(self, message: dict[str, Any]) -> bool:
        """A status message repeating a result the elder has just heard: not popped up again
        (it would cut off the confirmation being read out); it is marked read instead."""
        return message.get("kind") == "status" and message.get("request_id") in self.told

    def offer(self, message: dict[str, Any]) -> None:
        """A message from the event stream: shown unless it was already."""
        self._arrived([message], polled=False)

    # -- the daily check-in -------------------------------------------------------------------
    def check_in_state(self) -> None:
        self.background.submit(self.client.request, "GET", f"/v1/elders/{self.elder_id}/checkin",
                               then=self._checkin_state,
                               failed=lambda exc: log.info("check-in state unavailable: %s", exc))

    def _check_in(self) -> dict[str, Any]:
        return self.client.request("POST", f"/v1/elders/{self.elder_id}/checkin", json={})

    def _checkin_state(self, state: dict[str, Any]) -> None:
        if state.get("enrolled") and state.get("status") in ASKING:
            key = f"{CHECKIN}:{state.get('date')}"
            if key not in self.seen:
                self.seen.add(key)
                self.on_message({"id": key, "kind": CHECKIN, "title": state.get("prompt") or "",
                                 "body": "", "speech": state.get("speech") or state.get("prompt"),
                                 "read_at": None})

    def _fetch(self) -> list[dict[str, Any]]:
        return [m.as_dict() for elder_id in self.household_ids
                for m in self.client.messages(elder_id, due=True, unread=True)]

    def _failed(self, exc: BaseException) -> None:
        self._polling = False
        log.info("message poll failed: %s", exc)

    def _arrived(self, messages: list[dict[str, Any]], polled: bool = True) -> None:
        if polled:
            self._polling = False
        for message in sorted(messages, key=lambda m: m.get("due_at") or m.get("created_at") or ""):
            if message["id"] not in self.seen and not message.get("read_at"):
                self.seen.add(message["id"])
                self.on_message(message)

    def ack(self, message: dict[str, Any], then: Callable[[Any], None] | None = None) -> None:
        """OK on a pop-up: mark the message read, or record today's 平安 for a check-in."""
        if message.get("kind") == CHECKIN:
            self.background.submit(self._check_in, then=then,
                                   failed=lambda exc: log.warning("check-in failed: %s", exc))
            return
        self.background.submit(self.client.ack_message, message["id"], then=then,
                               failed=lambda exc: log.warning("ack of %s failed: %s", message["id"], exc))
