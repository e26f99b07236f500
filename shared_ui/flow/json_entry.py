"""The flow engine as JSON in, JSON out: the entry a web backend (the mini-program's) uses.

A stateless worker keeps no session in memory: each call loads the session from a store
(server-side, keyed by an unguessable id), applies one user event — checked exactly like a
remote's (:data:`~.events.USER_EVENTS` only; a "result" or any other kind is refused) — runs
the intents through the centre's client right away, saves the session and answers with the
screen as JSON. Any worker can take the next call.
"""
from __future__ import annotations

import secrets
import threading
from typing import Any, Callable, Protocol

from ..client import CenterClient
from .engine import FlowEngine
from .events import Event, EventRefused
from .runner import FlowRunner, IntentRunner, run_intent
from .screens import Step
from .session import Session, SessionVersionError


class SessionStore(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, data: dict[str, Any]) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryStore:
    """A store for one process (tests, the terminal); a backend gives a shared one."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            return self._data.get(key)

    def put(self, key: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._data[key] = data

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)


class UnknownSession(LookupError):
    """No such session (expired, wiped, or never issued): start a new one."""

    code = "session_unknown"
    message = "页面已过期，请重新打开。"


class JsonFlow:
    def __init__(self, engine: FlowEngine, client_for: Callable[[Session], CenterClient], store: SessionStore,
                 intent_runner: IntentRunner = run_intent):
        self.engine = engine
        self.client_for = client_for
        self.store = store
        self.intent_runner = intent_runner

    def start(self, elder: dict[str, Any] | None = None, household: list[dict[str, Any]] | None = None,
              locale: str | None = None) -> dict[str, Any]:
        session, step = self.engine.start(elder, locale=locale, household=household)
        key = secrets.token_urlsafe(24)
        return self._answer(key, session, step)

    def send(self, key: str, event: Any) -> dict[str, Any]:
        """One user event (``{"kind", "value"}``) for the session ``key``."""
        session = self._load(key)
        checked = Event.from_dict(event)  # EventRefused before anything is touched
        return self._answer(key, session, self.engine.handle(session, checked))

    def screen(self, key: str) -> dict[str, Any]:
        session = self._load(key)
        return self._answer(key, session, self.engine.current(session))

    def end(self, key: str) -> None:
        self.store.delete(key)

    # ------------------------------------------------------------------------------------------
    def _load(self, key: str) -> Session:
        data = self.store.get(key) if isinstance(key, str) and key else None
        if data is None:
            raise UnknownSession(key)
        try:
            return Session.from_dict(data)
        except (SessionVersionError, ValueError, KeyError, TypeError) as exc:
            self.store.delete(key)
            raise UnknownSession(key) from exc

    def _answer(self, key: str, session: Session, step: Step) -> dict[str, Any]:
        runner = FlowRunner(self.engine, self.client_for(session), intent_runner=self.intent_runner)
        runner.session = session
        step = runner.settle(step)
        if step.wipe:  # the person is gone: their session's key goes with them
            self.store.delete(key)
            key = secrets.token_urlsafe(24)
        self.store.put(key, session.to_dict())
        # Whom the session acts for: a family member's page names the parent on every step
        # (a renderer for the elder herself need not).
        elder = session.elder or {}
        for_elder = {"id": elder["id"], "name": elder.get("name", "")} if elder.get("id") else None
        return {"session": key, "screen": step.screen.to_dict(), "speech": step.speech, "wipe": step.wipe,
                "elder": for_elder}


__all__ = ["EventRefused", "JsonFlow", "MemoryStore", "SessionStore", "UnknownSession"]
