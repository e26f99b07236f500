"""Family accounts and bindings in the centre (亲友代办): who may act for whom is decided here,
on every call — the mini-program service only vouches for who signed in."""
from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask

from call_center.family.access import FAMILY_MAY

from .conftest import assert_error, row_counts
from .family_members import ELDER_LOGIN, answer_on_tv, ask, bearer, bound, consent_message, family_token


def fam(client: Any, token: str, method: str, path: str, body: Any = None, *, if_match: str | None = None,
        **params: Any) -> Any:
    headers = {**bearer(token), "Idempotency-Key": uuid.uuid4().hex}
    if if_match is not None:
        headers["If-Match"] = if_match
    return client.open(path, method=method, json=body, query_string=params, headers=headers)


def test_every_family_endpoint_exists_and_nothing_else_is_open_to_a_family(center_app: Flask):
    endpoints = {rule.endpoint for rule in center_app.url_map.iter_rules()}
    assert set(FAMILY_MAY) <= endpoints, sorted(set(FAMILY_MAY) - endpoints)
    # A family token on an endpoint not listed is refused before anything runs.
    client = center_app.test_client()
    token = bound(client, center_app.demo, "zhang")
    for path in ("/v1/me", "/v1/events", "/v1/care-tasks", "/v1/alarms/refusals", "/v1/family/bindings"):
        assert_error(client.get(path, headers=bearer(token)), 403, "forbidden")
    assert_error(client.post("/v1/elders/lookup", json={"id_number": center_app.demo.id_numbers["zhang"],
                                                       "phone_tail": "1546"}, headers=bearer(token)),
                 403, "forbidden")


def test_consent_on_the_tv_then_the_member_acts_and_the_elder_revokes(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo)
    zhang = demo.elders["zhang"]
    pending = ask(client, token, "zhang")
    assert pending["status"] == "pending" and pending["elder_name"] == "张*兰"  # masked until she agrees
    assert_error(fam(client, token, "GET", f"/v1/elders/{zhang}"), 403, "forbidden")
    # The TV asks, in words the elder can hear: who, which relation, the phone's last digits.
    message = consent_message(client, demo, "zhang")
    assert "女儿陈静（手机尾号1234）想帮您办事" in message["body"] and "同意请选同意" in message["body"] and "请按确定" not in message["body"]
    assert [a["id"] for a in message["answers"]] == ["agree", "decline"]
    agreed = answer_on_tv(client, demo, "zhang", "agree")
    assert agreed.status_code == 200 and "陈静现在可以帮您办事" in agreed.get_json()["speech"]
    me = fam(client, token, "GET", "/v1/family/me").get_json()
    assert [(b["elder_name"], b["status"]) for b in me["bindings"]] == [("张桂兰", "active")]
    assert fam(client, token, "GET", f"/v1/elders/{zhang}").status_code == 200
    # Someone else's parent: not reachable.
    assert_error(fam(client, token, "GET", f"/v1/elders/{demo.elders['wang']}"), 403, "forbidden")
    # The same message now offers 解除绑定; the elder presses it on the TV: refused at once.
    after = client.get(f"/v1/elders/{zhang}/messages", headers=bearer(demo.tokens["tv_zhang"])).get_json()
    notice = next(m for m in after if m["id"] == message["id"])
    assert [a["id"] for a in notice["answers"]] == ["revoke"] and notice["read_at"]
    revoked = client.post(f"/v1/messages/{message['id']}/answer", json={"answer": "revoke"},
                          headers=bearer(demo.tokens["tv_zhang"]))
    assert revoked.status_code == 200 and "不能再帮您办事" in revoked.get_json()["speech"]
    assert_error(fam(client, token, "GET", f"/v1/elders/{zhang}"), 403, "forbidden")


def test_a_declined_request_is_not_asked_again_at_once_and_wrong_details_say_nothing(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo)
    ask(client, token, "li", relation="侄子")
    assert answer_on_tv(client, demo, "li", "decline").status_code == 200
    again = fam(client, token, "POST", "/v1/family/bindings",
                {"relation": "侄子", "elder_phone": ELDER_LOGIN["li"][0], "elder_name": "李国强"})
    assert_error(again, 409, "invalid_transition")
    # A wrong name with the right phone, or an unknown phone: the same 404, nothing written.
    before = row_counts(center_app)
    for phone, name in (("13621873305", "李国华"), ("13900000000", "李国强")):
        miss = fam(client, token, "POST", "/v1/family/bindings",
                   {"relation": "侄子", "elder_phone": phone, "elder_name": name})
        assert_error(miss, 404, "not_found")
    after = row_counts(center_app)
    assert {k: v for k, v in after.items() if k != "idempotency_records"} == \
        {k: v for k, v in before.items() if k != "idempotency_records"}


def test_a_code_shown_on_the_tv_binds_at_once_and_guessing_is_bounded(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo, subject="o-test-lijuan", name="李娟", phone="13817306612")
    shown = fam(client, token, "POST", "/v1/family/codes", {"elder_phone": "13916205871", "elder_name": "王秀英"})
    assert shown.status_code == 201
    tv_inbox = client.get(f"/v1/elders/{demo.elders['wang']}/messages", query_string={"unread": "true"},
                          headers=bearer(demo.tokens["tv_wang"])).get_json()
    code_message = next(m for m in tv_inbox if m["kind"] == "family_code")
    code = "".join(ch for ch in code_message["body"].split("。")[0] if ch.isdigit())
    assert len(code) == 6 and "陌生人问您要，千万不要告诉" in code_message["body"]
    # A wrong code costs a try; five an hour, then refused whatever the code.
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3):
        refused = fam(client, token, "POST", "/v1/family/bindings", {"relation": "侄女", "code": wrong})
        assert_error(refused, 404, "not_found")
        assert f"还可以试{left}次" in refused.get_json()["error"]["message"]
    binding = fam(client, token, "POST", "/v1/family/bindings", {"relation": "侄女", "code": code[:3] + " " + code[3:]})
    assert binding.status_code == 201 and binding.get_json()["status"] == "active"
    # The code is used up and gone from the TV's inbox; the elder keeps a message to end it.
    inbox = client.get(f"/v1/elders/{demo.elders['wang']}/messages",
                       headers=bearer(demo.tokens["tv_wang"])).get_json()
    assert all(m["id"] != code_message["id"] for m in inbox)
    notice = next(m for m in inbox if m["kind"] == "consent")
    assert [a["id"] for a in notice["answers"]] == ["revoke"] and "李娟" in notice["body"]
    other = family_token(client, demo, subject="o-test-guess", name="王小二", phone="13900001111")
    for _ in range(5):
        fam(client, other, "POST", "/v1/family/bindings", {"relation": "朋友", "code": "000000"})
    assert_error(fam(client, other, "POST", "/v1/family/bindings", {"relation": "朋友", "code": code}),
                 429, "rate_limited")


@pytest.mark.parametrize("permissions,allowed", [
    (["view"], {"GET elder", "GET requests", "GET alarms", "GET checkin", "GET messages", "GET today", "POST note"}),
    (["view", "book"], {"GET elder", "GET requests", "GET alarms", "GET checkin", "GET messages", "GET today", "POST note",
                        "POST request", "PATCH preferences", "PUT contacts"}),
    (["view", "alerts"], {"GET elder", "GET requests", "GET alarms", "GET checkin", "GET messages", "GET today", "POST note"}),
])
def test_each_permission_allows_what_it_names_and_nothing_more(center_app: Flask, permissions, allowed):
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang", permissions=permissions)
    zhang = demo.elders["zhang"]
    calls = {
        "GET elder": ("GET", f"/v1/elders/{zhang}", None, {}),
        "GET requests": ("GET", "/v1/requests", None, {"elder_id": zhang}),
        "GET alarms": ("GET", "/v1/alarms", None, {"elder_id": zhang}),
        "GET checkin": ("GET", f"/v1/elders/{zhang}/checkin", None, {}),
        "GET messages": ("GET", f"/v1/elders/{zhang}/messages", None, {}),
        "GET today": ("GET", f"/v1/family/elders/{zhang}/today", None, {}),
        "POST note": ("POST", f"/v1/family/elders/{zhang}/messages", {"preset": "call_me"}, {}),
        "POST request": ("POST", "/v1/requests", {"elder_id": zhang, "service": "consultation", "mode": "call",
                                                  "form": {"topic": "降压药怎么吃"}}, {}),
        "PATCH preferences": ("PATCH", f"/v1/elders/{zhang}/preferences", {"font_scale": 1.5}, {}),
        "PUT contacts": ("PUT", f"/v1/elders/{zhang}/contacts",
                         {"contacts": [{"name": "陈静", "relation": "女儿", "phone": "13764561234"}]}, {}),
    }
    version = client.get(f"/v1/elders/{zhang}/contacts", headers=bearer(demo.tokens["agent"])).headers["ETag"]
    for name, (method, path, body, params) in calls.items():
        answer = fam(client, token, method, path, body, if_match=version if method == "PUT" else None, **params)
        if name in allowed:
            assert answer.status_code in (200, 201), (name, answer.get_json())
        else:
            assert_error(answer, 403, "forbidden")


def test_a_member_refused_an_alarm_is_told_in_a_persons_words(center_app: Flask):
    """A family member refused (not bound to that parent) hears about bindings, not "这台设备"."""
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang", permissions=["view", "book", "alerts"])
    refused = fam(client, token, "POST", "/v1/alarms", {"elder_id": demo.elders["wang"]})
    assert_error(refused, 403, "forbidden")
    words = refused.get_json()["error"]["message"]
    assert "设备" not in words and "绑定这位老人" in words and "120" in words


def test_a_family_list_must_name_the_elder(center_app: Flask):
    client = center_app.test_client()
    token = bound(client, center_app.demo, "zhang")
    assert_error(fam(client, token, "GET", "/v1/requests"), 422, "validation_error")
    assert_error(fam(client, token, "GET", "/v1/alarms"), 422, "validation_error")


def test_an_agent_confirms_or_revokes_and_sees_every_binding(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo)
    pending = ask(client, token, "chen", relation="女儿")
    agent = bearer(demo.tokens["agent"])
    listed = client.get("/v1/family/bindings", query_string={"status": "pending"}, headers=agent).get_json()
    assert pending["id"] in {b["id"] for b in listed}
    assert_error(client.post(f"/v1/family/bindings/{pending['id']}/confirm", json={}, headers=agent),
                 422, "validation_error")
    confirmed = client.post(f"/v1/family/bindings/{pending['id']}/confirm",
                            json={"note": "已电话问过老人，老人同意"}, headers=agent).get_json()
    assert confirmed["status"] == "active" and confirmed["answered_by"].startswith("agent:")
    assert fam(client, token, "GET", f"/v1/elders/{demo.elders['chen']}").status_code == 200
    revoked = client.post(f"/v1/family/bindings/{pending['id']}/revoke", json={"note": "老人来电要求解除"},
                          headers=agent).get_json()
    assert revoked["status"] == "revoked"
    assert_error(fam(client, token, "GET", f"/v1/elders/{demo.elders['chen']}"), 403, "forbidden")


def test_a_member_withdraws_a_pending_request_and_it_leaves_the_tv(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = family_token(client, demo)
    pending = ask(client, token, "zhang")
    message = consent_message(client, demo, "zhang")
    assert fam(client, token, "POST", f"/v1/family/bindings/{pending['id']}/revoke", {}).get_json()["status"] == "revoked"
    inbox = client.get(f"/v1/elders/{demo.elders['zhang']}/messages", headers=bearer(demo.tokens["tv_zhang"])).get_json()
    assert all(m["id"] != message["id"] for m in inbox)
    # Another member cannot see or end someone else's binding.
    other = family_token(client, demo, subject="o-test-other", name="王小二", phone="13900001111")
    assert_error(fam(client, other, "GET", f"/v1/family/bindings/{pending['id']}"), 404, "not_found")


def test_family_notes_reach_the_tv_inbox_with_the_presets_addressed_to_the_parent(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang")
    zhang = demo.elders["zhang"]
    sent = fam(client, token, "POST", f"/v1/family/elders/{zhang}/messages", {"preset": "visit_sunday"})
    assert sent.status_code == 201 and sent.get_json()["body"] == "妈，周日我来看您。"
    tv = client.get(f"/v1/elders/{zhang}/messages", query_string={"unread": "true"},
                    headers=bearer(demo.tokens["tv_zhang"])).get_json()
    note = next(m for m in tv if m["kind"] == "family")
    assert note["title"] == "女儿陈静的留言" and note["speech"] == "女儿陈静的留言。妈，周日我来看您。"
    client.post(f"/v1/messages/{note['id']}/ack", json={}, headers=bearer(demo.tokens["tv_zhang"]))
    mine = fam(client, token, "GET", f"/v1/family/elders/{zhang}/messages").get_json()
    assert mine[0]["read_at"] is not None
    # Plain text only, and not a flood: ten unheard notes are enough.
    for n in range(10):
        fam(client, token, "POST", f"/v1/family/elders/{zhang}/messages", {"text": f"<b>第{n}条</b>"})
    assert_error(fam(client, token, "POST", f"/v1/family/elders/{zhang}/messages", {"text": "还有"}),
                 429, "rate_limited")
    assert fam(client, token, "GET", f"/v1/family/elders/{zhang}/messages").get_json()[0]["body"] == "<b>第9条</b>"


def test_contacts_are_replaced_in_order_masked_and_checked(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang")
    zhang = demo.elders["zhang"]
    read = fam(client, token, "GET", f"/v1/elders/{zhang}/contacts")
    current = read.get_json()
    assert [c["name"] for c in current] == ["陈静", "陈伟"] and current[0]["phone_masked"].startswith("137")
    order = [{"id": current[1]["id"]}, {"name": "王芳", "relation": "邻居", "phone": "021-62345678"},
             {"id": current[0]["id"]}]
    saved = fam(client, token, "PUT", f"/v1/elders/{zhang}/contacts", {"contacts": order}, if_match=read.headers["ETag"])
    replaced = saved.get_json()
    assert [(c["name"], c["priority"]) for c in replaced] == [("陈伟", 1), ("王芳", 2), ("陈静", 3)]
    foreign = client.get(f"/v1/elders/{demo.elders['wang']}/contacts", headers=bearer(demo.tokens["agent"])).get_json()
    assert_error(fam(client, token, "PUT", f"/v1/elders/{zhang}/contacts", {"contacts": [{"id": foreign[0]["id"]}]},
                     if_match=saved.headers["ETag"]), 422, "validation_error")


def test_recipients_are_the_centres_answer_for_the_service_only(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang")
    bound(client, demo, "zhang", permissions=["view"], subject="o-test-viewer", name="陈伟", phone="13585671230")
    service = bearer(demo.tokens["service"])
    people = client.get("/v1/family/recipients", query_string={"elder_id": demo.elders["zhang"]},
                        headers=service).get_json()
    assert {p["name"] for p in people} >= {"陈静"} and "陈伟" not in {p["name"] for p in people}
    assert all(p["elder_name_masked"] == "张*兰" for p in people)
    assert_error(fam(client, token, "GET", "/v1/family/recipients", elder_id=demo.elders["zhang"]), 403, "forbidden")
    # The service itself acts for nobody.
    assert_error(client.get(f"/v1/elders/{demo.elders['zhang']}", headers=service), 403, "forbidden")


def test_a_member_whose_name_carries_the_relation_is_named_once(center_app: Flask):
    """"您的儿子儿子小王想帮您办事" was said and shown: the relation is said once, everywhere the
    centre names a relative (personal_data.names.kin_and_name)."""
    client, demo = center_app.test_client(), center_app.demo
    bound(client, demo, "zhang", relation="孙女", subject="o-test-granddaughter", name="孙女小敏",
          phone="13512345678")
    tv = {"Authorization": f"Bearer {demo.tokens['tv_zhang']}"}
    inbox = client.get(f"/v1/elders/{demo.elders['zhang']}/messages", headers=tv).get_json()
    words = " ".join(m["body"] for m in inbox)
    assert "您的孙女小敏（手机尾号5678）" in words and "孙女孙女" not in words


def test_a_family_member_reads_the_alarms_status_in_their_own_words(center_app: Flask):
    """等待接警 and 已接警 are the centre's words: a daughter reads 已发出，等话务员接听 and
    话务员已接听 — in the list, the alarm, and her timeline page — and agents keep theirs."""
    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang")
    raised = fam(client, token, "POST", "/v1/alarms", {"elder_id": demo.elders["zhang"]})
    assert raised.status_code == 201, raised.get_json()
    alarm_id = raised.get_json()["id"]
    seen = [fam(client, token, "GET", "/v1/alarms", elder_id=demo.elders["zhang"]).get_json()[0]["status_word"],
            fam(client, token, "GET", f"/v1/alarms/{alarm_id}").get_json()["status_word"],
            fam(client, token, "GET", f"/v1/family/alarms/{alarm_id}").get_json()["status_word"]]
    assert seen == ["已发出，等话务员接听"] * 3
    agent = {"Authorization": f"Bearer {demo.tokens['agent']}"}
    assert client.get(f"/v1/alarms/{alarm_id}", headers=agent).get_json()["status_word"] == "等待接警"
    assert client.post(f"/v1/alarms/{alarm_id}/ack", headers=agent).status_code == 200
    assert fam(client, token, "GET", f"/v1/family/alarms/{alarm_id}").get_json()["status_word"] == "话务员已接听"


def test_today_carries_every_open_request_however_old_and_the_finished_ones_of_the_last_month(center_app: Flask):
    """办理进度 (the user trial: only the five latest were sent, so a visit booked before a few
    questions vanished): every open request, and the finished ones of the last 30 days."""
    from datetime import timedelta

    from call_center.clock import now
    from call_center.models import ServiceRequest

    client, demo = center_app.test_client(), center_app.demo
    token = bound(client, demo, "zhang", permissions=["view", "book"])
    zhang = demo.elders["zhang"]

    def made(topic: str) -> str:
        answer = fam(client, token, "POST", "/v1/requests", {"elder_id": zhang, "service": "consultation",
                                                             "mode": "call", "form": {"topic": topic}})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()["id"]

    old_open, old_done, lately_done = made("去年问的"), made("早就办完的"), made("上周办完的")
    fresh = [made(f"新问的{n}") for n in range(6)]
    with center_app.extensions["onekey"].db.writing() as db:
        for rid, status, age in ((old_open, "accepted", 400), (old_done, "completed", 60), (lately_done, "completed", 7)):
            row = db.get(ServiceRequest, rid)
            row.status, row.created_at, row.updated_at = status, now() - timedelta(days=age), now() - timedelta(days=age)
        db.commit()
    shown = {r["id"] for r in fam(client, token, "GET", f"/v1/family/elders/{zhang}/today").get_json()["requests"]}
    assert {old_open, lately_done, *fresh} <= shown and old_done not in shown
