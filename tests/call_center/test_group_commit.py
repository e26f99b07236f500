"""Group commit on SQLite: no write is answered before an fsync of the WAL that began after
its commit (so a confirmed alarm survives a power cut), and writers that commit together
share one fsync."""
from __future__ import annotations

import threading
import uuid
from typing import Any

from sqlalchemy import event

from call_center.group_commit import GroupCommit


def test_writers_that_commit_together_share_one_sync(tmp_path, monkeypatch):
    wal = tmp_path / "db-wal"
    wal.write_bytes(b"frames")
    group = GroupCommit(wal)
    synced: list[int] = []
    monkeypatch.setattr("os.fdatasync", lambda fd: synced.append(fd))
    tickets = [group.ticket() for _ in range(20)]  # twenty commits, then everyone waits
    threads = [threading.Thread(target=group.wait, args=(t,)) for t in tickets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(synced) == 1
    group.wait(group.ticket())  # a later commit needs a sync of its own
    assert len(synced) == 2
    group.wait(tickets[0])  # already durable: no sync
    assert len(synced) == 2


def test_a_failed_sync_confirms_nothing(tmp_path, monkeypatch):
    wal = tmp_path / "db-wal"
    wal.write_bytes(b"frames")
    group = GroupCommit(wal)

    def broken(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr("os.fdatasync", broken)
    ticket = group.ticket()
    try:
        group.wait(ticket)
    except OSError:
        pass
    else:
        raise AssertionError("a write whose sync failed was confirmed")
    monkeypatch.undo()
    group.wait(ticket)  # the next sync covers it


def test_an_answer_waits_for_a_sync_begun_after_its_commit(make_center_app, monkeypatch):
    app = make_center_app()
    database = app.extensions["onekey"].db
    assert database.group is not None
    log: list[str] = []
    lock = threading.Lock()

    def record(what: str) -> None:
        with lock:
            log.append(what)

    event.listen(database.writes, "after_commit", lambda _db: record("commit"))
    real = database.group._sync_wal

    def sync() -> None:
        record("sync begins")
        real()
        record("sync ends")

    monkeypatch.setattr(database.group, "_sync_wal", sync)
    client = app.test_client()
    token = app.demo.tokens["tv_wang"]
    for _ in range(3):
        log.clear()
        response = client.post("/v1/alarms", json={"elder_id": app.demo.elders["wang"]},
                               headers={"Authorization": f"Bearer {token}",
                                        "Idempotency-Key": uuid.uuid4().hex})
        assert response.status_code in {200, 201}
        record("answer")
        commit = log.index("commit")
        begun = log.index("sync begins", commit)
        assert log.index("sync ends", begun) < log.index("answer")


def test_worker_steps_are_durable_too(make_center_app, monkeypatch):
    from call_center.alarms.worker import EscalationWorker

    app = make_center_app()
    database = app.extensions["onekey"].db
    synced: list[Any] = []
    real = database.group._sync_wal
    monkeypatch.setattr(database.group, "_sync_wal", lambda: (synced.append(1), real()))
    worker = EscalationWorker(database, app.extensions["onekey_alarms"], "durable")
    with database.writing() as db:
        assert db.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    before = len(synced)
    worker.sweep()  # a write transaction outside any request
    assert len(synced) > before


def test_checkpoints_run_beside_the_writers_not_inside_a_commit(make_center_app):
    from shared_ui.outbox import wait_until

    app = make_center_app()
    database = app.extensions["onekey"].db
    with database.writing() as db:
        # no commit copies the WAL into the database file while holding the write lock
        assert db.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    client = app.test_client()
    response = client.post("/v1/alarms", json={"elder_id": app.demo.elders["li"]},
                           headers={"Authorization": f"Bearer {app.demo.tokens['tv_li']}",
                                    "Idempotency-Key": uuid.uuid4().hex})
    assert response.status_code == 201
    assert wait_until(lambda: database.checkpointer.runs > 0, timeout=30)
    with database.engine.connect() as conn:  # the WAL's frames are in the database file now
        busy, frames, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert busy == 0 and frames == copied
