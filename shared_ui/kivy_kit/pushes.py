"""Messages waiting at the centre (reminders, notices, request status) and the daily check-in,
fetched for the flow engine, which decides when each pops up (``FlowEngine.offer``).

New messages arrive through the device event stream; this poll at a modest interval
(``/v1/elders/{id}/messages?due=true&unread=true``) is the fallback, and it asks for the
check-in state (每日报平安: offered while the centre says ``due`` or ``missed``). The engine
drops what it has offered before, so polling the same unread message again is harmless.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from shared_ui.client import CenterClient
from shared_ui.flow.kinds.popup import CHECKIN

from .background import Background

log = logging.getLogger(__name__)
ASKING = ("due", "missed")


def checkin_prompt(state: dict[str, Any]) -> dict[str, Any] | None:
    """Today's check-in as a pop-up message, when the centre is asking for one."""
    if not (state.get("enrolled") and state.get("status") in ASKING):
        return None
    return {"id": f"{CHECKIN}:{state.get('date')}", "kind": CHECKIN, "title": state.get("prompt") or "",
            "body": "", "speech": state.get("speech") or state.get("prompt"), "read_at": None}


class MessagePushes:
    def __init__(self, client: CenterClient, background: Background, elder_id: str, interval_s: float,
                 offer: Callable[[dict[str, Any]], None], household_ids: list[str] | None = None):
        """``elder_id``: the elder the device is bound to (the daily check-in is theirs);
        ``household_ids``: everyone on a shared device, whose messages all pop up here."""
        self.client = client
        self.background = background
        self.elder_id = elder_id
        self.household_ids = household_ids or [elder_id]
        self.interval_s = interval_s
        self.offer = offer
        self._event = None
        self._polling = False

    def start(self) -> None:
        from kivy.clock import Clock

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

    def check_in_state(self) -> None:
        self.background.submit(self.client.checkin, self.elder_id, then=self._checkin_state,
                               failed=lambda exc: log.info("check-in state unavailable: %s", exc))

    def _checkin_state(self, state: dict[str, Any]) -> None:
        prompt = checkin_prompt(state)
        if prompt is not None:
            self.offer(prompt)

    def _fetch(self) -> list[dict[str, Any]]:
        return [m.as_dict() for elder_id in self.household_ids
                for m in self.client.messages(elder_id, due=True, unread=True)]

    def _failed(self, exc: BaseException) -> None:
        self._polling = False
        log.info("message poll failed: %s", exc)

    def _arrived(self, messages: list[dict[str, Any]]) -> None:
        self._polling = False
        if messages:  # together: several waiting become one summary
            self.offer(sorted(messages, key=lambda m: m.get("due_at") or m.get("created_at") or ""))
