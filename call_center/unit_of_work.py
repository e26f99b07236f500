"""One database transaction per request, committed only when the response is a success.

This is what makes "nothing is written when an error is returned" true everywhere: views only
``flush``; the after-request hook commits a 2xx/3xx and rolls back anything else. Provider side
effects (a booked slot, an ordered car) register an undo with :func:`on_rollback`, which runs
if the transaction does not commit after all.

Idempotency (docs/central-api.md §Conventions) lives here too, because the stored response
must commit in the same transaction as the effects it describes: a repeat of (caller, key)
replays the first response byte for byte (with the ETag it carried); a repeat with another body
is a 409. Two racing
identical requests cannot both run: SQLite writers queue on ``BEGIN IMMEDIATE``; on
PostgreSQL the loser blocks on the unique index, then replays the winner's response.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Callable

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from .auth import caller_fingerprint
from .commit_tail import one_round_trip
from .db_insert import IfFound, insert_unless_taken, insert_unless_taken_reading
from .errors import ApiError, error_body
from .models import IdempotencyRecord

log = logging.getLogger(__name__)

_records = IdempotencyRecord.__table__
ANSWERED = update(_records).where(_records.c.id == bindparam("record")).values(
    status_code=bindparam("status_code"), content_type=bindparam("content_type"),
    body=bindparam("body"), etag=bindparam("etag"))
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"


def writes(view: Callable) -> Callable:
    """Mark a GET view that writes (e.g. a pairing poll that hands out a token once)."""
    view._onekey_writes = True  # type: ignore[attr-defined]
    return view


def _is_write() -> bool:
    if request.method in WRITE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "_onekey_writes", False))


def session() -> Session:
    """The request's session, opened on first use.

    A writer passes the database's gate here, so the serialised part of a write request is
    only its database work: authentication (:func:`call_center.db.read_session`) and input
    validation have already happened. The idempotency key is claimed first thing in the write transaction; a
    repeat ends the request here with the stored response (:class:`Replay`).
    """
    if "db_session" not in g:
        _open()
        pending = g.pop("idempotency_pending", None)
        if pending is not None:
            _claim(g.db_session, *pending)
    return g.db_session


def session_reading(read: Select[Any], params: dict[str, Any], if_found: IfFound | None = None,
                    ) -> tuple[Session, Any, bool]:
    """:func:`session`, the view's first read (its first row, or None), and whether
    ``if_found`` was inserted: on PostgreSQL the idempotency key is claimed, and ``if_found``
    inserted, in the statement that reads — one round trip instead of three on a press's
    critical path. A repeat still ends the request with the stored response; where nothing
    was inserted, the view inserts what it needs itself."""
    if "db_session" in g or "idempotency_pending" not in g:
        db = session()
        return db, db.connection().execute(read, params).first(), False
    db = _open()
    caller, key, fingerprint = g.pop("idempotency_pending")
    claimed, row, inserted = insert_unless_taken_reading(
        db, IdempotencyRecord(caller=caller, key=key, fingerprint=fingerprint), "caller", "key",
        read=read, params=params, if_found=if_found)
    if claimed is not None:
        g.idempotency = claimed
        return db, row, inserted
    _claim(db, caller, key, fingerprint)  # taken: replays (or, a racer rolled back: claims)
    return db, db.connection().execute(read, params).first(), False


def _open() -> Session:
    """The request's session; a writer passes the database's gate first."""
    db = current_app.extensions["onekey"].db
    write = _is_write()
    if write and db.gate is not None:
        db.gate.acquire()
        g.gate = db.gate
    g.db_session = db.write_session() if write else db.session(write=False)
    return g.db_session


class Replay(Exception):
    """Ends a repeated request with the first response (rendered by an error handler)."""

    def __init__(self, response: Response):
        super().__init__("idempotent replay")
        self.response = response


def _end(db: Session) -> None:
    db.close()
    gate = g.pop("gate", None)
    if gate is not None:
        gate.release()
    # Durable before the answer leaves; writers that committed meanwhile share the sync.
    current_app.extensions["onekey"].db.durable(db)


def on_rollback(undo: Callable[[], None]) -> None:
    g.setdefault("undo", []).append(undo)


def init_app(app: Flask) -> None:
    app.before_request(_idempotency_key)
    app.register_error_handler(Replay, lambda replay: replay.response)
    app.after_request(_finish)
    app.teardown_request(_close)


def request_fingerprint(method: str, full_path: str, body: bytes) -> str:
    """What a repeat of an Idempotency-Key must match: the method, the path with its query
    (werkzeug's ``full_path``: always with its ``?``) and the body."""
    digest = hashlib.sha256()
    digest.update(method.encode())
    digest.update(b"\0" + full_path.encode("utf-8"))
    digest.update(b"\0" + body)
    return digest.hexdigest()


def valid_key(key: str) -> bool:
    """An Idempotency-Key as /openapi.json says: 1 to 128 printable ASCII characters."""
    return 1 <= len(key) <= 128 and all("!" <= c <= "~" for c in key)


def _idempotency_key() -> None:
    """Check the header and remember (caller, key, fingerprint) for :func:`session`."""
    if request.method not in WRITE_METHODS:
        return
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return
    if not valid_key(key):
        raise ApiError("validation_error",
                       fields={IDEMPOTENCY_HEADER: "应为1到128个英文字母、数字或符号。"})
    caller = caller_fingerprint()
    if caller == "anonymous":
        caller = f"anonymous:{request.remote_addr}"
    g.idempotency_pending = (caller, key, request_fingerprint(
        request.method, request.full_path, request.get_data(cache=True)))


def _claim(db: Session, caller: str, key: str, fingerprint: str) -> None:
    """Insert the key's record, or replay the response stored with it. One statement in the
    common case: the insert skips a taken key (on PostgreSQL it first waits for the racing
    request's transaction, then replays its answer)."""
    for _attempt in range(2):
        claimed = insert_unless_taken(db, IdempotencyRecord(
            caller=caller, key=key, fingerprint=fingerprint), "caller", "key")
        if claimed is not None:
            g.idempotency = claimed
            return
        record = db.scalar(select(IdempotencyRecord).where(
            IdempotencyRecord.caller == caller, IdempotencyRecord.key == key))
        if record is not None:
            log.info("idempotency key %s is taken (a repeat, or this request lost a race): "
                     "replaying", key[:16])
            raise Replay(_replay(record, fingerprint))
    raise ApiError("idempotency_conflict")


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint or record.status_code is None:
        raise ApiError("idempotency_conflict")
    g.replayed = True
    response = Response(record.body or b"", status=record.status_code,
                        content_type=record.content_type or "application/json")
    response.headers[REPLAY_HEADER] = "true"
    if record.etag:  # the version that first answer was (call_center/versions.py)
        response.headers["ETag"] = record.etag
    return response


def _finish(response: Response) -> Response:
    db: Session | None = g.pop("db_session", None)
    if db is None:
        return response
    committed = False
    try:
        if g.get("replayed") or response.status_code >= 400:
            db.rollback()
            return response
        record: int | None = g.get("idempotency")
        with one_round_trip(db):
            if record is not None:
                db.connection().execute(ANSWERED, {
                    "record": record, "status_code": response.status_code,
                    "content_type": response.content_type, "body": response.get_data(),
                    "etag": response.headers.get("ETag")})
            db.commit()
        committed = True
        return response
    except (IntegrityError, OperationalError):
        log.exception("commit failed")
        db.rollback()
        failed = current_app.json.response(error_body("internal_error"))
        failed.status_code = 500
        return failed
    finally:
        _end(db)
        if committed:
            g.pop("undo", None)
        else:
            _undo()


def _close(_exc: BaseException | None) -> None:
    db: Session | None = g.pop("db_session", None)
    if db is not None:
        db.rollback()
        _end(db)
        _undo()


def _undo() -> None:
    for undo in reversed(g.pop("undo", [])):
        try:
            undo()
        except Exception:  # an undo must never hide the original outcome
            log.exception("provider compensation failed")
