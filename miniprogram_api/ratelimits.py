"""Rate limits on sign-in and binding attempts (Flask-Limiter), with counters every worker
shares: a storage for ``limits`` on the back end's own database (scheme ``onekeydb://``).
``limits`` ships memory, Redis, Memcached and MongoDB storages but none on SQL; with
``memory://`` each gunicorn worker would count alone and the limit would grow with them."""
from __future__ import annotations

from datetime import timedelta
from itertools import count

from flask import g, request
from flask_limiter import Limiter
from limits.storage import Storage
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .db import Database, utcnow
from .models import RateCounter

PRUNE_EVERY = 500


class DatabaseStorage(Storage):
    """Fixed-window counters as rows (key, count, expires_at)."""

    STORAGE_SCHEME = ["onekeydb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 database: Database | None = None, **options: object):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        if database is None:
            raise ValueError("onekeydb:// needs the back end's database (storage_options)")
        self.database = database
        self._increments = count()

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        for _attempt in range(2):
            try:
                return self._incr(key, expiry, amount)
            except IntegrityError:  # a concurrent first hit made the row (PostgreSQL)
                continue
        return self._incr(key, expiry, amount)

    def _incr(self, key: str, expiry: int, amount: int) -> int:
        now = utcnow()
        with self.database.session() as db:
            if next(self._increments) % PRUNE_EVERY == 0:
                db.execute(delete(RateCounter).where(RateCounter.expires_at < now))
            row = db.scalar(select(RateCounter).where(RateCounter.key == key).with_for_update())
            if row is None:
                row = RateCounter(key=key, count=0, expires_at=now + timedelta(seconds=expiry))
                db.add(row)
            elif row.expires_at <= now:
                row.count, row.expires_at = 0, now + timedelta(seconds=expiry)
            row.count += amount
            db.flush()
            return row.count

    def get(self, key: str) -> int:
        with self.database.session(write=False) as db:
            row = db.get(RateCounter, key)
            return row.count if row is not None and row.expires_at > utcnow() else 0

    def get_expiry(self, key: str) -> float:
        with self.database.session(write=False) as db:
            row = db.get(RateCounter, key)
            return (row.expires_at if row is not None else utcnow()).timestamp()

    def check(self) -> bool:
        try:
            with self.database.session(write=False) as db:
                db.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.database.session() as db:
            return db.execute(delete(RateCounter)).rowcount

    def clear(self, key: str) -> None:
        with self.database.session() as db:
            db.execute(delete(RateCounter).where(RateCounter.key == key))


def by_address() -> str:
    return request.remote_addr or "unknown"


def by_member() -> str:
    """The signed-in member (whichever phone, browser or fresh sign-in they use); limits run
    before the view, so the member is looked up here from the token or the H5 cookie."""
    from .backend import bearer, resolved
    from .h5.blueprint import COOKIE

    if "limit_key" not in g:
        found = resolved(bearer() or request.cookies.get(COOKIE))
        g.limit_key = f"family:{found.family_id}" if found is not None else f"anonymous@{by_address()}"
    return g.limit_key


def install(app, database: Database, storage_uri: str, limits: dict[str, tuple[str, object]]) -> Limiter:
    """A limiter for this app, and ``limits`` (endpoint → (limit, key function)) on its views.
    Applied here, not by decorators at import, so every app (a test's, a worker's) has its own."""
    options = {"database": database} if storage_uri.startswith("onekeydb:") else {}
    limiter = Limiter(key_func=by_address, app=app, storage_uri=storage_uri,
                      storage_options=options, headers_enabled=True, strategy="fixed-window")
    for endpoint, (value, key_func) in limits.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(value, key_func=key_func,
                                                     deduct_when=_an_attempt)(view)
    return limiter


def _an_attempt(response) -> bool:
    """What an attempt costs: anything but a form the member must correct (422, a phone
    with a digit missing) — nothing was tried with it, and a typo must not use up the
    binding attempts an hour allows."""
    return response.status_code != 422
