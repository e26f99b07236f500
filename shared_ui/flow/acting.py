"""What the person at the screen may do for the elder a screen is about.

On the TV and the kiosk that person is the elder: everything. On the mini-program it is a
family member acting for a parent (亲友代办), and the centre grants what the binding says:
``view`` (status, requests, messages, alarms), ``book`` (book, call a taxi or a person, cancel,
raise an alarm). The host puts those permissions on the elder it passes to the engine
(``acting_permissions``); the engine offers only what they allow, so no button leads to a
refusal. The centre checks again on every call (call_center/family/access.py)."""
from __future__ import annotations

from typing import Any

KEY = "acting_permissions"
PHONE = "acting_phone"  # the number of the person acting (a daughter's own), offered where a form asks one
# What a service of each kind needs; the centre's FAMILY_MAY says the same per endpoint.
NEEDS = {"request": "book", "alarm": "book", "requests_list": "view", "messages": "view"}
BOOK = "book"  # create_request (services, 找人工), cancel_request, raise_alarm
ANSWER = "answer"  # the elder's own questions (consents): never a family member's to answer
# A question about a service done for her (回访: 满意 / 一般 / 不满意), which one who may act for
# her (``book``) may answer for her; the centre's answer_message holds the same line.
ANSWERED_FOR_HER = ("return_visit",)


def may(elder: dict[str, Any] | None, permission: str) -> bool:
    """``elder`` without ``acting_permissions``: the elder acts (or a device of theirs) — all."""
    granted = (elder or {}).get(KEY)
    return granted is None or permission in granted


def may_answer(elder: dict[str, Any] | None, message: dict[str, Any]) -> bool:
    """The elder answers every question of hers; someone acting for her only a return visit."""
    if may(elder, ANSWER):
        return True
    return message.get("kind") in ANSWERED_FOR_HER and may(elder, BOOK)


def may_use(elder: dict[str, Any] | None, kind: str) -> bool:
    return may(elder, NEEDS.get(kind, BOOK))


def acting(elder: dict[str, Any], permissions: list[str] | tuple[str, ...], phone: str = "") -> dict[str, Any]:
    """The elder as a host passes them when someone else acts, with what that person may do
    and, when known, that person's own phone (the installer may call her, not her mother)."""
    return {**elder, KEY: sorted(permissions), **({PHONE: phone} if phone else {})}


def acts_for_another(elder: dict[str, Any] | None) -> bool:
    """Someone else acts for the elder (a family member: the host passed what they may do). A
    kiosk volunteer is not: the elder identified herself and stands at the screen, hearing it
    (kiosk_app/volunteers); what is said there is said to her."""
    return bool(elder) and KEY in elder  # type: ignore[operator]
