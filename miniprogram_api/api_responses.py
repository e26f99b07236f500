"""Every status an operation of the mini-program's JSON API can answer is in /openapi.json, and
none it cannot (issue 12 §8, for every HTTP service): tests/miniprogram_api/test_schemathesis.py
checks every status answered is documented, test_documented_statuses.py provokes every one
documented.

Most come from what an operation is: it needs a member's token (401), reads a JSON body (400,
408 when it does not come whole in time, 413, 415, 422), names a thing in its path (404: an id
the centre does not know, or not this member's), or asks the centre (502 when the centre fails
in a way we do not pass on, 503 when it cannot be reached) — all but :data:`OWN_DATA_ONLY`,
which answer from this service's own database (a screen's intents report the centre's failures
on the screen, as values). The rest are the operation's own, in :data:`OWN`; an endpoint
missing there fails the build of the spec, so a new route is documented before it is served. A
success status listed in :data:`OWN` replaces the framework's default 200.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Flask

WHY: dict[int, str] = {
    200: "", 201: "", 204: "",
    400: "malformed JSON, or (sharing a phone) a code WeChat does not know",
    401: "no token, an expired one, or one signed out (signing in: a wrong or used code)",
    403: "refused: no active binding to this parent, or not the permission it needs "
         "(signing in: WeChat holds the account risky)",
    404: "no such thing (or none of this member's), or a sign-in this service does not offer",
    408: "the body did not come whole in time (``--body-wait``, 30 s by default): send it again",
    409: "conflicts with the current state",
    412: "If-Match names a version that is no longer current: someone else changed it since it "
         "was read (another phone, an agent); nothing was written (read it again)",
    413: "body over 64 KiB",
    415: "a body that is not JSON",
    422: "invalid input (fields name each problem)",
    428: "If-Match is required: a whole replace must name the version it was made from",
    429: "too many tries: wait Retry-After seconds",
    502: "the centre or WeChat / 随申办 failed in a way this service cannot pass on",
    503: "the centre or WeChat / 随申办 cannot be reached: nothing was done",
}

# endpoint -> its own statuses beyond the ones every operation of its kind has
OWN: dict[str, set[int]] = {
    "signin.health": set(),
    "signin.me": set(),
    "signin.update_me": set(),
    "signin.logout": {204},
    # 401 a wrong or used code, 403 WeChat's risky account, 404 a sign-in this service does
    # not offer, 429 our limit or WeChat's, 502/503 WeChat / 随申办 failing or away
    "signin.login_wechat": {401, 403, 404, 429, 502, 503},
    "signin.login_ssb": {401, 404, 429, 502, 503},
    "signin.share_phone": {404, 429, 502, 503},  # 404 not a WeChat sign-in; 429 WeChat's limit
    "flow.start": {403},  # a parent not bound (or not yet agreed)
    "flow.screen": set(),
    "flow.send": set(),
    "flow.end": {204},
    "parents.elders": set(),
    "parents.status": {403},
    "parents.alarms_of": {403, 422},  # 422: the centre reads the id from its query
    "parents.alarm": {403},
    "parents.answer_alarm": {403, 409},
    "parents.checkin": {403},
    "parents.requests_of": {403, 422},  # 422: the centre reads the id from its query
    "parents.get_request": {403},
    "parents.cancel_request": {403, 409},
    "parents.slip": {403, 422},  # 422: ?layout= not a5, 80mm or 58mm
    "parents.notes": {403},
    "parents.send_note": {201, 403, 429},  # 429: notes the parent has not heard yet
    "parents.call_parent": {200, 201, 403, 422},  # 200: the call already asked; 422: the centre reads the id from its body
    "parents.contacts": {403},
    "parents.replace_contacts": {403, 412, 428},  # 412 saved meanwhile, 428 no If-Match
    "parents.preferences": {403},
    "parents.update_preferences": {403, 412},  # 412 changed meanwhile (If-Match is optional)
    "bindings.start": {200, 201, 404, 409, 429},  # 201 a new binding, 200 the one already asked
    "bindings.show_code": {201, 429},  # no 404: the answer is the same whether or not they match
    "bindings.get": set(),
    "bindings.revoke": set(),  # revoking a revoked binding changes nothing: 200
    "subscriptions.current": set(),
    "subscriptions.answered": {403},  # no parent lets this member receive alerts
}
# Versions passed through from the centre (call_center/versions.py): reads answering an ETag,
# writes taking If-Match (True: required).
ETAG_READS = {"parents.contacts", "parents.replace_contacts", "parents.preferences", "parents.update_preferences"}
IF_MATCH = {"parents.replace_contacts": True, "parents.update_preferences": False}
# Operations answered from this service's own database alone.
OWN_DATA_ONLY = {"signin.health", "signin.logout", "flow.screen", "flow.send", "flow.end"}
# Ending a screen session already gone (or never this member's) is done all the same: 204, so
# a retried DELETE is never an error.
ENDS_ANYWAY = {"flow.end"}


def statuses(app: Flask, endpoint: str, operation: dict[str, Any]) -> set[int]:
    if endpoint not in OWN:
        raise KeyError(f"{endpoint}: document its statuses in miniprogram_api/api_responses.py OWN")
    own = OWN[endpoint]
    found = set(own)
    if not any(s < 300 for s in own):
        found |= {int(s) for s in operation.get("responses", {}) if s.startswith("2")}
    if operation.get("security"):
        found.add(401)
    if "requestBody" in operation:
        found |= {400, 408, 413, 415, 422}
    parameters = operation.get("parameters", [])
    if any(p["in"] == "query" for p in parameters):
        found.add(422)
    if any(p["in"] == "path" for p in parameters) and endpoint not in ENDS_ANYWAY:
        found.add(404)
    if endpoint not in OWN_DATA_ONLY:
        found |= {502, 503}
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
            endpoint = by_path[(path, method)]
            wanted = statuses(app, endpoint, operation)
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
            _versions(endpoint, operation)
    return spec


def _versions(endpoint: str, operation: dict[str, Any]) -> None:
    """The ETag a read answers and the If-Match a write takes, as the centre's contract has them."""
    if endpoint in IF_MATCH:
        operation.setdefault("parameters", []).append({
            "name": "If-Match", "in": "header", "required": IF_MATCH[endpoint],
            "description": "the ETag it was read with; someone else's save since is 412",
            "schema": {"type": "string", "maxLength": 200}})
    if endpoint in ETAG_READS:
        for status, answer in operation.get("responses", {}).items():
            if status.startswith("2"):
                answer.setdefault("headers", {})["ETag"] = {
                    "description": "the version, for If-Match when saving (changes with every save)",
                    "schema": {"type": "string"}}
