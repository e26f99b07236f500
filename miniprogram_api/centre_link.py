"""How the back end reaches the centre: only over HTTP, through ``shared_ui.client``.

As a *service* it does three things only — exchange a signed-in member's identity for a family
token, follow every household's events for alerts, and ask who may be alerted. Everything
done for a member is done *as that member*, with the family token the centre issued, so the
centre checks the member's binding on every call (DESIGN.md §2: the centre decides).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from shared_ui.client import CenterClient, CenterError

CLIENTS_KEPT = 256  # pooled clients of recently active members (one HTTP pool each)
REFRESH_BEFORE = timedelta(minutes=10)


class CentreLink:
    def __init__(self, base_url: str, service_token: str, hotline: str = "12345"):
        self.base_url = base_url.rstrip("/")
        self.hotline = hotline
        self.service = CenterClient(self.base_url, service_token, hotline=hotline)
        self._members: OrderedDict[str, CenterClient] = OrderedDict()
        self._lock = threading.Lock()

    def exchange(self, provider: str, subject: str, name: str | None = None,
                 phone: str | None = None) -> dict:
        """``{token, expires_at, family}`` for a member the back end has just signed in. The
        centre refusing our service token is this service's fault, never the member's: a 502,
        not a 401 that would send the phone to sign in again and again."""
        try:
            return self.service.family_session(provider, subject, name, phone)
        except CenterError as exc:
            if exc.status in (401, 403):
                raise CenterError("service_refused", exc.message, 502) from exc
            raise

    def as_member(self, token: str) -> CenterClient:
        """A client that speaks as the member holding ``token`` (kept warm for reuse)."""
        with self._lock:
            client = self._members.pop(token, None)
            if client is None:
                client = CenterClient(self.base_url, token, hotline=self.hotline)
            self._members[token] = client
            while len(self._members) > CLIENTS_KEPT:
                _old, gone = self._members.popitem(last=False)
                gone.close()
            return client

    def forget(self, token: str) -> None:
        with self._lock:
            client = self._members.pop(token, None)
        if client is not None:
            client.close()

    @staticmethod
    def due_for_refresh(expires_at: datetime, now: datetime) -> bool:
        return expires_at - now < REFRESH_BEFORE

    def close(self) -> None:
        self.service.close()
        with self._lock:
            for client in self._members.values():
                client.close()
            self._members.clear()
