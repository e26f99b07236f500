"""Optimistic concurrency, the standard HTTP way (RFC 9110 §8.8.3, §13.1.1): what several
people edit carries a version, answered as ``ETag`` by every read and write of it and checked
against ``If-Match`` on a write.

Why: an elder's emergency contacts are replaced as a whole list — from a daughter's phone, a
son's, the H5 page, an agent. Two saves from what each had seen, and the second silently
discarded the first's change. Now a write names the version it was made from; when another
write came first it is refused, 412 ``precondition_failed``, with a sentence that tells the
family member someone changed it meanwhile and to look again. Nothing is written, and the read
that follows shows what is there now.

Versioned, with the column that holds each version (bumped by the flush hook below, whatever
wrote — a console action, the alarm desk, an API call):

- ``contacts``: ``GET``/``PUT /v1/elders/{id}/contacts`` — ``Elder.contacts_version``;
- ``elder``: ``GET /v1/elders/{id}``, ``PATCH …/preferences`` — ``Elder.version``, which moves
  with every change to the elder's row and with the contacts too (the profile shows them).

A write without ``If-Match``:

- a whole replace (``PUT`` contacts) is refused, 428 ``precondition_required``: without a
  version the centre cannot tell a save made from a stale list from a fresh one, and that is
  the lost update itself. Only the family's back end (which passes the version on) and agents
  write contacts; no TV or kiosk does, so no box in the field is refused.
- a merge (``PATCH`` preferences) is accepted: it changes only the fields it names, so it
  cannot discard someone else's change to another field, and a TV or kiosk that sets text size
  or volume without knowing of versions (older clients) keeps working. With ``If-Match`` it is
  checked like any write.

Not versioned, and why: ``PATCH /v1/family/me`` (only the member edits their own name and
phone, field by field), ``PATCH /v1/elders/{id}/checkin`` (agents set ``enabled`` or ``by``,
field by field; its read is today's check-in, which moves with every 报平安, not the
settings), family bindings (each change is a transition checked against the current state:
409), a binding's permissions (set once when asked for; nothing changes them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from flask import Flask, Response, g, request
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

from .errors import ApiError
from .models import Contact, Elder

HEADER = "If-Match"
_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


@dataclass(frozen=True)
class Resource:
    name: str  # the ETag's prefix (``"contacts-7"``) and the resource /openapi.json names
    column: str  # the Elder attribute holding its version
    required: bool  # a write without If-Match is refused (428)
    stale: str  # the 412's sentence, for the family member whose save was refused
    read_by: str  # the read whose ETag a write takes (documentation)


CONTACTS = Resource(
    "contacts", "contacts_version", True,
    "刚才有家人或客服改过紧急联系人，您这次的修改没有保存。请看一下现在的名单，再改一次。",
    "GET /v1/elders/{elder_id}/contacts")
PROFILE = Resource(
    "elder", "version", False,
    "刚才有人改过老人的设置，您这次的修改没有保存。请看一下现在的设置，再改一次。",
    "GET /v1/elders/{elder_id}")
RESOURCES = {r.name: r for r in (CONTACTS, PROFILE)}


def etag(resource: Resource, version: int) -> str:
    return f'"{resource.name}-{version}"'


def presented() -> list[str] | None:
    """The entity-tags of ``If-Match`` (``["*"]`` for any), None without the header. Weak tags
    never match (strong comparison), and neither does anything that is not a quoted tag."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if raw.strip() == "*":
        return ["*"]
    tags, at = [], 0
    while at < len(raw):
        found = _TAG.match(raw, at)
        if found is None or found.end() == at:
            return tags + ["\0malformed"]
        if not found.group(1):
            tags.append(f'"{found.group(2)}"')
        at = found.end()
    return tags


def check(db: Session, resource: Resource, elder: Elder) -> None:
    """Before a write: the version ``If-Match`` names must still be the elder's (the row is
    locked for the rest of the transaction on PostgreSQL, so two writers made from the same
    version cannot both pass; SQLite's writers are one at a time already). 412 when another
    write came first; 428 without the header where the resource requires it. A write that
    passes moves the version even if it changes nothing (every write is a new version)."""
    check_tags(db, resource, elder, presented())


def check_tags(db: Session, resource: Resource, elder: Elder, tags: list[str] | None) -> None:
    """:func:`check` for entity-tags that came another way than ``If-Match`` (the console's
    form carries the version its page was drawn with)."""
    if tags is None:
        if resource.required:
            raise ApiError("precondition_required")
        return
    column = getattr(Elder, resource.column)
    current = db.execute(select(column).where(Elder.id == elder.id).with_for_update()).scalar_one()
    if "*" not in tags and etag(resource, current) not in tags:
        raise ApiError("precondition_failed", resource.stale)
    bump(elder, resource.column)
    if resource is CONTACTS:
        bump(elder, PROFILE.column)


def bump(elder: Elder, column: str) -> None:
    """The next version, computed by the database (``version + 1`` in the UPDATE): two
    writers never hand out the same version."""
    added = inspect(elder).attrs[column].history.added
    if added and isinstance(added[0], ClauseElement):
        return  # moved already in this transaction's pending UPDATE
    setattr(elder, column, getattr(Elder, column) + 1)


def answer(resource: Resource, elder: Elder, db: Session | None = None) -> None:
    """Send the resource's version as this response's ``ETag`` (after a write: flushed and
    read back, the version the database gave)."""
    if db is not None:
        db.flush()
        version = db.scalar(select(getattr(Elder, resource.column)).where(Elder.id == elder.id))
    else:
        version = getattr(elder, resource.column)
    g.onekey_etag = etag(resource, version)


def reads(resource: Resource) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a read that answers the resource's ``ETag`` (for /openapi.json)."""
    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view._onekey_etag = resource  # type: ignore[attr-defined]
        return view
    return mark


def writes(resource: Resource) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a write that takes ``If-Match`` and answers the new ``ETag`` (for /openapi.json:
    the header, 412, and 428 where it is required)."""
    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view._onekey_etag = resource  # type: ignore[attr-defined]
        view._onekey_if_match = resource  # type: ignore[attr-defined]
        return view
    return mark


def init_app(app: Flask) -> None:
    """Register after ``unit_of_work``: the ETag is on the response before it is stored with
    its Idempotency-Key (a replay answers it too)."""
    app.after_request(_etag_header)


def _etag_header(response: Response) -> Response:
    tag = g.pop("onekey_etag", None)
    if tag is not None and response.status_code < 300 and not g.get("replayed"):
        response.headers["ETag"] = tag
    return response


# -- the versions follow every write -----------------------------------------------------------
_VERSIONS = ("version", "contacts_version")


@event.listens_for(Session, "before_flush")
def _versions_follow_writes(session: Session, _context: object, _instances: object) -> None:
    """An elder whose row or contacts change gets new versions in the same UPDATE, whoever
    wrote: the ETag answered afterwards always names what is stored."""
    changed: dict[str, set[str]] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Contact) and obj.elder_id:
            changed.setdefault(obj.elder_id, set()).update(_VERSIONS)
        elif isinstance(obj, Elder) and obj in session.dirty:
            state = inspect(obj)
            if state.attrs.contacts.history.has_changes():
                changed.setdefault(obj.id, set()).update(_VERSIONS)
            elif any(state.attrs[a.key].history.has_changes() for a in state.mapper.column_attrs
                     if a.key not in _VERSIONS):
                changed.setdefault(obj.id, set()).add("version")
    if not changed:
        return
    with session.no_autoflush:
        for elder_id, columns in changed.items():
            elder = session.get(Elder, elder_id)
            if elder is None or not inspect(elder).persistent:
                continue  # a new elder starts at 1
            for column in columns:
                bump(elder, column)
