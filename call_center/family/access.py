"""What a family member may do through the centre's API, on one page.

A family caller (a ``family`` token the mini-program back end exchanged for a signed-in
member) reaches only the endpoints listed in :data:`FAMILY_MAY`, whatever kinds the endpoint's
``requires`` names — deny by default. Each entry names the binding permission the call needs
for the elder it is about; :func:`call_center.auth.elder_for` checks it against the caller's
*active* bindings, loaded from the database with the token on every call (so a revocation
counts from the next call). ``None``: the endpoint is about no elder (the catalog, the
family's own account and bindings) and needs only a valid family token.

Permissions: ``view`` (status, requests, alarms, messages, check-in), ``book`` (act: book,
cancel, call a taxi, raise an alarm, change preferences and contacts), ``alerts`` (receive
alarm and booking alerts). ``book`` and ``alerts`` are granted with ``view``.
"""
from __future__ import annotations

from flask import request

FAMILY_MAY: dict[str, str | None] = {
    # the elder's profile and preferences
    "elders.get_elder": "view",
    "elders.update_preferences": "book",
    # before a form opens: may the parent file it now (a dry run of the filing's own refusals)
    "elders.precheck": "view",
    "contacts.list_contacts": "view",
    "contacts.replace_contacts": "book",
    # booking
    "catalog.hospitals": None,
    "catalog.departments": None,
    "catalog.slots": None,
    "catalog.service_area": None,
    "requests.create": "book",
    "requests.list_requests": "view",
    "requests.get_request": "view",
    "requests.cancel": "book",
    # messages and the day's check-in
    "messages.inbox": "view",
    # a return visit (回访) answered for her; the view refuses any other message that asks
    "family.answer_message": "book",
    # 投诉 / 异议 about a service of hers, and where it stands
    "satisfaction.file_complaint": "book",
    "satisfaction.list_complaints": "view",
    # 政策查询: the policies as they stand for the parent (a call-back about one is requests.create)
    "policies.for_elder": "view",
    "policies.elder_services": "view",
    "policies.nearby": "view",
    "checkins.checkin_state": "view",
    # alarms: the family may raise one for a parent it cannot reach, and follow it
    "alarms.raise_alarm": "book",
    "alarms.list_alarms": "view",
    "alarms.get_alarm": "view",
    # the family's own endpoints (call_center/blueprints/family.py)
    "family.me": None,
    "family.update_me": None,
    "family.start_binding": None,
    "family.get_binding": None,
    "family.revoke_binding": None,
    "family.show_code": None,
    "family.today": "view",
    "family.send_message": "view",
    "family.sent_messages": "view",
    "family.alarm_timeline": "view",
    "family.answer_alarm": "view",
}


def endpoint_allowed(endpoint: str | None = None) -> bool:
    return (endpoint if endpoint is not None else request.endpoint) in FAMILY_MAY


def permission_needed(endpoint: str | None = None) -> str | None:
    """The binding permission the current endpoint needs (KeyError: not a family endpoint)."""
    return FAMILY_MAY[endpoint if endpoint is not None else request.endpoint or ""]


def permits(grants: dict[str, tuple[str, ...]], elder_id: str, endpoint: str | None = None) -> bool:
    """Does an active binding to ``elder_id`` carry what the endpoint needs?"""
    name = endpoint if endpoint is not None else request.endpoint
    if name not in FAMILY_MAY:
        return False
    perms = grants.get(elder_id)
    if perms is None:
        return False
    return (FAMILY_MAY[name] or "view") in perms
