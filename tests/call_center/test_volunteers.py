"""Volunteers at a kiosk: the PIN of a volunteer of the kiosk's own station opens a shift;
requests filed there meanwhile record who helped (the console shows it); nobody else can be
named; a wrong PIN is one sentence whatever was wrong, audited and limited."""
from __future__ import annotations

from call_center.demo_data import VOLUNTEER_PIN

from .conftest import Api, assert_error, registration_body


def sign_in(kiosk: Api, pin: str = VOLUNTEER_PIN):
    return kiosk.post("/v1/volunteers/sign-in", {"pin": pin})


def post_with_grant(kiosk: Api, path: str, body: dict, grant: str):
    return kiosk.client.post(path, json=body, headers={**kiosk.headers, "Onekey-Grant": grant})


def test_a_volunteer_signs_in_helps_and_the_request_says_so(center_app, kiosk: Api, tv: Api, agent: Api):
    shift = sign_in(kiosk).get_json()
    assert shift["volunteer"]["name"] == "志愿者 张建华" and shift["ended_at"] is None
    slot = tv.free_slot(skip=4)
    body = {**registration_body(kiosk.demo, slot), "channel": "kiosk", "assisted_by": shift["volunteer"]["id"]}
    grant = kiosk.post("/v1/elders/lookup", {"id_number": kiosk.demo.id_numbers["wang"],
                                             "phone_tail": kiosk.demo.phone_tails["wang"]}).get_json()["grant"]
    made = post_with_grant(kiosk, "/v1/requests", body, grant["token"])
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["assisted_by"] == {"id": shift["volunteer"]["id"], "name": "志愿者 张建华"}
    assert agent.get(f"/v1/requests/{made.get_json()['id']}").get_json()["assisted_by"]["name"] == "志愿者 张建华"

    ended = kiosk.post(f"/v1/volunteers/shifts/{shift['id']}/end").get_json()
    assert ended["ended_at"] is not None
    again = post_with_grant(kiosk, "/v1/requests",
                            {**body, "form": {**body["form"], "slot_id": tv.free_slot(skip=6)["id"]}}, grant["token"])
    assert_error(again, 403, "forbidden")            # no longer signed in: cannot be named


def test_nobody_else_can_name_a_volunteer(center_app, kiosk: Api, tv: Api):
    shift = sign_in(kiosk).get_json()
    slot = tv.free_slot(skip=5)
    body = {**registration_body(tv.demo, slot), "assisted_by": shift["volunteer"]["id"]}
    assert_error(tv.post("/v1/requests", body), 403, "forbidden")   # a TV is not where she signed in


def test_a_wrong_pin_or_another_stations_volunteer_is_one_sentence_and_audited(center_app, kiosk: Api):
    from sqlalchemy import select

    from call_center.models.console import AuditEntry
    from call_center.volunteers import add_volunteer

    db = center_app.extensions["onekey"].db
    with db.session(write=True) as s:
        add_volunteer(s, "志愿者 别处", "田林街道智慧健康驿站", "2468")
        s.commit()
    wrong = assert_error(sign_in(kiosk, "0000"), 404, "not_found")
    elsewhere = assert_error(sign_in(kiosk, "2468"), 404, "not_found")
    assert wrong["message"] == elsewhere["message"]
    with db.session(write=False) as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("volunteer%"))).all()
    assert actions.count("volunteer_sign_in_missed") == 2
    assert sign_in(kiosk).status_code == 200
