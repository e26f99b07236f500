"""The worker's sweep keeps the centre's bookkeeping bounded: stored idempotent responses are
forgotten after ``alarm_idempotency_keep_days``, never before."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from call_center.models.idempotency import IdempotencyRecord


def stored_keys(app) -> set[str]:
    with app.extensions["onekey"].db.session(write=False) as s:
        return set(s.scalars(select(IdempotencyRecord.key)))


def test_sweep_forgets_idempotency_records_only_after_the_retention(app, desk, worker, clock):
    key = uuid.uuid4().hex
    first = desk.raise_alarm(key=key)
    assert first.status_code == 201 and key in stored_keys(app)
    desk.cancel(first.get_json()["id"])

    clock.advance(days=29)
    worker.sweep()
    assert key in stored_keys(app)  # a device retrying within its give-up horizon is still safe
    replay = desk.raise_alarm(key=key)
    assert replay.headers.get("Idempotent-Replayed") == "true"

    clock.advance(days=2)
    worker.sweep()
    assert key not in stored_keys(app)
    with app.extensions["onekey"].db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
