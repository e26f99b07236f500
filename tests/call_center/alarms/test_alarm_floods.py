"""Floods do not hide the real call (issue 12 §4): token-less raises are limited per source and
aggregated into one row per source, a genuine refusal stays in the agents' list, and an
authenticated alarm is never refused — not even from the flooding address."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from call_center.models.alarms import AlarmRefusal

from ..conftest import Api, assert_error
from .conftest import Desk


def test_a_flood_is_one_row_and_a_real_refusal_stays_in_sight(desk: Desk):
    client = desk.client
    wang = desk.demo.elders["wang"]
    statuses = []
    for n in range(300):
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        if n % 2:
            headers["Authorization"] = f"Bearer forged-{n}"
        statuses.append(client.post("/v1/alarms", json={"elder_id": wang}, headers=headers).status_code)
    assert set(statuses[:20]) <= {401} and statuses.count(429) >= 250
    # a TV bound to another household presses SOS for 王秀英: refused, and kept in sight
    misbound = desk.raise_alarm("wang", "tv_li")
    assert_error(misbound, 403, "forbidden")
    # the household's own TV, from the same address as the flood: never refused
    genuine = desk.raise_alarm("wang", "tv_wang")
    assert genuine.status_code == 201
    with desk.app.extensions["onekey"].db.session(write=False) as s:
        rows = s.scalar(select(func.count()).select_from(AlarmRefusal))
        counted = s.scalar(select(func.sum(AlarmRefusal.count)))
    assert rows <= 3  # no-token, forged token (one address), the misbound TV
    assert counted == statuses.count(401) + 1
    listed = desk.get("/v1/alarms/refusals").get_json()
    assert listed[0]["source"].startswith("tv:") and listed[0]["code"] == "forbidden"
    assert listed[0]["count"] == 1
    flood = [r for r in listed if r["source"].startswith("address:")]
    assert sum(r["count"] for r in flood) == statuses.count(401)


def test_repeats_of_a_real_refusal_add_to_its_row(desk: Desk):
    for _ in range(3):
        assert_error(desk.raise_alarm("wang", "tv_li"), 403, "forbidden")
    (row,) = desk.get("/v1/alarms/refusals").get_json()
    assert row["count"] == 3 and row["elder_id"] == desk.demo.elders["wang"]
    assert row["last_at"] >= row["at"]


def test_an_authenticated_alarm_is_never_rate_limited(make_center_app):
    app = make_center_app(rate_limits="alarms.raise_alarm=2 per minute")
    tv = Api(app, "tv_zhang")
    for elder in ("zhang", "chen", "zhang", "chen", "zhang"):
        response = tv.post("/v1/alarms", {"elder_id": app.demo.elders[elder]}, key=uuid.uuid4().hex)
        assert response.status_code in (200, 201), response.get_json()
