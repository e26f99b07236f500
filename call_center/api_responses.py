"""Every status an operation can answer is in /openapi.json, and none it cannot (issue 12 §8;
tests/call_center/contract/ prove both ways).

Most come from what an operation is: a token is checked (401), a JSON body is read (400, 408
when it does not come whole in time, 413, 415, 422), query parameters are validated (422), a path names a thing (404), a write takes an
``Idempotency-Key`` (409 for a reused key with another body), a rate limit applies (429). The
rest are the operation's own, in :data:`OWN`: an endpoint missing there fails the build of the
spec, so a new route is documented before it is served.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

# Every answer of the API (JSON; pages such as the console and /docs set their own policy):
# personal data, never cached, never sniffed into HTML, running no script.
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}

WHY: dict[int, str] = {
    200: "", 201: "",
    400: "malformed JSON, or nested too deeply",
    401: "no token, or a token nobody holds",
    403: "not this caller's to do (another household's elder, a kiosk without the elder's grant, "
         "a route for agents)",
    404: "no such thing",
    409: "conflicts with the current state, or an Idempotency-Key reused with another body",
    412: "If-Match names a version that is no longer current: someone else changed it since "
         "it was read; nothing was written (read it again)",
    408: "the body did not come whole in time (the front's body wait): send it again",
    413: "body over 64 KiB",
    415: "a body that is not JSON",
    422: "invalid input (fields name each problem)",
    428: "If-Match is required: a whole replace must name the version it was made from",
    429: "too many tries: wait Retry-After seconds",
    503: "a provider platform is down: nothing was done",
}

# endpoint -> its own statuses beyond the ones every operation of its kind has
OWN: dict[str, set[int]] = {
    "system.health": set(),
    "system.me": {403},  # a family member: their account is /v1/family/me
    "elders.lookup": {403, 404},
    "elders.lookup_by_request": {403, 404},
    "elders.get_elder": {403},
    "elders.update_preferences": {403},
    "elders.precheck": {403},  # 404 (no such elder or service) is the path's
    "grants.end": {403},
    "volunteers.sign_in": {403, 404},
    "volunteers.end_shift": {403},
    "catalog.hospitals": set(),
    "catalog.departments": set(),
    "catalog.slots": set(),
    "catalog.service_area": set(),
    "requests.create": {403, 404, 409, 503},
    "requests.list_requests": {403, 404},
    "requests.get_request": {403},
    "requests.cancel": {403, 409, 503},
    "requests.send_to_family": {403, 409},
    "requests.transition": {403, 409, 503},
    "messages.inbox": {403},
    "messages.ack": {403},
    "messages.send_notice": {403},
    "pairings.start": set(),
    "pairings.poll": set(),
    "pairings.confirm": {403},
    "alarms.raise_alarm": {200, 403, 404},
    "alarms.list_alarms": {403, 404},
    "alarms.refusals": {403},
    "alarms.get_alarm": {403},
    "alarms.acknowledge": {403, 409},
    "alarms.record_step": {403, 409},
    "alarms.cancel": {403, 409},
    "events.device_events": {403},
    "events.all_events": {403},
    "events.stream_stats": {403},
    "checkins.checkin_state": {403},
    "checkins.check_in": {200, 403},
    "checkins.checkin_settings": {403},
    "checkins.care_tasks": {403},
    "checkins.complete_task": {403, 409},
    # family members (亲友代办): call_center/blueprints/family.py, contacts.py
    "family.sessions": {403},
    "family.me": {403},
    "family.update_me": {403},
    "family.start_binding": {200, 403, 404, 409, 429},
    "family.show_code": {403},
    "family.list_bindings": {403},
    "family.get_binding": {403},
    "family.revoke_binding": {403},
    "family.confirm_binding": {403, 409},
    "family.answer_message": {403, 409},
    "family.recipients": {403},
    "family.today": {403},
    "family.send_message": {403, 429},
    "family.sent_messages": {403},
    "family.alarm_timeline": {403},
    "family.answer_alarm": {403, 409},
    "contacts.list_contacts": {403},
    "contacts.replace_contacts": {403},
    # 投诉 / 异议: call_center/blueprints/satisfaction.py
    "satisfaction.file_complaint": {403, 404, 409},  # not hers; no such request; not yet worked
    "satisfaction.list_complaints": {403, 404},
    "satisfaction.close_complaint": {403, 404, 409},  # closed already
    # 巡视探访: call_center/blueprints/patrols.py
    "patrols.visit_plan": {403},
    "patrols.set_visit_plan": {403},
    "patrols.visit_plan_back_to_rule": {403},
    "patrols.visits": {403},
    "patrols.record_visit": {403, 409},
    "patrols.visit_supervision": {403},
    # 养老政策: call_center/blueprints/policies.py
    "policies.for_elder": {403},
    "policies.elder_services": {403},  # 养老服务一件事, told at once
    "policies.push": {403, 409},  # told already, declined, has it, does not qualify
    "policies.nearby": {403},
    # devices (call_center/blueprints/devices.py): agents only
    "devices.list_devices": {403},
    "devices.unbind": {403},
}

IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "one per user action: a retry with it replays the first answer",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 128,
                              "pattern": "^[\\x21-\\x7e]+$"}}


def statuses(app: Flask, endpoint: str, method: str, operation: dict[str, Any]) -> set[int]:
    from .rate_limits import LIMITS

    if endpoint not in OWN:
        raise KeyError(f"{endpoint}: document its statuses in call_center/api_responses.py OWN")
    view = app.view_functions[endpoint]
    found = set(OWN[endpoint])
    found |= {int(s) for s in operation.get("responses", {}) if s.startswith("2")}
    if hasattr(view, "_onekey_auth") or endpoint == "alarms.raise_alarm":
        found.add(401)
    if "requestBody" in operation:
        found |= {400, 408, 413, 415, 422}
    parameters = operation.get("parameters", [])
    if any(p["in"] == "query" for p in parameters):
        found.add(422)
    if any(p["in"] == "path" for p in parameters):
        found.add(404)
    if method in {"post", "patch", "put"}:
        found |= {409, 422}  # a reused key with another body; a malformed key
    versioned = getattr(view, "_onekey_if_match", None)
    if versioned is not None:
        found.add(412)
        if versioned.required:
            found.add(428)
    if endpoint in LIMITS:
        found.add(429)
    if endpoint == "pairings.start":
        found.add(429)  # pending codes per address
    if endpoint == "pairings.confirm":
        found.add(429)  # boxes bound per household a day
    return found


def if_match(resource: Any) -> dict[str, Any]:
    return {"name": "If-Match", "in": "header", "required": resource.required,
            "description": f"the ETag of {resource.read_by} this change was made from; another "
                           "change since is 412 and nothing is written"
                           + ("" if resource.required else "; without it the fields sent are merged"),
            "schema": {"type": "string", "maxLength": 200}}


def etag_header(resource: Any) -> dict[str, Any]:
    return {"ETag": {"description": f"the {resource.name} version, for If-Match on its next change "
                                    "(changes with every write)",
                     "schema": {"type": "string"}}}


def document(app: Flask, spec: dict[str, Any]) -> dict[str, Any]:
    """APIFlask's spec processor: each operation's responses are exactly what it can answer."""
    import re

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
            wanted = statuses(app, endpoint, method, operation)
            responses = operation.setdefault("responses", {})
            for status in list(responses):
                if int(status) not in wanted:
                    del responses[status]
            for status in sorted(wanted):
                if str(status) in responses:
                    continue
                responses[str(status)] = {
                    "description": WHY[status],
                    "content": {"application/json": {"schema": error}}}
            params = operation.setdefault("parameters", [])
            if method in {"post", "patch", "put"}:
                if not any(p.get("name") == "Idempotency-Key" for p in params):
                    params.append(dict(IDEMPOTENCY_KEY))
            view = app.view_functions[endpoint]
            versioned = getattr(view, "_onekey_if_match", None)
            if versioned is not None and not any(p.get("name") == "If-Match" for p in params):
                params.append(if_match(versioned))
            tagged = getattr(view, "_onekey_etag", None)
            if tagged is not None:
                for status, answer in responses.items():
                    if status.startswith("2"):
                        answer.setdefault("headers", {}).update(etag_header(tagged))
            if not params:
                del operation["parameters"]
    return spec
