"""What the centre tells a device (or a backend) as it happens: ``GET /v1/devices/me/events``.

Alarm status changes (called back, contacts told, 110, cancelled), request status changes, new
messages and check-ins arrive within a second of being written, on a thread of their own (a
25-second long-poll must never hold up a booking). Following the contract: one call without
``after`` gives the current token, the caller loads its state, then polls continue from that
token. An unreachable centre is retried with capped backoff. A token the centre no longer knows
(401 ``invalid_token``: the device was unbound) ends the stream and says so (``on_revoked``):
retrying it would never succeed, and the device has to show that it is not bound.

Plain Python: ``deliver`` is called on the stream's thread with each event; a Kivy front end
passes one that hands the event to its UI thread (``shared_ui.kivy_kit.device_events``), a web
backend one that fans it out to its own subscribers.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from .client import CenterClient, CenterError

log = logging.getLogger(__name__)
# A kiosk's stream is refused without a live grant; it waits for the next person's grant
# (checked locally every GRANT_POLL_S) instead of backing off for up to half a minute.
GRANT_CODES = frozenset({"grant_required", "grant_expired"})
GRANT_POLL_S = 0.5


class EventStream:
    def __init__(self, client: CenterClient, deliver: Callable[[dict[str, Any]], None], *,
                 wait_s: int = 25, max_backoff_s: float = 30.0, path: str = "/v1/devices/me/events",
                 after: str | None = None, on_revoked: Callable[[], None] | None = None):
        """``path``: a back end follows ``/v1/events``; ``after``: resume from a token kept
        across restarts (None: from now); ``on_revoked``: called once, on the stream's
        thread, when the centre refuses the token (the stream has ended)."""
        self.on_revoked = on_revoked
        # Its own client: the long-poll needs a read timeout longer than the wait, and no
        # retries of its own (the loop retries).
        self.client = CenterClient(client.base_url, client.token, timeout=(3.05, 10), retries=0,
                                   hotline=client.hotline)
        self.source = client  # a kiosk's grant is read from it before every poll
        self.deliver = deliver
        self.wait_s = wait_s
        self.max_backoff_s = max_backoff_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="device-events", daemon=True)
        self.path = path
        self.token: str | None = after
        self.connected = threading.Event()  # set once the current token is known

    def start(self) -> "EventStream":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.client.close()

    def _run(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            self.client.grant = self.source.grant
            try:
                answer = self.client.events(self.token, wait=self.wait_s, path=self.path)
            except CenterError as exc:
                if self._stop.is_set():
                    return
                if exc.code == "invalid_token":
                    log.warning("the centre no longer knows this device's token (unbound): "
                                "the event stream ends")
                    if self.on_revoked is not None:
                        self.on_revoked()
                    return
                if exc.code in GRANT_CODES:  # a kiosk between people: nothing to follow until
                    self._until_grant_changes(self.client.grant)  # someone is identified
                    continue
                if exc.status == 404:
                    log.info("this centre has no device event stream; relying on polls")
                    return
                log.info("event stream: %s; again in %.0fs", exc.code, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            backoff = 1.0
            if answer.get("reset"):
                self.token = None  # another database: start again from its head
                continue
            self.token = answer.get("next", self.token)
            self.connected.set()
            for event in answer.get("events") or []:
                try:
                    self.deliver(event)
                except Exception:  # noqa: BLE001 — one bad event never stops the stream
                    log.exception("delivering device event %s failed", event.get("id"))


    def _until_grant_changes(self, used: str | None) -> None:
        while not self._stop.is_set() and self.source.grant == used:
            self._stop.wait(GRANT_POLL_S)


class EventRouter:
    """Sends each device event where it belongs: an alarm's new state, a message to offer,
    a request that changed, a check-in to ask about, an elder's changed preferences."""

    def __init__(self, alarm_update: Callable[[dict[str, Any], str | None], None],
                 offer_message: Callable[[dict[str, Any]], None],
                 request_changed: Callable[[dict[str, Any]], None],
                 checkin_changed: Callable[[], None],
                 preferences_changed: Callable[[str, dict[str, Any]], None] | None = None):
        """``preferences_changed(elder_id, data)``: her preferences were changed (by her family
        or an agent); ``data`` is ``{preferences, preferences_set}``."""
        self.alarm_update = alarm_update
        self.offer_message = offer_message
        self.request_changed = request_changed
        self.checkin_changed = checkin_changed
        self.preferences_changed = preferences_changed

    def __call__(self, event: dict[str, Any]) -> None:
        kind, data, speech = event.get("kind"), event.get("data") or {}, event.get("speech") or None
        if kind == "alarm" and data.get("alarm"):
            self.alarm_update(data["alarm"], speech)
        elif kind == "message" and data.get("message"):
            self.offer_message({**data["message"], "speech": speech or data["message"].get("speech"),
                                "read_at": None})
        elif kind == "request" and data.get("request"):
            self.request_changed(data["request"])
        elif kind == "checkin":
            self.checkin_changed()
        elif kind == "preferences" and event.get("elder_id") and self.preferences_changed is not None:
            self.preferences_changed(event["elder_id"], data)
