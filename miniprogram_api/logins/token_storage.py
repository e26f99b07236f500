"""Where wechatpy keeps the access token: the back end's database, shared by every worker,
and handed out only while it has more than ``margin_s`` to live — so it is refreshed before
it expires, not after a failed call (wechatpy's own expiry check is per process)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from wechatpy.session import SessionStorage

from ..db import Database, utcnow
from ..models import WechatToken

DEFAULT_TTL_S = 7200


class DatabaseTokenStorage(SessionStorage):
    def __init__(self, database: Database, margin_s: float = 300.0):
        self.database = database
        self.margin = timedelta(seconds=margin_s)

    def get(self, key, default=None):  # noqa: ANN001 — wechatpy's interface
        with self.database.session(write=False) as db:
            row = db.get(WechatToken, key)
            if row is None or row.expires_at - utcnow() <= self.margin:
                return default
            return row.value

    def set(self, key, value, ttl=None):  # noqa: ANN001
        expires = utcnow() + timedelta(seconds=int(ttl or DEFAULT_TTL_S))
        with self.database.session() as db:
            row = db.get(WechatToken, key)
            if row is None:
                db.add(WechatToken(key=key, value=value, expires_at=expires))
            else:
                row.value, row.expires_at = value, expires

    def delete(self, key):  # noqa: ANN001
        with self.database.session() as db:
            db.execute(delete(WechatToken).where(WechatToken.key == key))
