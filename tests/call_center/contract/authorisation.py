"""The authorisation matrix: who may call each route, as data.

- :data:`GROUPS` puts every route of the app (``METHOD /path`` as Flask writes it) in exactly
  one group of routes that answer callers alike. A route of the app in no group, or a group
  naming a route the app does not have, fails the suite: a new endpoint cannot be forgotten.
- :data:`EXPECTED` has, per role, a row per group: the status that role gets. ``OK`` is the
  route's own success (its recipe says which). The family members (bound with every
  permission or only ``view``, pending, revoked, bound to another elder) came with the
  mini-program issue: their rows here, their credentials in :data:`ROLES` of the test.
- :data:`RECIPES` says how to call each route on the demo elder 王秀英's things (made fresh
  for each call; with the headers a route needs, such as the If-Match of a whole replace), so
  every status is about who calls, never about a missing resource.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

OK = "ok"


def _demo_pin() -> str:
    from call_center.demo_data import VOLUNTEER_PIN

    return VOLUNTEER_PIN

GROUPS: dict[str, list[str]] = {
    # anyone, no token
    "public": ["GET /v1/health", "GET /openapi.json", "POST /v1/pairings",
               "POST /v1/pairings/<pairing_id>/poll", "GET /static/<path:filename>",
               "GET /console/static/<path:filename>"],
    # any valid token of a device, an agent or the service (a family member has /v1/family/me)
    "me": ["GET /v1/me"],
    # any valid token
    "any_token": ["GET /v1/catalog/hospitals",
                  "GET /v1/catalog/hospitals/<hospital_id>/departments",
                  "GET /v1/catalog/slots", "GET /v1/catalog/service-area"],
    # one elder's things: her household's TV, a kiosk with her grant, an agent; a family
    # member through an active binding: to read (view) …
    "elder_read": ["GET /v1/elders/<elder_id>", "GET /v1/elders/<elder_id>/messages",
                   "GET /v1/elders/<elder_id>/policies", "GET /v1/elders/<elder_id>/nearby",
                   "GET /v1/elders/<elder_id>/elder-services",
                   "GET /v1/elders/<elder_id>/services/<service>/precheck",
                   "GET /v1/elders/<elder_id>/checkin", "GET /v1/requests",
                   "GET /v1/requests/<request_id>", "GET /v1/alarms",
                   "GET /v1/requests/<request_id>/complaints"],
    # … and to act (book)
    "elder_act": ["PATCH /v1/elders/<elder_id>/preferences", "POST /v1/requests",
                  "POST /v1/requests/<request_id>/cancel", "POST /v1/alarms",
                  "POST /v1/requests/<request_id>/complaints"],
    # 听过了: the elder's own acknowledgement, never a family member's
    "elder_ack": ["POST /v1/messages/<message_id>/ack"],
    # 报平安 and 发给家人: devices (as the elder) and agents, not the family
    "elder_device": ["POST /v1/elders/<elder_id>/checkin", "POST /v1/requests/<request_id>/send-to-family"],
    # an alarm raised from her TV: never a kiosk's (issue 12 §1); a bound member follows it …
    "alarm_from_tv": ["GET /v1/alarms/<alarm_id>"],
    # … but cancels through /v1/family/alarms/{id}/answer, as the family
    "alarm_from_tv_cancel": ["POST /v1/alarms/<alarm_id>/cancel"],
    "kiosk_identify": ["POST /v1/elders/lookup", "POST /v1/elders/lookup-by-request"],
    # a kiosk's own, with or without a grant: its grants, the volunteers signed in at it
    "kiosk_grant": ["POST /v1/grants/<grant_id>/end", "POST /v1/volunteers/sign-in",
                    "POST /v1/volunteers/shifts/<shift_id>/end"],
    "device_stream": ["GET /v1/devices/me/events"],
    "backend_stream": ["GET /v1/events"],
    "agent": ["POST /v1/elders/<elder_id>/messages", "PATCH /v1/elders/<elder_id>/checkin",
              "POST /v1/alarms/<alarm_id>/ack", "POST /v1/alarms/<alarm_id>/steps",
              "GET /v1/alarms/refusals", "GET /v1/care-tasks", "GET /v1/events/stats",
              "POST /v1/care-tasks/<task_id>/complete",
              "POST /v1/requests/<request_id>/transitions", "POST /v1/pairings/<code>/confirm",
              "POST /v1/elders/<elder_id>/policies/<policy_id>/push",
              "GET /v1/devices", "POST /v1/devices/<device_id>/unbind",
              # 巡视探访 (call_center/blueprints/patrols.py)
              "GET /v1/elders/<elder_id>/visit-plan", "PUT /v1/elders/<elder_id>/visit-plan",
              "POST /v1/elders/<elder_id>/visit-plan/back-to-rule",
              "GET /v1/visits", "POST /v1/visits/<visit_id>/record", "GET /v1/visits/supervision",
              # 投诉: an agent records its outcome (call_center/blueprints/satisfaction.py)
              "POST /v1/complaints/<complaint_id>/close"],
    # 亲友代办 (the mini-program issue): the service vouches for a signed-in member …
    "family_service": ["POST /v1/family/sessions", "GET /v1/family/recipients"],
    # … the member's own account and requests to bind …
    "family_own": ["GET /v1/family/me", "PATCH /v1/family/me", "POST /v1/family/bindings",
                   "POST /v1/family/codes"],
    # … a binding: its member (whatever its state) or an agent …
    "family_binding": ["GET /v1/family/bindings/<binding_id>",
                       "POST /v1/family/bindings/<binding_id>/revoke"],
    # … agents see and confirm every binding …
    "agent_family": ["GET /v1/family/bindings", "POST /v1/family/bindings/<binding_id>/confirm"],
    # … and what a bound member reads and answers about the parent (view)
    "family_elder": ["GET /v1/family/elders/<elder_id>/today", "GET /v1/family/elders/<elder_id>/messages",
                     "POST /v1/family/elders/<elder_id>/messages", "GET /v1/family/alarms/<alarm_id>",
                     "POST /v1/family/alarms/<alarm_id>/answer"],
    # emergency contacts: read by her household's devices, agents and bound members (view) …
    "contacts_read": ["GET /v1/elders/<elder_id>/contacts"],
    # … changed by agents and members allowed to act (book)
    "contacts_write": ["PUT /v1/elders/<elder_id>/contacts"],
    # the elder answers a message that asks (同意 / 不同意 / 解除绑定) where she is
    "message_answer": ["POST /v1/messages/<message_id>/answer"],
    # the console: a signed-in agent or supervisor (pages redirect, JSON answers 401)
    "console_page": ["GET /console/", "GET /console/alarms/<alarm_id>",
                     "GET /console/care/<task_id>", "GET /console/elders/<elder_id>",
                     "GET /console/elders/<elder_id>/family",
                     "GET /console/elders/<elder_id>/policies", "GET /console/policies",
                     "GET /console/find", "GET /console/kiosks", "GET /console/requests",
                     "GET /console/elders/new",
                     "GET /console/device-applications", "GET /console/elder-services",
                     "GET /console/requests/<request_id>", "GET /console/visits",
                     "GET /console/visits/<visit_id>", "GET /console/complaints/<complaint_id>"],
    "console_action": ["POST /console/alarms/<alarm_id>/ack", "POST /console/alarms/<alarm_id>/cancel",
                       "POST /console/alarms/<alarm_id>/outcome", "POST /console/alarms/<alarm_id>/steps",
                       "POST /console/care/<task_id>/complete", "POST /console/elders/<elder_id>/alarms",
                       "POST /console/elders/<elder_id>/family/<binding_id>/<action>",
                       "POST /console/elders/<elder_id>/family/code",
                       "POST /console/elders/<elder_id>/policies/<policy_id>/<action>",
                       "POST /console/elders/<elder_id>/pair", "POST /console/elders/<elder_id>/requests",
                       "POST /console/elders/<elder_id>/devices/<device_id>/unbind",
                       "POST /console/kiosks/<device_id>/unbind",
                       "POST /console/device-applications/<request_id>/approve",
                       "POST /console/device-applications/<request_id>/return",
                       "POST /console/device-applications/<request_id>/schedule",
                       "POST /console/device-applications/<request_id>/installed",
                       "POST /console/elder-services/<request_id>/grade",
                       "POST /console/elder-services/<request_id>/<part>/<verdict>",
                       "POST /console/elders/<elder_id>/reveal", "POST /console/find",
                       "POST /console/elders/new",
                       "POST /console/requests/<request_id>/book-discharge",
                       "POST /console/requests/<request_id>/book-escort",
                       "POST /console/requests/<request_id>/book-refill",
                       "POST /console/requests/<request_id>/book-registration",
                       "POST /console/requests/<request_id>/book-special-vehicle",
                       "POST /console/requests/<request_id>/book-taxi",
                       "POST /console/requests/<request_id>/confirm",
                       "POST /console/requests/<request_id>/fail",
                       "POST /console/requests/<request_id>/move", "POST /console/logout",
                       "POST /console/visits/<visit_id>/record", "POST /console/elders/<elder_id>/visit-plan",
                       "POST /console/complaints/<complaint_id>/close",
                       "POST /console/requests/<request_id>/complaints"],
    "console_json": ["GET /console/queue.json", "POST /console/session/extend"],
    "console_supervisor": ["GET /console/audit", "GET /console/supervision", "GET /console/supervision.csv"],
    "console_login_page": ["GET /console/login"],
    "console_login": ["POST /console/login"],
}

_V1 = [g for g in GROUPS if g != "public" and not g.startswith("console")]
_REFUSED_TOKEN = {"public": OK, **{g: 401 for g in _V1}}
_NO_CONSOLE = {"console_page": 303, "console_action": 303, "console_json": 401,
               "console_supervisor": 303, "console_login_page": OK, "console_login": OK}
# What only agents, the service or family members do, refused to a device.
_FAMILY_REFUSED = {"family_service": 403, "family_own": 403, "family_binding": 403,
                   "agent_family": 403, "family_elder": 403, "contacts_write": 403}
_DEVICE_NOT_AGENT = {"kiosk_identify": 403, "backend_stream": 403, "agent": 403, **_FAMILY_REFUSED,
                     **_NO_CONSOLE}


def _elder(read: Any, act: Any | None = None, ack: Any | None = None) -> dict[str, Any]:
    """The elder's things: reading, acting and 听过了 answer alike for every caller but a
    family member (who may read with ``view``, act with ``book``, and never acknowledge)."""
    act = read if act is None else act
    return {"elder_read": read, "elder_act": act, "elder_ack": act if ack is None else ack}


def _family(read: Any, act: Any) -> dict[str, Any]:
    """A family member: bound with ``view`` (read) and ``book`` (act), or not (403 both)."""
    return {"public": OK, "me": 403, "any_token": OK, **_elder(read, act, 403), "elder_device": 403,
            "alarm_from_tv": read, "alarm_from_tv_cancel": 403, "kiosk_identify": 403,
            "kiosk_grant": 403, "device_stream": 403, "backend_stream": 403, "agent": 403,
            "family_service": 403, "family_own": OK, "family_binding": OK, "agent_family": 403,
            "family_elder": read, "contacts_read": read, "contacts_write": act,
            "message_answer": 403, **_NO_CONSOLE}


EXPECTED: dict[str, dict[str, Any]] = {
    "none": {**_REFUSED_TOKEN, **_NO_CONSOLE},
    # a cookie nobody signed cannot carry the login page's CSRF token: the form is refused
    "forged": {**_REFUSED_TOKEN, **_NO_CONSOLE, "console_login": 400},
    "revoked": {**_REFUSED_TOKEN, **_NO_CONSOLE},
    "tv_other_household": {"public": OK, "me": OK, "any_token": OK, **_elder(403), "elder_device": 403,
                           "alarm_from_tv": 403, "alarm_from_tv_cancel": 403, "kiosk_grant": 403,
                           "device_stream": OK, "contacts_read": 403, "message_answer": 403,
                           **_DEVICE_NOT_AGENT},
    "tv_own": {"public": OK, "me": OK, "any_token": OK, **_elder(OK), "elder_device": OK,
               "alarm_from_tv": OK, "alarm_from_tv_cancel": OK, "kiosk_grant": 403, "device_stream": OK,
               "contacts_read": OK, "message_answer": OK, **_DEVICE_NOT_AGENT},
    "kiosk_without_grant": {"public": OK, "me": OK, "any_token": OK, **_elder(403), "elder_device": 403,
                            "alarm_from_tv": 403, "alarm_from_tv_cancel": 403, "kiosk_grant": OK,
                            "device_stream": 403, "contacts_read": 403, "message_answer": 403,
                            **_DEVICE_NOT_AGENT, "kiosk_identify": OK},
    "kiosk_other_elders_grant": {"public": OK, "me": OK, "any_token": OK, **_elder(403),
                                 "elder_device": 403, "alarm_from_tv": 403, "alarm_from_tv_cancel": 403,
                                 "kiosk_grant": OK, "device_stream": OK, "contacts_read": 403,
                                 "message_answer": 403, **_DEVICE_NOT_AGENT, "kiosk_identify": OK},
    "kiosk_with_grant": {"public": OK, "me": OK, "any_token": OK, **_elder(OK), "elder_device": OK,
                         "alarm_from_tv": 403, "alarm_from_tv_cancel": 403, "kiosk_grant": OK,
                         "device_stream": OK, "contacts_read": OK, "message_answer": OK,
                         **_DEVICE_NOT_AGENT, "kiosk_identify": OK},
    # the mini-program back end acts for nobody: it exchanges a member's identity for a family
    # token (the centre decides for every member, on every call) and follows the events
    "service": {"public": OK, "me": OK, "any_token": OK, **_elder(403), "elder_device": 403,
                "alarm_from_tv": 403, "alarm_from_tv_cancel": 403, "kiosk_identify": 403,
                "kiosk_grant": 403, "device_stream": 403, "backend_stream": OK, "agent": 403,
                **_FAMILY_REFUSED, "family_service": OK, "contacts_read": 403, "message_answer": 403,
                **_NO_CONSOLE},
    "agent": {"public": OK, "me": OK, "any_token": OK, **_elder(OK), "elder_device": OK,
              "alarm_from_tv": OK, "alarm_from_tv_cancel": OK, "kiosk_identify": OK, "kiosk_grant": 403,
              "device_stream": 403, "backend_stream": OK, "agent": OK, **_FAMILY_REFUSED,
              "family_binding": OK, "agent_family": OK, "contacts_read": OK, "contacts_write": OK,
              "message_answer": OK, **_NO_CONSOLE},
    # family members (亲友代办), each freshly bound to 王秀英 in the state the name says
    "family_all": _family(OK, OK),
    "family_view": _family(OK, 403),
    "family_pending": _family(403, 403),
    "family_revoked": _family(403, 403),
    "family_other_elder": _family(403, 403),
    # a console login: its cookie opens the console and nothing under /v1
    "console_agent": {**_REFUSED_TOKEN, "console_page": OK, "console_action": OK,
                      "console_json": OK, "console_supervisor": 403, "console_login_page": OK,
                      "console_login": OK},
    "console_supervisor": {**_REFUSED_TOKEN, "console_page": OK, "console_action": OK,
                           "console_json": OK, "console_supervisor": OK, "console_login_page": OK,
                           "console_login": OK},
}


@dataclass
class Recipe:
    """How to call a route on fresh things: ``make(ctx)`` returns the path's values and any
    ``body`` / ``query`` / ``form``; ``ok`` is the route's success status."""

    ok: int = 200
    make: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})


def _tomorrow_morning() -> str:
    from datetime import timedelta

    from call_center.clock import local, now

    return local(now() + timedelta(days=1)).replace(hour=9, minute=30).strftime("%Y-%m-%dT%H:%M")


def _request(ctx: Any) -> dict[str, Any]:
    return {"request_id": ctx.new_request()}


def _alarm(ctx: Any) -> dict[str, Any]:
    return {"alarm_id": ctx.tv_alarm()}


WANG = lambda ctx: {"elder_id": ctx.elder}  # noqa: E731


def _new_elder() -> dict[str, str]:
    """新增老人's form for someone not on file (a fresh one each call)."""
    import random

    from tests.call_center.enrolment.people import fields

    person = fields(random.Random(), living_alone="否")
    form = {f"enrol-{k}": v for k, v in person.items() if k != "contacts"}
    for n, (name, relation, phone) in enumerate(person["contacts"], 1):
        form.update({f"enrol-contact{n}_name": name, f"enrol-contact{n}_relation": relation,
                     f"enrol-contact{n}_phone": phone})
    return form


def _visited_just_now(form: bool = True) -> str:
    """A visit five minutes ago: as the console's form takes it (Shanghai, to the minute), or
    as the API does (ISO with its offset)."""
    from datetime import timedelta

    from call_center.clock import now

    moment = now() - timedelta(minutes=5)
    return f"{moment:%Y-%m-%dT%H:%M}" if form else moment.isoformat()


def _contacts_as_they_are(ctx: Any) -> dict[str, Any]:
    """Her list saved as read, naming the version it was read at (If-Match)."""
    read = ctx.api("GET", f"/v1/elders/{ctx.elder}/contacts")
    return {**WANG(ctx), "headers": {"If-Match": read.headers["ETag"]},
            "body": {"contacts": [{"id": c["id"]} for c in read.get_json()]}}

RECIPES: dict[str, Recipe] = {
    "GET /v1/health": Recipe(),
    "GET /openapi.json": Recipe(),
    "GET /static/<path:filename>": Recipe(404, lambda ctx: {"filename": "nothing-here.txt"}),
    "GET /console/static/<path:filename>": Recipe(200, lambda ctx: {"filename": "console.css"}),
    "POST /v1/pairings": Recipe(201, lambda ctx: {"body": {"kind": "tv", "name": "客厅电视"}}),
    "POST /v1/pairings/<pairing_id>/poll": Recipe(200, lambda ctx: ctx.pairing_poll()),
    "GET /v1/me": Recipe(),
    "GET /v1/catalog/hospitals": Recipe(),
    "GET /v1/catalog/hospitals/<hospital_id>/departments": Recipe(200, lambda ctx: {"hospital_id": ctx.hospital}),
    "GET /v1/catalog/slots": Recipe(),
    "GET /v1/catalog/service-area": Recipe(),
    "GET /v1/elders/<elder_id>": Recipe(200, WANG),
    "PATCH /v1/elders/<elder_id>/preferences": Recipe(200, lambda ctx: {**WANG(ctx), "body": {"volume": 70}}),
    "GET /v1/elders/<elder_id>/messages": Recipe(200, WANG),
    "POST /v1/messages/<message_id>/ack": Recipe(200, lambda ctx: {"message_id": ctx.new_message()}),
    "GET /v1/elders/<elder_id>/checkin": Recipe(200, WANG),
    "GET /v1/elders/<elder_id>/policies": Recipe(200, WANG),
    "GET /v1/elders/<elder_id>/elder-services": Recipe(200, WANG),
    "GET /v1/elders/<elder_id>/services/<service>/precheck": Recipe(200, lambda ctx: {
        **WANG(ctx), "service": "device_application"}),
    "GET /v1/elders/<elder_id>/nearby": Recipe(200, lambda ctx: {**WANG(ctx), "query": {"kind": "meal_point"}}),
    "POST /v1/elders/<elder_id>/policies/<policy_id>/push": Recipe(201, lambda ctx: {
        **WANG(ctx), "policy_id": ctx.untold_policy()}),
    "POST /v1/elders/<elder_id>/checkin": Recipe(201, lambda ctx: {**WANG(ctx), "body": {}, "fresh_checkin": True}),
    "POST /v1/requests": Recipe(201, lambda ctx: {"body": {"elder_id": ctx.elder, "service": "help", "mode": "call",
                                                           "form": {"topic": "求助"}}}),
    "GET /v1/requests": Recipe(200, lambda ctx: {"query": {"elder_id": ctx.elder}}),
    "GET /v1/requests/<request_id>": Recipe(200, _request),
    "POST /v1/requests/<request_id>/cancel": Recipe(200, _request),
    "POST /v1/requests/<request_id>/send-to-family": Recipe(200, lambda ctx: {
        "request_id": ctx.confirmed_request(), "body": {}}),
    "GET /v1/alarms": Recipe(200, lambda ctx: {"query": {"elder_id": ctx.elder}}),
    "POST /v1/alarms": Recipe(201, lambda ctx: {"body": {"elder_id": ctx.elder}, "no_open_alarm": True}),
    "GET /v1/alarms/<alarm_id>": Recipe(200, _alarm),
    "POST /v1/alarms/<alarm_id>/cancel": Recipe(200, lambda ctx: {**_alarm(ctx), "body": {"by": "elder"}}),
    "POST /v1/elders/lookup": Recipe(200, lambda ctx: {"body": ctx.lookup_body()}),
    "POST /v1/elders/lookup-by-request": Recipe(200, lambda ctx: {"body": {
        "request_id": _request(ctx)["request_id"], "phone_tail": ctx.lookup_body()["phone_tail"]}}),
    "POST /v1/grants/<grant_id>/end": Recipe(200, lambda ctx: {"grant_id": ctx.kiosk_grant_id(), "body": {}}),
    "POST /v1/volunteers/sign-in": Recipe(200, lambda ctx: {"body": {"pin": _demo_pin()}}),
    "POST /v1/volunteers/shifts/<shift_id>/end": Recipe(200, lambda ctx: {"shift_id": ctx.kiosk_shift_id()}),
    "GET /v1/devices/me/events": Recipe(),
    "GET /v1/events": Recipe(),
    "POST /v1/elders/<elder_id>/messages": Recipe(201, lambda ctx: {**WANG(ctx), "body": {
        "kind": "notice", "title": "通知", "body": "明天停水。"}}),
    "PATCH /v1/elders/<elder_id>/checkin": Recipe(200, lambda ctx: {**WANG(ctx), "body": {"enabled": True}}),
    "POST /v1/alarms/<alarm_id>/ack": Recipe(200, _alarm),
    "POST /v1/alarms/<alarm_id>/steps": Recipe(200, lambda ctx: {**_alarm(ctx), "body": {
        "kind": "guidance", "note": "请老人坐下休息"}}),
    "GET /v1/alarms/refusals": Recipe(),
    "GET /v1/events/stats": Recipe(),
    "GET /v1/care-tasks": Recipe(),
    "POST /v1/care-tasks/<task_id>/complete": Recipe(200, lambda ctx: {"task_id": ctx.new_care_task(), "body": {
        "result": "well", "note": "老人说一切都好"}}),
    "POST /v1/requests/<request_id>/transitions": Recipe(200, lambda ctx: {**_request(ctx), "body": {"to": "accepted"}}),
    "POST /v1/pairings/<code>/confirm": Recipe(200, lambda ctx: {"code": ctx.pairing_code(), "body": {
        "household_id": ctx.household}}),
    "GET /v1/devices": Recipe(200, lambda ctx: {"query": {"household_id": ctx.household}}),
    "GET /v1/elders/<elder_id>/visit-plan": Recipe(200, WANG),
    "PUT /v1/elders/<elder_id>/visit-plan": Recipe(200, lambda ctx: {**WANG(ctx), "body": {
        "enabled": True, "per_month": 1}}),
    "POST /v1/elders/<elder_id>/visit-plan/back-to-rule": Recipe(200, WANG),
    "GET /v1/visits": Recipe(),
    "POST /v1/visits/<visit_id>/record": Recipe(200, lambda ctx: {"visit_id": ctx.new_visit(), "body": {
        "visited_at": _visited_just_now(form=False), "found_home": True, "health": "good", "home": "safe"}}),
    "GET /v1/visits/supervision": Recipe(200, lambda ctx: {"query": {"month": "2026-12-01"}}),
    "POST /v1/requests/<request_id>/complaints": Recipe(201, lambda ctx: {
        "request_id": ctx.confirmed_request(), "body": {"reasons": ["late"]}}),
    "GET /v1/requests/<request_id>/complaints": Recipe(200, _request),
    "POST /v1/complaints/<complaint_id>/close": Recipe(200, lambda ctx: {
        "complaint_id": ctx.new_complaint(), "body": {"outcome": "已经提醒司机以后按时到。"}}),
    "POST /v1/devices/<device_id>/unbind": Recipe(200, lambda ctx: {"device_id": ctx.fresh_device("tv"), "body": {
        "note": "电视卖掉了"}}),
    # 亲友代办
    "POST /v1/family/sessions": Recipe(201, lambda ctx: {"body": {
        "provider": "wechat", "subject": f"o-matrix-{uuid.uuid4().hex}", "name": "陈静"}}),
    "GET /v1/family/recipients": Recipe(200, lambda ctx: {"query": {"elder_id": ctx.elder}}),
    "GET /v1/family/me": Recipe(),
    "PATCH /v1/family/me": Recipe(200, lambda ctx: {"body": {"name": "陈静"}}),
    "POST /v1/family/bindings": Recipe(201, lambda ctx: {"body": {
        "relation": "女儿", "elder_phone": "13788921547", "elder_name": "陈志明"}}),
    "POST /v1/family/codes": Recipe(201, lambda ctx: {"body": {
        "elder_phone": "13788921547", "elder_name": "陈志明"}}),
    "GET /v1/family/bindings/<binding_id>": Recipe(200, lambda ctx: {"binding_id": ctx.own_binding()}),
    "POST /v1/family/bindings/<binding_id>/revoke": Recipe(200, lambda ctx: {
        "binding_id": ctx.own_binding(), "body": {}}),
    "GET /v1/family/bindings": Recipe(200, lambda ctx: {"query": {"elder_id": ctx.elder}}),
    "POST /v1/family/bindings/<binding_id>/confirm": Recipe(200, lambda ctx: {
        "binding_id": ctx.pending_binding(), "body": {"note": "已电话问过老人，老人同意"}}),
    "GET /v1/family/elders/<elder_id>/today": Recipe(200, WANG),
    "GET /v1/family/elders/<elder_id>/messages": Recipe(200, WANG),
    "POST /v1/family/elders/<elder_id>/messages": Recipe(201, lambda ctx: {**WANG(ctx), "body": {
        "preset": "call_me"}}),
    "GET /v1/family/alarms/<alarm_id>": Recipe(200, _alarm),
    "POST /v1/family/alarms/<alarm_id>/answer": Recipe(200, lambda ctx: {**_alarm(ctx), "body": {
        "answer": "coming"}}),
    "GET /v1/elders/<elder_id>/contacts": Recipe(200, WANG),
    "PUT /v1/elders/<elder_id>/contacts": Recipe(200, lambda ctx: _contacts_as_they_are(ctx)),
    "POST /v1/messages/<message_id>/answer": Recipe(200, lambda ctx: {
        "message_id": ctx.consent_message(), "body": {"answer": "decline"}}),
    "GET /console/elders/<elder_id>/family": Recipe(200, WANG),
    "GET /console/elders/<elder_id>/policies": Recipe(200, WANG),
    "GET /console/policies": Recipe(),
    "POST /console/elders/<elder_id>/policies/<policy_id>/<action>": Recipe(200, lambda ctx: {
        **WANG(ctx), "policy_id": ctx.untold_policy(), "action": "push", "form": {}}),
    "POST /console/elders/<elder_id>/family/<binding_id>/<action>": Recipe(200, lambda ctx: {
        **WANG(ctx), "binding_id": ctx.pending_binding(), "action": "confirm",
        "form": {"family-note": "已电话问过老人，老人同意"}}),
    "POST /console/elders/<elder_id>/family/code": Recipe(200, lambda ctx: {**WANG(ctx), "form": {
        "family-note": "女儿陈静"}}),
    "GET /console/": Recipe(),
    "GET /console/alarms/<alarm_id>": Recipe(200, _alarm),
    "GET /console/care/<task_id>": Recipe(200, lambda ctx: {"task_id": ctx.new_care_task()}),
    "GET /console/elders/<elder_id>": Recipe(200, WANG),
    "GET /console/find": Recipe(),
    "GET /console/requests": Recipe(),
    "GET /console/requests/<request_id>": Recipe(200, _request),
    "POST /console/alarms/<alarm_id>/ack": Recipe(303, _alarm),
    "POST /console/alarms/<alarm_id>/cancel": Recipe(303, lambda ctx: {**_alarm(ctx), "form": {
        "cancel-note": "老人回电说误按了"}}),
    "POST /console/alarms/<alarm_id>/outcome": Recipe(303, lambda ctx: {**_alarm(ctx), "form": {
        "outcome-outcome": "120送医，家属已到"}}),
    "POST /console/alarms/<alarm_id>/steps": Recipe(303, lambda ctx: {**_alarm(ctx), "form": {
        "step-kind": "guidance", "step-note": "请老人坐下休息"}}),
    "POST /console/care/<task_id>/complete": Recipe(303, lambda ctx: {"task_id": ctx.new_care_task(), "form": {
        "care-result": "well", "care-note": "老人说一切都好"}}),
    "POST /console/elders/<elder_id>/alarms": Recipe(303, lambda ctx: {**WANG(ctx), "form": {
        "raise-note": "老人来电说摔倒了"}, "no_open_alarm": True}),
    "POST /console/elders/<elder_id>/pair": Recipe(200, lambda ctx: {**WANG(ctx), "form": {
        "pair-code": ctx.pairing_code()}}),
    "POST /console/elders/<elder_id>/devices/<device_id>/unbind": Recipe(200, lambda ctx: {
        **WANG(ctx), "device_id": ctx.fresh_device("tv"), "form": {"unbind-note": "电视坏了"}}),
    "POST /console/kiosks/<device_id>/unbind": Recipe(200, lambda ctx: {
        "device_id": ctx.fresh_device("kiosk"), "form": {"unbind-note": "自助机搬走了"}}),
    "GET /console/kiosks": Recipe(),
    "GET /console/visits": Recipe(),
    "GET /console/complaints/<complaint_id>": Recipe(200, lambda ctx: {"complaint_id": ctx.new_complaint()}),
    "POST /console/complaints/<complaint_id>/close": Recipe(303, lambda ctx: {
        "complaint_id": ctx.new_complaint(), "form": {"complaint-outcome": "已经提醒司机以后按时到。"}}),
    "POST /console/requests/<request_id>/complaints": Recipe(303, lambda ctx: {
        "request_id": ctx.confirmed_request(), "form": {"complain-reason": "late", "complain-note": "车晚到了半小时"}}),
    "GET /console/supervision": Recipe(),
    "GET /console/supervision.csv": Recipe(),
    "GET /console/visits/<visit_id>": Recipe(200, lambda ctx: {"visit_id": ctx.new_visit()}),
    "POST /console/visits/<visit_id>/record": Recipe(303, lambda ctx: {"visit_id": ctx.new_visit(), "form": {
        "visit-visited_at": _visited_just_now(), "visit-found": "yes", "visit-health": "good",
        "visit-home": "safe"}}),
    "POST /console/elders/<elder_id>/visit-plan": Recipe(303, lambda ctx: {**WANG(ctx), "form": {
        "plan-state": "on", "plan-per_month": "2"}}),
    "GET /console/device-applications": Recipe(),
    "GET /console/elder-services": Recipe(),
    "POST /console/elder-services/<request_id>/grade": Recipe(303, lambda ctx: {
        "request_id": ctx.joint_application(), "form": {"grade-grade": "3"}}),
    "POST /console/elder-services/<request_id>/<part>/<verdict>": Recipe(303, lambda ctx: {
        "request_id": ctx.joint_application("deciding"), "part": "admission", "verdict": "approve",
        "form": {"decision-words": "请到田林街道长者照护之家办入住。"}}),
    "POST /console/device-applications/<request_id>/approve": Recipe(303, lambda ctx: {
        "request_id": ctx.device_application(), "form": {}}),
    "POST /console/device-applications/<request_id>/return": Recipe(303, lambda ctx: {
        "request_id": ctx.device_application(), "form": {"return-reason": "户口不在本街道，请到户籍所在街道申请。"}}),
    "POST /console/device-applications/<request_id>/schedule": Recipe(303, lambda ctx: {
        "request_id": ctx.device_application("queued"), "form": {"visit-visit_at": _tomorrow_morning()}}),
    "POST /console/device-applications/<request_id>/installed": Recipe(303, lambda ctx: {
        "request_id": ctx.device_application("scheduled"), "form": {}}),
    "POST /console/elders/<elder_id>/requests": Recipe(303, lambda ctx: {**WANG(ctx), "form": {
        "new-service": "consultation", "new-topic": "降压药怎么吃"}}),
    "POST /console/elders/<elder_id>/reveal": Recipe(200, lambda ctx: {**WANG(ctx), "form": {"what": "elder"}}),
    "POST /console/find": Recipe(200, lambda ctx: {"form": {"query": "王秀英"}}),
    "GET /console/elders/new": Recipe(),
    "POST /console/elders/new": Recipe(303, lambda ctx: {"form": _new_elder()}),
    "POST /console/requests/<request_id>/book-discharge": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("discharge_transport"), "form": {}}),
    "POST /console/requests/<request_id>/book-escort": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("escort"), "form": {}}),
    "POST /console/requests/<request_id>/book-refill": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("refill"), "form": {}}),
    "POST /console/requests/<request_id>/book-registration": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("registration"), "form": {}}),
    "POST /console/requests/<request_id>/book-special-vehicle": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("special_vehicle"), "form": {}}),
    "POST /console/requests/<request_id>/book-taxi": Recipe(422, lambda ctx: {
        "request_id": ctx.new_request("taxi"), "form": {}}),
    "POST /console/requests/<request_id>/confirm": Recipe(303, lambda ctx: {**_request(ctx), "form": {
        "confirm-summary": "已电话告知老人，事情办好了。"}}),
    "POST /console/requests/<request_id>/fail": Recipe(303, lambda ctx: {**_request(ctx), "form": {
        "fail-message": "老人说不需要了。"}}),
    "POST /console/requests/<request_id>/move": Recipe(303, lambda ctx: {**_request(ctx), "form": {
        "move-to": "accepted"}}),
    "POST /console/logout": Recipe(303, lambda ctx: {"form": {}, "own_session": True}),
    "GET /console/queue.json": Recipe(),
    "POST /console/session/extend": Recipe(200, lambda ctx: {"form": {}}),
    "GET /console/audit": Recipe(),
    "GET /console/login": Recipe(),
    "POST /console/login": Recipe(303, lambda ctx: {"form": {"username": "agent1",
                                                             "password": "onekey-demo-agent"}}),
}
