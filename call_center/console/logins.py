"""Who is at the console: login sessions, the idle timeout, and the gate every request
passes (login required, CSRF on every POST, supervisor-only pages).

The cookie (signed, HttpOnly, SameSite=Strict, path /console) carries a random session id
and the time of the agent's last action. The id's hash names a ``console_sessions`` row, so
logout and expiry kill the session on the server too. The last-action time lives in the
signed cookie: polling the queue does not count as activity, and an old cookie can only be
*more* expired, never less.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlencode

from flask import current_app, g, jsonify, redirect, request, session, url_for
from werkzeug.exceptions import Forbidden

from ..auth import Caller
from ..clock import now
from ..models.console import ConsoleCredential, ConsoleSession
from ..unit_of_work import session as db_session
from . import audit
from .settings import ConsoleSettings

SID, SEEN, SINCE = "sid", "seen", "since"


@dataclass(frozen=True)
class AgentAtConsole:
    agent_id: str
    name: str
    username: str
    role: str
    session_hash: str

    @property
    def caller(self) -> Caller:
        """The API's notion of the caller: events record ``agent:<id>`` as the actor."""
        return Caller("agent", self.agent_id, self.name)

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def settings() -> ConsoleSettings:
    return current_app.extensions["onekey_console"]


def current() -> AgentAtConsole:
    return g.console_agent


# View markers: set attributes on the registered view function (no wrapping).
def public(view: Callable[..., Any]) -> Callable[..., Any]:
    view._console_public = True  # type: ignore[attr-defined]
    return view


def passive(view: Callable[..., Any]) -> Callable[..., Any]:
    """Polling: neither counts as activity nor keeps the session alive."""
    view._console_passive = True  # type: ignore[attr-defined]
    return view


def answers_json(view: Callable[..., Any]) -> Callable[..., Any]:
    view._console_json = True  # type: ignore[attr-defined]
    return view


def supervisors_only(view: Callable[..., Any]) -> Callable[..., Any]:
    view._console_supervisor = True  # type: ignore[attr-defined]
    return view


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def sign_in(credential: ConsoleCredential) -> AgentAtConsole:
    """A fresh session after a good password (never reuse the anonymous one: fixation)."""
    sid = secrets.token_urlsafe(32)
    moment = now()
    db_session().add(ConsoleSession(id_hash=_hash(sid), credential_id=credential.id,
                                    created_at=moment, ip=audit.client_ip()))
    session.clear()
    session[SID] = sid
    session[SEEN] = session[SINCE] = moment.timestamp()
    g.console_agent = AgentAtConsole(credential.agent_id, credential.agent.name,
                                     credential.username, credential.role, _hash(sid))
    return g.console_agent


def end(reason: str) -> None:
    row = db_session().get(ConsoleSession, _hash(session.get(SID, "")))
    if row is not None and row.ended_at is None:
        row.ended_at = now()
        row.end_reason = reason
    session.clear()


def seconds_left() -> float:
    """Until the idle logout (or the end of the shift, whichever is sooner)."""
    current_time = now().timestamp()
    s = settings()
    idle = s.idle_seconds - (current_time - float(session.get(SEEN, 0)))
    shift = s.max_session_seconds - (current_time - float(session.get(SINCE, 0)))
    return max(0.0, min(idle, shift))


def _load() -> tuple[AgentAtConsole | None, str]:
    sid = session.get(SID)
    if not sid:
        return None, "anonymous"
    row = db_session().get(ConsoleSession, _hash(sid))
    if row is None or row.ended_at is not None:
        return None, "ended"
    credential = row.credential
    if not credential.active or not credential.agent.active:
        return None, "ended"
    who = AgentAtConsole(credential.agent_id, credential.agent.name, credential.username,
                         credential.role, row.id_hash)
    if seconds_left() <= 0:
        return who, "expired"
    return who, "ok"


def gate() -> Any:
    """The console blueprint's ``before_request``."""
    if request.endpoint is None or request.endpoint.endswith(".static"):
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "_console_public", False):
        _protect_post()
        return None
    who, state = _load()
    if state == "expired" and who is not None:
        _expire(who)
        who = None
    if who is None:
        session.pop(SID, None)
        return _refuse(view, state)
    g.console_agent = who
    _protect_post()
    if getattr(view, "_console_supervisor", False) and not who.is_supervisor:
        audit.record_regardless("forbidden", "page", request.endpoint or "",
                                "非值班长打开值班长页面")
        raise Forbidden("这个页面只有值班长可以看。")
    if not getattr(view, "_console_passive", False):
        session[SEEN] = now().timestamp()
    return None


def _protect_post() -> None:
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        current_app.extensions["csrf"].protect()


def _expire(who: AgentAtConsole) -> None:
    reason = "idle"
    if now().timestamp() - float(session.get(SINCE, 0)) >= settings().max_session_seconds:
        reason = "max_age"
    session_hash = who.session_hash

    def close_row(db: Any) -> None:
        row = db.get(ConsoleSession, session_hash)
        if row is not None and row.ended_at is None:
            row.ended_at = now()
            row.end_reason = reason

    audit.on_any_outcome(close_row)
    audit.record_regardless("session_expired", "session", "",
                            "空闲超时" if reason == "idle" else "超过一个班次的时长",
                            agent_id=who.agent_id, username=who.username)
    session.clear()


def _refuse(view: Any, state: str) -> Any:
    expired = state in {"expired", "ended"}
    message = "登录已超时，请重新登录。" if expired else "请先登录。"
    if getattr(view, "_console_json", False):
        body = jsonify(error={"code": "unauthorized", "message": message},
                       login_url=url_for("console.login"))
        body.status_code = 401
        return body
    args: dict[str, str] = {}
    if request.method == "GET" and request.path != url_for("console.queue"):
        args["next"] = request.path
    if expired:
        args["expired"] = "1"
    target = url_for("console.login") + ("?" + urlencode(args) if args else "")
    return redirect(target, 303)


def safe_next(candidate: str | None) -> str:
    """Only a path inside the console (no scheme, no host, no protocol-relative URL)."""
    default = url_for("console.queue")
    if not candidate or not candidate.startswith("/console/") or candidate.startswith("//"):
        return default
    if "\\" in candidate or any(ch in candidate for ch in "\r\n"):
        return default
    return candidate
