"""Every request's bearer token is resolved once per process (call_center/push/callers.py),
and a deactivated, moved or replaced token is refused despite the cache: at once by the
process that committed the change, and by every other process (another gunicorn worker,
another node) as soon as its hub reads the change — on SQLite and on PostgreSQL. The rate
limiter asks the same cache, so a revoked token's raises count as token-less ones."""
from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest
from sqlalchemy import select, update

from call_center.app import create_app
from call_center.auth import hash_token
from call_center.demo_data import seed
from call_center.models import Agent, Device
from shared_ui.outbox import wait_until

from ..alarms.conftest import add_elders
from ..test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)


def bearer(token: str, key: bool = False) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = uuid.uuid4().hex
    return headers


def raise_alarm(app: Any, elder_id: str, token: str) -> Any:
    return app.test_client().post("/v1/alarms", json={"elder_id": elder_id, "channel": "tv"},
                                  headers=bearer(token, key=True))


def change(app: Any, token: str, **values: Any) -> None:
    """An agent's change to a box, through the ORM (the console's way)."""
    with app.extensions["onekey"].db.session(write=True) as s:
        device = s.scalar(select(Device).where(Device.token_hash == hash_token(token)))
        for name, value in values.items():
            setattr(device, name, value)
        s.commit()


def refused(response: Any) -> bool:
    return response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"


def check_one_lookup_then_refused_at_once(app: Any, tag: str) -> None:
    (elder, token), (other_elder, moved), (_, kept) = add_elders(app, 3, tag=tag)
    client = app.test_client()
    cache = app.extensions["onekey_push"].callers
    before = cache.lookups
    for _ in range(3):
        assert client.get("/v1/alarms", headers=bearer(token)).status_code == 200
    assert raise_alarm(app, elder, token).status_code == 201
    assert client.get(f"/v1/elders/{elder}", headers=bearer(token)).status_code == 200
    assert cache.lookups == before + 1  # one read for every kind of request

    change(app, token, active=False)  # revoked: the very next request is refused
    assert refused(client.get("/v1/alarms", headers=bearer(token)))
    assert refused(raise_alarm(app, elder, token))
    # moved to another household: its next raise for the old one is forbidden, not cached
    assert client.get("/v1/alarms", headers=bearer(moved)).status_code == 200
    with app.extensions["onekey"].db.session(write=True) as s:
        home = s.scalar(select(Device.household_id).where(Device.token_hash == hash_token(kept)))
    change(app, moved, household_id=home)
    assert raise_alarm(app, other_elder, moved).status_code == 403
    # a bulk change (a script) evicts everything; the other box still works
    with app.extensions["onekey"].db.session(write=True) as s:
        s.execute(update(Agent).where(Agent.token_hash == hash_token(app.demo.tokens["agent"]))
                  .values(active=False))
        s.commit()
    assert refused(client.get("/v1/alarms/refusals", headers=bearer(app.demo.tokens["agent"])))
    assert client.get("/v1/alarms", headers=bearer(kept)).status_code == 200


def check_other_process_refuses(app: Any, other: Any, tag: str) -> None:
    """``other`` is another process's centre on the same database (its own cache and hub)."""
    (elder, token), = add_elders(app, 1, tag=tag)
    assert raise_alarm(other, elder, token).status_code == 201  # cached over there
    change(app, token, active=False)
    client = other.test_client()
    assert wait_until(lambda: refused(client.get("/v1/alarms", headers=bearer(token))),
                      timeout=2, interval=0.01)


def test_sqlite_resolves_once_and_refuses_a_revoked_token_at_once(make_center_app):
    check_one_lookup_then_refused_at_once(make_center_app(), "cache")


def test_sqlite_another_process_refuses_within_its_hubs_poll(make_center_app):
    app = make_center_app()
    other = create_app({"db_url": str(app.extensions["onekey"].db.engine.url),
                        "sim_latency_ms": 0, "alarm_worker": False})
    try:
        check_other_process_refuses(app, other, "cache-other")
    finally:
        other.extensions["onekey"].db.dispose()


def test_a_revoked_tokens_raises_are_limited_like_token_less_ones(make_center_app):
    app = make_center_app()
    (elder, token), = add_elders(app, 1, tag="cache-limit")
    assert raise_alarm(app, elder, token).status_code == 201
    change(app, token, active=False)
    answers = [raise_alarm(app, elder, token).status_code for _ in range(22)]
    assert answers[:20] == [401] * 20 and answers[20:] == [429, 429]


@pytest.fixture(scope="module")
def pg_apps(pg_url: str) -> Iterator[Callable[[], Any]]:  # noqa: F811
    apps: list[Any] = []

    def build() -> Any:
        app = create_app({"db_url": pg_url, "sim_latency_ms": 0, "alarm_worker": False})
        app.demo = seed(app.extensions["onekey"].db)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["onekey"].db.dispose()


@pytest.mark.integration
@pytest.mark.slow
def test_postgres_resolves_once_and_refuses_a_revoked_token_at_once(pg_apps):
    check_one_lookup_then_refused_at_once(pg_apps(), f"pgc{uuid.uuid4().hex[:6]}")


@pytest.mark.integration
@pytest.mark.slow
def test_postgres_another_node_refuses_as_soon_as_notified(pg_apps):
    check_other_process_refuses(pg_apps(), pg_apps(), f"pgo{uuid.uuid4().hex[:6]}")
