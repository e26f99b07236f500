"""What a member sees of the parents they are bound to — one place for the JSON API and the
H5 pages. Every read goes to the centre as the member; the centre answers only for an active
binding with the permission the read needs."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from shared_ui.client import CenterError
from shared_ui.i18n import N_
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
    return {**found, "checkin_words": checkin_words(found["checkin"]),
            "return_visits": [{**m, "shown": shown_body(m)} for m in found.get("return_visits") or []]}


def shown_body(message: dict[str, Any]) -> str:
    """A centre message's body as this page's language shows it: rendered from its structured
    words (shared_ui/message_words.py), else as the centre wrote it (a Chinese page, no words)."""
    from shared_ui.message_words import render

    from .i18n import current_locale

    return render(message.get("words"), current_locale()) or message.get("body") or ""


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


# 巡视探访 (seed 001 §三(一)2) as the family reads it: the centre sends codes and the visitor's
# name; the words are this page's, in the reader's language.
VISIT_HEALTH = {"good": N_("身体很好"), "fair": N_("身体一般"), "unwell": N_("身体不适")}
VISIT_HOME = {"safe": N_("家里整洁安全"), "untidy": N_("家里需要打扫"), "hazard": N_("家里有安全隐患")}
VISIT_NEEDS = {"meals": N_("助餐"), "cleaning": N_("助洁"), "bathing": N_("助浴"), "medical": N_("就医"),
               "repair": N_("维修")}


def visits(found: dict[str, Any], elder_name: str) -> dict[str, Any]:
    """The next visit (the day, who, the number whole: this is the member's own phone) and the
    records of the last visits, each one line about her by name (the for-another wording)."""
    from shared_ui.confirmation import format_date
    from shared_ui.punctuation import marks

    from .i18n import current_locale

    locale = current_locale()
    m = marks(locale)
    v = found.get("visits") or {}
    out: dict[str, Any] = {"enrolled": bool(v), "next": None, "recent": []}
    nxt = v.get("next")
    if nxt:
        day = datetime.fromisoformat(nxt["planned_on"]).replace(tzinfo=SHANGHAI)
        role = _("志愿者") if nxt.get("visitor_kind") == "volunteer" else _("服务商工作人员")
        who = f"{role}{' ' if locale != 'zh_CN' else ''}{nxt.get('visitor_name') or ''}".strip()
        out["next"] = {"id": nxt["id"], "sentence": _("%(name)s的下次上门看望：%(day)s，%(who)s",
                                                     name=elder_name, day=format_date(day, locale), who=who),
                       "phone": nxt.get("visitor_phone") or ""}
    for r in v.get("recent", []):
        at = datetime.fromisoformat(r["visited_at"]).astimezone(SHANGHAI) if r.get("visited_at") else None
        if r["status"] == "not_home":
            line = _("上门时%(name)s不在家，话务员会打电话确认平安", name=elder_name)
        else:
            parts = [_("%(name)s在家", name=elder_name),
                     *[_(words[code]) for words, code in ((VISIT_HEALTH, r.get("health")), (VISIT_HOME, r.get("home")))
                       if code in words]]
            needs = [_(VISIT_NEEDS[n]) for n in r.get("needs") or [] if n in VISIT_NEEDS]
            if needs:
                parts.append(_("需要%(needs)s，养老顾问会联系安排", needs=m.items(needs)))
            line = m.clauses(*[p for p in parts if p])
        out["recent"].append({"id": r["id"], "when": format_date(at, locale) if at else "",
                              "by": r.get("visitor_name") or "", "line": line})
    return out
