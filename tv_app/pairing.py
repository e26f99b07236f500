"""Binding a new box to its household: show a code, wait for the centre, keep the token.

``client.start_pairing("tv", name)`` gives a 6-digit code and a poll secret; the box polls
``pairing_status`` until an agent confirms the code with the household, then the app stores
the device token in the per-box file and carries on to home. An expired code is replaced by
a new one; an unreachable centre is retried (DESIGN.md §2.3: bound once, then nobody logs in).
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from kivy.clock import Clock

from shared_ui.client import CenterClient
from shared_ui.kivy_kit.background import Background

log = logging.getLogger(__name__)


class Pairing:
    def __init__(self, client: CenterClient, background: Background, box_name: str, poll_s: float, *,
                 on_code: Callable[[str, bool], None], on_paired: Callable[[dict[str, Any]], None],
                 on_offline: Callable[[], None]):
        self.client = client
        self.background = background
        self.box_name = box_name
        self.poll_s = poll_s
        self.on_code = on_code
        self.on_paired = on_paired
        self.on_offline = on_offline
        self.pairing: dict[str, Any] | None = None
        self._event = None
        self._retry = None
        self._asking = False
        self.done = False

    def start(self, renewed: bool = False) -> None:
        self._retry = None
        self.background.submit(self.client.start_pairing, "tv", self.box_name,
                               then=lambda p: self._started(p, renewed), failed=self._offline)

    def _started(self, pairing: dict[str, Any], renewed: bool) -> None:
        self.pairing = pairing
        self.on_code(pairing["code"], renewed)
        if self._event is None:
            self._event = Clock.schedule_interval(lambda _dt: self._poll(), self.poll_s)

    def _offline(self, exc: BaseException) -> None:
        log.info("pairing: centre unreachable (%s); retrying", exc)
        self.on_offline()
        if not self.done:
            self._retry = Clock.schedule_once(lambda _dt: self.start(), max(self.poll_s, 1.0) * 2)

    def _poll(self) -> None:
        if self._asking or self.pairing is None or self.done:
            return
        self._asking = True
        self.background.submit(self.client.pairing_status, self.pairing["id"], self.pairing["poll_secret"],
                               then=self._status, failed=self._poll_failed)

    def _poll_failed(self, exc: BaseException) -> None:
        self._asking = False
        log.info("pairing poll failed: %s", exc)

    def _status(self, status: dict[str, Any]) -> None:
        self._asking = False
        if status.get("status") == "confirmed" and status.get("device_token"):
            self.stop()
            self.done = True
            self.on_paired(status)
        elif status.get("status") == "expired":
            self.pairing = None
            self.start(renewed=True)

    def stop(self) -> None:
        for event in (self._event, self._retry):
            if event is not None:
                event.cancel()
        self._event = self._retry = None
