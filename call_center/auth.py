"""Who is calling: bearer tokens resolved to a :class:`Caller`, and who may act for whom.

Token kinds (docs/central-api.md §Conventions): a TV ``device`` acts only for its household's
elders; a kiosk ``device`` only for the elder of the live grant it presents (identified in
its current session, call_center/grants.py); an ``agent`` for everyone; a ``family`` member
only through an active binding the elder consented to, within its permissions, and only on
the endpoints of :data:`call_center.family.access.FAMILY_MAY`; a ``service`` (the
mini-program back end) for nobody: it exchanges a signed-in member's identity for a family
token and acts with that, so the centre — not the back end — decides every time. New kinds of
caller (a volunteer at a kiosk) add a branch to :meth:`Caller.may_act_for` and a column to the
authorisation matrix (tests/call_center/contract/), nothing else.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import wraps
from typing import Any, Callable, Mapping

from flask import current_app, g, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import grants
from .clock import now
from .db import read_session
from .errors import ApiError
from .family import access as family_access
from .models import Agent, Device, Elder
from .models.family import Binding, FamilyAccount, FamilyToken

BEARER = "Bearer"
CALLERS = "onekey_callers"  # app extension: the process's token cache (call_center.push.callers)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != BEARER.lower() or not token.strip():
        return None
    return token.strip()


def caller_fingerprint() -> str:
    """Who the caller claims to be, without a database hit (scopes idempotency keys)."""
    token = presented_token()
    return token_fingerprint(token) if token else "anonymous"


def token_fingerprint(token: str) -> str:
    return "token:" + hash_token(token)[:40]


@dataclass(frozen=True)
class Caller:
    kind: str  # "device" | "agent" | "service" | "family"
    id: str
    name: str
    device_kind: str | None = None  # "tv" | "kiosk" for devices
    household_id: str | None = None
    station: str | None = None
    # A kiosk's grant, when it presented one of its own: for whom, live or not, until when.
    grant_id: str | None = None
    grant_elder_id: str | None = None
    grant_live: bool = False
    grant_until: datetime | None = None
    # A family member's active bindings: elder id -> permissions (loaded with the token).
    bindings: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def actor(self) -> str:
        """How events and messages record who did something (``agent:agt_…``)."""
        if self.kind == "device":
            return f"{self.device_kind}:{self.id}"
        return f"{self.kind}:{self.id}"

    @property
    def is_tv(self) -> bool:
        return self.kind == "device" and self.device_kind == "tv"

    @property
    def is_kiosk(self) -> bool:
        return self.kind == "device" and self.device_kind == "kiosk"

    def may_act_for(self, elder: Elder) -> bool:
        if self.kind == "agent":
            return True
        if self.is_kiosk:
            return self.grant_live and self.grant_elder_id == elder.id
        if self.kind == "family":
            return family_access.permits(self.bindings, elder.id)
        return self.is_tv and elder.household_id == self.household_id

    def refusal(self) -> ApiError:
        """Why :meth:`may_act_for` said no, as the error to answer with: a kiosk without a
        live grant is told to identify the person again; anyone else, ``forbidden``."""
        if self.is_kiosk and not self.grant_live:
            return ApiError("grant_expired" if self.grant_id else "grant_required")
        return ApiError("forbidden")


def resolve(session: Session, token: str) -> Caller | None:
    digest = hash_token(token)
    device = session.scalar(select(Device).where(Device.token_hash == digest, Device.active))
    if device is not None:
        return Caller("device", device.id, device.name, device.kind, device.household_id,
                      device.station)
    agent = session.scalar(select(Agent).where(Agent.token_hash == digest, Agent.active))
    if agent is not None:
        return Caller(agent.kind, agent.id, agent.name)
    return _family(session, digest)


def _family(session: Session, digest: str) -> Caller | None:
    """A family token still valid, with the member's active bindings as of this call."""
    member = session.scalar(select(FamilyAccount).join(
        FamilyToken, FamilyToken.family_id == FamilyAccount.id).where(
        FamilyToken.token_hash == digest, FamilyToken.expires_at > now(), FamilyAccount.active))
    if member is None:
        return None
    rows = session.execute(select(Binding.elder_id, Binding.permissions).where(
        Binding.family_id == member.id, Binding.status == "active")).all()
    return Caller("family", member.id, member.name,
                  bindings={elder_id: tuple(perms or ()) for elder_id, perms in rows})


def authenticate(session: Session, token: str) -> Caller | None:
    """The caller a bearer token names, with the kiosk grant it presents resolved."""
    caller = resolve(session, token)
    return with_grant(session, caller) if caller is not None else None


def caller_for(token: str) -> Caller | None:
    """The caller a bearer token names, with the kiosk grant it presents: from the process's
    token cache (exact: evicted by every access change), once per request. A kiosk's grant
    is read each time (it changes with every elder at the kiosk), and so is a family
    member's caller (the cache does not keep it)."""
    memo = g.get("onekey_token_caller")
    if memo is not None and memo[0] == token:
        return memo[1]
    cache = current_app.extensions.get(CALLERS)
    if cache is not None:
        caller = cache.caller(token)
        if caller is not None and caller.is_kiosk:
            with read_session() as db:
                caller = with_grant(db, caller)
    else:
        with read_session() as db:
            caller = authenticate(db, token)
    g.onekey_token_caller = (token, caller)
    return caller


def with_grant(session: Session, caller: Caller) -> Caller:
    """A kiosk's caller with the grant it presents (``Onekey-Grant``), if it is its own."""
    if not caller.is_kiosk:
        return caller
    presented = request.headers.get(grants.HEADER, "").strip()
    found = grants.seen(session, caller.id, presented) if presented and len(presented) <= 128 else None
    if found is None:
        return caller
    return replace(caller, grant_id=found.id, grant_elder_id=found.elder_id, grant_live=found.live,
                   grant_until=found.until)


def current_caller() -> Caller:
    return g.caller


def requires(*kinds: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Authenticate the bearer token (:func:`caller_for`, outside the request's transaction:
    a writer takes the write lock only after authentication and validation); ``kinds`` are
    "device", "tv", "kiosk", "agent", "service", "family" (none = any valid token). A family
    caller passes only on the endpoints of ``family.access.FAMILY_MAY``, whatever ``kinds``
    says. Sets ``g.caller``."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = presented_token()
            if token is None:
                raise ApiError("unauthorized")
            caller = caller_for(token)
            if caller is None:
                raise ApiError("invalid_token")
            if caller.kind == "family":
                if not family_access.endpoint_allowed():
                    raise ApiError("forbidden")
            elif kinds and not _allowed(caller, kinds):
                raise ApiError("forbidden", "这个操作需要话务员来办。" if kinds == ("agent",) else None)
            g.caller = caller
            return view(*args, **kwargs)

        wrapper._onekey_auth = kinds  # type: ignore[attr-defined]
        doc = getattr(wrapper, "_spec", {})
        doc.setdefault("security", [{"BearerAuth": []}])
        wrapper._spec = doc  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _allowed(caller: Caller, kinds: tuple[str, ...]) -> bool:
    if caller.kind in kinds:
        return True
    return caller.kind == "device" and caller.device_kind in kinds


def elder_for(session: Session, elder_id: str, caller: Caller | None = None) -> Elder:
    """The elder the caller names, or 404/403 — the one place scoping by elder happens."""
    caller = caller or current_caller()
    elder = session.get(Elder, elder_id)
    if elder is None:
        raise ApiError("not_found", "没有找到这位老人。")
    if not caller.may_act_for(elder):
        raise caller.refusal()
    return elder
