"""政策找人: which policies an elder qualifies for, telling her once, and her answer.

An elder is told of a policy by one ``policy`` message that asks 想办理 / 不需要 (the same
answers mechanism as a family member's request to help). Its row in ``policy_offers`` is
unique per elder and policy, so two workers sweeping at once, or a sweep beside an agent
pushing by hand, tell her once: the second insert fails and is dropped. 想办理 opens a
consultation call-back about the policy (an agent or 养老顾问 calls); 不需要 is kept, and the
policy is never pushed to her again. A policy she has already is never pushed, nor listed as
hers to apply for: by her facts (``held_when``), by an agent's word, or by what the centre holds
of the service it is applied through (``applies_through``, :func:`services_held`): 一键通 is hers
when a TV box is bound to her household or an application of hers is open or done, whether or
not her package is on file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import lifecycle
from .. import message_words as mw
from ..clock import age_on, local, now, today
from ..db import Database
from ..errors import ApiError
from ..message_words import N_
from ..models import Device, DeviceApplication, Elder, Message, Policy, PolicyOffer, ServiceRequest
from ..models.device_applications import OPEN_STATES
from ..models.ids import new_id
from ..models.periodic_runs import claim_turn
from . import rules

ANSWERS = ["apply", "not_needed"]  # 想办理 / 不需要
OFFER_WORDS = {"told": "已告知", "applied": "想办理", "declined": "不需要", "held": "已享受"}
PUSHED_BY = "system:policies"
PUSHES_PER_DAY = 1  # a new policy a day at most: an elder is told, not flooded
DAYTIME = range(9, 20)  # the worker tells elders between 9:00 and 20:00: a pop-up never wakes anyone
SWEEP_PAGE = 1000  # elders read at a time by the sweep, with their offers


FACT_COLUMNS = ("birth_date", "hukou_shanghai", "living_alone", "economic_hardship", "care_level",
                "severe_disability", "owns_home", "service_package")


def facts_of(elder: Any, day: date | None = None) -> rules.Facts:
    """What the centre holds about her that a rule may ask; None = not known."""
    return {
        "age": age_on(elder.birth_date, day or today()) if elder.birth_date else None,
        "hukou_shanghai": elder.hukou_shanghai, "living_alone": elder.living_alone,
        "economic_hardship": elder.economic_hardship, "care_level": elder.care_level,
        "severe_disability": elder.severe_disability, "owns_home": elder.owns_home,
        "service_package": elder.service_package,
    }


# An application that is open or done: she has (or is getting) 一键通 (returned/cancelled: not).
HELD_APPLICATION_STATES = (*OPEN_STATES, "installed")


def services_held(db: Session, elders: list[Any]) -> dict[str, frozenset[str]]:
    """For each elder (rows with ``id`` and ``household_id``), the services whose benefit the
    centre has evidence she holds beyond her facts: ``device_application`` (一键通) when an
    active TV box is bound to her household or an application of hers is open or installed.
    Two queries for a page of elders, whatever its size."""
    if not elders:
        return {}
    households = {e.household_id for e in elders if getattr(e, "household_id", None)}
    with_tv = set(db.scalars(select(Device.household_id).where(
        Device.kind == "tv", Device.active, Device.household_id.in_(households)))) if households else set()
    applied = set(db.scalars(select(DeviceApplication.elder_id).where(
        DeviceApplication.elder_id.in_([e.id for e in elders]),
        DeviceApplication.state.in_(HELD_APPLICATION_STATES))))
    return {e.id: frozenset({"device_application"} if (getattr(e, "household_id", None) in with_tv
                                                      or e.id in applied) else ())
            for e in elders}


@dataclass(frozen=True)
class Standing:
    """One policy for one elder: qualifies (True / False / None unknown), has it, why."""

    policy: Policy
    qualifies: bool | None
    held: bool
    reasons: str  # 您今年81岁，是本市户籍，独自居住 (when she qualifies)
    needs: str  # 年满80岁、独自居住 (what it asks that she does not meet or we do not know)
    offer: PolicyOffer | None
    # ``reasons`` as a parameter of structured words (call_center/message_words.py)
    reasons_words: dict = field(default_factory=mw.nothing, compare=False)

    @property
    def pushable(self) -> bool:
        return (self.policy.push and self.policy.active and self.qualifies is True and not self.held
                and self.offer is None)

    @property
    def rank(self) -> tuple[int, int]:
        """Hers to apply for first, then those she asked about already, then those the centre
        cannot decide, then the rest, then those she has; catalog order within each."""
        status = self.offer.status if self.offer else None
        if self.held or status == "held":
            group = 4
        elif self.qualifies is True and status == "applied":
            group = 1
        elif self.qualifies is True and status != "declined":
            group = 0
        elif self.qualifies is None:
            group = 2
        else:
            group = 3
        return group, self.policy.position


def standing(policy: Policy, facts: rules.Facts, offer: PolicyOffer | None,
             held_services: frozenset[str] = frozenset()) -> Standing:
    """``held_services``: what :func:`services_held` found for her (a policy applied through
    one of them is hers already)."""
    from .catalog import applies_through

    qualifies = rules.all_hold(policy.rules, facts)
    # Had already by her facts (the one-key service she has) or by the service it is applied
    # through (a bound box, an application open or done) — when the policy is hers at all.
    by_facts = bool(policy.held_when) and rules.all_hold(policy.held_when, facts) is True
    through = applies_through(policy.id) if held_services else None
    by_service = through is not None and through in held_services
    held = (by_facts or by_service) and qualifies is not False
    held = held or (offer is not None and offer.status == "held")
    return Standing(policy, qualifies, held,
                    rules.reasons(policy.rules, facts) if qualifies else "",
                    rules.needs(policy.rules, facts) if qualifies is not True else "", offer,
                    rules.reasons_words(policy.rules, facts) if qualifies else mw.nothing())


def catalog(db: Session) -> list[Policy]:
    return list(db.scalars(select(Policy).where(Policy.active).order_by(Policy.position)))


def for_elder(db: Session, elder: Elder, day: date | None = None) -> list[Standing]:
    """Every active policy for her, hers first (政策查询)."""
    facts = facts_of(elder, day)
    offers = {o.policy_id: o for o in db.scalars(select(PolicyOffer).where(PolicyOffer.elder_id == elder.id))}
    holds = services_held(db, [elder]).get(elder.id, frozenset())
    found = [standing(p, facts, offers.get(p.id), holds) for p in catalog(db)]
    return sorted(found, key=lambda s: s.rank)


def sentence(elder: Elder, st: Standing) -> str:
    """What she is told: 王阿姨，您今年86岁，是本市户籍，可以申领敬老卡。敬老卡用来…"""
    return mw.chinese(sentence_words(elder, st))


def sentence_words(elder: Elder, st: Standing) -> mw.Words:
    """:func:`sentence` as structured words (call_center/message_words.py): the sentence around the
    policy a catalog sentence, the reasons in catalog words; the policy's own offer and summary
    (catalog.yaml, the policy's text as its document words it) as written."""
    why = mw.clause(mw.said(N_("{reasons}，"), reasons=st.reasons_words)) if st.reasons else mw.nothing()
    return mw.said(N_("{address}，{why}{offer}。{summary}想办理的话，养老顾问会打电话帮您办。"),
                   address=mw.address(elder.name, elder.gender), why=why,
                   offer=mw.as_written(st.policy.offer), summary=mw.as_written(st.policy.summary))


def tell(db: Session, elder: Elder, st: Standing, actor: str, at: datetime) -> PolicyOffer:
    """The message and its offer row, flushed together: a second telling fails on the unique
    row, and the message's device event already names the form 想办理 opens (read from the offer)."""
    words = sentence_words(elder, st)
    msg = Message(id=new_id("msg"), elder_id=elder.id, kind="policy", title=st.policy.title,
                  title_words=mw.written(st.policy.title),  # the policy's own name, as written
                  body=mw.chinese(words), words=words, created_by=actor[:48], created_at=at, due_at=at,
                  answers=list(ANSWERS))
    offer = PolicyOffer(elder_id=elder.id, policy_id=st.policy.id, status="told", message_id=msg.id,
                        reasons=st.reasons[:200], created_by=actor[:48], created_at=at)
    db.add_all([msg, offer])
    db.flush()
    return offer


def push_by_hand(db: Session, elder: Elder, policy_id: str, actor: str, at: datetime) -> PolicyOffer:
    """An agent tells her of a policy now (on the phone she asked; the sweep's day limit does
    not apply). Refused when she was told already, said 不需要, has it, or plainly does not
    qualify; a policy the centre cannot decide (a fact unknown) the agent may still tell."""
    found = next((s for s in for_elder(db, elder) if s.policy.id == policy_id), None)
    if found is None:
        raise ApiError("not_found", "没有这项政策。")
    if found.offer is not None:
        raise ApiError("invalid_transition",
                       f"已经告诉过她{found.policy.title}（{OFFER_WORDS[found.offer.status]}），不再重复推送。")
    if found.held:
        raise ApiError("invalid_transition", f"她已经享受{found.policy.title}，不用推送。")
    if found.qualifies is False:
        raise ApiError("invalid_transition", f"她不符合{found.policy.title}的条件：要{found.needs}。")
    try:
        with db.begin_nested():
            return tell(db, elder, found, actor, at)
    except IntegrityError:
        raise ApiError("invalid_transition", f"已经告诉过她{found.policy.title}，不再重复推送。") from None


def sweep(database: Database, per_day: int = PUSHES_PER_DAY, at: datetime | None = None,
          page: int = SWEEP_PAGE) -> int:
    """Tell every elder of the policies she qualifies for and has not been told of, at most
    ``per_day`` new ones a day each (catalog order). Each elder in a transaction of her own;
    a row another worker wrote first is skipped. Returns how many were told. The district is
    read ``page`` elders at a time (by id), with their offers only: what the sweep holds does
    not grow with the district."""
    at = at or now()
    told, after = 0, ""
    while True:
        plans, after = _plan_page(database, per_day, at, after, page)
        for elder_id, policy_ids in plans:
            told += _tell_one(database, elder_id, policy_ids, at)
        if not after:
            return told


def _plan_page(database: Database, per_day: int, at: datetime, after: str,
               page: int) -> tuple[list[tuple[str, list[str]]], str]:
    """Who of the ``page`` elders after id ``after`` is to be told what; and the last id read
    ('' when none was left)."""
    day_start = datetime.combine(local(at).date(), datetime.min.time(), tzinfo=local(at).tzinfo)
    day = local(at).date()
    with database.session(write=False) as db:
        # Only the facts a rule reads: no sealed number is opened for a district's every elder.
        elders = db.execute(select(Elder.id, Elder.household_id, *(getattr(Elder, c) for c in FACT_COLUMNS))
                            .where(Elder.id > after).order_by(Elder.id).limit(page)).all()
        if not elders:
            return [], ""
        policies = [p for p in catalog(db) if p.push]
        offers: dict[str, dict[str, PolicyOffer]] = {}
        for o in db.scalars(select(PolicyOffer).where(PolicyOffer.elder_id.in_([e.id for e in elders]))):
            offers.setdefault(o.elder_id, {})[o.policy_id] = o
        holds = services_held(db, list(elders))
        plans: list[tuple[str, list[str]]] = []
        for elder in elders:
            mine = offers.get(elder.id, {})
            today_told = sum(1 for o in mine.values() if o.created_by == PUSHED_BY and o.created_at >= day_start)
            room = per_day - today_told
            if room <= 0:
                continue
            facts = facts_of(elder, day)
            due = [p.id for p in policies if standing(p, facts, mine.get(p.id), holds[elder.id]).pushable][:room]
            if due:
                plans.append((elder.id, due))
    return plans, elders[-1].id


def _tell_one(database: Database, elder_id: str, policy_ids: list[str], at: datetime) -> int:
    told = 0
    for policy_id in policy_ids:
        with database.writing() as db:
            elder = db.get(Elder, elder_id)
            policy = db.get(Policy, policy_id)
            if elder is None or policy is None:
                return told
            known = db.scalar(select(PolicyOffer).where(PolicyOffer.elder_id == elder_id,
                                                        PolicyOffer.policy_id == policy_id))
            st = standing(policy, facts_of(elder, local(at).date()), known, services_held(db, [elder])[elder.id])
            if not st.pushable:
                continue
            try:
                tell(db, elder, st, PUSHED_BY, at)
                db.commit()
            except IntegrityError:  # another worker told her a moment ago
                db.rollback()
                return told
            told += 1
    return told


def sweep_for(database: Database, every_s: float, per_day: int = PUSHES_PER_DAY) -> Callable[[], int]:
    """The sweep as the worker runs it: every ``every_s`` seconds, the first time one interval
    after the worker starts (matching every elder hourly is plenty; 0 never runs it), in the
    daytime only (the message pops up on her TV and is read aloud at once) — and by one worker
    of all the processes and nodes on the database each time (:func:`claim_turn`)."""
    every = timedelta(seconds=every_s)
    last = [now()]

    def push_policies() -> int:
        moment = now()
        if every_s <= 0 or moment - last[0] < every or local(moment).hour not in DAYTIME:
            return 0
        last[0] = moment
        if not claim_turn(database, "policy_push", every, moment):
            return 0  # another worker's turn
        return sweep(database, per_day)
    return push_policies


def mark_held(db: Session, elder: Elder, policy_id: str, actor: str, at: datetime) -> PolicyOffer:
    """She has it already (an agent heard it on the phone): never pushed; a question on her
    screen about it is withdrawn."""
    if db.get(Policy, policy_id) is None:
        raise ApiError("not_found", "没有这项政策。")
    offer = db.scalar(select(PolicyOffer).where(PolicyOffer.elder_id == elder.id, PolicyOffer.policy_id == policy_id))
    if offer is None:
        offer = PolicyOffer(elder_id=elder.id, policy_id=policy_id, status="held", created_by=actor[:48], created_at=at)
        db.add(offer)
    elif offer.status == "applied":
        raise ApiError("invalid_transition", "她已经请养老顾问回电办理这项政策了。")
    offer.status, offer.answered_by, offer.answered_at = "held", actor[:48], at
    msg = db.get(Message, offer.message_id) if offer.message_id else None
    if msg is not None and msg.answers:
        msg.answers = []
        msg.withdrawn_at = msg.withdrawn_at or at
    db.flush()
    return offer


# -- her answer ---------------------------------------------------------------------------------
def answer(db: Session, msg: Message, given: str, caller: Any, channel: str, at: datetime) -> mw.Words:
    """想办理 → a consultation call-back about the policy; 不需要 → never pushed again. Returns
    what the TV says back, as structured words (the policy's name as written)."""
    if given not in (msg.answers or []):
        raise ApiError("invalid_transition", "这条消息现在不能这样回答。")
    offer = db.scalar(select(PolicyOffer).where(PolicyOffer.message_id == msg.id))
    if offer is None:
        raise ApiError("not_found", "没有找到这条消息说的事情。")
    policy = db.get(Policy, offer.policy_id)
    elder = db.get(Elder, msg.elder_id)
    assert policy is not None and elder is not None
    msg.read_at = msg.read_at or at
    msg.answers = []
    offer.answered_by, offer.answered_at = caller.actor[:48], at
    if given == "not_needed":
        offer.status = "declined"
        return mw.said(N_("好的，以后不再提{policy}了。要是改了主意，可以在政策查询里办理。"),
                       policy=mw.as_written(policy.title))
    req = call_back(db, elder, policy, caller.actor, channel, at)
    msg.request_id = req.id
    offer.status, offer.request_id = "applied", req.id
    return mw.said(N_("好的，已经为您登记{policy}，养老顾问会尽快给您打电话。"), policy=mw.as_written(policy.title))


def call_back(db: Session, elder: Elder, policy: Policy, actor: str, channel: str, at: datetime) -> ServiceRequest:
    """A consultation call-back about the policy, as 咨询服务 makes one (call mode)."""
    req = ServiceRequest(id=new_id("req"), elder_id=elder.id, service="consultation", mode="call",
                         channel=channel, status="submitted",
                         form={"topic": "policy", "policy_id": policy.id, "callback_window": "asap"},
                         created_by=actor[:48], created_at=at, updated_at=at)
    req.result = about(policy)
    lifecycle.start(req, actor, f"想办理{policy.title}")
    db.add(req)
    db.flush()
    return req


def about(policy: Policy) -> dict[str, Any]:
    """What a call-back about a policy shows beside its form: the policy (as its topic), where
    it is applied for, what to bring, and the document and clause it comes from (政策依据, as
    申请一键通's and 养老服务一件事's results show theirs: 咨询服务's confirmation facts)."""
    from .catalog import cited

    return {"topic_label": policy.title, "policy_title": policy.title, "apply_where": policy.apply_where,
            "bring": list(policy.bring or []), "source": cited(policy.source)}


def applied(db: Session, elder: Elder, policy_id: str, req: ServiceRequest, actor: str, at: datetime) -> None:
    """A call-back asked from 政策查询: the policy is hers to talk about, never pushed after."""
    offer = db.scalar(select(PolicyOffer).where(PolicyOffer.elder_id == elder.id,
                                                PolicyOffer.policy_id == policy_id))
    if offer is None:
        db.add(PolicyOffer(elder_id=elder.id, policy_id=policy_id, status="applied", request_id=req.id,
                           created_by=actor[:48], created_at=at, answered_by=actor[:48], answered_at=at))
        return
    offer.status, offer.request_id = "applied", req.id
    offer.answered_by, offer.answered_at = actor[:48], at
    msg = db.get(Message, offer.message_id) if offer.message_id else None
    if msg is not None:
        msg.answers = []
        msg.request_id = msg.request_id or req.id


def applied_through(db: Session, elder: Elder, service: str, req: ServiceRequest, actor: str, at: datetime) -> None:
    """She filed ``service`` (申请一键通): every offer still open of a policy applied for
    through it is answered by that filing — its message asks no more, and it is never pushed
    again (catalog ``applies_through``)."""
    from .catalog import applies_through

    for offer in db.scalars(select(PolicyOffer).where(PolicyOffer.elder_id == elder.id,
                                                      PolicyOffer.status == "told")):
        if applies_through(offer.policy_id) == service:
            applied(db, elder, offer.policy_id, req, actor, at)

