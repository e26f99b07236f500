"""What each member allowed: ``wx.requestSubscribeMessage`` answers per template. A one-time
template's "accept" is one message (WeChat counts the same); a long-term one is many. WeChat's
43101 (the user refused, or has no credit left) zeroes ours too."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database, utcnow
from ..models import Login, Subscription


def record_answers(database: Database, login: Login, results: dict[str, str], long_term: bool) -> None:
    with database.session() as db:
        for template_id, answer in results.items():
            row = db.scalar(select(Subscription).where(Subscription.openid == login.subject,
                                                       Subscription.template_id == template_id))
            if row is None:
                row = Subscription(family_id=login.family_id, openid=login.subject,
                                   template_id=template_id, credits=0, long_term=False)
                db.add(row)
            row.family_id, row.updated_at = login.family_id, utcnow()
            if answer == "accept":
                row.long_term = row.long_term or long_term
                row.credits += 0 if long_term else 1
                row.refused_at = None
            else:  # reject / ban / filter: nothing may be sent
                row.credits, row.long_term, row.refused_at = 0, False, utcnow()


def subscriptions_of(database: Database, login: Login) -> list[dict[str, Any]]:
    with database.session(write=False) as db:
        rows = db.scalars(select(Subscription).where(Subscription.openid == login.subject))
        return [{"template_id": r.template_id, "credits": r.credits, "long_term": r.long_term,
                 "refused": r.refused_at is not None} for r in rows]


def allows(db: Session, openid: str, template_id: str) -> Subscription | None:
    row = db.scalar(select(Subscription).where(Subscription.openid == openid,
                                               Subscription.template_id == template_id))
    if row is None or not (row.long_term or row.credits > 0):
        return None
    return row


def spend(db: Session, openid: str, template_id: str) -> None:
    row = allows(db, openid, template_id)
    if row is not None and not row.long_term:
        row.credits -= 1
        row.updated_at = utcnow()


def refused(db: Session, openid: str, template_id: str) -> None:
    row = db.scalar(select(Subscription).where(Subscription.openid == openid,
                                               Subscription.template_id == template_id))
    if row is not None:
        row.credits, row.long_term, row.refused_at = 0, False, utcnow()
