"""The people a message's words name, marked as the centre sends it (``MessageOut.people``).

A front end keeps every name it is told of whole on a line (``accessibility.line_breaks``): a
name that breaks (志愿者张 / 建华) is hard to read for an old eye. The centre wrote the words
from its own data — her name, her contacts and family, the visitor of her patrol visits, the
driver or companion of the request a message is about — so it names them, rather than leaving
every front end to guess names from text.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.names import is_name, people_in, plain

from .models import Contact, Elder, Message, ServiceRequest


def known_to(db: Session, elder_id: str) -> set[str]:
    """Everyone the centre may name to this elder, kept for the session's length (a list of
    fifty messages asks once)."""
    cache = db.info.setdefault("people_known", {})
    if elder_id in cache:
        return cache[elder_id]
    from .models import Agent, Volunteer
    from .models.family import Binding, FamilyAccount
    from .models.patrols import PatrolVisit, VisitPlan

    names: set[str] = set()
    elder = db.get(Elder, elder_id)
    if elder is not None:
        names.add(elder.name)
    names |= set(db.scalars(select(Contact.name).where(Contact.elder_id == elder_id)))
    names |= set(db.scalars(select(FamilyAccount.name).join(Binding, Binding.family_id == FamilyAccount.id)
                            .where(Binding.elder_id == elder_id)))
    names |= set(db.scalars(select(PatrolVisit.visitor_name).where(PatrolVisit.elder_id == elder_id)))
    plan = db.get(VisitPlan, elder_id)
    if plan is not None and plan.visitor_id:  # read here, not through patrols.plans (an import circle)
        who = db.get(Volunteer if plan.visitor_kind == "volunteer" else Agent, plan.visitor_id)
        if who is not None:
            names.add(plain(who.name))  # 志愿者 张建华: the person is 张建华
    known = {n for n in names if is_name(n)}
    cache[elder_id] = known
    return known


def named_in(db: Session | None, m: Message) -> list[str]:
    """The people ``m``'s title and body name, longest first (欧阳娜娜 before a 欧阳娜 in it)."""
    if db is None or not m.elder_id:
        return []
    names = set(known_to(db, m.elder_id))
    if m.request_id:
        request = db.get(ServiceRequest, m.request_id)
        if request is not None:
            names |= people_in(request.result or {})
    text = f"{m.title}\n{m.body}"
    return sorted((n for n in names if n in text), key=lambda n: (-len(n), n))
