"""What a member sees of the parents they are bound to — one place for the JSON API and the
H5 pages. Every read goes to the centre as the member; the centre answers only for an active
binding with the permission the read needs."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from shared_ui.client import CenterError
from shared_ui.flow.acting import acting

from .backend import centre_call
from .errors import from_centre
from .members import Member

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPEN_STATUSES = ("submitted", "accepted", "in_progress", "confirmed")


def bindings(member: Member) -> list[dict[str, Any]]:
    return centre_call(member.centre.family_me)["bindings"]


def active_parents(member: Member) -> list[dict[str, Any]]:
    """The elders bound and consented, each as the centre's profile, carrying what this member
    may do for them (the engine offers only that: shared_ui/flow/acting.py)."""
    out = []
    for b in bindings(member):
        if b["status"] == "active":
            out.append(as_acting(centre_call(member.centre.elder, b["elder_id"]).as_dict(), b, member))
    return out


def as_acting(elder: dict[str, Any], binding: dict[str, Any], member: Member) -> dict[str, Any]:
    return {**acting(elder, binding["permissions"], member.login.phone), "binding": binding}


def may(binding: dict[str, Any], permission: str) -> bool:
    return permission in binding.get("permissions", ())


def hm(text: str | None) -> str:
    if not text:
        return ""
    return datetime.fromisoformat(text).astimezone(SHANGHAI).strftime("%H:%M")


def checkin_words(state: dict[str, Any] | None) -> str:
    """今天 8:12 已报平安 / 今天还没报平安."""
    if not state or not state.get("enrolled"):
        return _("没有参加每日报平安")
    if state.get("status") == "done" and state.get("checked_in_at"):
        at = datetime.fromisoformat(state["checked_in_at"]).astimezone(SHANGHAI)
        shown = "%d:%02d" % (at.hour, at.minute)
        return _("今天 %(time)s 已报平安", time=shown)
    return _("今天还没报平安")


def status(member: Member, elder_id: str) -> dict[str, Any]:
    """The status a member checks most: today's check-in, open alarms, recent requests."""
    found = centre_call(member.centre.family_today, elder_id)  # one call, one check of the binding
    return {**found, "checkin_words": checkin_words(found["checkin"])}


def request_of(member: Member, request_id: str) -> dict[str, Any]:
    return centre_call(member.centre.get_request, request_id).as_dict()


CALL_NOTE = "家属请话务员给老人打个电话问候"


OPEN = ("submitted", "accepted", "in_progress")


def ask_for_a_call(member: Member, elder_id: str) -> tuple[dict[str, Any], bool]:
    """The button beside "今天还没报平安": an agent phones the parent (a call-back request the
    console queues), so no number of the parent's ever reaches a phone. Asked again while that
    call is still to be made, it is the same request (and False): one call, not a queue of
    them for one worried tap after another."""
    from shared_ui.client import new_idempotency_key

    try:
        asked_before = member.centre.requests_for(elder_id, service="help", limit=20)
    except CenterError as exc:
        if exc.status != 403:  # (one who may book but not look: a new request, as before)
            raise from_centre(exc) from exc
        asked_before = []
    for asked in asked_before:
        form = asked.form or {}
        if asked.status in OPEN and asked.mode == "call" and form.get("note") == CALL_NOTE:
            return asked.as_dict(), False
    made = centre_call(member.centre.create_request, elder_id, "help",
                       {"topic": "help", "callback_window": "asap", "note": CALL_NOTE}, mode="call",
                       channel="miniprogram", idempotency_key=new_idempotency_key())
    return made.as_dict(), True
