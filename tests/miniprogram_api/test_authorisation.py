"""The authorisation matrix of the back end: every endpoint (read from the route table, so a new
one without a row fails here) × every kind of caller — members bound with each permission,
pending, unbound, revoked; anonymous; forged, expired and signed-out tokens. The back end
decides only who signed in; for everything about a parent the centre decides, and its
refusal is what the phone sees."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer

from miniprogram_api.backend import EXTENSION
from miniprogram_api.db import utcnow
from miniprogram_api.logins.tokens import SALT
from miniprogram_api.models import Login

pytestmark = pytest.mark.integration

SIGNED_OUT = ("anonymous", "forged", "foreign_key", "expired", "signed_out")
MEMBERS = ("unbound", "revoked", "view", "view_alerts", "view_book", "all", "pending")
PERMS = {"view": {"view"}, "view_alerts": {"view", "alerts"}, "view_book": {"view", "book"},
         "all": {"view", "book", "alerts"}, "unbound": set(), "revoked": set(), "pending": set()}
ROLES = SIGNED_OUT + MEMBERS


@dataclass
class Case:
    method: str
    path: Callable[[dict], str]
    needs: str | None  # the binding permission the centre asks for; None: any signed-in member
    body: Callable[[dict], Any] | None = None
    ok: tuple[int, ...] = (200,)
    h5: bool = False
    lands: str | None = None  # where a 303 of success goes, when that is the sign-in page itself
    headers: Callable[[dict], dict[str, str]] | None = None


def contacts_version(ctx: dict) -> str:
    """The version of the parent's emergency contacts now (the centre's ETag)."""
    return ctx["agent"].get(f"{ctx['centre']}/v1/elders/{ctx['zhang']}/contacts").headers["ETag"]


def profile_version(ctx: dict) -> str:
    """The version of the parent's profile now (the centre's ETag), which a change of her
    preferences names."""
    return ctx["agent"].get(f"{ctx['centre']}/v1/elders/{ctx['zhang']}").headers["ETag"]


def second_contact(ctx: dict) -> str:
    """The second of the parent's emergency contacts (one is added when fewer are left)."""
    url = f"{ctx['centre']}/v1/elders/{ctx['zhang']}/contacts"
    read = ctx["agent"].get(url)
    contacts = read.json()
    if len(contacts) < 2:
        changed = ctx["agent"].put(url, json={"contacts": [{"id": x["id"]} for x in contacts] + [
            {"name": "王芳", "relation": "邻居", "phone": f"135{uuid.uuid4().int % 10**8:08d}"}]},
            headers={"Idempotency-Key": uuid.uuid4().hex, "If-Match": read.headers["ETag"]})
        assert changed.status_code == 200, changed.text
        contacts = changed.json() if isinstance(changed.json(), list) else changed.json()["contacts"]
    return contacts[1]["id"]


def fresh_request(ctx: dict) -> str:
    made = ctx["agent"].post(f"{ctx['centre']}/v1/requests", json={
        "elder_id": ctx["zhang"], "service": "consultation", "mode": "call",
        "form": {"topic": "降压药怎么吃"}}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status_code == 201, made.text
    return made.json()["id"]


CASES: dict[tuple[str, str], Case] = {
    # the JSON API (Bearer)
    ("GET", "/api/v1/me"): Case("GET", lambda c: "/api/v1/me", None),
    ("PATCH", "/api/v1/me"): Case("PATCH", lambda c: "/api/v1/me", None, lambda c: {"name": c["name"]}),
    ("POST", "/api/v1/login/phone"): Case("POST", lambda c: "/api/v1/login/phone", None,
                                          lambda c: {"code": c["wechat"].phone_code(c["phone"])}),
    ("POST", "/api/v1/logout"): Case("POST", lambda c: "/api/v1/logout", None, ok=(204,)),
    ("POST", "/api/v1/bindings"): Case("POST", lambda c: "/api/v1/bindings", None,
                                       lambda c: {"relation": "女儿", "elder_phone": "13788921546",
                                                  "elder_name": "张桂兰"}, ok=(200, 201)),
    ("POST", "/api/v1/bindings/code"): Case("POST", lambda c: "/api/v1/bindings/code", None,
                                            lambda c: {"elder_phone": "13621873305", "elder_name": "李国强"},
                                            ok=(201,)),
    ("GET", "/api/v1/bindings/<binding_id>"): Case("GET", lambda c: f"/api/v1/bindings/{c['binding']}", "own"),
    ("POST", "/api/v1/bindings/<binding_id>/revoke"): Case(
        "POST", lambda c: f"/api/v1/bindings/{c['other_binding']}/revoke", "nobody"),
    ("GET", "/api/v1/elders"): Case("GET", lambda c: "/api/v1/elders", None),
    ("GET", "/api/v1/elders/<elder_id>/status"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/status", "view"),
    ("POST", "/api/v1/elders/<elder_id>/call"): Case("POST", lambda c: f"/api/v1/elders/{c['zhang']}/call", "book",
                                                     ok=(200, 201)),  # 200: the call already asked
    ("GET", "/api/v1/elders/<elder_id>/requests"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/requests", "view"),
    ("GET", "/api/v1/requests/<request_id>"): Case("GET", lambda c: f"/api/v1/requests/{c['request']}", "view"),
    ("POST", "/api/v1/requests/<request_id>/cancel"): Case(
        "POST", lambda c: f"/api/v1/requests/{fresh_request(c)}/cancel", "book"),
    ("GET", "/api/v1/requests/<request_id>/slip.pdf"): Case(
        "GET", lambda c: f"/api/v1/requests/{c['request']}/slip.pdf", "view"),
    ("GET", "/api/v1/elders/<elder_id>/alarms"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/alarms", "view"),
    ("GET", "/api/v1/alarms/<alarm_id>"): Case("GET", lambda c: f"/api/v1/alarms/{c['alarm']}", "view"),
    ("POST", "/api/v1/alarms/<alarm_id>/answer"): Case("POST", lambda c: f"/api/v1/alarms/{c['alarm']}/answer",
                                                       "view", lambda c: {"answer": "coming"}),
    ("GET", "/api/v1/elders/<elder_id>/notes"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/notes", "view"),
    ("POST", "/api/v1/elders/<elder_id>/notes"): Case("POST", lambda c: f"/api/v1/elders/{c['zhang']}/notes",
                                                      "view", lambda c: {"preset": "call_me"}, ok=(201,)),
    ("GET", "/api/v1/elders/<elder_id>/contacts"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/contacts", "view"),
    ("GET", "/api/v1/elders/<elder_id>/preferences"): Case(
        "GET", lambda c: f"/api/v1/elders/{c['zhang']}/preferences", "view"),
    ("PATCH", "/api/v1/elders/<elder_id>/preferences"): Case(
        "PATCH", lambda c: f"/api/v1/elders/{c['zhang']}/preferences", "book", lambda c: {"volume": 80},
        headers=lambda c: {"If-Match": profile_version(c)}),
    ("PUT", "/api/v1/elders/<elder_id>/contacts"): Case(
        "PUT", lambda c: f"/api/v1/elders/{c['zhang']}/contacts", "book",
        lambda c: {"contacts": [{"name": "陈静", "relation": "女儿", "phone": "13764561234"}]},
        headers=lambda c: {"If-Match": contacts_version(c)}),
    ("GET", "/api/v1/elders/<elder_id>/checkin"): Case("GET", lambda c: f"/api/v1/elders/{c['zhang']}/checkin", "view"),
    ("POST", "/api/v1/flow"): Case("POST", lambda c: "/api/v1/flow", "view", lambda c: {"elder_id": c["zhang"]},
                                   ok=(201,)),
    ("GET", "/api/v1/flow/<key>"): Case("GET", lambda c: f"/api/v1/flow/{c['flow']}", "own_flow"),
    ("POST", "/api/v1/flow/<key>"): Case("POST", lambda c: f"/api/v1/flow/{c['flow']}", "own_flow",
                                         lambda c: {"kind": "repeat"}),
    ("DELETE", "/api/v1/flow/<key>"): Case("DELETE", lambda c: f"/api/v1/flow/{c['flow']}", "own_flow", ok=(204,)),
    ("GET", "/api/v1/subscriptions"): Case("GET", lambda c: "/api/v1/subscriptions", None),
    ("POST", "/api/v1/subscriptions"): Case("POST", lambda c: "/api/v1/subscriptions", "alerts",
                                            lambda c: {"results": {"tmpl-alarm": "accept"}}),
    # H5 pages (the cookie): an unknown visitor is sent to sign in
    ("GET", "/h5/"): Case("GET", lambda c: "/h5/", None, h5=True),
    ("GET", "/h5/elders/<elder_id>"): Case("GET", lambda c: f"/h5/elders/{c['zhang']}", "view", h5=True),
    ("GET", "/h5/elders/<elder_id>/notes"): Case("GET", lambda c: f"/h5/elders/{c['zhang']}/notes", "view", h5=True),
    ("GET", "/h5/elders/<elder_id>/contacts"): Case("GET", lambda c: f"/h5/elders/{c['zhang']}/contacts", "view", h5=True),
    ("GET", "/h5/elders/<elder_id>/display"): Case("GET", lambda c: f"/h5/elders/{c['zhang']}/display", "view", h5=True),
    ("GET", "/h5/elders/<elder_id>/do/<service>"): Case(
        "GET", lambda c: f"/h5/elders/{c['zhang']}/do/device_application", "book", ok=(303,), h5=True),
    ("GET", "/h5/requests/<request_id>"): Case("GET", lambda c: f"/h5/requests/{c['request']}", "view", h5=True),
    ("GET", "/h5/requests/<request_id>/cancel"): Case(
        "GET", lambda c: f"/h5/requests/{fresh_request(c)}/cancel", "book", h5=True),
    ("GET", "/h5/requests/<request_id>/slip.pdf"): Case(
        "GET", lambda c: f"/h5/requests/{c['request']}/slip.pdf", "view", h5=True),
    ("GET", "/h5/alarms/<alarm_id>"): Case("GET", lambda c: f"/h5/alarms/{c['alarm']}", "view", h5=True),
    ("GET", "/h5/alarms/<alarm_id>/live"): Case("GET", lambda c: f"/h5/alarms/{c['alarm']}/live", "view", h5=True),
    ("GET", "/h5/bindings/<binding_id>"): Case("GET", lambda c: f"/h5/bindings/{c['binding']}", "own", h5=True),
    ("GET", "/h5/flow/<key>"): Case("GET", lambda c: f"/h5/flow/{c['flow']}", "own_flow", h5=True),
    ("GET", "/h5/bind"): Case("GET", lambda c: "/h5/bind", None, h5=True),
    ("GET", "/h5/profile"): Case("GET", lambda c: "/h5/profile", None, h5=True),
    # H5 forms (the cookie and the CSRF token a browser got with the page): each answers 303
    ("POST", "/h5/logout"): Case("POST", lambda c: "/h5/logout", None, ok=(303,), h5=True, lands="/h5/login"),
    ("POST", "/h5/profile"): Case("POST", lambda c: "/h5/profile", None, lambda c: {"name": c["name"]},
                                  ok=(303,), h5=True),
    ("POST", "/h5/bind"): Case("POST", lambda c: "/h5/bind", None,
                               lambda c: {"relation": "女儿", "how": "phone", "elder_phone": "13788921546",
                                          "elder_name": "张桂兰", "book": "yes"}, ok=(303,), h5=True),
    ("POST", "/h5/bind/code"): Case("POST", lambda c: "/h5/bind/code", None,
                                    lambda c: {"show-elder_phone": "13621873305",
                                               "show-elder_name": "李国强"},
                                    ok=(303,), h5=True),
    ("POST", "/h5/bindings/<binding_id>/revoke"): Case(
        "POST", lambda c: f"/h5/bindings/{c['other_binding']}/revoke", "nobody", h5=True),
    ("POST", "/h5/elders/<elder_id>/call"): Case("POST", lambda c: f"/h5/elders/{c['zhang']}/call", "book",
                                                 ok=(303,), h5=True),
    ("POST", "/h5/flow/<key>"): Case("POST", lambda c: f"/h5/flow/{c['flow']}", "own_flow",
                                     lambda c: {"kind": "refresh"}, ok=(303,), h5=True),
    ("POST", "/h5/requests/<request_id>/cancel"): Case(
        "POST", lambda c: f"/h5/requests/{fresh_request(c)}/cancel", "book", ok=(303,), h5=True),
    ("POST", "/h5/alarms/<alarm_id>/answer"): Case("POST", lambda c: f"/h5/alarms/{c['alarm']}/answer", "view",
                                                   lambda c: {"answer": "coming"}, ok=(303,), h5=True),
    ("POST", "/h5/elders/<elder_id>/notes"): Case("POST", lambda c: f"/h5/elders/{c['zhang']}/notes", "view",
                                                  lambda c: {"preset": "call_me"}, ok=(303,), h5=True),
    ("POST", "/h5/elders/<elder_id>/contacts"): Case(
        "POST", lambda c: f"/h5/elders/{c['zhang']}/contacts", "book",
        lambda c: {"name": "陈静", "relation": "女儿", "phone": f"136{uuid.uuid4().int % 10**8:08d}",
                   "version": contacts_version(c)},
        ok=(303,), h5=True),
    ("POST", "/h5/elders/<elder_id>/display"): Case(
        "POST", lambda c: f"/h5/elders/{c['zhang']}/display", "book",
        lambda c: {"volume": "80", "version": profile_version(c)}, ok=(303,), h5=True),
    ("POST", "/h5/elders/<elder_id>/contacts/<contact_id>/<move>"): Case(
        "POST", lambda c: f"/h5/elders/{c['zhang']}/contacts/{second_contact(c)}/up", "book",
        lambda c: {"version": contacts_version(c)}, ok=(303,), h5=True),
}
# Open to anyone: signing in, the slip link (it sends an unknown visitor to sign in first),
# health, the OpenAPI document, static files. Every other route, H5 forms included, has a row.
PUBLIC = {"/api/v1/health", "/api/v1/login/wechat", "/api/v1/login/ssb", "/", "/h5/login", "/h5/login/ssb",
          "/h5/login/ssb/callback", "/r/<reference>", "/openapi.json", "/h5/theme.css",
          "/h5/static/<path:filename>", "/static/<path:filename>"}


def routes(app: Any) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method, rule.rule))
    return found


def test_every_route_has_a_row(backend):
    member_routes = {r for r in routes(backend.app) if r[1] not in PUBLIC}
    assert member_routes - set(CASES) == set(), "routes without a row in the matrix"
    assert set(CASES) - routes(backend.app) == set(), "rows for routes that do not exist"


def expected(case: Case, role: str) -> str:
    if role in SIGNED_OUT:
        return "sign_in"
    if case.needs is None or case.needs in ("own", "own_flow"):
        return "ok"
    if case.needs == "nobody":
        return "not_yours"
    return "ok" if case.needs in PERMS[role] else "refused"


def outcome(case: Case, answer: requests.Response) -> str:
    if case.h5:
        if case.lands and answer.status_code == 303 and answer.headers.get("Location") == case.lands:
            return "ok"
        if answer.status_code == 303 and "/h5/login" in answer.headers.get("Location", ""):
            return "sign_in"
    elif answer.status_code == 401:
        return "sign_in"
    if answer.status_code in case.ok:
        return "ok"
    if answer.status_code == 403:
        return "refused"
    if answer.status_code == 404:
        return "not_yours"
    return f"HTTP {answer.status_code}: {answer.text[:120]}"


@pytest.fixture
def world(backend) -> dict:
    """Members in every state towards 张桂兰, tokens of every broken kind, her request and alarm."""
    c = backend.centre
    tokens: dict[str, str] = {}
    bindings: dict[str, dict] = {}
    phones = {}
    for n, role in enumerate(MEMBERS):
        phone = f"1390000{n:04d}"
        phones[role] = phone
        tokens[role] = backend.sign_in(f"o-{role}", name="陈静", phone=phone)
    for role in ("revoked", "view", "view_alerts", "view_book", "all"):
        perms = sorted(PERMS[role] or {"view"})
        bindings[role] = backend.bind(tokens[role], "zhang", permissions=perms)
    revoke = backend.api(tokens["revoked"]).post(f"{backend.url}/api/v1/bindings/{bindings['revoked']['id']}/revoke")
    assert revoke.json()["status"] == "revoked"
    bindings["pending"] = backend.bind(tokens["pending"], "zhang", agree=False)  # last: its question stays open
    bindings["unbound"] = backend.bind(tokens["unbound"], "li", agree=False)  # a binding of its own, elsewhere
    for role in SIGNED_OUT:
        tokens[role] = backend.sign_in(f"o-{role}", name="陈静", phone=None)
    tokens["anonymous"] = ""
    tokens["forged"] = tokens["forged"][:-3] + ("AAA" if not tokens["forged"].endswith("AAA") else "BBB")
    login_id = URLSafeTimedSerializer(backend.app.config["SECRET_KEY"], salt=SALT).loads(tokens["foreign_key"])
    tokens["foreign_key"] = URLSafeTimedSerializer("another-secret", salt=SALT).dumps(login_id)
    database = backend.app.extensions[EXTENSION].database
    expired_id = URLSafeTimedSerializer(backend.app.config["SECRET_KEY"], salt=SALT).loads(tokens["expired"])
    with database.session() as db:
        db.get(Login, expired_id).expires_at = utcnow() - timedelta(seconds=1)
    backend.api(tokens["signed_out"]).post(f"{backend.url}/api/v1/logout")
    agent = backend.agent()
    ctx = {"centre": c.url, "agent": agent, "zhang": c.elders["zhang"], "wechat": backend.wechat.fake,
           "tokens": tokens, "bindings": bindings, "phones": phones}
    ctx["request"] = fresh_request(ctx)
    ctx["alarm"] = backend.raise_alarm("zhang")["id"]
    return ctx


def call(backend, case: Case, role: str, ctx: dict) -> requests.Response:
    token = ctx["tokens"][role]
    own = {**ctx, "binding": ctx["bindings"].get(role, ctx["bindings"]["all"])["id"],
           "other_binding": ctx["bindings"]["all"]["id"] if role != "all" else ctx["bindings"]["view"]["id"],
           "name": "陈静", "phone": ctx["phones"].get(role, "13900009999")}
    if case.needs == "own_flow":
        started = backend.api(token).post(f"{backend.url}/api/v1/flow", json={})
        own["flow"] = started.json()["session"] if started.status_code == 201 else "no-such-session"
    if role in MEMBERS and case.path(own).endswith("/logout"):
        token = backend.sign_in(f"o-{role}", name=None, phone=None)  # not the token the rest use
    session = requests.Session()
    url = backend.url + case.path(own)  # first: making the path may change what the body names
    if case.h5:
        form: dict[str, str] = {}
        if case.method == "POST":
            form["csrf_token"] = csrf_token(backend, session, ctx["tokens"]["all"])
        session.cookies.set("onekey_mp", token) if token else session.cookies.pop("onekey_mp", None)
        data = {**form, **(case.body(own) if case.body else {})}
        return session.request(case.method, url, data=data, allow_redirects=False, timeout=30)
    if token:
        session.headers["Authorization"] = f"Bearer {token}"
    body = case.body(own) if case.body else None
    headers = case.headers(own) if case.headers else {}
    return session.request(case.method, url, json=body, headers=headers, allow_redirects=False, timeout=30)


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(backend, browser: requests.Session, signed_in: str) -> str:
    """The token a browser holds after it was shown a form (then signed out, or had its cookie
    forged or expired): the CSRF secret lives in the browser's session, not in the login."""
    browser.cookies.set("onekey_mp", signed_in)
    page = browser.get(f"{backend.url}/h5/bind", timeout=30)
    found = CSRF.search(page.text)
    assert page.status_code == 200 and found, page.text[:200]
    return found.group(1)


def test_every_endpoint_for_every_kind_of_caller(backend, world):
    wrong = []
    for (method, rule), case in CASES.items():
        for role in ROLES:
            want = expected(case, role)
            got = outcome(case, call(backend, case, role, world))
            if got != want:
                wrong.append(f"{method} {rule} as {role}: wanted {want}, got {got}")
    assert wrong == [], "\n".join(wrong)


def test_a_flow_session_is_its_owners_alone(backend, world):
    tokens = world["tokens"]
    mine = backend.api(tokens["all"]).post(f"{backend.url}/api/v1/flow", json={}).json()["session"]
    theirs = backend.api(tokens["view"]).get(f"{backend.url}/api/v1/flow/{mine}")
    assert theirs.status_code == 404 and theirs.json()["error"]["code"] == "session_unknown"
    assert backend.api(tokens["all"]).get(f"{backend.url}/api/v1/flow/{mine}").status_code == 200
