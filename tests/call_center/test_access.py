"""Who may do what: /v1/me, kiosk identification, scoping of TV boxes."""
from __future__ import annotations

from .conftest import Api, assert_error, bearer


def test_me_for_each_kind_of_token(center_app):
    client = center_app.test_client()
    demo = center_app.demo
    tv = client.get("/v1/me", headers=bearer(demo.tokens["tv_zhang"])).get_json()
    assert tv["kind"] == "device" and tv["device"]["kind"] == "tv"
    assert [e["id"] for e in tv["elders"]] == [demo.elders["zhang"], demo.elders["chen"]]
    assert [e["name_masked"] for e in tv["elders"]] == ["张*兰", "陈*明"]
    kiosk = client.get("/v1/me", headers=bearer(demo.tokens["kiosk"])).get_json()
    assert kiosk["device"]["kind"] == "kiosk"
    assert kiosk["device"]["station"] == "仙霞新村街道智慧健康驿站"
    assert kiosk["elders"] == []
    agent = client.get("/v1/me", headers=bearer(demo.tokens["agent"])).get_json()
    assert agent["kind"] == "agent" and agent["agent"]["name"]
    service = client.get("/v1/me", headers=bearer(demo.tokens["service"])).get_json()
    assert service["kind"] == "service"


def test_elder_profile_is_masked(tv: Api):
    elder = tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()
    full = tv.demo.id_numbers["wang"]
    assert elder["name"] == "王秀英" and elder["name_masked"] == "王*英"
    assert elder["id_number_masked"] == full[:4] + "*" * 10 + full[-4:]
    assert "id_number" not in elder
    assert elder["phone_masked"].count("*") == 4
    assert elder["age"] == 86 and elder["living_alone"] is True
    assert elder["district"] == "长宁区" and elder["service_package"] == "B"
    assert [c["priority"] for c in elder["contacts"]] == [1, 2]
    assert all("****" in c["phone_masked"] for c in elder["contacts"])


def phone_tail_of(api: Api, who: str) -> str:
    agent = Api(api.app, "agent")
    return agent.get(f"/v1/elders/{api.demo.elders[who]}").get_json()["phone_masked"][-4:]


def test_kiosk_identifies_an_elder_by_id_number_and_phone_tail(kiosk: Api):
    tail = phone_tail_of(kiosk, "zhang")
    body = {"id_number": kiosk.demo.id_numbers["zhang"], "phone_tail": tail}
    found = kiosk.post("/v1/elders/lookup", body).get_json()
    grant = found.pop("grant")
    assert found == {"id": kiosk.demo.elders["zhang"], "name_masked": "张*兰",
                     "household_id": kiosk.demo.households["zhang"]}
    assert grant["id"].startswith("grt_") and len(grant["token"]) >= 40
    assert 0 < grant["expires_in"] <= 20 * 60
    # and may then act for that elder with the grant, though no household binds them
    assert_error(kiosk.get(f"/v1/elders/{found['id']}"), 403, "grant_required")
    with_grant = {**kiosk.headers, "Onekey-Grant": grant["token"]}
    assert kiosk.client.get(f"/v1/elders/{found['id']}", headers=with_grant).status_code == 200
    wrong_tail = f"{(int(tail) + 1) % 10000:04d}"
    unknown = kiosk.post("/v1/elders/lookup", {"id_number": "110101190001011234", "phone_tail": tail})
    wrong = kiosk.post("/v1/elders/lookup", {**body, "phone_tail": wrong_tail})
    assert_error(unknown, 404, "not_found")
    assert_error(wrong, 404, "not_found")
    assert unknown.get_json() == wrong.get_json()  # every miss the same: nothing learnt
    assert_error(kiosk.post("/v1/elders/lookup", {"id_number": "12ab", "phone_tail": tail}), 422,
                 "validation_error")
    assert_error(kiosk.post("/v1/elders/lookup", {"id_number": body["id_number"]}), 422, "validation_error")


def test_a_personal_number_is_never_taken_in_a_url(kiosk: Api):
    response = kiosk.get("/v1/elders/lookup", id_number=kiosk.demo.id_numbers["zhang"])
    assert response.status_code in (404, 405)


def test_tv_may_not_look_elders_up(tv: Api):
    body = {"id_number": tv.demo.id_numbers["li"], "phone_tail": phone_tail_of(tv, "li")}
    assert_error(tv.post("/v1/elders/lookup", body), 403, "forbidden")


def test_economic_hardship_elder_has_package_a(agent: Api):
    li = agent.get(f"/v1/elders/{agent.demo.elders['li']}").get_json()
    assert li["economic_hardship"] is True and li["service_package"] == "A"
    zhang = agent.get(f"/v1/elders/{agent.demo.elders['zhang']}").get_json()
    assert [c["relation"] for c in zhang["contacts"]] == ["女儿", "儿子"]
