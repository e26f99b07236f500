"""A logged-in agent on the Flask test client, and helpers to read the console's pages."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from call_center.console.demo import DEMO_LOGINS
from call_center.models.console import AuditEntry
from call_center.models import Base

TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token" value="([^"]+)"')
CONSOLE_TABLES = {"console_audit", "console_sessions", "console_credentials", "console_keys",
                  "console_login_throttles"}


def csrf_from(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Console:
    """The test client as one browser: logs in, carries the CSRF token, posts forms."""

    def __init__(self, app: Any, base_url: str = "http://localhost"):
        self.app = app
        self.client = app.test_client()
        self.base_url = base_url
        self.token = ""

    def get(self, path: str, **kw: Any) -> Any:
        response = self.client.get(path, base_url=self.base_url, **kw)
        if response.mimetype == "text/html" and response.status_code == 200:
            found = TOKEN.search(response.get_data(as_text=True))
            if found:
                self.token = found.group(1) or found.group(2)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, csrf: bool = True,
             **kw: Any) -> Any:
        body = dict(data or {})
        if csrf:
            if not self.token:
                self.get("/console/login")
            body.setdefault("csrf_token", self.token)
        headers = {"Referer": self.base_url + "/console/", **kw.pop("headers", {})}
        response = self.client.post(path, data=body, base_url=self.base_url, headers=headers,
                                    **kw)
        if response.mimetype == "text/html" and response.status_code != 302:
            found = TOKEN.search(response.get_data(as_text=True))
            if found:
                self.token = found.group(1) or found.group(2)
        return response

    def login(self, username: str = "agent1", password: str | None = None) -> Any:
        self.get("/console/login")
        response = self.post("/console/login", {
            "username": username, "password": password or DEMO_LOGINS[username][0]})
        if response.status_code == 303:
            self.get("/console/")  # a fresh CSRF token for the new session
        return response

    def text(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return response.get_data(as_text=True)

    # -- looking behind the pages ---------------------------------------------------------
    def audit(self, action: str | None = None) -> list[AuditEntry]:
        db = self.app.extensions["onekey"].db
        with db.session(write=False) as s:
            stmt = select(AuditEntry).order_by(AuditEntry.id)
            if action:
                stmt = stmt.where(AuditEntry.action == action)
            return list(s.scalars(stmt))

    def domain_counts(self) -> dict[str, int]:
        """Rows in every table but the console's own: equal before and after = nothing
        written."""
        db = self.app.extensions["onekey"].db
        with db.session(write=False) as s:
            return {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                    for t in Base.metadata.sorted_tables if t.name not in CONSOLE_TABLES}

    def new_request(self, service: str = "consultation", token: str = "tv_wang",
                    elder: str = "wang", form: dict[str, Any] | None = None,
                    mode: str = "call", bearer: str | None = None) -> dict[str, Any]:
        """A request as a device or a family member files it, through the API (``bearer``:
        a token of a member, else the demo token named by ``token``)."""
        if form is None:
            form = {"topic": "降压药怎么吃"} if service not in {"registration", "taxi"} else {}
        client = self.app.test_client()
        headers = {"Authorization": f"Bearer {bearer or self.app.demo.tokens[token]}"}
        if token == "kiosk":  # a kiosk acts for the elder identified there (its grant)
            from ..conftest import identify

            headers["Onekey-Grant"] = identify(client, self.app.demo, elder)["grant"]["token"]
        response = client.post(
            "/v1/requests", json={"elder_id": self.app.demo.elders[elder], "service": service,
                                  "mode": mode, "form": form}, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    def api(self, path: str) -> Any:
        return self.app.test_client().get(
            path, headers={"Authorization": f"Bearer {self.app.demo.tokens['agent']}"}).get_json()


@pytest.fixture
def anonymous(center_app: Any) -> Console:
    return Console(center_app)


@pytest.fixture
def console(center_app: Any) -> Console:
    c = Console(center_app)
    assert c.login().status_code == 303
    return c


@pytest.fixture
def supervisor(center_app: Any) -> Console:
    c = Console(center_app)
    assert c.login("super1").status_code == 303
    return c


@pytest.fixture
def make_console() -> Any:
    """``make_console(app, base_url=…)``: a browser-like client for an app built with settings."""
    return Console
