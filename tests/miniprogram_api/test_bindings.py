"""Asking to bind to a parent (miniprogram_api/api/bindings.py): 201 only for a binding the
request made; asking again answers the one already asked for, pending or active, with 200 —
the phone must not show "sent" twice, nor the TV ask twice."""
from __future__ import annotations

from .servers import ELDER_LOGIN


def ask(backend, token: str, elder_key: str):
    phone, name, _tv = ELDER_LOGIN[elder_key]
    return backend.api(token).post(f"{backend.url}/api/v1/bindings", json={
        "relation": "女儿", "elder_phone": phone, "elder_name": name})


def test_asking_again_answers_the_binding_already_asked(backend):
    token = backend.sign_in("o-bind-again", name="陈静", phone="13764569999")
    first = ask(backend, token, "zhang")
    assert first.status_code == 201 and first.json()["status"] == "pending"
    again = ask(backend, token, "zhang")  # still pending: it was 201 again before
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "pending"

    backend.bind(token, "zhang")  # she agrees on the TV
    active = ask(backend, token, "zhang")
    assert active.status_code == 200 and active.json()["status"] == "active"
    assert active.json()["id"] == first.json()["id"]

    other = ask(backend, token, "li")  # another parent: a new binding
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_a_rate_limited_request_looks_its_member_up_once(backend, monkeypatch):
    """The limit's key (the member) and the view's gate ask for the same member: one lookup
    (a database read, maybe a refresh at the centre) serves both."""
    from miniprogram_api.backend import EXTENSION

    members = backend.app.extensions[EXTENSION].members
    token = backend.sign_in("o-bind-once", name="陈静", phone="13764568888")
    looked_up: list[str | None] = []
    resolve = members.resolve

    def counted(given: str | None):
        looked_up.append(given)
        return resolve(given)

    monkeypatch.setattr(members, "resolve", counted)
    assert ask(backend, token, "zhang").status_code == 201
    assert looked_up == [token]
    assert backend.api(token).post(f"{backend.url}/api/v1/bindings/code", json={
        "elder_phone": "13800000000", "elder_name": "某某"}).status_code in (201, 429)
    assert looked_up == [token, token]


def test_a_typo_does_not_use_up_the_binding_attempts(make_backend):
    """A phone with a digit missing is a 422 the member corrects; it tried nothing, so it does
    not count toward the hour's attempts (it did: three typos and the member was locked out).
    Well-formed attempts still count, and the limit still holds."""
    limited = make_backend(binding_limit="3 per hour")
    token = limited.sign_in("o-typo", name="陈静", phone="13764567777")
    api, url = limited.api(token), f"{limited.url}/api/v1/bindings/code"
    for typo in ("1380000000", "138000000000", "abc", ""):
        assert api.post(url, json={"elder_phone": typo, "elder_name": "某某"}).status_code == 422
    tried = [api.post(url, json={"elder_phone": "13800000000", "elder_name": "某某"}).status_code
             for _ in range(4)]
    assert tried == [201, 201, 201, 429]


def test_asking_for_a_call_again_while_it_waits_is_the_same_call(backend):
    """请话务员给老人打电话, tapped again and again by a worried daughter, queued one call-back
    for each tap. While the call is still to be made it is the same request (200); once it has
    been made, a new tap asks anew (201)."""
    token = backend.sign_in("o-call-twice", name="陈静", phone="13764560000")
    backend.bind(token, "zhang", permissions=["view", "book"])
    zhang = backend.centre.elders["zhang"]
    api, url = backend.api(token), f"{backend.url}/api/v1/elders/{zhang}/call"
    first = api.post(url)
    assert first.status_code == 201, first.text
    again = [api.post(url) for _ in range(3)]
    assert [a.status_code for a in again] == [200, 200, 200]
    assert {a.json()["id"] for a in again} == {first.json()["id"]}
    agent = backend.agent()
    for step in ("accepted", "in_progress", "confirmed", "completed"):
        moved = agent.post(f"{backend.centre.url}/v1/requests/{first.json()['id']}/transitions",
                           json={"to": step, "note": "已打电话"},
                           headers={"Idempotency-Key": __import__("uuid").uuid4().hex})
        assert moved.status_code == 200, moved.text
    later = api.post(url)
    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
