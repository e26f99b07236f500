"""Every status an operation of the mini-program's JSON API can answer is in /openapi.json, and
none it cannot (issue 12 §8, for every HTTP service: tests/miniprogram_api/test_schemathesis.py).

Most come from what an operation is: it needs a member's token (401), reads a JSON body (400,
413, 415, 422) or query parameters (422), names a thing in its path (404), is rate-limited
(429), or asks the centre (502 when the centre refuses in a way we do not pass on, 503 when it
cannot be reached). The rest are the operation's own, in :data:`OWN`; an endpoint missing
there fails the build of the spec, so a new route is documented before it is served.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Flask

WHY: dict[int, str] = {
    200: "", 201: "", 204: "",
    400: "malformed JSON, or a body where none is read",
    401: "no token, an expired one, or one signed out",
    403: "the centre refuses: no active binding to this parent, or not the permission it needs",
    404: "no such thing (or none of this member's)",
    409: "conflicts with the current state",
    413: "body over 64 KiB",
    415: "a body that is not JSON",
    422: "invalid input (fields name each problem)",
    429: "too many tries: wait Retry-After seconds",
    502: "the centre or WeChat / 随申办 refused in a way this service cannot pass on",
    503: "the centre or WeChat / 随申办 cannot be reached: nothing was done",
}

# endpoint -> its own statuses beyond the ones every operation of its kind has
OWN: dict[str, set[int]] = {
    "signin.health": set(),
    "signin.me": set(),
    "signin.update_me": set(),
    "signin.logout": {204},
    "signin.login_wechat": {401, 429, 502, 503},  # 401: WeChat says the code is invalid
    "signin.login_ssb": {401, 429, 502, 503},
    "signin.share_phone": {502, 503},
    "flow.start": {403, 404},
    "flow.screen": set(),
    "flow.send": {403},
    "flow.end": {204},
    "parents.elders": set(),
    "parents.status": {403},
    "parents.alarms_of": {403},
    "parents.alarm": {403},
    "parents.answer_alarm": {403, 409},
    "parents.checkin": {403},
    "parents.requests_of": {403},
    "parents.get_request": {403},
    "parents.cancel_request": {403, 409},
    "parents.slip": {403, 409},
    "parents.notes": {403},
    "parents.send_note": {403, 429},
    "parents.call_parent": {403, 429},
    "parents.contacts": {403},
    "parents.replace_contacts": {403},
    "bindings.start": {201, 403, 404, 409, 429},  # 201 a new binding, 200 the one already asked
    "bindings.show_code": {201, 403, 404, 409, 429},
    "bindings.get": {403},
    "bindings.revoke": {403, 409},
    "subscriptions.current": set(),
    "subscriptions.answered": {403},  # no parent lets this member receive alerts
}
# Operations answered from this service's own database alone.
OWN_DATA_ONLY = {"signin.health", "flow.end"}


def statuses(app: Flask, endpoint: str, operation: dict[str, Any]) -> set[int]:
    if endpoint not in OWN:
        raise KeyError(f"{endpoint}: document its statuses in miniprogram_api/api_responses.py OWN")
    found = set(OWN[endpoint]) | {int(s) for s in operation.get("responses", {}) if s.startswith("2")}
    if operation.get("security"):
        found.add(401)
    if "requestBody" in operation:
        found |= {400, 413, 415, 422}
    parameters = operation.get("parameters", [])
    if any(p["in"] == "query" for p in parameters):
        found.add(422)
    if any(p["in"] == "path" for p in parameters):
        found.add(404)
        if endpoint not in OWN_DATA_ONLY:
            found.add(422)  # the centre checks an id's form
    if endpoint not in OWN_DATA_ONLY:
        found |= {502, 503}
    if 204 in found:
        found.discard(200)
    return found


def document(app: Flask, spec: dict[str, Any]) -> dict[str, Any]:
    """APIFlask's spec processor: each operation's responses are exactly what it can answer."""
    by_path = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            by_path[(path, method.lower())] = rule.endpoint
    error = {"$ref": "#/components/schemas/HTTPError"}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "patch", "put", "delete"}:
                continue
            wanted = statuses(app, by_path[(path, method)], operation)
            responses = operation.setdefault("responses", {})
            success = next((dict(r) for s, r in responses.items() if s.startswith("2")), {})
            for status in list(responses):
                if int(status) not in wanted:
                    del responses[status]
            for status in sorted(wanted - {int(s) for s in responses}):
                if status == 204:
                    responses["204"] = {"description": WHY[204]}
                elif status < 300:  # another success of the same shape (201 new, 200 already there)
                    responses[str(status)] = {**success, "description": WHY[status] or success.get("description", "")}
                else:
                    responses[str(status)] = {"description": WHY[status],
                                              "content": {"application/json": {"schema": error}}}
    return spec
