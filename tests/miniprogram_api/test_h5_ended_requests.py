"""H5, on a real centre: a parent's booking that was cancelled opens with where it ended and
none of what it had booked (time, queue number, fee, the taxi's plate and driver), and
办理进度 lists it by when it was asked — never by a visit time that no longer stands."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from shared_ui.confirmation import format_day_time, format_value
from tests.page_text import page_text

pytestmark = pytest.mark.integration


def test_a_cancelled_visit_and_taxi_show_no_live_details(backend):
    session = __import__("requests").Session()
    session.cookies.set("onekey_mp", backend.sign_in("o-ended"))
    backend.bind(backend.members["o-ended"], "zhang")
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
    live = {visit["id"]: [format_value(visit["result"]["queue_number"], "queue"),
                          format_value(visit["result"]["fee_yuan"], "money"),
                          format_value(visit["result"]["start"], "datetime")],
            cab["id"]: [cab["result"]["plate"], cab["result"]["driver_phone"]]}
    before = page_text(session.get(f"{backend.url}/h5/requests/{visit['id']}"))
    assert all(v in before for v in live[visit["id"]]), (live, before)  # shown while it stands
    post(f"/v1/requests/{visit['id']}/cancel", {"also": [cab["id"]]})

    for request_id, values in live.items():
        page = page_text(session.get(f"{backend.url}/h5/requests/{request_id}"))
        # What the page says of it now; its dated history below (已办好：…就诊序号4号, then 已取消)
        # is a record of what happened, ending with the cancellation.
        text = page.split('<ol class="steps">')[0]
        assert "已取消，原来约好的都不算数了" in text, text
        assert text.index("已取消") < text.index("原来约好的"), text
        for value in values:
            assert value not in text, (request_id, value, text)
        assert "下载单子" not in page
    listing = page_text(session.get(f"{backend.url}/h5/elders/{zhang}"))
    assert format_day_time(start.astimezone(ZoneInfo("Asia/Shanghai")), "zh_CN") not in listing, listing
