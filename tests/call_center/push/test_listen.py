"""PostgreSQL's notifications wake another node's hub at a commit elsewhere when a poll waits
there or the commit changed who may call, and never the committing process's own (it hears
of its commits directly, once they are durable)."""
from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from sqlalchemy import update

from call_center.app import create_app
from call_center.auth import hash_token
from call_center.models import Device
from call_center.push.hub import Waiter
from call_center.demo_data import seed
from shared_ui.outbox import wait_until

from ..alarms.conftest import add_elders
from ..test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_other_nodes_hear_a_commit_when_a_poll_waits_and_an_access_change_at_once(pg_url):  # noqa: F811
    """A commit elsewhere wakes a hub where a poll waits; where none waits, the hub reads at
    its next round (a burst of alarms once cost every other process one read per alarm). An
    access change wakes every hub at once: its token cache must drop the caller."""
    nodes = [create_app({"db_url": pg_url, "sim_latency_ms": 0, "alarm_worker": False})
             for _ in range(2)]
    try:
        seed(nodes[0].extensions["onekey"].db)
        (elder, token), (other_elder, other_token) = add_elders(nodes[0], 2,
                                                     tag=f"lsn{uuid.uuid4().hex[:6]}")
        auth = {"Authorization": f"Bearer {token}"}
        hubs = [node.extensions["onekey_push"].hub for node in nodes]
        for node, hub in zip(nodes, hubs):
            assert node.test_client().get("/v1/alarms", headers=auth).status_code == 200
            assert hub.sources[0].listening.wait(10)
        time.sleep(0.3)  # the listeners' first reads, on connecting

        def press(elder_id: str, token: str) -> None:
            assert nodes[0].test_client().post("/v1/alarms", json={"elder_id": elder_id},
                                               headers={"Authorization": f"Bearer {token}",
                                                        "Idempotency-Key": uuid.uuid4().hex}
                                               ).status_code == 201

        reads = [hub.reads for hub in hubs]
        press(elder, token)
        time.sleep(0.5)  # well inside the 5 s safety-net poll
        assert [hub.reads for hub in hubs] == reads  # nobody waits: nobody reads yet

        waiter = Waiter(("household:*",), lambda: None, broad=True)  # the family's service
        hubs[1].add(waiter)
        try:
            press(other_elder, other_token)
            assert wait_until(lambda: hubs[1].reads > reads[1], timeout=2, interval=0.01)
        finally:
            hubs[1].remove(waiter)
        time.sleep(0.3)
        assert hubs[0].reads == reads[0]  # the committer heard of its own directly

        reads = [hub.reads for hub in hubs]
        with nodes[0].extensions["onekey"].db.session(write=True) as s:
            s.execute(update(Device).where(Device.token_hash == hash_token(token))
                      .values(active=False))
            s.commit()
        assert wait_until(lambda: hubs[1].reads > reads[1], timeout=2, interval=0.01)
    finally:
        for node in nodes:
            node.extensions["onekey"].db.dispose()
