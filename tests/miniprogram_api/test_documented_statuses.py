"""Every status the back end's /openapi.json documents for an operation is one it really gives
(issue 12 §8, for every HTTP service; the other way round — every status given is documented —
is schemathesis's ``status_code_conformance`` in test_schemathesis.py).

For each (operation, documented status) a way to provoke it is tried against real servers: the
centre, the fake WeChat and 随申办, and back ends beside the one under test that share its
database (so a member's token works on each) but differ in one way — the centre answers 500
(502), the centre's port is closed (503), limits of one an hour (429), no WeChat or 随申办
sign-in offered (404). Most statuses come from what every operation of a kind does
(:func:`generic`); the rest from the operation's own scenarios (:data:`OWN`). An operation
documenting a status nothing here provokes fails — the spec may not promise what the service
never does — and so does an operation without a recipe (:data:`RECIPES`).
"""
from __future__ import annotations

import json
import re
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from miniprogram_api.backend import EXTENSION
from miniprogram_api.sandbox.serving import Served
from tests.call_center.family_members import ELDER_LOGIN
from tests.web_front.wire import connect, head, read_answer

from .test_schemathesis import operations

pytestmark = pytest.mark.integration

OPS = [(m, p) for m, p, _takes in operations()]
UNKNOWN = "x_000000000000"


@dataclass
class Call:
    """One request as a phone sends it, with a member's token (or none)."""

    method: str
    path: str
    token: str | None
    body: Any = None
    query: dict[str, str] | None = None
    headers: dict[str, str] | None = None


@dataclass
class Recipe:
    """How to call an operation successfully: ``make(world)`` gives the path's values and any
    ``body`` / ``query``; ``member`` is who calls (``fresh``: a new member each time)."""

    member: str | None = "all"
    make: Callable[["World"], dict[str, Any]] = field(default=lambda w: {})


@dataclass
class World:
    """The back end under test and its neighbours, its members, and fresh things to act on."""

    backend: Any
    others: dict[str, Any]
    tokens: dict[str, str]
    bindings: dict[str, str]

    @property
    def centre(self) -> Any:
        return self.backend.centre

    @property
    def zhang(self) -> str:
        return self.centre.elders["zhang"]

    def member(self, name: str | None) -> str | None:
        if name == "fresh":
            return self.backend.sign_in(f"o-st-{uuid.uuid4().hex[:10]}")
        return self.tokens[name] if name else None

    # -- fresh things --------------------------------------------------------------------------
    def request(self) -> str:
        made = self.backend.agent().post(f"{self.centre.url}/v1/requests", json={
            "elder_id": self.zhang, "service": "consultation", "mode": "call",
            "form": {"topic": "降压药怎么吃"}}, headers={"Idempotency-Key": uuid.uuid4().hex})
        assert made.status_code == 201, made.text
        return made.json()["id"]

    def alarm(self) -> str:
        return self.backend.raise_alarm("zhang")["id"]

    def closed_alarm(self) -> str:
        alarm = self.alarm()
        done = self.backend.agent().post(f"{self.centre.url}/v1/alarms/{alarm}/cancel", json={"by": "agent"},
                                         headers={"Idempotency-Key": uuid.uuid4().hex})
        assert done.status_code == 200, done.text
        return alarm

    def flow(self) -> str:
        started = self.backend.api(self.tokens["all"]).post(f"{self.backend.url}/api/v1/flow", json={})
        assert started.status_code == 201, started.text
        return started.json()["session"]

    def contacts(self) -> list[dict[str, str]]:
        found = self.backend.agent().get(f"{self.centre.url}/v1/elders/{self.zhang}/contacts")
        return [{"id": c["id"]} for c in found.json()]

    def contacts_version(self) -> str:
        return self.backend.agent().get(f"{self.centre.url}/v1/elders/{self.zhang}/contacts").headers["ETag"]

    def wechat_code(self) -> str:
        return self.backend.wechat.fake.login_code(f"o-st-{uuid.uuid4().hex[:10]}")

    def ssb_code(self) -> dict[str, str]:
        fake, redirect_uri = self.backend.ssb.fake, "https://mini.example/cb"
        chosen = requests.post(f"{self.backend.ssb.server.url}/oauth2/authorize", params={
            "response_type": "code", "client_id": fake.client_id, "redirect_uri": redirect_uri},
            data={"sub": "ssb-demo-lijuan"}, allow_redirects=False, timeout=10)
        return {"code": parse_qs(urlsplit(chosen.headers["Location"]).query)["code"][0],
                "redirect_uri": redirect_uri}

    def pending_binding(self, token: str) -> str:
        return self.backend.bind(token, "li", agree=False)["id"]


CHEN = {"elder_phone": ELDER_LOGIN["chen"][0], "elder_name": ELDER_LOGIN["chen"][1]}
LI = {"elder_phone": ELDER_LOGIN["li"][0], "elder_name": ELDER_LOGIN["li"][1]}
ZHANG = lambda w: {"elder_id": w.zhang}  # noqa: E731

RECIPES: dict[tuple[str, str], Recipe] = {
    ("GET", "/api/v1/health"): Recipe(None),
    ("POST", "/api/v1/login/wechat"): Recipe(None, lambda w: {"body": {"code": w.wechat_code()}}),
    ("POST", "/api/v1/login/ssb"): Recipe(None, lambda w: {"body": w.ssb_code()}),
    ("POST", "/api/v1/login/phone"): Recipe("all", lambda w: {"body": {
        "code": w.backend.wechat.fake.phone_code("13764561234")}}),
    ("GET", "/api/v1/me"): Recipe(),
    ("PATCH", "/api/v1/me"): Recipe("all", lambda w: {"body": {"name": "陈静"}}),
    ("POST", "/api/v1/logout"): Recipe("fresh"),
    ("GET", "/api/v1/elders"): Recipe(),
    ("POST", "/api/v1/bindings"): Recipe("fresh", lambda w: {"body": {"relation": "女儿", **CHEN}}),
    ("POST", "/api/v1/bindings/code"): Recipe("all", lambda w: {"body": LI}),
    ("GET", "/api/v1/bindings/{binding_id}"): Recipe("all", lambda w: {"binding_id": w.bindings["all"]}),
    ("POST", "/api/v1/bindings/{binding_id}/revoke"): Recipe("revoker", lambda w: {
        "binding_id": w.pending_binding(w.tokens["revoker"])}),
    ("GET", "/api/v1/elders/{elder_id}/status"): Recipe("all", ZHANG),
    ("POST", "/api/v1/elders/{elder_id}/call"): Recipe("all", ZHANG),
    ("GET", "/api/v1/elders/{elder_id}/requests"): Recipe("all", ZHANG),
    ("GET", "/api/v1/elders/{elder_id}/alarms"): Recipe("all", ZHANG),
    ("GET", "/api/v1/elders/{elder_id}/notes"): Recipe("all", ZHANG),
    ("POST", "/api/v1/elders/{elder_id}/notes"): Recipe("all", lambda w: {**ZHANG(w), "body": {"preset": "call_me"}}),
    ("GET", "/api/v1/elders/{elder_id}/contacts"): Recipe("all", ZHANG),
    ("PUT", "/api/v1/elders/{elder_id}/contacts"): Recipe("all", lambda w: {**ZHANG(w), "body": {
        "contacts": w.contacts()}, "headers": {"If-Match": w.contacts_version()}}),
    ("GET", "/api/v1/elders/{elder_id}/preferences"): Recipe("all", ZHANG),
    ("PATCH", "/api/v1/elders/{elder_id}/preferences"): Recipe("all", lambda w: {**ZHANG(w), "body": {"volume": 80}}),
    ("GET", "/api/v1/elders/{elder_id}/checkin"): Recipe("all", ZHANG),
    ("GET", "/api/v1/requests/{request_id}"): Recipe("all", lambda w: {"request_id": w.request()}),
    ("POST", "/api/v1/requests/{request_id}/cancel"): Recipe("all", lambda w: {"request_id": w.request()}),
    ("GET", "/api/v1/requests/{request_id}/slip.pdf"): Recipe("all", lambda w: {"request_id": w.request()}),
    ("GET", "/api/v1/alarms/{alarm_id}"): Recipe("all", lambda w: {"alarm_id": w.alarm()}),
    ("POST", "/api/v1/alarms/{alarm_id}/answer"): Recipe("all", lambda w: {"alarm_id": w.alarm(), "body": {
        "answer": "coming"}}),
    ("POST", "/api/v1/flow"): Recipe("all", lambda w: {"body": {"elder_id": w.zhang}}),
    ("GET", "/api/v1/flow/{key}"): Recipe("all", lambda w: {"key": w.flow()}),
    ("POST", "/api/v1/flow/{key}"): Recipe("all", lambda w: {"key": w.flow(), "body": {"kind": "repeat"}}),
    ("DELETE", "/api/v1/flow/{key}"): Recipe("all", lambda w: {"key": w.flow()}),
    ("GET", "/api/v1/subscriptions"): Recipe(),
    ("POST", "/api/v1/subscriptions"): Recipe("all", lambda w: {"body": {"results": {"tmpl-alarm": "accept"}}}),
}


def prepare(world: World, method: str, path: str, *, member: str | None = ..., path_values: dict | None = None,
            **change: Any) -> Call:
    """The operation's call as its recipe makes it (fresh things), as ``member`` if given, with
    ``path_values``, ``body`` or ``query`` changed."""
    recipe = RECIPES[(method, path)]
    made = recipe.make(world)
    values = {**made, **(path_values or {})}
    url = path.format(**{k: v for k, v in values.items() if k not in ("body", "query")})
    token = world.member(recipe.member if member is ... else member)
    return Call(method, url, token, **{"body": made.get("body"), "query": made.get("query"),
                                       "headers": made.get("headers"), **change})


def send(world: World, call: Call, on: str = "backend", *, token: Any = ..., raw: str | None = None,
         content_type: str = "application/json", body: Any = ...) -> int:
    """The call's status from the back end under test (or from ``on``, one of its neighbours)."""
    backend = world.backend if on == "backend" else world.others[on]
    token = call.token if token is ... else token
    headers = {**(call.headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}
    given = call.body if body is ... else body
    data = None
    if raw is not None or given is not None:
        data = raw if raw is not None else json.dumps(given)
        headers["Content-Type"] = content_type
    return requests.request(call.method, backend.url + call.path, data=data, headers=headers,
                            params=call.query, timeout=60).status_code


def stalled(world: World, call: Call) -> int:
    """The call's status when its body stops one byte short (a phone whose line dropped)."""
    body = json.dumps(call.body if call.body is not None else {}).encode()
    target = call.path + (f"?{urlencode(call.query)}" if call.query else "")
    auth = {"Authorization": f"Bearer {call.token}"} if call.token else {}
    with connect(world.backend.url) as sock:
        sock.sendall(head(call.method, target, len(body), Content_Type="application/json", **auth)
                     + body[:-1])
        return read_answer(sock).status


def generic(world: World, method: str, path: str, status: int, gate: Call) -> set[int]:
    """What any operation of its kind does. ``gate`` is one prepared call for the refusals
    before the view acts (no token, a body it cannot read), which change nothing."""
    op = (method, path)
    if status == 401:
        return {send(world, gate, token=None)}
    if status == 400:
        return {send(world, gate, raw='{"oops": ')}
    if status == 408:
        return {stalled(world, gate)}
    if status == 413:
        return {send(world, gate, raw=json.dumps({"note": "很" * 40_000}))}
    if status == 415:
        return {send(world, gate, raw="{}", content_type="text/plain")}
    if status == 422 and gate.body is not None:
        return {send(world, gate, body={"no_such_field": 1})}
    if status in (200, 201, 204):
        return {send(world, prepare(world, *op))}
    if status == 403:  # a member not bound to the parent, and one bound only to look
        return {send(world, prepare(world, *op, member=who)) for who in ("unbound", "view")}
    if status == 404 and "{" in path:
        names = [n.split("}")[0] for n in path.split("{")[1:]]
        return {send(world, prepare(world, *op, path_values={n: UNKNOWN for n in names}))}
    if status == 429:  # a back end whose limits allow one an hour (the same member, address)
        call = prepare(world, *op)
        return {send(world, call, "tight") for _ in range(3)}
    return set()


def _phone_failure(world: World, errcode: int) -> int:
    world.backend.wechat.fake.fail_next_phone(errcode)
    return send(world, prepare(world, "POST", "/api/v1/login/phone"))


def _login_failure(world: World, errcode: int) -> int:
    world.backend.wechat.fake.fail_next_login(errcode)
    return send(world, prepare(world, "POST", "/api/v1/login/wechat"))


def _wechat_away(world: World) -> int:
    world.backend.wechat.fake.down = True
    try:
        return send(world, prepare(world, "POST", "/api/v1/login/wechat"))
    finally:
        world.backend.wechat.fake.down = False


def _ssb_away(world: World) -> int:
    call = prepare(world, "POST", "/api/v1/login/ssb")
    world.backend.ssb.server.stop()
    try:
        return send(world, call)
    finally:
        world.backend.ssb.server.start()


def _asked_again(world: World) -> int:
    """Asking for a parent one is already bound to answers that binding (200)."""
    zhang = {"elder_phone": ELDER_LOGIN["zhang"][0], "elder_name": ELDER_LOGIN["zhang"][1]}
    return send(world, prepare(world, "POST", "/api/v1/bindings", member="all",
                               body={"relation": "女儿", **zhang}))


def _call_anew(world: World) -> int:
    """With no call to the parent waiting (an agent cancelled it), asking makes a new one."""
    agent = world.backend.agent()
    for asked in agent.get(f"{world.centre.url}/v1/requests",
                           params={"elder_id": world.zhang, "service": "help", "limit": 50}).json():
        if asked["status"] in ("submitted", "accepted", "in_progress"):
            cancelled = agent.post(f"{world.centre.url}/v1/requests/{asked['id']}/cancel", json={},
                                   headers={"Idempotency-Key": uuid.uuid4().hex})
            assert cancelled.status_code == 200, cancelled.text
    return send(world, prepare(world, "POST", "/api/v1/elders/{elder_id}/call"))


def _declined_then_asked(world: World) -> int:
    """The parent said no on the TV: asking again at once is a conflict (409)."""
    token = world.member("fresh")
    world.backend.bind(token, "chen", agree=False)
    message = world.backend.consent_message("chen")
    answered = world.backend.tv("chen").post(f"{world.centre.url}/v1/messages/{message['id']}/answer",
                                             json={"answer": "decline"})
    assert answered.status_code == 200, answered.text
    return send(world, prepare(world, "POST", "/api/v1/bindings"), token=token)


def _wrong_codes(world: World) -> set[int]:
    """The centre counts wrong binding codes per member: the sixth in an hour is 429."""
    call = prepare(world, "POST", "/api/v1/bindings", body={"relation": "女儿", "code": "000000"})
    return {send(world, call) for _ in range(7)}


def _unheard_notes(world: World) -> set[int]:
    """Ten notes the parent has not heard yet, then the eleventh waits (429)."""
    token = world.member("fresh")
    world.backend.bind(token, "zhang")
    call = prepare(world, "POST", "/api/v1/elders/{elder_id}/notes")
    return {send(world, call, token=token) for _ in range(11)}


def _cancelled_twice(world: World) -> set[int]:
    call = prepare(world, "POST", "/api/v1/requests/{request_id}/cancel")
    return {send(world, call), send(world, call)}


# (method, path) -> status -> a scenario of the operation's own (statuses seen)
OWN: dict[tuple[str, str], dict[int, Callable[[World], int | set[int]]]] = {
    ("POST", "/api/v1/login/wechat"): {
        401: lambda w: send(w, prepare(w, "POST", "/api/v1/login/wechat", body={"code": "code-never-issued"})),
        403: lambda w: _login_failure(w, 40226),  # WeChat: a risky account
        404: lambda w: send(w, prepare(w, "POST", "/api/v1/login/wechat"), "bare"),
        429: lambda w: _login_failure(w, 45011),
        502: lambda w: _login_failure(w, 40013),  # WeChat: a wrong appid
        503: _wechat_away,
    },
    ("POST", "/api/v1/login/ssb"): {
        401: lambda w: send(w, prepare(w, "POST", "/api/v1/login/ssb", body={"code": "ssb-never-issued"})),
        404: lambda w: send(w, prepare(w, "POST", "/api/v1/login/ssb"), "bare"),
        503: _ssb_away,
    },
    ("POST", "/api/v1/login/phone"): {
        400: lambda w: send(w, prepare(w, "POST", "/api/v1/login/phone", body={"code": "phone-never-issued"})),
        404: lambda w: {send(w, prepare(w, "POST", "/api/v1/login/phone", member="ssb")),
                        send(w, prepare(w, "POST", "/api/v1/login/phone"), "bare")},
        429: lambda w: _phone_failure(w, 45011),
        502: lambda w: _phone_failure(w, 40013),
        503: lambda w: _phone_failure(w, -1),
    },
    ("POST", "/api/v1/bindings"): {
        200: _asked_again,
        404: lambda w: send(w, prepare(w, "POST", "/api/v1/bindings", body={
            "relation": "女儿", **CHEN, "elder_name": "陈志强"})),
        409: _declined_then_asked,
        429: _wrong_codes,
    },
    ("POST", "/api/v1/flow/{key}"): {
        422: lambda w: send(w, prepare(w, "POST", "/api/v1/flow/{key}", body={"kind": "result"})),
    },
    ("GET", "/api/v1/requests/{request_id}/slip.pdf"): {
        422: lambda w: send(w, prepare(w, "GET", "/api/v1/requests/{request_id}/slip.pdf", query={"layout": "A4"})),
    },
    ("GET", "/api/v1/elders/{elder_id}/requests"): {  # the centre reads the id from its query
        422: lambda w: send(w, prepare(w, "GET", "/api/v1/elders/{elder_id}/requests",
                                       path_values={"elder_id": "x" * 40})),
    },
    ("GET", "/api/v1/elders/{elder_id}/alarms"): {
        422: lambda w: send(w, prepare(w, "GET", "/api/v1/elders/{elder_id}/alarms",
                                       path_values={"elder_id": "x" * 40})),
    },
    ("POST", "/api/v1/elders/{elder_id}/call"): {  # the centre reads the id from its body
        200: lambda w: [send(w, prepare(w, "POST", "/api/v1/elders/{elder_id}/call")) for _ in range(2)][-1],
        201: _call_anew,
        422: lambda w: send(w, prepare(w, "POST", "/api/v1/elders/{elder_id}/call",
                                       path_values={"elder_id": "x" * 40})),
    },
    ("POST", "/api/v1/elders/{elder_id}/notes"): {429: _unheard_notes},
    ("POST", "/api/v1/alarms/{alarm_id}/answer"): {
        409: lambda w: send(w, prepare(w, "POST", "/api/v1/alarms/{alarm_id}/answer",
                                       path_values={"alarm_id": w.closed_alarm()})),
    },
    ("POST", "/api/v1/requests/{request_id}/cancel"): {409: _cancelled_twice},
    ("PUT", "/api/v1/elders/{elder_id}/contacts"): {  # saved meanwhile from another phone; no version
        412: lambda w: send(w, prepare(w, "PUT", "/api/v1/elders/{elder_id}/contacts",
                                       headers={"If-Match": '"contacts-0"'})),
        428: lambda w: send(w, prepare(w, "PUT", "/api/v1/elders/{elder_id}/contacts", headers={})),
    },
    ("PATCH", "/api/v1/elders/{elder_id}/preferences"): {  # changed meanwhile (another phone, an agent)
        412: lambda w: send(w, prepare(w, "PATCH", "/api/v1/elders/{elder_id}/preferences",
                                       headers={"If-Match": '"elder-0"'})),
    },
}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def failing_centre(environ: dict, start_response: Callable) -> list[bytes]:
    """A centre that fails every call (500, not JSON): the back end must answer 502."""
    start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
    return [b"boom"]


@pytest.fixture
def world(make_backend: Callable[..., Any]) -> Any:
    backend = make_backend(body_wait_s=0.5)  # a stalled body is refused soon (408)
    shared = {"db_url": backend.app.extensions[EXTENSION].settings.db_url}
    failing = Served(failing_centre).start()
    others = {
        "failing": make_backend(**shared, centre_url=failing.url),
        "down": make_backend(**shared, centre_url=f"http://127.0.0.1:{closed_port()}"),
        "tight": make_backend(**shared, login_limit="1 per hour", binding_limit="1 per hour",
                              ratelimit_storage="memory://"),
        "bare": make_backend(**shared, wechat_appid="", wechat_secret="", ssb_client_id=""),
    }
    tokens = {name: backend.sign_in(f"o-st-{name}") for name in ("all", "view", "unbound", "revoker")}
    bindings = {"all": backend.bind(tokens["all"], "zhang")["id"],
                "view": backend.bind(tokens["view"], "zhang", permissions=["view"])["id"]}
    made = World(backend, others, tokens, bindings)
    signed = requests.post(f"{backend.url}/api/v1/login/ssb", json=made.ssb_code(), timeout=10)
    assert signed.status_code == 201, signed.text
    tokens["ssb"] = signed.json()["token"]  # a member signed in through 随申办
    yield made
    failing.stop()


def outages(world: World, wanted: list[tuple[str, str, int]]) -> dict[tuple[str, str, int], int]:
    """502 and 503 from the back ends whose centre fails or is away, all at once: a closed
    port costs the client's retries (about two seconds) a call."""
    calls = {key: prepare(world, key[0], key[1]) for key in wanted}
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = {key: pool.submit(send, world, call, "failing" if key[2] == 502 else "down")
                   for key, call in calls.items()}
        return {key: future.result() for key, future in futures.items()}


def test_every_operation_has_a_recipe() -> None:
    assert set(OPS) - set(RECIPES) == set(), "operations without a recipe here"
    assert set(RECIPES) - set(OPS) == set(), "recipes for operations that do not exist"


def test_every_documented_status_is_real(world: World) -> None:
    spec = world.backend.app.test_client().get("/openapi.json").get_json()
    documented = {(m, p): sorted(int(s) for s in spec["paths"][p][m.lower()]["responses"]) for m, p in OPS}
    away = outages(world, [(m, p, s) for (m, p), found in documented.items() for s in found
                           if s in (502, 503) and s not in OWN.get((m, p), {})])
    missing = []
    for (method, path), statuses in documented.items():
        gate = prepare(world, method, path)
        for status in statuses:
            seen = set()
            if (method, path, status) in away:
                seen.add(away[(method, path, status)])
            else:
                seen |= generic(world, method, path, status, gate)
            own = OWN.get((method, path), {}).get(status)
            if status not in seen and own is not None:
                found = own(world)
                seen |= found if isinstance(found, set) else {found}
            if status not in seen:
                missing.append(f"{method} {path} {status}: saw {sorted(seen)}")
    assert missing == [], "documented but never given:\n" + "\n".join(missing)


HOSTILE_IDS = ("x%3Fy", "a%23b", "%2E%2E", "%2E", "x%00", "x%2500")  # x?y a#b .. . x<NUL> x%00


def test_a_path_id_never_reshapes_the_centre_url(world: World) -> None:
    """An id holding ``?`` or ``#`` once cut the centre's URL short and called another route
    (405, undocumented); ``..`` would be folded away. Every one names nothing: 404 (or 422
    where the centre reads the id from its query), never a status the spec does not list."""
    spec = world.backend.app.test_client().get("/openapi.json").get_json()
    client = world.backend.app.test_client()
    wrong = []
    for method, path in OPS:
        if "{" not in path:
            continue
        documented = {int(s) for s in spec["paths"][path][method.lower()]["responses"]}
        call = prepare(world, method, path)
        for hostile in HOSTILE_IDS:
            url = re.sub(r"\{\w+\}", hostile, path)
            answer = client.open(url, method=method, json=call.body,
                                 headers={"Authorization": f"Bearer {call.token}"})
            if answer.status_code not in (documented & {404, 422} or documented):  # DELETE: ended anyway
                wrong.append(f"{method} {url}: {answer.status_code} {answer.get_data(as_text=True)[:80]}")
    assert wrong == [], "\n".join(wrong)


def test_a_body_that_is_not_a_json_object_is_refused(world: World) -> None:
    """APIFlask reads a body with ``force=True``: ``text/plain`` was parsed as JSON and ``null``
    taken for ``{}`` (a screen started from it). Now 415 and 422, on every operation with a body."""
    wrong = []
    for method, path in OPS:
        gate = prepare(world, method, path)
        if gate.body is None:
            continue
        for raw, content_type, want in (("{}", "text/plain", 415), ("null", "application/json", 422),
                                        ("[]", "application/json", 422)):
            got = send(world, gate, raw=raw, content_type=content_type)
            if got != want:
                wrong.append(f"{method} {path} {content_type} {raw}: {got}, not {want}")
    assert wrong == [], "\n".join(wrong)
