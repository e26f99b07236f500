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


def test_too_many_pending_codes_from_one_address_are_refused(make_center_app):
    app = make_center_app(pairing_limit_per_address=2)
    client = app.test_client()
    _start(client)
    _start(client)
    before = row_counts(app)
    r = client.post("/v1/pairings", json={"kind": "tv", "name": "第三台"})
    assert_error(r, 429, "rate_limited")
    assert r.headers["Retry-After"] == "60"
    assert row_counts(app) == before


def test_pending_codes_from_one_address_do_not_block_a_genuine_box(center_app):
    """Before: 5 pending codes from an address blocked the next box there for 10 minutes."""
    client = center_app.test_client()
    for n in range(6):
        _start(client)
    genuine = client.post("/v1/pairings", json={"kind": "tv", "name": "客厅电视"})
    assert genuine.status_code == 201


def test_a_household_gets_a_few_boxes_a_day_and_a_code_a_few_wrong_tries(make_center_app):
    app = make_center_app(pairing_limit_per_household=2)
    client = app.test_client()
    agent = Api(app, "agent")
    household = app.demo.households["li"]
    for _ in range(2):
        code = _start(client)["code"]
        assert agent.post(f"/v1/pairings/{code}/confirm", {"household_id": household}).status_code == 200
    third = _start(client)
    before = row_counts(app)
    refused = agent.post(f"/v1/pairings/{third['code']}/confirm", {"household_id": household})
    assert_error(refused, 429, "rate_limited")
    assert "2台电视" in refused.get_json()["error"]["message"]
    assert row_counts(app) == before
    # a mistyped code: ten wrong tries of one code, then that code is refused for a while
    for _ in range(10):
        assert_error(agent.post("/v1/pairings/000001/confirm", {"household_id": household}), 404, "not_found")
    assert_error(agent.post("/v1/pairings/000001/confirm", {"household_id": household}), 429, "rate_limited")


def test_a_box_polls_its_code_at_a_bounded_rate(make_center_app):
    app = make_center_app(rate_limits="pairings.poll=3 per minute")
    client = app.test_client()
    p = _start(client)
    answers = [client.post(f"/v1/pairings/{p['id']}/poll", json={"poll_secret": p["poll_secret"]}).status_code
               for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    other = _start(client)  # another box is not slowed by this one
    assert client.post(f"/v1/pairings/{other['id']}/poll",
                       json={"poll_secret": other["poll_secret"]}).status_code == 200
