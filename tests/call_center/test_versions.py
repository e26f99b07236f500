"""Optimistic concurrency (call_center/versions.py): what several people edit answers its version
as ``ETag`` and a write names the version it was made from (``If-Match``), so two phones saving
an elder's emergency contacts at once cannot silently undo each other. On SQLite and on
PostgreSQL: the race is the database's to settle."""
from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from .conftest import BACKENDS, assert_error, row_counts
from .family_members import bearer, bound

ALL = ["view", "book", "alerts"]


@pytest.fixture(scope="module", params=BACKENDS)
def centre(request: pytest.FixtureRequest, make_centre: Any) -> Any:
    return make_centre(request.param)


class Phone:
    """One family member's phone (or an agent's desk), speaking to the centre as them."""

    def __init__(self, app: Any, token: str):
        self.app, self.token = app, token
        self.client = app.test_client()

    def call(self, method: str, path: str, body: Any = None, if_match: str | None = None,
             key: str | None = None) -> Any:
        headers = {**bearer(self.token), "Idempotency-Key": key or uuid.uuid4().hex}
        if if_match is not None:
            headers["If-Match"] = if_match
        return self.client.open(path, method=method, json=body, headers=headers)

    def contacts(self, elder: str) -> tuple[list[dict[str, Any]], str]:
        read = self.call("GET", f"/v1/elders/{elder}/contacts")
        assert read.status_code == 200, read.get_json()
        return read.get_json(), read.headers["ETag"]


def members(app: Any, elder_key: str = "zhang") -> tuple[Phone, Phone, str]:
    """The elder's daughter and son, each on their own phone, both allowed to change contacts."""
    client, demo = app.test_client(), app.demo
    tag = uuid.uuid4().hex[:8]
    daughter = bound(client, demo, elder_key, permissions=ALL, subject=f"o-daughter-{tag}", name="陈静",
                     phone="13764561234")
    son = bound(client, demo, elder_key, permissions=ALL, relation="儿子", subject=f"o-son-{tag}", name="陈伟",
                phone="13585671230")
    return Phone(app, daughter), Phone(app, son), demo.elders[elder_key]


def everything_but_keys(app: Any) -> dict[str, int]:
    return {k: v for k, v in row_counts(app).items() if k != "idempotency_records"}


def test_the_second_of_two_phones_is_told_someone_changed_the_list_and_nothing_is_lost(centre: Any):
    daughter, son, elder = members(centre)
    listed, version = daughter.contacts(elder)
    _same, son_version = son.contacts(elder)
    assert son_version == version and version.startswith('"contacts-')
    # The daughter adds a neighbour; the son, from the list he saw, moves his sister down.
    added = daughter.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [
        *({"id": c["id"]} for c in listed), {"name": "王芳", "relation": "邻居", "phone": "021-62345678"}]},
        if_match=version)
    assert added.status_code == 200, added.get_json()
    assert added.headers["ETag"] != version
    before = everything_but_keys(centre)
    stale = son.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [{"id": c["id"]} for c in reversed(listed)]},
                     if_match=son_version)
    error = assert_error(stale, 412, "precondition_failed")
    assert "改过" in error["message"] and "没有保存" in error["message"] and "再" in error["message"]
    assert "ETag" not in stale.headers
    assert everything_but_keys(centre) == before  # nothing written
    # He looks again: the neighbour is there, and his change made from this list goes through.
    now, fresh = son.contacts(elder)
    assert [c["name"] for c in now] == [*(c["name"] for c in listed), "王芳"] and fresh == added.headers["ETag"]
    moved = son.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [{"id": c["id"]} for c in reversed(now)]},
                     if_match=fresh)
    assert moved.status_code == 200 and [c["name"] for c in moved.get_json()][0] == "王芳"


def test_a_whole_replace_without_a_version_is_428_and_changes_nothing(centre: Any):
    daughter, _son, elder = members(centre)
    listed, version = daughter.contacts(elder)
    before = everything_but_keys(centre)
    blind = daughter.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [{"id": listed[0]["id"]}]})
    assert_error(blind, 428, "precondition_required")
    assert everything_but_keys(centre) == before
    assert daughter.contacts(elder)[1] == version


@pytest.mark.parametrize("header,passes", [
    ("*", True), ("{current}", True), ('"contacts-0", {current}', True), ("W/{current}", False),
    ('"contacts-0"', False), ("{profile}", False), ("contacts", False), ('"contacts-1" x', False),
])
def test_if_match_is_read_as_the_standard_says(centre: Any, header: str, passes: bool):
    agent = Phone(centre, centre.demo.tokens["agent"])
    elder = centre.demo.elders["li"]
    listed, current = agent.contacts(elder)
    profile = agent.call("GET", f"/v1/elders/{elder}").headers["ETag"]
    sent = header.format(current=current, profile=profile)
    answer = agent.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [{"id": c["id"]} for c in listed]},
                        if_match=sent)
    if passes:
        assert answer.status_code == 200, answer.get_json()
    else:
        assert_error(answer, 412, "precondition_failed")


def test_every_write_is_a_new_version_whoever_wrote(centre: Any):
    agent = Phone(centre, centre.demo.tokens["agent"])
    elder = centre.demo.elders["wang"]
    listed, contacts_v = agent.contacts(elder)
    profile_v = agent.call("GET", f"/v1/elders/{elder}").headers["ETag"]
    # The same list saved again is still a write: a new version (and the profile shows contacts).
    again = agent.call("PUT", f"/v1/elders/{elder}/contacts", {"contacts": [{"id": c["id"]} for c in listed]},
                       if_match=contacts_v)
    assert again.status_code == 200 and again.headers["ETag"] not in (contacts_v,)
    after_contacts = agent.call("GET", f"/v1/elders/{elder}").headers["ETag"]
    assert after_contacts != profile_v
    # A preference changed (without If-Match: merged) moves the profile's version, not the list's.
    patched = agent.call("PATCH", f"/v1/elders/{elder}/preferences", {"volume": 65})
    assert patched.status_code == 200 and patched.headers["ETag"] not in (profile_v, after_contacts)
    assert agent.contacts(elder)[1] == again.headers["ETag"]
    # A write outside these endpoints (an alarm's outcome in the health notes) moves it too.
    tv = Phone(centre, centre.demo.tokens["tv_wang"])
    for alarm in agent.call("GET", f"/v1/alarms?elder_id={elder}&status=open").get_json():
        agent.call("POST", f"/v1/alarms/{alarm['id']}/cancel", {"by": "agent"})
    raised = tv.call("POST", "/v1/alarms", {"elder_id": elder})
    assert raised.status_code == 201, raised.get_json()
    done = agent.call("POST", f"/v1/alarms/{raised.get_json()['id']}/steps", {"kind": "outcome", "outcome": "老人没事"})
    assert done.status_code == 200, done.get_json()
    assert agent.call("GET", f"/v1/elders/{elder}").headers["ETag"] != patched.headers["ETag"]


def test_preferences_merge_without_a_version_and_refuse_a_stale_one(centre: Any):
    daughter, son, elder = members(centre, "chen")
    seen = daughter.call("GET", f"/v1/elders/{elder}").headers["ETag"]
    # An older TV or kiosk sends no version: only its field changes.
    assert son.call("PATCH", f"/v1/elders/{elder}/preferences", {"volume": 90}).status_code == 200
    stale = daughter.call("PATCH", f"/v1/elders/{elder}/preferences", {"font_scale": 1.5}, if_match=seen)
    error = assert_error(stale, 412, "precondition_failed")
    assert "设置" in error["message"]
    fresh = daughter.call("GET", f"/v1/elders/{elder}")
    assert fresh.get_json()["preferences"]["volume"] == 90
    ok = daughter.call("PATCH", f"/v1/elders/{elder}/preferences", {"font_scale": 1.5}, if_match=fresh.headers["ETag"])
    assert ok.status_code == 200 and ok.get_json()["preferences"] == {**fresh.get_json()["preferences"], "font_scale": 1.5}


def test_a_retried_save_replays_its_answer_with_its_version(centre: Any):
    agent = Phone(centre, centre.demo.tokens["agent"])
    elder = centre.demo.elders["li"]
    listed, version = agent.contacts(elder)
    body = {"contacts": [{"id": c["id"]} for c in listed]}
    key = uuid.uuid4().hex
    first = agent.call("PUT", f"/v1/elders/{elder}/contacts", body, if_match=version, key=key)
    again = agent.call("PUT", f"/v1/elders/{elder}/contacts", body, if_match=version, key=key)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert (again.status_code, again.get_data(), again.headers["ETag"]) == \
        (first.status_code, first.get_data(), first.headers["ETag"])


def test_saves_racing_from_one_version_let_exactly_one_through(centre: Any):
    """Eight phones press 保存 at the same moment from the same list: one wins, seven are told."""
    agent = Phone(centre, centre.demo.tokens["agent"])
    elder = centre.demo.elders["zhang"]
    listed, version = agent.contacts(elder)
    start = threading.Barrier(8)
    statuses: list[int] = []

    def save(n: int) -> None:
        phone = Phone(centre, centre.demo.tokens["agent"])
        body = {"contacts": [*({"id": c["id"]} for c in listed),
                             {"name": "王芳", "relation": "邻居", "phone": f"021-6234{n:04d}"}]}
        start.wait()
        statuses.append(phone.call("PUT", f"/v1/elders/{elder}/contacts", body, if_match=version).status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] + [412] * 7, statuses
    now, _ = agent.contacts(elder)
    assert len(now) == len(listed) + 1


def test_the_contract_shows_the_headers_and_the_statuses(centre: Any):
    spec = centre.test_client().get("/openapi.json").get_json()
    contacts = spec["paths"]["/v1/elders/{elder_id}/contacts"]
    put = contacts["put"]
    if_match = next(p for p in put["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header" and if_match["required"] is True
    assert {"412", "428"} <= set(put["responses"]) and "ETag" in put["responses"]["200"]["headers"]
    assert any(p["name"] == "Idempotency-Key" for p in put["parameters"])
    assert "ETag" in contacts["get"]["responses"]["200"]["headers"]
    patch = spec["paths"]["/v1/elders/{elder_id}/preferences"]["patch"]
    assert next(p for p in patch["parameters"] if p["name"] == "If-Match")["required"] is False
    assert "412" in patch["responses"] and "428" not in patch["responses"]
    assert "ETag" in spec["paths"]["/v1/elders/{elder_id}"]["get"]["responses"]["200"]["headers"]
