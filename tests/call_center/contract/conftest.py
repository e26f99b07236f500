"""The centre on each database it runs on, for the suites that keep it closed: the
authorisation matrix and schemathesis run the same on SQLite and on PostgreSQL (a throw-away
server from tests/postgres_server.py, started once for the session).

``centre(backend)`` is a seeded app of its own per test module, with rate limits raised so a
suite's thousands of requests from one address test what they mean to test (the limits have
tests of their own)."""
from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest

from ...postgres_server import start_postgres

BACKENDS = ("sqlite", "postgresql")
SUITE_LIMITS = ("alarms.raise_alarm=100000 per minute;elders.lookup.token=100000 per minute;"
                "elders.lookup.id_number=100000 per minute;pairings.start=100000 per minute;"
                "pairings.poll=100000 per minute;pairings.confirm=100000 per minute")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def make_centre(request: pytest.FixtureRequest, center_template: Any,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Any]]:
    """``make_centre(backend, **config)``: a seeded centre app on SQLite (a copy of the
    session's template) or on a new PostgreSQL database."""
    from call_center.app import create_app
    from call_center.demo_data import seed

    apps: list[Any] = []

    def build(backend: str, **config: Any) -> Any:
        settings = {"sim_latency_ms": 0, "pairing_limit_per_household": 1000,
                    "pairing_limit_per_address": 100000,
                    "rate_limits": SUITE_LIMITS, **config}
        if backend == "sqlite":
            target = tmp_path_factory.mktemp("contract") / "center.db"
            target.write_bytes(center_template.path.read_bytes())
            app = create_app({"db_url": f"sqlite:///{target}", **settings})
            app.demo = center_template.demo
        else:
            server = request.getfixturevalue("postgres")
            url = server.create_database(f"c_{uuid.uuid4().hex[:12]}")
            app = create_app({"db_url": url, **settings})
            app.demo = seed(app.extensions["onekey"].db)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["onekey"].db.dispose()
