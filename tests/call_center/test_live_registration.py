"""Against a real server: an elder books their favourite hospital's earliest free slot."""
from __future__ import annotations

import uuid

import pytest
import requests

pytestmark = pytest.mark.integration


def test_tv_books_favourite_hospital_and_replays_on_retry(live_center):
    h = live_center.headers("tv_wang")
    elder = requests.get(f"{live_center.url}/v1/elders/{live_center.elders['wang']}",
                         headers=h, timeout=5).json()
    fav = elder["favourites"]
    slots = requests.get(f"{live_center.url}/v1/catalog/slots", headers=h, timeout=5,
                         params={"hospital_id": fav["hospital_id"],
                                 "department_id": fav["department_id"]}).json()
    free = next(s for s in slots if s["remaining"] > 0)
    body = {"elder_id": elder["id"], "service": "registration", "mode": "self", "channel": "tv",
            "form": {"hospital_id": free["hospital_id"], "department_id": free["department_id"],
                     "slot_id": free["id"]}}
    key = uuid.uuid4().hex
    first = requests.post(f"{live_center.url}/v1/requests", json=body, timeout=5,
                          headers={**h, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert first.headers["Content-Type"].startswith("application/json")
    assert "上海市第六人民医院" in first.text  # UTF-8, not \u escapes
    data = first.json()
    assert data["status"] == "confirmed"
    assert [e["status"] for e in data["events"]] == ["submitted", "accepted", "in_progress",
                                                     "confirmed"]
    again = requests.post(f"{live_center.url}/v1/requests", json=body, timeout=5,
                          headers={**h, "Idempotency-Key": key})
    assert again.status_code == 201
    assert again.content == first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    after = requests.get(f"{live_center.url}/v1/catalog/slots", headers=h, timeout=5,
                         params={"hospital_id": fav["hospital_id"],
                                 "department_id": fav["department_id"]}).json()
    assert next(s for s in after if s["id"] == free["id"])["remaining"] == free["remaining"] - 1


def test_refusals_over_real_http(live_center):
    """The dev server answers an oversize body with a 413 (not a reset), bad bytes with 400."""
    h = live_center.headers("tv_wang")
    url = f"{live_center.url}/v1/requests"
    big = requests.post(url, data=b"x" * 2_000_000, timeout=10,
                        headers={**h, "Content-Type": "application/json"})
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    bad = requests.post(url, data=b"\xff\xfe{", timeout=5,
                        headers={**h, "Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_json"
    forged = requests.get(f"{live_center.url}/v1/me", timeout=5,
                          headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_token"
    assert requests.get(f"{live_center.url}/v1/health", timeout=5).json() == {"status": "ok"}
