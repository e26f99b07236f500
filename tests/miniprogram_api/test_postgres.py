"""The back end's own database on PostgreSQL (by URL, as in production): migrations match the
models, the outbox keeps one row per event and member, rate counters count across apps."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from miniprogram_api.alerts import outbox
from miniprogram_api.backend import EXTENSION
from miniprogram_api.models import Base
from tests.postgres_server import start_postgres

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg_url():
    server = start_postgres()
    yield server.create_database("miniprogram")
    server.stop()


def test_the_back_end_runs_on_postgresql(make_backend, pg_url):
    backend = make_backend(db_url=pg_url, login_limit="2 per minute")
    database = backend.app.extensions[EXTENSION].database
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
    token = backend.sign_in("o-pg")
    backend.bind(token, "zhang")
    flow = backend.api(token).post(f"{backend.url}/api/v1/flow", json={}).json()
    assert backend.api(token).get(f"{backend.url}/api/v1/flow/{flow['session']}").status_code == 200
    row = {"dedupe": "alarm:a1:raised::fam", "family_id": "fam", "openid": "o-pg", "template_id": "tmpl-alarm",
           "page": "p", "data": {}, "kind": "alarm", "ref_id": "a1", "event_at": datetime.now(timezone.utc)}
    with database.session() as db:
        assert outbox.enqueue(db, [row]) == 1
    with database.session() as db:
        assert outbox.enqueue(db, [row]) == 0  # a replayed event: still one row
    import requests

    codes = [requests.post(f"{backend.url}/api/v1/login/wechat", json={"code": "x"}).status_code for _ in range(3)]
    assert codes[-1] == 429
