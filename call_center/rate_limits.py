"""Rate limits (Flask-Limiter): floods are refused before they cost a database write, and
nothing a genuine caller needs is ever limited.

Limits are data (:data:`LIMITS`: endpoint → limits), applied to the registered views when the
app is built, with one :class:`~flask_limiter.Limiter` per app (its counters live on the
instance, and tests build many apps). Each limit names what it counts by:

- ``address`` — the network address (``request.remote_addr``; behind a proxy, ProxyFix makes
  it the client's);
- ``token`` — the bearer token's fingerprint (a kiosk, an agent);
- ``id_number`` — the keyed hash of the ID number in the body (the counters never hold one);
- ``code`` / ``pairing`` — the pairing code or pairing id in the path.

``unauthenticated`` limits skip every caller whose token is valid: an authenticated alarm is
never refused. ``misses`` limits count only the answers they name (a lookup's 404s), so an
elder identified at the first try costs nothing.

Counters are kept in ``rate_limit_storage``: by default ``database://``, the centre's own
database (web_front/rate_counts.py), so every worker and node counts together;
``memory://`` counts per process (one process only); ``redis://…`` for a city with Redis.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

from .auth import caller_fingerprint, caller_for, presented_token
from .errors import ApiError, render_error


@dataclass(frozen=True)
class Limit:
    rate: str  # "20 per minute": the limits library's notation
    by: str  # address | token | id_number | code | pairing
    unauthenticated: bool = False  # only callers without a valid token are counted
    misses: tuple[int, ...] = ()  # count only these answers (empty: every answer)


# The defaults; ``rate_limits`` in the settings (``ONEKEY_RATE_LIMITS``) replaces any of them:
# "alarms.raise_alarm=10 per minute;elders.lookup.id_number=3 per hour".
LIMITS: dict[str, dict[str, Limit]] = {
    # 300 token-less raises once took 1.1 s and pushed a real refusal out of sight.
    "alarms.raise_alarm": {"address": Limit("20 per minute", "address", unauthenticated=True)},
    # A masked ID number has few candidates, a phone tail 10,000: guessing is throttled per
    # kiosk and per ID. The per-ID window is short, or anyone knowing an elder's ID number
    # could keep her from every kiosk (the console's old lockout, again).
    "elders.lookup": {"token": Limit("20 per 10 minutes", "token", misses=(404,)),
                      "id_number": Limit("10 per 15 minutes", "id_number", misses=(404,))},
    # A slip's request id with 10,000 phone tails: throttled per kiosk, like the ID number.
    "elders.lookup_by_request": {"token": Limit("20 per 10 minutes", "token", misses=(404,))},
    # A PIN is short: a kiosk gets ten wrong PINs in ten minutes, then must wait.
    "volunteers.sign_in": {"token": Limit("10 per 10 minutes", "token", misses=(404,))},
    # New boxes are few; a flood of codes is refused (a genuine box retries in a minute).
    "pairings.start": {"address": Limit("30 per 10 minutes", "address")},
    "pairings.poll": {"pairing": Limit("60 per minute", "pairing")},
    # An agent typing a code: ten wrong tries of one code, then it must be read out again.
    "pairings.confirm": {"code": Limit("10 per 10 minutes", "code", misses=(404,))},
}


def _authenticated() -> bool:
    """Does the request carry a valid token? (asked once per request: the view asks too)"""
    token = presented_token()
    return token is not None and caller_for(token) is not None


def _id_number_key() -> str:
    from .centre import centre
    from .sealed import keys_of

    body = request.get_json(silent=True)
    number = body.get("id_number") if isinstance(body, dict) else None
    if not isinstance(number, str) or not number.strip():
        return "id:none"
    return "id:" + keys_of(centre().db.engine.dialect).lookup_hash(number)[:32]


KEYS: dict[str, Callable[[], str]] = {
    "address": lambda: "address:" + (request.remote_addr or "unknown"),
    "token": caller_fingerprint,
    "id_number": _id_number_key,
    "code": lambda: "code:" + str((request.view_args or {}).get("code", ""))[:16],
    "pairing": lambda: "pairing:" + str((request.view_args or {}).get("pairing_id", ""))[:40],
}


def parse_overrides(text: str) -> dict[tuple[str, str], str]:
    """``endpoint[.name]=rate;…`` → {(endpoint, name): rate}; a bare endpoint names its only limit."""
    out: dict[tuple[str, str], str] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        target, _, rate = part.partition("=")
        endpoint, name = target.strip(), ""
        if endpoint not in LIMITS:
            endpoint, _, name = endpoint.rpartition(".")
        if endpoint not in LIMITS or (name and name not in LIMITS[endpoint]) or not rate.strip():
            raise ValueError(f"rate_limits: cannot read {part!r}")
        if not name:
            if len(LIMITS[endpoint]) != 1:
                raise ValueError(f"rate_limits: {endpoint} has several limits; name one")
            name = next(iter(LIMITS[endpoint]))
        out[(endpoint, name)] = rate.strip()
    return out


def init_app(app: Flask, storage_uri: str, overrides: str = "", database: Any = None) -> Limiter:
    """``database``: the centre's, for ``database://`` counters."""
    chosen = parse_overrides(overrides)
    options: dict[str, Any] = {}
    if storage_uri.startswith("database:"):
        storage_uri, options = _counted_in(database)
    # No X-RateLimit headers: they would tell a prober how many guesses are left.
    limiter = Limiter(key_func=KEYS["address"], storage_uri=storage_uri, strategy="moving-window",
                      headers_enabled=False, storage_options=options)
    limiter.init_app(app)
    limiter.request_filter(_exempt_at_once)
    for endpoint, limits in LIMITS.items():
        view = app.view_functions[endpoint]
        # The innermost decorator runs last: apply in reverse so the first limit is checked first.
        for name, spec in reversed(list(limits.items())):
            view = limiter.limit(
                chosen.get((endpoint, name), spec.rate), key_func=KEYS[spec.by],
                scope=f"{endpoint}.{name}",
                exempt_when=_authenticated if spec.unauthenticated else None,
                deduct_when=_counting(spec.misses) if spec.misses else None,
                override_defaults=False,
            )(view)
        app.view_functions[endpoint] = view
    app.register_error_handler(RateLimitExceeded, _refused)
    app.extensions["onekey_limiter"] = limiter
    return limiter


def _counted_in(database: Any) -> tuple[str, dict[str, Any]]:
    """Where ``database://`` counts, so that a request that holds a write can still count:
    on PostgreSQL the centre's own database on connections of their own (a row each, no lock
    a request holds); on SQLite, whose one writer the request holds until it ends, a file of
    its own beside the database (``…-limits``), which every worker on the host shares. A
    database in memory is one process: its counts stay in memory too."""
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.schema import CreateIndex, CreateTable

    from web_front.rate_counts import SqlStorage  # noqa: F401  registers database:// with ``limits``

    from .db import WRITE_OPTION, make_engine
    from .models.rate_hits import rate_hits

    engine = database.engine
    if database.is_sqlite:
        path = engine.url.database
        if not path or path == ":memory:":
            return "memory://", {}
        engine = make_engine(f"sqlite:///{path}-limits")
        with engine.begin() as conn:  # every worker starts at once: IF NOT EXISTS, not check-then-create
            conn.execute(CreateTable(rate_hits, if_not_exists=True))
            for index in rate_hits.indexes:
                conn.execute(CreateIndex(index, if_not_exists=True))
        database.on_dispose.append(engine.dispose)
    reads = sessionmaker(bind=engine)
    writes = sessionmaker(bind=engine.execution_options(**{WRITE_OPTION: True}))
    return "database://", {"table": rate_hits, "open": lambda write: (writes if write else reads)()}


_ONLY_UNAUTHENTICATED = frozenset(e for e, limits in LIMITS.items()
                                  if all(spec.unauthenticated for spec in limits.values()))


def _exempt_at_once() -> bool:
    """Skip the limiter's work for a request nothing counts: a route without limits (there
    are no default ones), or one whose limits count only token-less callers, asked by a valid
    token — a TV's alarm. Flask-Limiter otherwise resolves and evaluates every route's limits
    twice a request (its before-request hook, then the view's decorator): a tenth of a
    press's CPU."""
    endpoint = request.endpoint
    if endpoint not in LIMITS:
        return True
    return endpoint in _ONLY_UNAUTHENTICATED and _authenticated()


def _refused(error: RateLimitExceeded) -> tuple[dict, int, dict[str, str]]:
    """429 in the contract's shape, with when to try again (the limit's window at most)."""
    window = error.limit.limit.get_expiry() if error.limit is not None else 60
    return render_error(ApiError("rate_limited", headers={"Retry-After": str(int(window))}))


def _counting(statuses: tuple[int, ...]) -> Callable[[Response], bool]:
    return lambda response: response.status_code in statuses
