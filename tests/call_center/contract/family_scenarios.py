"""How to provoke the family routes' own statuses (亲友代办, the mini-program issue) for
test_documented_statuses.py: a binding asked by a new member (201) and asked again (200), a wrong phone or name (404), a
declined request asked again at once, a confirmed binding confirmed again, a question answered
with what it does not ask, an answer to a closed alarm (409), wrong codes and unheard notes
beyond their limits (429)."""
from __future__ import annotations

import uuid
from typing import Any

ROUTES = {"POST /v1/family/bindings", "POST /v1/family/bindings/<binding_id>/confirm",
          "POST /v1/messages/<message_id>/answer", "POST /v1/family/alarms/<alarm_id>/answer",
          "POST /v1/family/elders/<elder_id>/messages"}
WANG, CHEN = ("13916205871", "王秀英"), ("13788921547", "陈志明")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}


def _member(ctx: Any) -> str:
    return ctx.client.post("/v1/family/sessions", headers=_bearer(ctx.app.demo.tokens["service"]), json={
        "provider": "wechat", "subject": f"o-scenario-{uuid.uuid4().hex}", "name": "陈静"}).get_json()["token"]


def _ask(ctx: Any, token: str, elder: tuple[str, str], **extra: Any) -> Any:
    return ctx.client.post("/v1/family/bindings", headers=_bearer(token), json={
        "relation": "女儿", "elder_phone": elder[0], "elder_name": elder[1], **extra})


def statuses(ctx: Any, route: str, status: int) -> set[int]:
    seen: set[int] = set()
    if route == "POST /v1/family/bindings":
        token = _member(ctx)
        if status in (200, 201):  # a new member asks (201), and asks again (200: the same binding)
            seen |= {_ask(ctx, token, CHEN).status_code, _ask(ctx, token, CHEN).status_code}
        if status == 404:
            seen.add(_ask(ctx, token, (CHEN[0], "陈志强")).status_code)
        if status == 409:
            binding = _ask(ctx, token, WANG).get_json()
            inbox = ctx.api("GET", f"/v1/elders/{ctx.elder}/messages", "agent").get_json()
            question = next(m["id"] for m in inbox if m["kind"] == "consent" and m["answers"])
            ctx.api("POST", f"/v1/messages/{question}/answer", "tv_wang", {"answer": "decline"})
            seen.add(_ask(ctx, token, WANG).status_code)
            del binding
        if status == 429:
            for _ in range(6):
                seen.add(ctx.client.post("/v1/family/bindings", headers=_bearer(token), json={
                    "relation": "女儿", "code": "000000"}).status_code)
    if route == "POST /v1/family/bindings/<binding_id>/confirm" and status == 409:
        binding = _ask(ctx, _member(ctx), WANG).get_json()["id"]
        for _ in range(2):
            seen.add(ctx.api("POST", f"/v1/family/bindings/{binding}/confirm", "agent",
                             {"note": "已电话问过老人"}).status_code)
    if route == "POST /v1/messages/<message_id>/answer" and status == 409:
        _ask(ctx, _member(ctx), WANG)
        inbox = ctx.api("GET", f"/v1/elders/{ctx.elder}/messages", "agent").get_json()
        question = next(m["id"] for m in inbox if m["kind"] == "consent" and m["answers"])
        seen.add(ctx.api("POST", f"/v1/messages/{question}/answer", "tv_wang", {"answer": "revoke"}).status_code)
    if route == "POST /v1/family/alarms/<alarm_id>/answer" and status == 409:
        token = _member(ctx)
        binding = _ask(ctx, token, WANG).get_json()["id"]
        ctx.api("POST", f"/v1/family/bindings/{binding}/confirm", "agent", {"note": "已电话问过老人"})
        alarm = ctx.tv_alarm()
        ctx.api("POST", f"/v1/alarms/{alarm}/cancel", "agent", {"by": "agent"})
        seen.add(ctx.client.post(f"/v1/family/alarms/{alarm}/answer", headers=_bearer(token),
                                 json={"answer": "coming"}).status_code)
    if route == "POST /v1/family/elders/<elder_id>/messages" and status == 429:
        token = _member(ctx)
        binding = _ask(ctx, token, WANG).get_json()["id"]
        ctx.api("POST", f"/v1/family/bindings/{binding}/confirm", "agent", {"note": "已电话问过老人"})
        for _ in range(11):
            seen.add(ctx.client.post(f"/v1/family/elders/{ctx.elder}/messages", headers=_bearer(token),
                                     json={"preset": "call_me"}).status_code)
    return seen
