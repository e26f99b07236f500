"""Idempotency-Key: replay the first response, refuse a different body, survive races."""
from __future__ import annotations

import threading
import uuid

import pytest
import requests

from .conftest import Api, assert_error, registration_body, row_counts


def test_replay_is_byte_for_byte(center_app, tv: Api):
    slot = tv.free_slot()
    key = uuid.uuid4().hex
    first = tv.book(slot, key=key)
    counts = row_counts(center_app)
    second = tv.book(slot, key=key)
    assert (second.status_code, second.get_data()) == (first.status_code, first.get_data())
    assert second.headers["Idempotent-Replayed"] == "true"
    assert row_counts(center_app) == counts


def test_same_key_different_body_is_a_conflict(center_app, tv: Api):
    key = uuid.uuid4().hex
    assert tv.book(tv.free_slot(), key=key).status_code == 201
    before = row_counts(center_app)
    assert_error(tv.book(tv.free_slot(skip=1), key=key), 409, "idempotency_conflict")
    # the same key on another path is another body too
    assert_error(tv.post("/v1/requests/req_x/cancel", key=key), 409, "idempotency_conflict")
    assert row_counts(center_app) == before


def test_keys_are_scoped_to_the_caller(center_app):
    key = uuid.uuid4().hex
    body = {"elder_id": center_app.demo.elders["wang"], "service": "help",
            "form": {"topic": "求助"}}
    a = Api(center_app, "tv_wang").post("/v1/requests", body, key=key)
    b = Api(center_app, "agent").post("/v1/requests", body, key=key)
    assert a.status_code == b.status_code == 201
    assert a.get_json()["id"] != b.get_json()["id"]


def test_errors_are_not_recorded_so_a_retry_can_succeed(make_center_app):
    from call_center.config import Settings
    from call_center.providers import Providers, build
    from call_center.providers.simulated import SimulatedRegistration

    platform = SimulatedRegistration(down=True)
    app = make_center_app(providers=Providers(registration=platform, rides=build(Settings()).rides))
    api = Api(app, "tv_wang")
    slot = api.free_slot()
    key = uuid.uuid4().hex
    assert_error(api.book(slot, key=key), 503, "provider_unavailable")
    platform.down = False
    retry = api.book(slot, key=key)
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers


def test_writes_without_a_key_still_work(tv: Api):
    assert tv.book(tv.free_slot()).status_code == 201


@pytest.mark.integration
def test_racing_identical_requests_book_once(make_live_center):
    # Simulated provider latency widens the window in which the requests overlap.
    live = make_live_center(sim_latency_ms=50)
    h = live.headers("tv_wang")
    elder = requests.get(f"{live.url}/v1/elders/{live.elders['wang']}", headers=h, timeout=5).json()
    fav = elder["favourites"]
    slots = requests.get(f"{live.url}/v1/catalog/slots", headers=h, timeout=5, params={
        "hospital_id": fav["hospital_id"], "department_id": fav["department_id"]}).json()
    slot = next(s for s in slots if s["remaining"] >= 2)
    body = registration_body(live.demo, slot)
    key = uuid.uuid4().hex
    racers = 8
    barrier = threading.Barrier(racers)
    responses: list[requests.Response] = []
    lock = threading.Lock()

    def fire() -> None:
        barrier.wait(timeout=10)
        r = requests.post(f"{live.url}/v1/requests", json=body, timeout=30,
                          headers={**h, "Idempotency-Key": key})
        with lock:
            responses.append(r)

    threads = [threading.Thread(target=fire) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(responses) == racers
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == racers - 1
    after = requests.get(f"{live.url}/v1/catalog/slots", headers=h, timeout=5,
                         params={"hospital_id": fav["hospital_id"],
                                 "department_id": fav["department_id"]}).json()
    assert next(s for s in after if s["id"] == slot["id"])["remaining"] == slot["remaining"] - 1
    mine = requests.get(f"{live.url}/v1/requests", headers=h, timeout=5,
                        params={"elder_id": live.elders["wang"], "limit": 100}).json()
    assert sum(r["form"].get("slot_id") == slot["id"] for r in mine) == 1
