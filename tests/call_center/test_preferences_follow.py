"""Her preferences follow her: a change (by her family or an agent) is one event on her
household's stream, for her household's boxes only; the profile names what she chose (the
rest are defaults a device's own settings replace) and whether 发给家人 would reach anyone."""
from __future__ import annotations

import uuid
from typing import Any

from flask import Flask

from .family_members import bearer, bound


def _head(client: Any, token: str) -> str:
    return client.get("/v1/devices/me/events", headers=bearer(token)).get_json()["next"]


def _events(client: Any, token: str, after: str) -> list[dict]:
    return client.get("/v1/devices/me/events", query_string={"after": after, "wait": 0},
                      headers=bearer(token)).get_json()["events"]


def _patch(client: Any, token: str, elder_id: str, body: dict) -> Any:
    return client.patch(f"/v1/elders/{elder_id}/preferences", json=body,
                        headers={**bearer(token), "Idempotency-Key": uuid.uuid4().hex})


def test_a_change_is_an_event_for_her_households_boxes_only(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    li, wang_tv, li_tv = demo.elders["li"], demo.tokens["tv_wang"], demo.tokens["tv_li"]
    after = {tv: _head(client, tv) for tv in (wang_tv, li_tv)}
    changed = _patch(client, demo.tokens["agent"], li, {"font_scale": 1.5, "locale": "en"})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    told = [e for e in _events(client, li_tv, after[li_tv]) if e["kind"] == "preferences"]
    assert len(told) == 1 and told[0]["elder_id"] == li
    assert told[0]["data"]["preferences"]["font_scale"] == 1.5 and told[0]["data"]["preferences"]["locale"] == "en"
    assert told[0]["data"]["preferences_set"] == ["font_scale", "locale"]
    assert not [e for e in _events(client, wang_tv, after[wang_tv]) if e["kind"] == "preferences"]


def test_a_refused_change_is_never_announced(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    tv = demo.tokens["tv_li"]
    after = _head(client, tv)
    assert _patch(client, demo.tokens["agent"], demo.elders["li"], {"font_scale": 9}).status_code == 422
    assert not [e for e in _events(client, tv, after) if e["kind"] == "preferences"]


def test_the_profile_names_what_she_chose_and_who_would_get_a_slip(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    agent = bearer(demo.tokens["agent"])
    li = client.get(f"/v1/elders/{demo.elders['li']}", headers=agent).get_json()
    assert li["preferences_set"] == [] and li["preferences"]["locale"] == "zh_CN"  # defaults only
    wang = client.get(f"/v1/elders/{demo.elders['wang']}", headers=agent).get_json()
    assert set(wang["preferences_set"]) == {"speech_rate", "volume", "font_scale", "theme"}  # demo data
    assert wang["family_receives_slips"] is False
    bound(client, demo, "wang", relation="女儿")
    wang = client.get(f"/v1/elders/{demo.elders['wang']}", headers=agent).get_json()
    assert wang["family_receives_slips"] is True
