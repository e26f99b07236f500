"""A TV's press served without a Flask request: the alarm intake's own path.

Seed 000's rescue starts with this request, and a storm or a power cut brings a district's
presses at once. Served through Flask a press cost about 4× the trivial route on PostgreSQL
(docs/scaling.md: of 3 ms in process, about 1 ms was Flask's request machinery and 1 ms
SQLAlchemy's session and execution layers, beside 1 ms of waiting for the database). The
centre's front (:mod:`call_center.push.asgi`) hands the common case to :class:`Intake`
instead: a TV's token (read once where this process has not seen it), a JSON body the
contract's model accepts, an Idempotency-Key, and an elder of its household with no open
alarm. It writes the rows the Flask view writes — made by the same code (the desk's new
alarm, the device events' row makers, the answer's model and JSON) — with the same
statements (:mod:`call_center.precompiled`), and answers the same bytes; the answer is stored
with its key, so a retry is replayed by either path. On PostgreSQL it runs on the event loop
(two exchanges, no thread), on SQLite on one of the front's threads.

Everything else is the view's (``blueprints/alarms.py``), which stays the contract's
reference: a refusal (kept, in words she can hear), a repeat (a replayed key, or the elder's
open alarm: 200), a kiosk's grant, a family member or an agent, a malformed body, a request
without a key. A press that finds such a case after it began rolls back — nothing is
written — and the view serves the request from the start; so does one the database fails.
``tests/call_center/alarms/test_intake.py`` compares the two paths row by row and byte by
byte.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from flask import Flask
from psycopg_pool import AsyncConnectionPool
from pydantic import ValidationError

from ..api_responses import API_HEADERS
from ..auth import Caller, token_fingerprint
from ..db_insert import claiming_reading, full_values, unless_taken, values_of
from ..models import Elder, IdempotencyRecord
from ..models.alarms import Alarm, AlarmEvent, AlarmTimer
from ..models.device_event_log import locked_insert
from ..models.device_events import DeviceEvent
from ..precompiled import Precompiled
from ..unit_of_work import ANSWERED, request_fingerprint, valid_key
from . import present, timeline
from .desk import NewAlarm, channel_for, raising_for, to_raise_for
from .schemas import AlarmCreate

if TYPE_CHECKING:
    from .desk import AlarmDesk

log = logging.getLogger(__name__)

PATH = "/v1/alarms"
CREATED = 201
# PostgreSQL connections of the path, per process. A press holds one for two exchanges and
# its commit (1–3 ms): four take a process past 1,000 presses a second, and keep a node's
# processes well inside the server's connections beside the Flask app's pool.
POOL_SIZE = 4
APPLICATION_NAME = "onekey alarm intake"  # the path's connections, in pg_stat_activity
# A press waits this long for one of the path's connections (all busy, or the database
# unreachable) before the Flask view serves it instead.
CONNECTION_WAIT_S = 5.0
_KEY = ("caller", "key")


@dataclass
class Press:
    """A press the path serves, made before the database is asked (on the event loop)."""
    caller: Caller
    new: NewAlarm
    record: IdempotencyRecord


class Intake:
    """The press's own path for one centre app (its database, desk and JSON). On PostgreSQL
    its statements run on the event loop, on connections of its own (``pool_size`` at most,
    :mod:`psycopg_pool`): a press then crosses no thread — a thread's hand-over each way
    cost a served press about 0.35 ms, a third of the trivial route. SQLite's writes block,
    so they run on one of the front's threads."""

    def __init__(self, app: Flask, desk: "AlarmDesk", pool_size: int = POOL_SIZE):
        self.json = app.json
        self.desk = desk
        self.database = app.extensions["onekey"].db
        self.engine = self.database.engine
        self.postgres = self.engine.dialect.name == "postgresql"
        self.pool_size = pool_size
        self._pool: "asyncio.Future[AsyncConnectionPool] | None" = None
        self._statements: dict[Any, Precompiled] = {}
        self.served = 0  # presses this path answered (tests, benchmarks)

    def asked(self, caller: Caller, token: str, key: str | None, content_type: str,
              body: bytes) -> Press | None:
        """The press to serve here, or None when the Flask view must serve the request."""
        if not caller.is_tv or not caller.household_id or key is None or not valid_key(key) \
                or not _json(content_type):
            return None
        asked = _asked(body)
        if asked is None:
            return None
        new = self.desk.new_alarm(asked.elder_id, actor=caller.actor,
                                  channel=channel_for(caller, asked.channel),
                                  note=asked.note or "", pressed_at=asked.pressed_at,
                                  device_id=caller.id)
        return Press(caller, new, IdempotencyRecord(
            caller=token_fingerprint(token), key=key,
            fingerprint=request_fingerprint("POST", PATH + "?", body)))

    async def answer(self, press: Press, on_thread: Callable[..., Awaitable[Any]],
                     ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """The answer (status, headers, body), written and durable; None when the Flask view
        must serve the request after all (nothing was written). ``on_thread``: runs blocking
        work on one of the front's threads."""
        try:
            written = await (self._on_postgres(press) if self.postgres else
                             on_thread(self._on_sqlite, press))
        except Exception:  # the view serves it; nothing was committed
            log.exception("alarm press: its own path failed; the Flask view serves it")
            return None
        if written is None:
            return None
        self.served += 1
        notifier = self.desk.notifier
        if notifier is not None:
            if press.new.timer.due_at <= press.new.at:
                notifier.timers_due()
            notifier.notify()  # the hub reads her events: durable by now
        return written

    async def close(self) -> None:
        """Close the path's connections (the server stops)."""
        if self._pool is not None and self._pool.done() and not self._pool.exception():
            await self._pool.result().close()
        self._pool = None

    # -- what both databases write ------------------------------------------------------------
    def _made(self, new: NewAlarm, elder: Elder) -> tuple[list[dict[str, Any]], dict[str, Any],
                                                          tuple[int, list[tuple[str, str]], bytes]]:
        """Her alarm's device events, the stored answer's values and the answer, once she is
        read (her household and name are in them)."""
        alarm = new.alarm
        alarm.household_id = elder.household_id
        step = present.alarm_step_row(None, new.raised)  # type: ignore[arg-type]
        assert step is not None
        events = [timeline.published(alarm, new.at), step[1]]
        response = self.json.response(present.alarm(alarm, elder).model_dump(
            mode="json", by_alias=True))
        content = response.get_data()
        stored = {"status_code": CREATED, "content_type": response.content_type,
                  "body": content, "etag": None}
        headers = [("content-type", response.content_type),
                   *((name.lower(), value) for name, value in API_HEADERS.items())]
        return events, stored, (CREATED, headers, content)

    def _statement(self, statement: Any, columns: tuple[str, ...] | None = None) -> Precompiled:
        found = self._statements.get((statement, columns))
        if found is None:
            found = self._statements[(statement, columns)] = Precompiled(
                statement, self.engine.dialect, columns)
        return found

    def _insert(self, statement: Any, table: Any, values: dict[str, Any]) -> tuple[str, Any]:
        row = full_values(table, values)
        return self._statement(statement, tuple(row))(row)

    # -- PostgreSQL: two exchanges, on the event loop ------------------------------------------
    async def _connections(self) -> AsyncConnectionPool:
        if self._pool is None or self._pool.done() and self._pool.exception() is not None:
            self._pool = asyncio.ensure_future(self._open())  # (again, if it failed to open)
        return await asyncio.shield(self._pool)

    async def _open(self) -> AsyncConnectionPool:
        """The path's connections, made as the engine's are (its URL), in autocommit so that
        BEGIN is ours to send with the first statement."""
        _args, options = self.engine.dialect.create_connect_args(self.engine.url)
        pool = AsyncConnectionPool(kwargs={**options, "autocommit": True,
                                           "application_name": APPLICATION_NAME}, min_size=1,
                                   max_size=self.pool_size, open=False, name="alarm-intake")
        await pool.open()
        return pool

    async def _on_postgres(self, press: Press) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """Two exchanges with the server, pipelined: BEGIN with the statement that claims the
        key, reads her and inserts her alarm, its first event and its timer; then her device
        events (with the ordering lock and its NOTIFY), the stored answer and COMMIT. (The
        view's session waits for its BEGIN on its own: three.)"""
        new = press.new
        read, read_params = to_raise_for(new.alarm.elder_id)
        statement, params = claiming_reading(press.record, _KEY, read, read_params,
                                             new.if_found())
        pool = await self._connections()
        async with pool.connection(timeout=CONNECTION_WAIT_S) as conn:
            cursor = conn.cursor()
            async with conn.pipeline() as pipeline:
                await conn.execute("BEGIN")
                await cursor.execute(*self._statement(statement)(params))
                await pipeline.sync()
                key_id, alarm_id, found, *columns = await cursor.fetchone()
                elder = raising_for(columns)[0] if found else None
                if key_id is None or alarm_id is None or elder is None or \
                        elder.household_id != press.caller.household_id:
                    await conn.execute("ROLLBACK")
                    return None
                events, stored, answer = self._made(new, elder)
                events_statement, events_params = locked_insert(events, self.database.origin)
                await cursor.execute(*self._statement(events_statement)(events_params))
                await cursor.execute(*self._statement(ANSWERED)({"record": key_id, **stored}))
                await conn.execute("COMMIT")  # the sync that leaves the pipeline is the commit's
            return answer

    # -- SQLite: one writer at a time, durable by the shared fsync ----------------------------
    def _on_sqlite(self, press: Press) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """The view's statements in one ``BEGIN IMMEDIATE`` behind the writers' gate; the
        answer leaves once the WAL's sync that began after the commit is done."""
        gate, group = self.database.gate, self.database.group
        if gate is not None:
            gate.acquire()
        try:
            answer = self._write_sqlite(press.caller, press.new, press.record)
        finally:
            if gate is not None:
                gate.release()
        if answer is not None and group is not None:
            assert self.database.checkpointer is not None
            self.database.checkpointer.written()
            group.wait(group.ticket())
        return answer

    def _write_sqlite(self, caller: Caller, new: NewAlarm, record: IdempotencyRecord,
                      ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        raw = self.engine.raw_connection()
        conn = raw.driver_connection
        try:
            answer = self._sqlite_statements(conn.cursor(), caller, new, record)
            if answer is None:
                conn.rollback()  # the view's: nothing of this press stays
            return answer
        except Exception:
            raw.invalidate()  # in whatever state the failure left it: not for the next press
            raise
        finally:
            raw.close()

    def _sqlite_statements(self, cursor: Any, caller: Caller, new: NewAlarm,
                           record: IdempotencyRecord,
                           ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """The press in one ``BEGIN IMMEDIATE``, committed; None (left open) for the view's."""
        cursor.execute("BEGIN IMMEDIATE")
        records = IdempotencyRecord.__table__
        key = cursor.execute(*self._insert(unless_taken("sqlite", records, _KEY), records,
                                           values_of(record))).fetchone()
        if key is None:
            return None
        read, read_params = to_raise_for(new.alarm.elder_id)
        found = raising_for(cursor.execute(*self._statement(read)(read_params)).fetchone())
        if found is None or found[0].household_id != caller.household_id or found[1] is not None:
            return None
        elder = found[0]
        new.alarm.household_id = elder.household_id
        alarms = Alarm.__table__
        if cursor.execute(*self._insert(unless_taken("sqlite", alarms, ("open_for",)),
                                        alarms, values_of(new.alarm))).fetchone() is None:
            return None
        for table, row in ((AlarmEvent.__table__, new.raised),
                           (AlarmTimer.__table__, new.timer)):
            cursor.execute(*self._insert(_plain_insert(table), table, values_of(row)))
        events, stored, answer = self._made(new, elder)
        table = DeviceEvent.__table__
        for event in events:
            cursor.execute(*self._insert(_plain_insert(table), table, event))
        cursor.execute(*self._statement(ANSWERED)({"record": key[0], **stored}))
        cursor.execute("COMMIT")
        return answer


@lru_cache(maxsize=None)
def _plain_insert(table: Any) -> Any:
    """One INSERT statement per table: the path compiles each statement once."""
    return table.insert()


def _json(content_type: str) -> bool:
    kind, _, rest = content_type.partition(";")
    return kind.strip().lower() == "application/json" and \
        rest.strip().lower() in ("", "charset=utf-8")


def _asked(body: bytes) -> AlarmCreate | None:
    """The press the body asks for, or None where the view must say what is wrong with it
    (as ``bad_input.JsonRequest`` and the input model do: no NUL, an object, the fields)."""
    if b"\\u0000" in body or b"\x00" in body:
        return None
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    try:
        return AlarmCreate.model_validate(value)
    except ValidationError:
        return None
