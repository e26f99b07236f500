"""PostgreSQL's notifications wake every node's hub at a commit elsewhere, and not the
committing process's own (it hears of its commits directly, once they are durable, and only
reads them at once when a poll waits there)."""
from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from call_center.app import create_app
from call_center.demo_data import seed
from shared_ui.outbox import wait_until

from ..alarms.conftest import add_elders
from ..test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_other_nodes_hear_a_commit_at_once_and_the_committer_ignores_its_own(pg_url):  # noqa: F811
    nodes = [create_app({"db_url": pg_url, "sim_latency_ms": 0, "alarm_worker": False})
             for _ in range(2)]
    try:
        seed(nodes[0].extensions["onekey"].db)
        (elder, token), = add_elders(nodes[0], 1, tag=f"lsn{uuid.uuid4().hex[:6]}")
        auth = {"Authorization": f"Bearer {token}"}
        hubs = [node.extensions["onekey_push"].hub for node in nodes]
        for node, hub in zip(nodes, hubs):
            assert node.test_client().get("/v1/alarms", headers=auth).status_code == 200
            assert hub.sources[0].listening.wait(10)
        time.sleep(0.3)  # the listeners' first reads, on connecting
        reads = [hub.reads for hub in hubs]
        assert nodes[0].test_client().post("/v1/alarms", json={"elder_id": elder}, headers={
            **auth, "Idempotency-Key": uuid.uuid4().hex}).status_code == 201
        assert wait_until(lambda: hubs[1].reads > reads[1], timeout=2, interval=0.01)
        time.sleep(0.5)  # well inside the 5 s safety-net poll
        assert hubs[0].reads == reads[0]
    finally:
        for node in nodes:
            node.extensions["onekey"].db.dispose()
