"""H5: cancelling a parent's visit names the taxi going to it, and cancels it along — the
daughter is never left with a car coming for a visit she cancelled."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.page_text import page_text

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_cancelling_a_visit_on_h5_cancels_the_taxi_going_to_it(backend):
    session = __import__("requests").Session()
    session.cookies.set("onekey_mp", backend.sign_in("o-h5"))
    backend.bind(backend.members["o-h5"], "zhang")
    agent, centre = backend.agent(), backend.centre.url
    zhang = backend.centre.elders["zhang"]

    def post(path, body):
        r = agent.post(f"{centre}{path}", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code in (200, 201), r.text
        return r.json()

    elder = agent.get(f"{centre}/v1/elders/{zhang}").json()
    fav = elder["favourites"]
    soon = datetime.now(timezone.utc) + timedelta(days=2)
    slot = next(s for s in agent.get(f"{centre}/v1/catalog/slots", params=fav).json()
                if s["remaining"] > 0 and datetime.fromisoformat(s["start"]) > soon)
    visit = post("/v1/requests", {"elder_id": zhang, "service": "registration", "mode": "self", "form": {
        "hospital_id": fav["hospital_id"], "department_id": fav["department_id"], "slot_id": slot["id"]}})
    start = datetime.fromisoformat(visit["result"]["start"])
    cab = post("/v1/requests", {"elder_id": zhang, "service": "taxi", "mode": "self", "form": {
        "pickup_address": elder["home_address"], "destination_address": visit["result"]["hospital_address"],
        "pickup_time": (start - timedelta(minutes=90)).isoformat(), "passengers": 1}})

    asked = session.get(f"{backend.url}/h5/requests/{visit['id']}/cancel")
    text = page_text(asked)
    assert visit["result"]["department_name"] in text and "出租车" in text and cab["result"]["plate"] in text, text
    done = session.post(f"{backend.url}/h5/requests/{visit['id']}/cancel",
                        data={"csrf_token": TOKEN.search(asked.text).group(1), "also": [cab["id"]]})
    assert "也一起取消了" in page_text(done), page_text(done)
    assert agent.get(f"{centre}/v1/requests/{cab['id']}").json()["status"] == "cancelled"
