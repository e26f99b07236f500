"""Every console POST needs the session's CSRF token; a refused post writes nothing but the
audit entry saying it was refused."""
from __future__ import annotations

from typing import Any


def test_post_without_token_is_refused_and_changes_nothing(console: Any) -> None:
    req = console.new_request()
    before = console.domain_counts()
    response = console.post(f"/console/requests/{req['id']}/move", {"move-to": "accepted"},
                            csrf=False)
    assert response.status_code == 400
    assert "页面已过期或来源不明" in response.get_data(as_text=True)
    assert console.api(f"/v1/requests/{req['id']}")["status"] == "submitted"
    assert console.domain_counts() == before
    (entry,) = console.audit("csrf_rejected")
    assert entry.username == "agent1" and "/move" in entry.detail


def test_a_forged_or_foreign_token_is_refused(console: Any, center_app: Any,
                                              make_console: Any) -> None:
    req = console.new_request()
    other = make_console(center_app)
    other.login("super1")
    for token in ("forged", other.token):  # another session's token is no good either
        response = console.post(f"/console/requests/{req['id']}/move",
                                {"move-to": "accepted", "csrf_token": token})
        assert response.status_code == 400
    assert console.api(f"/v1/requests/{req['id']}")["status"] == "submitted"


def test_login_itself_needs_the_token(anonymous: Any) -> None:
    response = anonymous.post("/console/login",
                              {"username": "agent1", "password": "onekey-demo-agent"}, csrf=False)
    assert response.status_code == 400
    assert anonymous.audit("login") == []


def test_json_posts_need_the_header(console: Any) -> None:
    response = console.client.post("/console/session/extend")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    ok = console.client.post("/console/session/extend", headers={"X-CSRFToken": console.token})
    assert ok.status_code == 200


def test_reveal_without_token_reveals_nothing(console: Any) -> None:
    elder = console.app.demo.elders["wang"]
    response = console.post(f"/console/elders/{elder}/reveal", {"what": "elder"}, csrf=False,
                            headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "13916205871" not in response.get_data(as_text=True)
    assert console.audit("reveal_phone") == []
