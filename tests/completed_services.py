"""A service done yesterday, on a live centre: what a return visit (回访) asks about. The TV's
and the phone's tests share it."""
from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import requests

from call_center.clock import now
from call_center.models import ServiceRequest


def taxi_done_yesterday(centre: Any, elder_key: str) -> str:
    """A taxi booked on her box and marked done by an agent, as if yesterday; its id."""
    session = requests.Session()
    body = {"elder_id": centre.elders[elder_key], "service": "taxi", "mode": "self",
            "form": {"pickup_address": "上海市长宁区仙霞路650弄12号",
                     "destination_address": "上海市徐汇区宜山路600号 上海市第六人民医院",
                     "pickup_time": "now", "passengers": 1}}
    r = session.post(f"{centre.url}/v1/requests", json=body,
                     headers={**centre.headers(f"tv_{elder_key}"), "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201 and r.json()["status"] == "confirmed", r.text
    request_id = r.json()["id"]
    r = session.post(f"{centre.url}/v1/requests/{request_id}/transitions", json={"to": "completed"},
                     headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200, r.text
    database = centre.app.extensions["onekey"].db
    with database.writing() as db:
        db.get(ServiceRequest, request_id).updated_at = now() - timedelta(days=1)
        db.commit()
    return request_id


def last_daytime() -> Any:
    """The latest moment of the return visits' daytime not after now: a sweep made then asks
    for now, whatever the hour the tests run at (an ask made at 19:15 is due at ten tomorrow:
    call_center/satisfaction/visits.py DAYTIME)."""
    from call_center.clock import at, local
    from call_center.satisfaction.visits import DAYTIME

    moment = local(now())
    first, last = DAYTIME
    if first <= moment.hour < last:
        return now()
    day = moment.date() if moment.hour >= last else moment.date() - timedelta(days=1)
    return at(day, last - 1, 30)
