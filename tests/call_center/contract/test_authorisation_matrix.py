"""The authorisation matrix, generated from the app's route table (issue 12 §8): every route ×
every role (authorisation.py), on SQLite and on PostgreSQL. A route the matrix does not know
fails; so does a group naming a route the app no longer has. Every answer given to a device or
the family's service is also checked for an unmasked ID number or mobile."""
from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from sqlalchemy import select

from call_center.auth import hash_token
from call_center.clock import now
from call_center.models import Device

from .authorisation import EXPECTED, GROUPS, OK, RECIPES
from .conftest import BACKENDS

DEVICE_OR_FAMILY = {"tv_other_household", "tv_own", "kiosk_without_grant", "kiosk_other_elders_grant",
                    "kiosk_with_grant", "service", "family_all", "family_view", "family_pending",
                    "family_revoked", "family_other_elder"}
UNMASKED = re.compile(r"(?<![0-9A-Za-z_])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token" value="([^"]+)"')
REVOKED_TOKEN = "revoked-tv-token-" + "x" * 20


def routes(app: Any) -> list[str]:
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append(f"{method} {rule.rule}")
    return sorted(out)


def group_of(route: str) -> str:
    (group,) = [g for g, members in GROUPS.items() if route in members]
    return group


@dataclass
class Context:
    """The demo centre and fresh things on 王秀英 for one call."""

    app: Any
    elder: str = ""
    household: str = ""
    hospital: str = ""
    calls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        demo = self.app.demo
        self.elder, self.household = demo.elders["wang"], demo.households["wang"]
        self.client = self.app.test_client()
        self.hospital = self.api("GET", "/v1/catalog/hospitals", "agent").get_json()[0]["id"]

    def api(self, method: str, path: str, who: str = "agent", body: Any = None, **query: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.app.demo.tokens[who]}",
                   "Idempotency-Key": uuid.uuid4().hex}
        return self.client.open(path, method=method, headers=headers, query_string=query,
                                json=body if method != "GET" else None)

    def ok(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        response = self.api(method, path, "agent", body)
        assert response.status_code in (200, 201), (path, response.get_json())
        return response.get_json()

    # -- fresh things ---------------------------------------------------------------------
    def new_request(self, service: str = "help") -> str:
        form = {"topic": "求助"} if service == "help" else {}
        return self.ok("POST", "/v1/requests", {"elder_id": self.elder, "service": service,
                                                "mode": "call", "form": form})["id"]

    def confirmed_request(self) -> str:
        """A request an agent has carried to 已办好 (it has a slip)."""
        rid = self.new_request()
        for to in ("accepted", "in_progress", "confirmed"):
            self.ok("POST", f"/v1/requests/{rid}/transitions", {"to": to})
        return rid

    def new_complaint(self) -> str:
        """An open complaint about a request of hers that was carried out (投诉, by an agent)."""
        return self.ok("POST", f"/v1/requests/{self.confirmed_request()}/complaints", {"reasons": ["late"]})["id"]

    def new_message(self) -> str:
        return self.ok("POST", f"/v1/elders/{self.elder}/messages",
                       {"kind": "notice", "title": "通知", "body": "明天停水。"})["id"]

    def no_open_alarm(self) -> None:
        for alarm in self.api("GET", "/v1/alarms", "agent", elder_id=self.elder).get_json():
            if alarm["status"] not in ("resolved", "cancelled"):
                self.ok("POST", f"/v1/alarms/{alarm['id']}/cancel", {"by": "agent"})

    def tv_alarm(self) -> str:
        """An open alarm raised from her household's TV (never a kiosk's)."""
        self.no_open_alarm()
        response = self.api("POST", "/v1/alarms", "tv_wang", {"elder_id": self.elder})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def new_care_task(self) -> str:
        from call_center.alarms import care

        with self.app.extensions["onekey"].db.writing() as db:
            task = care.create_task(db, f"matrix:{uuid.uuid4().hex}", self.elder, "care_call",
                                    "主动关爱电话", "每周两次", now(), now(), "system:test")
            db.commit()
            return task.id

    def new_visit(self) -> str:
        """A patrol visit of hers, planned for today, alone under its key."""
        from call_center.clock import local
        from call_center.models.patrols import PatrolVisit

        with self.app.extensions["onekey"].db.writing() as db:
            day = local(now()).date()
            visit = PatrolVisit(key=f"matrix:{uuid.uuid4().hex}", elder_id=self.elder, street="仙霞新村街道",
                                planned_on=day, due_by=day, status="planned", visitor_name="", provider="服务商",
                                note="", created_at=now())
            db.add(visit)
            db.commit()
            return visit.id

    def device_application(self, state: str = "reviewing") -> str:
        """张桂兰's 一键通 application, alone in the desk's lists, carried to ``state``
        (reviewing, queued or scheduled)."""
        from datetime import timedelta

        from call_center.device_applications import applications

        from call_center.models import Elder

        zhang = self.app.demo.elders["zhang"]
        with self.app.extensions["onekey"].db.writing() as db:  # a device put in by an earlier row
            db.get(Elder, zhang).service_package = None
            db.commit()
        for r in self.api("GET", "/v1/requests", elder_id=zhang, service="device_application").get_json():
            if r["status"] in ("accepted", "in_progress", "confirmed"):
                self.api("POST", f"/v1/requests/{r['id']}/cancel", "tv_zhang")
        made = self.api("POST", "/v1/requests", "tv_zhang", {"elder_id": zhang, "service": "device_application",
                                                             "form": {"package": "A", "hukou_shanghai": "true",
                                                                      "living_alone": "true", "hardship": "none"}})
        assert made.status_code == 201, made.get_json()
        rid = made.get_json()["id"]
        with self.app.extensions["onekey"].db.writing() as db:
            if state in ("queued", "scheduled"):
                applications.approve(db, rid, "agent:matrix")
            if state == "scheduled":
                applications.schedule(db, rid, now() + timedelta(days=1), "agent:matrix")
            db.commit()
        return rid

    def joint_application(self, state: str = "assessing") -> str:
        """王秀英's 养老服务一件事, her only open one, at ``state`` (assessing, or deciding: the
        grade in and the admission at its desk)."""
        from call_center.elder_services import joint

        for r in self.api("GET", "/v1/requests", elder_id=self.elder, service="elder_services").get_json():
            if r["status"] in ("accepted", "in_progress", "confirmed"):
                self.api("POST", f"/v1/requests/{r['id']}/cancel")
        rid = self.ok("POST", "/v1/requests", {"elder_id": self.elder, "service": "elder_services",
                                               "form": {"parts": "all", "hukou_shanghai": "true",
                                                        "hardship": "unknown"}})["id"]
        if state == "deciding":
            with self.app.extensions["onekey"].db.writing() as db:
                joint.record_grade(db, rid, 3, "agent:matrix")
                db.commit()
        return rid

    def pairing_poll(self) -> dict[str, Any]:
        started = self.client.post("/v1/pairings", json={"kind": "tv", "name": "卧室电视"}).get_json()
        return {"pairing_id": started["id"], "body": {"poll_secret": started["poll_secret"]}}

    def pairing_code(self) -> str:
        return self.client.post("/v1/pairings", json={"kind": "tv", "name": "卧室电视"}).get_json()["code"]

    def fresh_device(self, kind: str) -> str:
        """A box of 王秀英's household (a kiosk of the demo station) nobody calls with: one to
        unbind without cutting off a role's own token."""
        with self.app.extensions["onekey"].db.writing() as db:
            device = Device(kind=kind, name="卧室电视" if kind == "tv" else "二号自助机",
                            household_id=self.household if kind == "tv" else None,
                            station="仙霞新村街道智慧健康驿站" if kind == "kiosk" else None,
                            token_hash=hash_token(secrets.token_urlsafe(32)))
            db.add(device)
            db.commit()
            return device.id

    def lookup_body(self) -> dict[str, str]:
        demo = self.app.demo
        return {"id_number": demo.id_numbers["wang"], "phone_tail": demo.phone_tails["wang"]}

    def kiosk_grant_id(self) -> str:
        response = self.api("POST", "/v1/elders/lookup", "kiosk", self.lookup_body())
        return response.get_json()["grant"]["id"]

    def kiosk_shift_id(self) -> str:
        """A volunteer of the demo kiosk's station signed in there (the demo's PIN)."""
        from call_center.demo_data import VOLUNTEER_PIN

        return self.api("POST", "/v1/volunteers/sign-in", "kiosk", {"pin": VOLUNTEER_PIN}).get_json()["id"]

    # -- family members (亲友代办) ---------------------------------------------------------
    binding: str | None = None  # the calling member's own binding, when a member calls

    def family_member(self, state: str, permissions: list[str]) -> str:
        """A fresh member's family token, bound to 王秀英 (``active``, ``pending``,
        ``revoked``) or to 李国强 (``other``); confirmed by an agent, as after a call."""
        demo = self.app.demo
        signed = self.client.post("/v1/family/sessions", headers=_bearer(demo.tokens["service"]), json={
            "provider": "wechat", "subject": f"o-matrix-{uuid.uuid4().hex}", "name": "陈静",
            "phone": "13900001111"}).get_json()
        token = signed["token"]
        elder = ("13621873305", "李国强") if state == "other" else ("13916205871", "王秀英")
        asked = self.client.post("/v1/family/bindings", headers=_bearer(token), json={
            "relation": "女儿", "elder_phone": elder[0], "elder_name": elder[1],
            "permissions": permissions}).get_json()
        self.binding = asked["id"]
        if state != "pending":
            self.ok("POST", f"/v1/family/bindings/{asked['id']}/confirm", {"note": "已电话问过老人"})
        if state == "revoked":
            self.ok("POST", f"/v1/family/bindings/{asked['id']}/revoke", {"note": "老人要求解除"})
        return token

    def pending_binding(self) -> str:
        """A fresh member's request to bind 王秀英, waiting for her."""
        token = self.client.post("/v1/family/sessions", headers=_bearer(self.app.demo.tokens["service"]),
                                 json={"provider": "wechat", "subject": f"o-matrix-{uuid.uuid4().hex}",
                                       "name": "陈静"}).get_json()["token"]
        return self.client.post("/v1/family/bindings", headers=_bearer(token), json={
            "relation": "女儿", "elder_phone": "13916205871", "elder_name": "王秀英"}).get_json()["id"]

    def own_binding(self) -> str:
        """The calling member's binding; for anyone else, a member's pending one."""
        return self.binding or self.pending_binding()

    def consent_message(self) -> str:
        """The question a new request to bind puts on her TV (同意 / 不同意)."""
        self.pending_binding()
        inbox = self.api("GET", f"/v1/elders/{self.elder}/messages", "agent").get_json()
        return next(m["id"] for m in inbox if m["kind"] == "consent" and m["answers"])

    def untold_policy(self) -> str:
        """A policy she qualifies for and has not been told of (her offers cleared first)."""
        from sqlalchemy import delete

        from call_center.models import PolicyOffer

        with self.app.extensions["onekey"].db.writing() as db:
            db.execute(delete(PolicyOffer).where(PolicyOffer.elder_id == self.elder))
            db.commit()
        return "senior_card"

    def check_in_fresh(self) -> None:
        """No 报平安 yet today (the first one answers 201)."""
        from sqlalchemy import delete

        from call_center.models.care import Checkin

        with self.app.extensions["onekey"].db.writing() as db:
            db.execute(delete(Checkin).where(Checkin.elder_id == self.elder))
            db.commit()


# -- who calls ---------------------------------------------------------------------------------
def _bearer(token: str, grant: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if grant:
        headers["Onekey-Grant"] = grant
    return headers


def _grant(ctx: Context, elder_key: str) -> str:
    demo = ctx.app.demo
    response = ctx.client.post("/v1/elders/lookup", headers=_bearer(demo.tokens["kiosk"]),
                               json={"id_number": demo.id_numbers[elder_key],
                                     "phone_tail": demo.phone_tails[elder_key]})
    return response.get_json()["grant"]["token"]


def _console(ctx: Context, client: Any, username: str | None) -> dict[str, str]:
    """Sign ``client`` in (None: stay anonymous); returns a CSRF token for its posts."""
    page = client.get("/console/login").get_data(as_text=True)
    token = _csrf(page)
    if username is None:
        return {"csrf_token": token}
    password = {"agent1": "onekey-demo-agent", "super1": "onekey-demo-super"}[username]
    signed = client.post("/console/login", data={"csrf_token": token, "username": username,
                                                 "password": password},
                         headers={"Referer": "http://localhost/console/"})
    assert signed.status_code == 303, signed.get_data(as_text=True)[:300]
    return {"csrf_token": _csrf(client.get("/console/find").get_data(as_text=True))}


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token"
    return found.group(1) or found.group(2)


Credentials = Callable[[Context, Any], tuple[dict[str, str], dict[str, str]]]  # headers, form extras

def _anonymous(token: str | None = None, grant: str | None = None) -> Credentials:
    """A bearer token (or none) in a browser that has loaded the console's login page."""
    return lambda ctx, c: (_bearer(token, grant) if token else {}, _console(ctx, c, None))


def _forged(ctx: Context, client: Any) -> tuple[dict[str, str], dict[str, str]]:
    """A token nobody was given, and a console cookie nobody signed."""
    form = _console(ctx, client, None)
    client.set_cookie("onekey_console", "forged." + secrets.token_urlsafe(24), path="/console")
    return _bearer(secrets.token_urlsafe(32)), form


def _revoked(ctx: Context, client: Any) -> tuple[dict[str, str], dict[str, str]]:
    """A TV box whose binding was revoked, and a console session that was signed out."""
    form = _console(ctx, client, "agent1")
    client.post("/console/logout", data=form, headers={"Referer": "http://localhost/console/"})
    return _bearer(REVOKED_TOKEN), {"csrf_token": _csrf(client.get("/console/login").get_data(as_text=True))}


def _kiosk(elder_key: str | None) -> Credentials:
    def credentials(ctx: Context, client: Any) -> tuple[dict[str, str], dict[str, str]]:
        grant = _grant(ctx, elder_key) if elder_key else None
        return _anonymous(ctx.app.demo.tokens["kiosk"], grant)(ctx, client)
    return credentials


def _member(state: str, permissions: tuple[str, ...] = ("view", "book", "alerts")) -> Credentials:
    def credentials(ctx: Context, client: Any) -> tuple[dict[str, str], dict[str, str]]:
        return _anonymous(ctx.family_member(state, list(permissions)))(ctx, client)
    return credentials


def _token(key: str) -> Credentials:
    return lambda ctx, c: _anonymous(ctx.app.demo.tokens[key])(ctx, c)


ROLES: dict[str, Credentials] = {
    "none": _anonymous(),
    "forged": _forged,
    "revoked": _revoked,
    "tv_other_household": _token("tv_li"),
    "tv_own": _token("tv_wang"),
    "kiosk_without_grant": _kiosk(None),
    "kiosk_other_elders_grant": _kiosk("li"),
    "kiosk_with_grant": _kiosk("wang"),
    "service": _token("service"),
    "agent": _token("agent"),
    "family_all": _member("active"),
    "family_view": _member("active", ("view",)),
    "family_pending": _member("pending"),
    "family_revoked": _member("revoked"),
    "family_other_elder": _member("other"),
    "console_agent": lambda ctx, c: ({}, _console(ctx, c, "agent1")),
    "console_supervisor": lambda ctx, c: ({}, _console(ctx, c, "super1")),
}


def _add_revoked_device(app: Any) -> None:
    with app.extensions["onekey"].db.writing() as db:
        if db.scalar(select(Device).where(Device.token_hash == hash_token(REVOKED_TOKEN))) is None:
            db.add(Device(kind="tv", name="已解绑的电视", household_id=app.demo.households["wang"],
                          token_hash=hash_token(REVOKED_TOKEN), active=False))
            db.commit()


# -- the suite --------------------------------------------------------------------------------
@pytest.fixture(scope="module", params=BACKENDS)
def matrix_app(request: pytest.FixtureRequest, make_centre: Any) -> Any:
    app = make_centre(request.param)
    _add_revoked_device(app)
    app.documented = {  # (method, rule) -> the statuses /openapi.json promises
        (method.upper(), re.sub(r"\{(\w+)\}", r"<\1>", path)): {int(s) for s in op["responses"]}
        for path, item in app.test_client().get("/openapi.json").get_json()["paths"].items()
        for method, op in item.items()}
    return app


def test_every_route_is_in_the_matrix_once_and_every_role_has_a_row_per_group(matrix_app):
    known = routes(matrix_app)
    grouped = [r for members in GROUPS.values() for r in members]
    assert sorted(set(grouped)) == sorted(grouped), "a route is in two groups"
    assert sorted(set(known) - set(grouped)) == [], "routes missing from the matrix"
    assert sorted(set(grouped) - set(known)) == [], "the matrix names routes the app lacks"
    assert sorted(RECIPES) == known, "every route needs a recipe"
    for role, rows in EXPECTED.items():
        assert set(rows) == set(GROUPS), f"{role}: a row per group"
    assert set(ROLES) == set(EXPECTED)


def _cells() -> list[tuple[str, str]]:
    return [(route, role) for route in sorted(RECIPES) for role in ROLES]


@pytest.mark.parametrize("route,role", _cells(), ids=[f"{r}|{w}" for r, w in _cells()])
def test_route_answers_the_role_as_the_matrix_says(matrix_app, route: str, role: str):
    ctx = Context(matrix_app)
    recipe = RECIPES[route]
    client = matrix_app.test_client()
    headers, form_extra = ROLES[role](ctx, client)  # first: a member's recipe uses its binding
    made = recipe.make(ctx)
    if made.pop("no_open_alarm", False):
        ctx.no_open_alarm()
    if made.pop("fresh_checkin", False):
        ctx.check_in_fresh()
    made.pop("own_session", None)
    method, rule = route.split(" ", 1)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(made.pop(m.group(1))), rule)
    body, query, form = made.pop("body", None), made.pop("query", None), made.pop("form", None)
    extra = made.pop("headers", {})
    assert not made, f"recipe left {made}"
    kwargs: dict[str, Any] = {"headers": {**headers, **extra, "Idempotency-Key": uuid.uuid4().hex},
                              "query_string": query}
    if form is not None or rule.startswith("/console") and method == "POST":
        kwargs["data"] = {**form_extra, **(form or {})}
        kwargs["headers"]["Referer"] = "http://localhost/console/"
    elif method != "GET":
        kwargs["json"] = body if body is not None else {}
    response = client.open(path, method=method, **kwargs)
    expected = EXPECTED[role][group_of(route)]
    wanted = recipe.ok if expected == OK else expected
    assert response.status_code == wanted, (route, role, response.get_data(as_text=True)[:400])
    if rule.startswith("/v1"):  # and every status given is one the contract documents
        assert response.status_code in matrix_app.documented[(method, rule)], (route, role)
    if role in DEVICE_OR_FAMILY and response.status_code < 300 and rule.startswith("/v1"):
        text = response.get_data(as_text=True)
        assert not UNMASKED.findall(text), (route, role, UNMASKED.findall(text))
