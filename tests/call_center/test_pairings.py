"""TV pairing: code on screen, agent confirms with the household, token handed out once."""
from __future__ import annotations

from datetime import timedelta

from call_center.clock import now
from call_center.models import Pairing

from .conftest import Api, assert_error, bearer, row_counts


def _start(client, name: str = "客厅电视"):
    r = client.post("/v1/pairings", json={"kind": "tv", "name": name})
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()


def test_pairing_binds_a_new_box_to_a_household(center_app, agent: Api):
    client = center_app.test_client()
    p = _start(client)
    assert len(p["code"]) == 6 and p["code"].isdigit()
    poll = lambda: client.post(f"/v1/pairings/{p['id']}/poll", json={"poll_secret": p["poll_secret"]})  # noqa: E731
    assert poll().get_json()["status"] == "pending"
    confirmed = agent.post(f"/v1/pairings/{p['code']}/confirm",
                           {"household_id": agent.demo.households["li"]})
    assert confirmed.status_code == 200
    assert confirmed.get_json()["device"]["household_id"] == agent.demo.households["li"]
    assert "device_token" not in confirmed.get_json() or confirmed.get_json()["device_token"] is None
    first = poll().get_json()
    assert first["status"] == "confirmed" and first["device_token"]
    second = poll().get_json()
    assert second["status"] == "confirmed" and second["device_token"] is None
    me = client.get("/v1/me", headers=bearer(first["device_token"])).get_json()
    assert me["kind"] == "device" and me["device"]["kind"] == "tv"
    assert [e["id"] for e in me["elders"]] == [agent.demo.elders["li"]]
    # the code is spent
    assert_error(agent.post(f"/v1/pairings/{p['code']}/confirm",
                            {"household_id": agent.demo.households["li"]}), 404, "not_found")


def test_wrong_poll_secret_reveals_nothing(center_app):
    client = center_app.test_client()
    p = _start(client)
    r = client.post(f"/v1/pairings/{p['id']}/poll", json={"poll_secret": "guess"})
    assert_error(r, 404, "not_found")


def test_expired_code_cannot_be_confirmed(center_app, agent: Api):
    client = center_app.test_client()
    p = _start(client)
    with center_app.extensions["onekey"].db.session(write=True) as s:
        s.get(Pairing, p["id"]).expires_at = now() - timedelta(seconds=1)
        s.commit()
    r = client.post(f"/v1/pairings/{p['id']}/poll", json={"poll_secret": p["poll_secret"]})
    assert r.get_json()["status"] == "expired"
    before = row_counts(center_app)
    assert_error(agent.post(f"/v1/pairings/{p['code']}/confirm",
                            {"household_id": agent.demo.households["li"]}), 404, "not_found")
    assert row_counts(center_app) == before


def test_only_agents_confirm_and_households_must_exist(center_app, agent: Api):
    client = center_app.test_client()
    p = _start(client)
    tv = Api(center_app, "tv_wang")
    before = row_counts(center_app)
    assert_error(tv.post(f"/v1/pairings/{p['code']}/confirm",
                         {"household_id": tv.demo.households["wang"]}), 403, "forbidden")
    assert_error(agent.post(f"/v1/pairings/{p['code']}/confirm", {"household_id": "hh_nope"}),
                 404, "not_found")
    assert row_counts(center_app) == before


def test_too_many_pending_codes_from_one_address(make_center_app):
    app = make_center_app(pairing_limit_per_address=2)
    client = app.test_client()
    _start(client)
    _start(client)
    before = row_counts(app)
    r = client.post("/v1/pairings", json={"kind": "tv", "name": "第三台"})
    assert_error(r, 429, "rate_limited")
    assert r.headers["Retry-After"] == "60"
    assert row_counts(app) == before
