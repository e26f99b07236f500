"""Following the centre's events (the kit's stream loop, ``shared_ui.device_events``) and
turning those a family must hear about into outbox rows.

One worker follows at a time: it holds a lease in ``stream_state`` and renews it while it
runs; when it dies another takes over from the cursor kept there — the id of the last event
whose rows were committed with it, in the same transaction. So a restart or a take-over
replays at most that event, and the outbox's ``dedupe`` makes the replay a no-op.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import or_, update

from shared_ui.client import CenterClient, CenterError
from shared_ui.device_events import EventStream

from ..db import Database, utcnow
from ..models import StreamState
from . import outbox, subscriptions, templates

log = logging.getLogger(__name__)
STREAM = "centre"
LEASE = timedelta(seconds=20)
RETRY_PAUSES = (1.0, 2.0, 4.0, 8.0, None)


class Follower:
    def __init__(self, database: Database, service: CenterClient, holder: str, *,
                 alarm_template: str, booking_template: str, wait_s: int = 25,
                 woke: Callable[[], None] = lambda: None):
        self.database = database
        self.service = service
        self.holder = holder
        self.alarm_template = alarm_template
        self.booking_template = booking_template
        self.wait_s = wait_s
        self.woke = woke
        self.stream: EventStream | None = None

    # -- the lease ------------------------------------------------------------------------
    def take_or_renew(self, now: datetime | None = None) -> bool:
        """True while this worker may follow the stream (the lease is ours, renewed)."""
        now = now or utcnow()
        with self.database.session() as db:
            if db.get(StreamState, STREAM) is None:
                db.add(StreamState(name=STREAM, cursor=None, holder=None, lease_until=None))
                db.flush()
            taken = db.execute(update(StreamState).where(
                StreamState.name == STREAM,
                or_(StreamState.holder == self.holder, StreamState.lease_until.is_(None),
                    StreamState.lease_until <= now)).values(
                holder=self.holder, lease_until=now + LEASE)).rowcount
        return bool(taken)

    def release(self) -> None:
        """Hand the stream over now (a clean stop), instead of when the lease runs out."""
        with self.database.session() as db:
            db.execute(update(StreamState).where(StreamState.name == STREAM,
                                                 StreamState.holder == self.holder)
                       .values(holder=None, lease_until=None))

    def cursor(self) -> str | None:
        with self.database.session(write=False) as db:
            row = db.get(StreamState, STREAM)
            return row.cursor if row is not None else None

    def start(self) -> None:
        after = self.cursor()
        if after is None:  # the first start: from now on (the centre's current token)
            after = self.service.events(None, path="/v1/events").get("next")
            self._save_cursor(after)
        self.stream = EventStream(self.service, self.deliver, wait_s=self.wait_s, path="/v1/events",
                                  after=after).start()

    def stop(self) -> None:
        if self.stream is not None:
            self.stream.stop()
            self.stream = None

    def _save_cursor(self, cursor: str | None) -> None:
        with self.database.session() as db:
            db.execute(update(StreamState).where(StreamState.name == STREAM).values(cursor=cursor))

    # -- events → rows ------------------------------------------------------------------------
    def deliver(self, event: dict[str, Any]) -> None:
        """Called on the stream's thread, event by event, in order. The centre being briefly
        unreachable (recipients) is waited out here: later events must not overtake this one."""
        rows: list[dict[str, Any]] = []
        for pause in RETRY_PAUSES:
            try:
                rows = self.rows_for(event)
                break
            except CenterError:
                if self.stream is None or pause is None:
                    raise
                time.sleep(pause)
        with self.database.session() as db:
            if rows:
                # Bound with alerts but never opted in: kept as refused (who was not told, why).
                outbox.enqueue(db, [r if subscriptions.allows(db, r["openid"], r["template_id"])
                                    else {**r, "status": "refused", "last_error": "没有订阅这条消息"}
                                    for r in rows])
            db.execute(update(StreamState).where(StreamState.name == STREAM,
                                                 StreamState.holder == self.holder)
                       .values(cursor=str(event["id"])))
        if rows:
            self.woke()

    def rows_for(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        kind, data, elder_id = event.get("kind"), event.get("data") or {}, event.get("elder_id")
        permission = "alerts"  # alarms and results: members who asked to be alerted
        if not elder_id:
            return []
        if kind == "alarm" and data.get("alarm") and templates.wants_alarm_alert(data["alarm"]):
            alarm = data["alarm"]
            template, ref = self.alarm_template, alarm["id"]
            key = f"alarm:{ref}:{alarm.get('status')}:{alarm.get('phase', '')}"
            page = f"pages/alarm/index?id={ref}"
            make = lambda r: templates.alarm_message(alarm, event["at"], r["elder_name_masked"])  # noqa: E731
        elif kind == "request" and data.get("request") and templates.wants_request_alert(data["request"]):
            request = data["request"]
            template, ref = self.booking_template, request["id"]
            stage = templates.alerting_stage(request)  # (one message a stage, once)
            key = f"request:{ref}:{request.get('status')}" + (f":{stage}" if stage else "")
            page = f"pages/request/index?id={ref}"
            make = lambda r: templates.request_message(request, event["at"], r["elder_name_masked"])  # noqa: E731
        elif kind == "slip" and data.get("request"):  # 发给家人 at a kiosk: each press once
            request = data["request"]
            template, ref, permission = self.booking_template, request["id"], "view"
            key = f"slip:{ref}:{event['id']}"
            page = f"pages/request/index?id={ref}"
            make = lambda r: templates.slip_message(request, event["at"], r["elder_name_masked"])  # noqa: E731
        else:
            return []
        if not template:
            return []
        try:
            people = self.service.alert_recipients(elder_id, permission)
        except CenterError as exc:
            log.warning("alert recipients of %s unavailable: %s", elder_id, exc.code)
            raise
        return [{"dedupe": f"{key}:{r['family_id']}"[:160], "family_id": r["family_id"],
                 "openid": r["subject"], "template_id": template, "page": page, "data": make(r),
                 "kind": kind, "ref_id": ref, "event_at": datetime.fromisoformat(event["at"])}
                for r in people if r.get("provider") == "wechat"]
