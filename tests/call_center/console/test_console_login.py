"""Logging in and out, the idle timeout, lockout, and that nothing opens without a login."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from call_center.clock import now
from call_center.models.console import ConsoleSession, LoginThrottle


def _rule_url(rule: Any) -> str:
    """The rule with every variable filled (ids that do not exist: the login comes first)."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: m.group(1).removesuffix("_id") + "_x", rule.rule)


def test_every_console_page_needs_a_login(anonymous: Any) -> None:
    app = anonymous.app
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("console.")
             and r.endpoint not in {"console.login", "console.static"}]
    assert len(rules) >= 12
    before = anonymous.domain_counts()
    for rule in rules:
        url = _rule_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = anonymous.client.open(url, method=method)
            view = app.view_functions[rule.endpoint]
            if getattr(view, "_console_json", False):
                assert response.status_code == 401, (method, url)
                assert response.get_json()["error"]["code"] == "unauthorized"
            else:
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["Location"].startswith("/console/login")
    assert anonymous.domain_counts() == before


def test_login_opens_the_queue_and_is_audited(anonymous: Any) -> None:
    page = anonymous.text("/console/login")
    assert 'autocomplete="current-password"' in page
    response = anonymous.login()
    assert response.status_code == 303 and response.headers["Location"] == "/console/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http on loopback (the embedded demo)
    assert "话务员 李敏" in anonymous.text("/console/")
    (entry,) = anonymous.audit("login")
    assert entry.username == "agent1" and entry.ip == "127.0.0.1" and entry.agent_id


def test_cookie_is_secure_over_https(center_app: Any, make_console: Any) -> None:
    c = make_console(center_app, base_url="https://localhost")
    response = c.login()
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]


def test_cookie_is_always_secure_when_configured(make_center_app: Any, make_console: Any) -> None:
    c = make_console(make_center_app(console_cookie_secure="1"))
    assert "Secure" in c.login().headers["Set-Cookie"]


def test_wrong_password_is_refused_counted_and_audited(anonymous: Any) -> None:
    response = anonymous.login(password="not-the-password")
    assert response.status_code == 401
    assert "用户名或密码不对" in response.get_data(as_text=True)
    assert anonymous.get("/console/").status_code == 303  # still not logged in
    (entry,) = anonymous.audit("login_failed")
    assert entry.username == "agent1" and entry.detail == "用户名或密码不对"
    with anonymous.app.extensions["onekey"].db.session(write=False) as s:
        counted = {(t.scope, t.failures) for t in s.scalars(select(LoginThrottle))}
        assert counted == {("source", 1), ("account", 1)}


def test_unknown_user_gets_the_same_answer(anonymous: Any) -> None:
    anonymous.get("/console/login")
    response = anonymous.post("/console/login", {"username": "nobody", "password": "whatever-1"})
    assert response.status_code == 401
    assert "用户名或密码不对" in response.get_data(as_text=True)
    (entry,) = anonymous.audit("login_failed")
    assert entry.username == "nobody" and entry.agent_id is None


def test_empty_form_is_a_clear_error(anonymous: Any) -> None:
    response = anonymous.post("/console/login", {"username": "", "password": ""})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("这一项必须填写") == 2


def test_next_only_goes_inside_the_console(anonymous: Any) -> None:
    for target, expected in (("//evil.example/x", "/console/"), ("https://evil.example/", "/console/"),
                             ("/console/requests", "/console/requests")):
        anonymous.get("/console/login")  # each login starts a new session and a new token
        response = anonymous.post("/console/login", {"username": "agent1",
                                                     "password": "onekey-demo-agent", "next": target})
        assert response.headers["Location"] == expected


def test_logout_ends_the_session_for_good(console: Any) -> None:
    stolen = console.client.get_cookie("onekey_console", path="/console")
    assert stolen is not None
    response = console.post("/console/logout")
    assert response.status_code == 303 and "bye=1" in response.headers["Location"]
    assert console.get("/console/").status_code == 303
    # A copy of the cookie taken before logout opens nothing.
    console.client.set_cookie("onekey_console", stolen.value, path="/console")
    assert console.get("/console/").status_code == 303
    assert console.audit("logout")


def _set_seen(c: Any, seconds_ago: float) -> None:
    with c.client.session_transaction("/console/") as sess:
        sess["seen"] = now().timestamp() - seconds_ago


def test_idle_session_expires_and_is_audited(console: Any) -> None:
    _set_seen(console, 15 * 60 + 1)
    response = console.get("/console/requests")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/console/login")
    assert "expired=1" in response.headers["Location"]
    assert "登录已超时" in console.text(response.headers["Location"])
    (entry,) = console.audit("session_expired")
    assert entry.username == "agent1" and entry.detail == "空闲超时"
    with console.app.extensions["onekey"].db.session(write=False) as s:
        ended = s.scalars(select(ConsoleSession.end_reason)).all()
    assert ended == ["idle"]


def test_polling_does_not_keep_an_idle_session_alive(console: Any) -> None:
    _set_seen(console, 14 * 60)
    body = console.get("/console/queue.json").get_json()
    assert 0 < body["seconds_left"] <= 60
    _set_seen(console, 14 * 60)  # unchanged by the poll: the cookie was not refreshed either
    assert console.get("/console/queue.json").get_json()["seconds_left"] <= 60
    # A real page view is activity.
    assert console.get("/console/requests").status_code == 200
    assert console.get("/console/queue.json").get_json()["seconds_left"] > 14 * 60


def test_expired_poll_answers_401_for_the_page_to_go_to_login(console: Any) -> None:
    _set_seen(console, 16 * 60)
    response = console.get("/console/queue.json")
    assert response.status_code == 401
    assert response.get_json()["login_url"] == "/console/login"


def test_keep_working_extends_the_session(console: Any) -> None:
    _set_seen(console, 14 * 60)
    response = console.client.post("/console/session/extend",
                                    headers={"X-CSRFToken": console.token})
    assert response.status_code == 200
    assert response.get_json()["seconds_left"] >= 15 * 60 - 2


def test_timeout_and_warning_are_configurable(make_center_app: Any, make_console: Any) -> None:
    c = make_console(make_center_app(console_idle_minutes=2, console_warn_seconds=30))
    assert c.login().status_code == 303
    page = c.text("/console/")
    assert 'data-warn-seconds="30.0"' in page
    left = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 100 < left <= 120
    _set_seen(c, 121)
    assert c.get("/console/").status_code == 303


def test_a_shift_ends_however_active(make_center_app: Any, make_console: Any) -> None:
    c = make_console(make_center_app(console_max_session_hours=1))
    c.login()
    with c.client.session_transaction("/console/") as sess:
        sess["since"] = now().timestamp() - 3601
    assert c.get("/console/").status_code == 303
    assert c.audit("session_expired")[-1].detail == "超过一个班次的时长"

