"""One open joint application an elder, even for several filed at the same moment (a family
member's phone and the TV together): on SQLite and on PostgreSQL, where the check before the
insert passes for each and only the partial unique index stops the second."""
from __future__ import annotations

import threading
import uuid

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from call_center.models import JointApplication

from ..conftest import BACKENDS, bearer
from .helpers import joint_body

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("backend", BACKENDS)
def test_filed_at_once_one_passes_the_others_are_told(make_centre, backend):
    app = make_centre(backend)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1/requests"
        racers = 4
        barrier = threading.Barrier(racers)
        results: list[requests.Response] = []
        headers = bearer(app.demo.tokens["tv_wang"])

        def fire() -> None:
            barrier.wait(timeout=10)
            results.append(requests.post(url, json=joint_body(app.demo), timeout=60,
                                         headers={**headers, "Idempotency-Key": uuid.uuid4().hex}))

        threads = [threading.Thread(target=fire) for _ in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=90)
        codes = sorted(r.status_code for r in results)
        assert codes == [201] + [409] * (racers - 1), [r.text for r in results]
        assert all(r.json()["error"]["code"] == "already_booked" for r in results if r.status_code == 409)
        with app.extensions["onekey"].db.reading() as db:
            assert db.scalar(select(func.count()).select_from(JointApplication)) == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize("backend", BACKENDS)
def test_past_the_check_the_index_refuses_the_second(make_centre, backend, monkeypatch):
    """The race's losing side made deterministic: a second one whose check ran before the first
    was committed is refused by the partial unique index — 409 in words, nothing written."""
    from call_center.elder_services import joint

    from ..conftest import Api, assert_error

    app = make_centre(backend)
    tv = Api(app, "tv_wang")
    assert tv.post("/v1/requests", joint_body(app.demo), key=uuid.uuid4().hex).status_code == 201
    monkeypatch.setattr(joint, "check", lambda *args: None)  # as if it had looked a moment earlier
    error = assert_error(tv.post("/v1/requests", joint_body(app.demo), key=uuid.uuid4().hex), 409, "already_booked")
    assert "已经申请过养老服务一件事" in error["message"]
    with app.extensions["onekey"].db.reading() as db:
        assert db.scalar(select(func.count()).select_from(JointApplication)) == 1
