"""Every status /openapi.json documents for an operation is one it really gives (issue 12 §8;
the other way round — every status given is documented — is schemathesis's
``status_code_conformance`` and the authorisation matrix).

For each (operation, documented status) a way to provoke it is tried: most from what every
operation of a kind does (no token → 401, a bad body → 400/413/415/422, a body that stops
short → 408 from the served front, an unknown id → 404,
a reused Idempotency-Key → 409, a tight rate limit → 429), the rest from the operation's own
conflicts (a full slot, a closed alarm, a finished task) and a provider that is down (503).
An operation documenting a status nothing here provokes fails: the spec may not promise what
the centre never does.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any, Callable

import pytest

from . import family_scenarios
from .authorisation import RECIPES
from .test_authorisation_matrix import ROLES, Context
from .test_schemathesis import operations

OPS = [(m, p) for m, p, _ in operations()]


def _stable_member(ctx: Context, client: Any) -> tuple[dict[str, str], dict[str, str]]:
    """One member bound to 王秀英 per centre: an Idempotency-Key is scoped to its caller, so
    the probes that reuse a key must speak as the same member each time."""
    app = ctx.app
    if getattr(app, "stable_member", None) is None:
        app.stable_member = ctx.family_member("active", ["view", "book", "alerts"])
    return {"Authorization": f"Bearer {app.stable_member}"}, {}


CREDENTIALS = {**ROLES, "family_all": _stable_member}
CALLERS = ("agent", "tv_own", "kiosk_with_grant", "service", "family_all")
UNKNOWN = "x_000000000000"
TAXI = {"pickup_address": "上海市长宁区仙霞路650弄12号", "destination_address": "上海市徐汇区宜山路600号"}


@pytest.fixture(scope="module")
def app(make_centre: Any) -> Any:
    return make_centre("sqlite")


@pytest.fixture(scope="module")
def front_url(app: Any) -> Any:
    """The same centre served as ``onekey center`` serves it, with a short body wait: a 408
    is the front's, before any view."""
    from call_center.push.asgi import CentreFront
    from tests.web_front.served import ServedFront

    server = ServedFront(CentreFront(app, 4, body_wait_s=0.5)).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def spec(app: Any) -> dict[str, Any]:
    return app.test_client().get("/openapi.json").get_json()


class Probe:
    """One operation, called as its recipe (authorisation.py) says, with a scenario's change."""

    def __init__(self, app: Any, method: str, path: str):
        self.app, self.method, self.path = app, method, path
        self.route = method + " " + re.sub(r"\{(\w+)\}", r"<\1>", path)
        self.caller = "agent"
        self.front_url = ""

    def prepare(self, app: Any = None, fresh: bool = True) -> dict[str, Any]:
        ctx = Context(app or self.app)
        made = RECIPES[self.route].make(ctx)
        if made.pop("no_open_alarm", False) and fresh:
            ctx.no_open_alarm()
        if made.pop("fresh_checkin", False) and fresh:
            ctx.check_in_fresh()
        made.pop("own_session", None)
        return made

    def send(self, made: dict[str, Any], role: str | None = None, *, app: Any = None, body: Any = ...,
             raw: str | None = None, content_type: str = "application/json", key: str | None = None,
             query: Any = ..., path_values: dict[str, str] | None = None,
             headers: dict[str, str | None] | None = None) -> int:
        """``headers``: over the recipe's (None drops one)."""
        app = app or self.app
        client = app.test_client()
        sent, _ = CREDENTIALS[role or self.caller](Context(app), client)
        given = {**made.get("headers", {}), **(headers or {})}
        headers = {**sent, **{k: v for k, v in given.items() if v is not None}}
        values = {**made, **(path_values or {})}
        url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.path)
        if self.method != "GET":
            given = values.get("body") if body is ... else body
            data = raw if raw is not None else json.dumps(given if given is not None else {})
            headers["Content-Type"] = content_type
        else:
            data = None
        headers["Idempotency-Key"] = key or uuid.uuid4().hex
        return client.open(url, method=self.method, data=data, headers=headers,
                           query_string=values.get("query") if query is ... else query).status_code

    def once(self, role: str | None = None, **kw: Any) -> int:
        return self.send(self.prepare(kw.get("app")), role, **kw)


def provoke(probe: Probe, status: int, centre_with: Callable[..., Any]) -> set[int]:
    """The statuses seen while trying to provoke ``status``."""
    seen: set[int] = set()
    route = probe.route
    if route in family_scenarios.ROUTES and status in (200, 201, 404, 409, 429):
        seen |= family_scenarios.statuses(Context(probe.app), route, status)
        if status in seen or status == 429:
            return seen
    if status in (200, 201):
        made = probe.prepare()
        seen.add(probe.send(made))
        made = probe.prepare(fresh=False)  # again: the elder's open alarm, today's check-in
        seen.add(probe.send(made))
    elif status == 401:
        seen.add(probe.once("none"))
    elif status == 403:
        for role in ("tv_other_household", "kiosk_without_grant", "tv_own", "service", "agent", "family_all"):
            seen.add(probe.once(role))
    elif status == 404:
        made = probe.prepare()
        names = re.findall(r"\{(\w+)\}", probe.path)
        if names:
            seen.add(probe.send(made, path_values={n: UNKNOWN for n in names}))
        if isinstance(made.get("body"), dict) and "elder_id" in made["body"]:
            seen.add(probe.send(made, body={**made["body"], "elder_id": "eld_000000000000"}))
        if isinstance(made.get("query"), dict) and "elder_id" in made["query"]:
            seen.add(probe.send(made, query={**made["query"], "elder_id": "eld_000000000000"}))
        if route == "POST /v1/elders/lookup":
            seen.add(probe.send(made, body={"id_number": "110101190001011239", "phone_tail": "0000"}))
        if route == "POST /v1/volunteers/sign-in":
            seen.add(probe.send(made, body={"pin": "0000"}))
        if route == "POST /v1/elders/lookup-by-request":
            seen.add(probe.send(made, body={"request_id": "req_000000000000", "phone_tail": "0000"}))
    elif status == 400:
        seen.add(probe.once(raw='{"oops": '))
    elif status == 408:
        seen.add(stalled(probe))
    elif status == 413:
        seen.add(probe.once(raw=json.dumps({"note": "很" * 40_000})))
    elif status == 415:
        seen.add(probe.once(raw="{}", content_type="text/plain"))
    elif status == 422:
        seen.add(probe.once(body={"no_such_field": 1}))
        seen.add(probe.once(query={"limit": "0"}))
        seen.add(probe.once(key="x" * 200))  # a malformed Idempotency-Key
        seen.add(probe.once(query={"district": "\x00", "after": "x"}))  # a NUL, a malformed token
    elif status == 409:
        key = uuid.uuid4().hex
        made = probe.prepare()
        seen.add(probe.send(made, key=key))
        again = probe.prepare(fresh=False)  # the same key, another request (or the same, respelt)
        seen.add(probe.send(again, key=key, raw=json.dumps(again.get("body") or {}, indent=2) + " "))
        seen.add(own_conflict(probe))
    elif status == 429:
        limited = {"POST /v1/alarms": "alarms.raise_alarm", "POST /v1/elders/lookup": "elders.lookup.token",
                   "POST /v1/pairings": "pairings.start", "POST /v1/pairings/<pairing_id>/poll": "pairings.poll",
                   "POST /v1/pairings/<code>/confirm": "pairings.confirm",
                   "POST /v1/volunteers/sign-in": "volunteers.sign_in",
                   "POST /v1/elders/lookup-by-request": "elders.lookup_by_request"}[route]
        tight = centre_with(rate_limits=f"{limited}=1 per hour")
        made = probe.prepare(tight)
        miss: dict[str, Any] = {}
        if route == "POST /v1/elders/lookup":
            miss = {"body": {"id_number": "110101190001011239", "phone_tail": "0000"}}
        if route == "POST /v1/pairings/<code>/confirm":
            miss = {"path_values": {"code": "000000"}}
        if route == "POST /v1/volunteers/sign-in":
            miss = {"body": {"pin": "0000"}}
        if route == "POST /v1/elders/lookup-by-request":
            miss = {"body": {"request_id": "req_000000000000", "phone_tail": "0000"}}
        for _ in range(3):
            seen.add(probe.send(made, "none" if route == "POST /v1/alarms" else None, app=tight, **miss))
    elif status == 503:
        seen.add(provider_down(probe, centre_with()))
    elif status == 412:  # a version someone else's write has moved past
        stale = {"PUT /v1/elders/<elder_id>/contacts": '"contacts-0"',
                 "PATCH /v1/elders/<elder_id>/preferences": '"elder-0"'}[route]
        seen.add(probe.once(headers={"If-Match": stale}))
    elif status == 428:  # a whole replace that names no version
        seen.add(probe.once(headers={"If-Match": None}))
    return seen


def stalled(probe: Probe) -> int:
    """The status when the body stops one byte short (a TV whose line dropped), served."""
    from tests.web_front.wire import connect, head, read_answer

    made = probe.prepare()
    values = dict(made)
    path = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), probe.path)
    body = json.dumps(made.get("body") or {}).encode()
    with connect(probe.front_url) as sock:
        sock.sendall(head(probe.method, path, len(body), Content_Type="application/json") + body[:-1])
        return read_answer(sock).status


def own_conflict(probe: Probe) -> int:
    """The operation's own 409: a full slot, a finished request, a closed alarm, a done task."""
    route, ctx = probe.route, Context(probe.app)
    if route == "POST /v1/requests":
        full = next(s for s in ctx.api("GET", "/v1/catalog/slots", limit=500).get_json() if s["remaining"] == 0)
        return probe.once(body={"elder_id": ctx.elder, "service": "registration", "mode": "self", "form": {
            "hospital_id": full["hospital_id"], "department_id": full["department_id"], "slot_id": full["id"]}})
    if route in ("POST /v1/requests/<request_id>/cancel", "POST /v1/requests/<request_id>/transitions"):
        done = ctx.new_request()
        ctx.ok("POST", f"/v1/requests/{done}/cancel")
        return probe.send(probe.prepare(), path_values={"request_id": done})
    if route.startswith("POST /v1/alarms/<alarm_id>/"):
        alarm = ctx.tv_alarm()
        ctx.ok("POST", f"/v1/alarms/{alarm}/steps", {"kind": "outcome", "outcome": "老人没事"})
        return probe.send(probe.prepare(), path_values={"alarm_id": alarm})
    if route == "POST /v1/elders/<elder_id>/policies/<policy_id>/push":
        made = probe.prepare()
        probe.send(made)
        return probe.send(made)  # told already
    if route == "POST /v1/requests/<request_id>/complaints":  # not carried out yet: nothing to complain of
        return probe.send(probe.prepare(), path_values={"request_id": ctx.new_request()})
    if route == "POST /v1/complaints/<complaint_id>/close":  # its outcome recorded already
        made = probe.prepare()
        probe.send(made)
        return probe.send(made)
    if route == "POST /v1/visits/<visit_id>/record":  # recorded already
        made = probe.prepare()
        probe.send(made)
        return probe.send(made)
    if route == "POST /v1/care-tasks/<task_id>/complete":
        task = ctx.new_care_task()
        ctx.ok("POST", f"/v1/care-tasks/{task}/complete", {"result": "well", "note": "好"})
        return probe.send(probe.prepare(), path_values={"task_id": task})
    return 0


def provider_down(probe: Probe, down: Any) -> int:
    """503: the platform a booking or a cancellation needs is down; nothing is done."""
    providers, ctx = down.extensions["onekey"].providers, Context(down)
    if probe.route == "POST /v1/requests":
        providers.registration.down = True
        slot = next(s for s in ctx.api("GET", "/v1/catalog/slots", limit=500).get_json() if s["remaining"])
        return probe.send(probe.prepare(down), app=down, body={
            "elder_id": ctx.elder, "service": "registration", "mode": "self", "form": {
                "hospital_id": slot["hospital_id"], "department_id": slot["department_id"], "slot_id": slot["id"]}})
    taxi = ctx.ok("POST", "/v1/requests", {"elder_id": ctx.elder, "service": "taxi", "mode": "self", "form": TAXI})
    for ride in providers.rides:
        ride.down = True
    body = {"to": "cancelled"} if probe.route.endswith("/transitions") else {}
    return probe.send(probe.prepare(down), app=down, path_values={"request_id": taxi["id"]}, body=body)


@pytest.mark.parametrize("method,path", OPS, ids=[f"{m} {p}" for m, p in OPS])
def test_every_documented_status_is_real(app: Any, spec: dict[str, Any], make_centre: Any,
                                          front_url: str, method: str, path: str) -> None:
    documented = sorted(int(s) for s in spec["paths"][path][method.lower()]["responses"])
    probe = Probe(app, method, path)
    probe.front_url = front_url
    for caller in CALLERS:  # the caller the operation is for: generic probes speak as it
        probe.caller = caller
        if probe.once() < 400:
            break
    missing = []
    for status in documented:
        seen = provoke(probe, status, lambda **config: make_centre("sqlite", **config))
        if status not in seen:
            missing.append((status, sorted(seen)))
    assert not missing, f"{method} {path}: documented but never given: {missing}"
