"""PostgreSQL: a write request's last statements and its COMMIT in one round trip.

The end of a write request sends statements whose results nobody reads — the idempotency
record's stored answer, the device events appended at commit — and then COMMIT: three round
trips, each a wake-up of the server process and of this thread, on a press's critical path.
In psycopg's pipeline mode they are sent together and their results read once, at the sync
``commit()`` makes in that mode, so the commit still returns only when everything is durable,
and an error in any of them is raised by the commit (as SQLAlchemy's error, so the caller
rolls back as before). Leaving pipeline mode costs psycopg one more, empty, exchange.

Two rules keep it correct:

- Only statements whose results are not read may run inside: psycopg has no result for a
  pipelined statement until the sync, so a ``RETURNING`` row or an ORM flush's row count
  would be missing. The session is flushed before the pipeline starts; what the commit
  itself sends (the hooks' Core statements) reads nothing.
- Pipeline mode ends inside the DBAPI commit (:func:`install` wraps the dialect's
  ``do_commit``), not after ``Session.commit()``: the session gives its connection back to
  the pool when it commits, and another thread must never get one still in pipeline mode.
"""
from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from typing import Any, Callable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

_OPEN = "onekey_pipeline"  # the pooled connection's info: its open pipeline


@contextmanager
def one_round_trip(db: Session) -> Iterator[None]:
    """Send the block's statements and its ``db.commit()`` to PostgreSQL as one exchange;
    elsewhere (SQLite) just run it."""
    if db.get_bind().dialect.name != "postgresql" or not db.in_transaction():
        yield  # (a session that sent nothing commits nothing: no round trip to save)
        return
    db.flush()  # the ORM's writes read ids and row counts: not in the pipeline
    pooled = db.connection().connection
    pipeline = pooled.dbapi_connection.pipeline()
    pipeline.__enter__()
    pooled.info[_OPEN] = pipeline
    try:
        yield
    except BaseException as exc:
        _leave(pooled.info.pop(_OPEN, None), exc)
        raise
    _leave(pooled.info.pop(_OPEN, None), None)  # the block did not commit


def install(engine: Engine) -> None:
    """Make ``engine``'s commit leave the pipeline :func:`one_round_trip` opened."""
    commit: Callable[[Any], None] = engine.dialect.do_commit

    def do_commit(pooled: Any) -> None:
        pipeline = pooled.info.pop(_OPEN, None)
        if pipeline is None:
            commit(pooled)
            return
        try:
            # COMMIT queued, then the one sync that leaving the pipeline makes: the commit
            # itself would sync once more (an empty exchange, ~0.1 ms).
            pooled.dbapi_connection.execute("COMMIT")
        except BaseException as exc:
            _leave(pipeline, exc)
            raise
        _leave(pipeline, None)

    engine.dialect.do_commit = do_commit  # type: ignore[method-assign]


def _leave(pipeline: AbstractContextManager | None, exc: BaseException | None) -> None:
    if pipeline is not None:
        pipeline.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)
