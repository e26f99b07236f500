"""What one running back end holds (settings, database, members, logins, alerts), and the
gate every member's endpoint passes: the product token → the member → the centre, as them."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Callable, TypeVar

from flask import current_app, g, request

from shared_ui.client import CenterError

from .centre_link import CentreLink
from .db import Database
from .errors import ApiError, from_centre
from .logins.shensuiban import ShensuibanLogin
from .logins.wechat import WeChatLogin
from .family_sos import FamilySos
from .members import Member, Members
from .settings import Settings

EXTENSION = "onekey_mp"
T = TypeVar("T")


@dataclass
class Backend:
    settings: Settings
    database: Database
    link: CentreLink
    members: Members
    wechat: WeChatLogin | None
    ssb: ShensuibanLogin | None
    sos: FamilySos
    extras: dict[str, Any] = field(default_factory=dict)


def backend() -> Backend:
    return current_app.extensions[EXTENSION]


def bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def resolved(token: str | None) -> Member | None:
    """The member behind a token, looked up once a request: a rate-limited route asks for
    its limit's key before the view's gate asks again (a database read, and maybe a refresh
    at the centre, each time)."""
    found: dict[str | None, Member | None] = g.setdefault("resolved_members", {})
    if token not in found:
        found[token] = backend().members.resolve(token)
    return found[token]


def member() -> Member:
    return g.member


def member_required(view: Callable[..., T]) -> Callable[..., T]:
    """JSON endpoints: a valid ``Authorization: Bearer <product token>``, else 401. (No
    cookie is read here, so the JSON API has no CSRF exposure; H5 pages have their own gate.)"""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        token = bearer()
        if token is None:
            raise ApiError(401, "unauthorized", "请先登录。")
        found = centre_call(resolved, token)
        if found is None:
            raise ApiError(401, "invalid_token", "登录已失效，请重新登录。")
        g.member, g.login = found, found.login
        return view(*args, **kwargs)

    doc = getattr(wrapper, "_spec", {})
    doc.setdefault("security", [{"BearerAuth": []}])
    wrapper._spec = doc  # type: ignore[attr-defined]
    return wrapper


def centre_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call the centre; its refusal (403 for an elder not bound, 409 …) becomes ours."""
    try:
        return fn(*args, **kwargs)
    except CenterError as exc:
        raise from_centre(exc) from exc
