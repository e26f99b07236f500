"""Signed-in members: a ``logins`` row per phone or browser, the product's token that points
at it, and the centre client that speaks as the member.

The phone holds only the product's signed, expiring token (a ``Bearer`` for the
mini-program's JSON, an HttpOnly cookie for H5). The WeChat session key and the centre's
family token stay in the row; the family token is exchanged again before it expires.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import delete, update

from shared_ui.client import CenterClient, CenterError

from .centre_link import CentreLink
from .db import Database, utcnow
from .logins.tokens import LoginTokens
from .models import FlowSession, Login, VouchedCode


log = logging.getLogger(__name__)
FLOW_KEPT = timedelta(days=2)
LOGINS_KEPT = timedelta(days=30)
CODE_LIFETIME = timedelta(minutes=5)  # wx.login's code; a 随申办 authorization code lives no longer


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Vouched:
    """Who a provider says signed in (WeChat: the openid and its session key; 随申办: the
    subject with a name and phone), and the code it was said for."""

    subject: str
    code_hash: str = ""
    unionid: str | None = None
    session_key: str | None = None
    name: str = ""
    phone: str = ""


@dataclass
class Member:
    login: Login
    centre: CenterClient

    @property
    def family_id(self) -> str:
        return self.login.family_id


class Members:
    def __init__(self, database: Database, link: CentreLink, tokens: LoginTokens, ttl_s: int):
        self.database = database
        self.link = link
        self.tokens = tokens
        self.ttl = timedelta(seconds=ttl_s)

    def vouched(self, provider: str, code: str, ask: Callable[[], Vouched]) -> Vouched:
        """Who ``code`` signs in, asked of the provider once (``ask``): a code is good once
        there, so what it said is kept until :meth:`sign_in` with it is done, for the code's
        own lifetime. A sign-in retried after the centre failed (503) then signs in, where
        it was refused as a used code (401) and the phone signed out."""
        code_hash = hashlib.sha256(f"{provider}\0{code}".encode()).hexdigest()
        now = utcnow()
        with self.database.session(write=False) as db:
            kept = db.get(VouchedCode, code_hash)
        if kept is not None and kept.expires_at > now:
            return Vouched(kept.subject, code_hash, kept.unionid, kept.session_key, kept.name,
                           kept.phone)
        who = ask()
        with self.database.session() as db:
            db.merge(VouchedCode(code_hash=code_hash, provider=provider, subject=who.subject,
                                 unionid=who.unionid, session_key=who.session_key,
                                 name=who.name, phone=who.phone, expires_at=now + CODE_LIFETIME))
            db.execute(delete(VouchedCode).where(VouchedCode.expires_at < now))
        return Vouched(who.subject, code_hash, who.unionid, who.session_key, who.name, who.phone)

    def sign_in(self, provider: str, subject: str, *, unionid: str | None = None,
                session_key: str | None = None, name: str = "", phone: str = "",
                code_hash: str = "") -> tuple[Login, str, dict]:
        """A new login for a member the provider vouched for: the centre's family token first
        (the centre makes the account on first sign-in), then our row and our token; the
        code it came with (:meth:`vouched`) is spent with it."""
        exchanged = self.link.exchange(provider, subject, name or None, phone or None)
        family = exchanged["family"]
        now = utcnow()
        login = Login(id=secrets.token_urlsafe(24), provider=provider, subject=subject,
                      unionid=unionid, session_key=session_key, name=family.get("name") or name,
                      phone=phone, family_id=family["id"], centre_token=exchanged["token"],
                      centre_token_expires_at=parse_time(exchanged["expires_at"]),
                      created_at=now, expires_at=now + self.ttl)
        with self.database.session() as db:
            db.add(login)
            if code_hash:
                db.execute(delete(VouchedCode).where(VouchedCode.code_hash == code_hash))
            # Housekeeping, on the rare path: screens left for days, logins long expired.
            db.execute(delete(FlowSession).where(FlowSession.updated_at < now - FLOW_KEPT))
            db.execute(delete(Login).where(Login.expires_at < now - LOGINS_KEPT))
        return login, self.tokens.issue(login.id), family

    def resolve(self, token: str | None) -> Member | None:
        """The member behind a product token; None when it is forged, expired or ended."""
        login_id = self.tokens.read(token)
        if login_id is None:
            return None
        with self.database.session(write=False) as db:
            login = db.get(Login, login_id)
        now = utcnow()
        if login is None or login.ended_at is not None or login.expires_at <= now:
            return None
        return Member(login, self.link.as_member(self._fresh(login, now).centre_token))

    def acting_for(self, login_id: str) -> CenterClient | None:
        """The centre as the member of ``login_id``, for work that outlives the request that
        asked for it (an SOS kept while the centre was away): signed out since or not, a
        press made is delivered. None when the login is gone."""
        with self.database.session(write=False) as db:
            login = db.get(Login, login_id)
        if login is None:
            return None
        return self.link.as_member(self._fresh(login, utcnow()).centre_token)

    def _fresh(self, login: Login, now: datetime) -> Login:
        """``login`` with its family token exchanged again when it is due."""
        if not self.link.due_for_refresh(login.centre_token_expires_at, now):
            return login
        try:
            return self._refresh(login)
        except CenterError as exc:
            # Refreshed ahead of time, the old token still does; if it no longer does, the
            # centre says so on the member's own call. Signing out or turning a screen never
            # fails because the centre is away.
            log.warning("family token not refreshed (%s): the old one is used", exc.code)
            return login

    def _refresh(self, login: Login) -> Login:
        exchanged = self.link.exchange(login.provider, login.subject)
        old = login.centre_token
        with self.database.session() as db:
            row = db.get(Login, login.id)
            assert row is not None
            row.centre_token = exchanged["token"]
            row.centre_token_expires_at = parse_time(exchanged["expires_at"])
            login = row
        self.link.forget(old)
        return login

    def update(self, login: Login, **values: Any) -> None:
        with self.database.session() as db:
            db.execute(update(Login).where(Login.id == login.id).values(**values))
        for key, value in values.items():
            setattr(login, key, value)

    def sign_out(self, login: Login) -> None:
        """Ends this login now (its token stops working) and forgets its screens."""
        with self.database.session() as db:
            db.execute(update(Login).where(Login.id == login.id).values(ended_at=utcnow()))
            db.query(FlowSession).filter(FlowSession.login_id == login.id).delete()
        self.link.forget(login.centre_token)
