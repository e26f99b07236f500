"""A daughter signed in to the H5 pages, bound to 张桂兰, with a hospital visit booked for her
mother two days or more ahead and the taxi going to it (the cancel and ended-request tests)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import requests


@dataclass
class VisitAndTaxi:
    session: requests.Session  # the daughter's, signed in
    agent: Any                 # the centre's agent (a requests session)
    elder_id: str
    visit: dict[str, Any]
    cab: dict[str, Any]

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.visit["result"]["start"])

    def post(self, centre: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A write at the centre as the agent."""
        r = self.agent.post(f"{centre}{path}", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code in (200, 201), r.text
        return r.json()


def visit_and_taxi(backend: Any, openid: str) -> VisitAndTaxi:
    session = requests.Session()
    session.cookies.set("onekey_mp", backend.sign_in(openid))
    backend.bind(backend.members[openid], "zhang")
    agent, centre = backend.agent(), backend.centre.url
    zhang = backend.centre.elders["zhang"]
    made = VisitAndTaxi(session, agent, zhang, {}, {})
    elder = agent.get(f"{centre}/v1/elders/{zhang}").json()
    fav = elder["favourites"]
    soon = datetime.now(timezone.utc) + timedelta(days=2)
    slot = next(s for s in agent.get(f"{centre}/v1/catalog/slots", params=fav).json()
                if s["remaining"] > 0 and datetime.fromisoformat(s["start"]) > soon)
    made.visit = made.post(centre, "/v1/requests", {
        "elder_id": zhang, "service": "registration", "mode": "self", "form": {
            "hospital_id": fav["hospital_id"], "department_id": fav["department_id"], "slot_id": slot["id"]}})
    made.cab = made.post(centre, "/v1/requests", {
        "elder_id": zhang, "service": "taxi", "mode": "self", "form": {
            "pickup_address": elder["home_address"], "destination_address": made.visit["result"]["hospital_address"],
            "pickup_time": (made.start - timedelta(minutes=90)).isoformat(), "passengers": 1}})
    return made
