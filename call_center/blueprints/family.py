"""Family accounts and bindings (亲友代办): sign-in exchange, binding with the elder's consent,
revocation, family messages to the TV, the family's view of an alarm and their answer.

Who may call what is decided here and in ``call_center.family.access`` — never by the
mini-program back end, which only vouches for who signed in (``POST /v1/family/sessions``).
"""
from __future__ import annotations

from datetime import timedelta

from apiflask import APIBlueprint
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from personal_data.masking import mask_name, mask_phone

from .. import message_words as mw
from .. import present
from ..alarms import checkins, desk
from ..alarms import present as alarm_present
from ..alarms.desk import OPEN
from ..patrols import present as patrol_present
from ..auth import current_caller, elder_for, requires
from ..clock import local, now
from ..lifecycle import FINAL
from ..errors import ApiError
from ..message_words import N_
from ..family import alarm_view, bindings, tokens
from ..models import Elder, Message, ServiceRequest
from ..models.alarms import Alarm
from ..models.family import Binding, FamilyAccount
from ..schemas.family import (
    AnswerIn,
    AnswerOut,
    BindingOut,
    BindingStart,
    BindingsQuery,
    CodeRequest,
    CodeShown,
    ConfirmIn,
    FamilyAlarmAnswer,
    FamilyAlarmOut,
    FamilyMessageIn,
    FamilyMessageOut,
    FamilyOut,
    FamilyPatch,
    FamilyTodayOut,
    FamilySessionIn,
    FamilySessionOut,
    RecipientOut,
    RecipientsQuery,
    RevokeIn,
)
from ..unit_of_work import session

bp = APIBlueprint("family", __name__, url_prefix="/v1", tag="Family")

# Catalog sentences (N_): a preset note is said in the TV's language, ``{k}`` how the member
# calls her (妈，) or nothing.
PRESETS = {
    "visit_sunday": N_("{k}周日我来看您。"),
    "call_me": N_("{k}有空给我回个电话。"),
    "take_medicine": N_("{k}记得按时吃药。"),
    "eat_well": N_("{k}天冷了，多穿点衣服，好好吃饭。"),
    "love_you": N_("{k}我很想您，保重身体。"),
}
# What the member calls the elder in a preset, by relation and the elder's gender.
MUM, DAD = N_("妈"), N_("爸")
GRANDMA, GRANDPA = N_("奶奶"), N_("爷爷")
NANA, GRANDAD = N_("外婆"), N_("外公")
ADDRESS = {"女儿": (MUM, DAD), "儿子": (MUM, DAD), "儿媳": (MUM, DAD), "女婿": (MUM, DAD),
           "孙女": (GRANDMA, GRANDPA), "孙子": (GRANDMA, GRANDPA), "外孙女": (NANA, GRANDAD),
           "外孙": (NANA, GRANDAD)}
CALLED = N_("{call}，")
NOTE_TITLE = N_("{who}的留言")
UNHEARD_AT_MOST = 10  # family notes waiting unheard on the TV, per member and elder


def binding_out(b: Binding, elder: Elder | None = None) -> BindingOut:
    elder = elder or session().get(Elder, b.elder_id)
    assert elder is not None
    return BindingOut(
        id=b.id, family_id=b.family_id, elder_id=b.elder_id,
        elder_name=bindings.elder_name_for(b, elder), relation=b.relation,
        permissions=list(b.permissions or []), status=b.status,  # type: ignore[arg-type]
        status_word=bindings.STATUS_WORDS[b.status], started_via=b.started_via,  # type: ignore[arg-type]
        requested_at=b.requested_at, answered_at=b.answered_at, answered_by=b.answered_by,
        revoked_at=b.revoked_at, revoked_by=b.revoked_by)


def family_out(member: FamilyAccount) -> FamilyOut:
    return FamilyOut(id=member.id, provider=member.provider, name=member.name,
                     phone_masked=mask_phone(member.phone) if member.phone else "",
                     bindings=[binding_out(b) for b in member.bindings])


def _member() -> FamilyAccount:
    member = session().get(FamilyAccount, current_caller().id)
    assert member is not None
    return member


def _binding(binding_id: str) -> Binding:
    """A binding the caller may see: their own (a family member) or any (an agent)."""
    b = session().get(Binding, binding_id)
    caller = current_caller()
    if b is None or (caller.kind == "family" and b.family_id != caller.id):
        raise ApiError("not_found", "没有找到这个绑定。")
    return b


def _active_binding(member_id: str, elder_id: str) -> Binding:
    b = session().scalar(select(Binding).where(Binding.family_id == member_id,
                                               Binding.elder_id == elder_id,
                                               Binding.status == "active"))
    if b is None:
        raise ApiError("forbidden")
    return b


# -- sign-in ----------------------------------------------------------------------------------
@bp.post("/family/sessions")
@requires("service")
@bp.input(FamilySessionIn, arg_name="body")
@bp.output(FamilySessionOut, status_code=201)
def sessions(body: FamilySessionIn) -> tuple[FamilySessionOut, int]:
    """The mini-program back end has signed a member in (jscode2session, 随申办 OAuth) and
    exchanges that identity for a family token it keeps on its server; the token's rights
    are the member's active bindings, checked on every call."""
    token, member, expires = tokens.issue(session(), body.provider, body.subject,
                                          current_caller().actor, now(), body.name, body.phone)
    return FamilySessionOut(token=token, expires_at=expires, family=family_out(member)), 201


@bp.get("/family/me")
@requires("family")
@bp.output(FamilyOut)
def me() -> FamilyOut:
    """The member and every binding they asked for, with its state."""
    return family_out(_member())


@bp.patch("/family/me")
@requires("family")
@bp.input(FamilyPatch, arg_name="body")
@bp.output(FamilyOut)
def update_me(body: FamilyPatch) -> FamilyOut:
    """Name and mobile: the elder hears them in the consent pop-up (女儿陈静，手机尾号1234)."""
    member = _member()
    if body.name is not None:
        member.name = body.name
    if body.phone is not None:
        member.phone = body.phone
    session().flush()
    return family_out(member)


# -- bindings ---------------------------------------------------------------------------------
@bp.post("/family/bindings")
@requires("family")
@bp.input(BindingStart, arg_name="body")
@bp.output(BindingOut, status_code=201)
@bp.doc(responses={200: "the member already has this binding (pending or active)",
                   404: "no elder with this phone and name, or a wrong / expired code",
                   429: "too many wrong codes this hour"})
def start_binding(body: BindingStart) -> tuple[BindingOut, int]:
    """By the elder's phone + name: pending, and the elder's TV asks "按确定同意" (or an agent
    confirms after a call). By the code the elder's TV shows: active at once."""
    db = session()
    member = _member()
    if not member.name:
        raise ApiError("validation_error", "请先填写您的姓名，老人要知道是谁。",
                       fields={"name": "请先填写您的姓名。"})
    at = now()
    if body.code is not None:
        try:
            b, created = bindings.start_by_code(db, member, body.code, body.relation,
                                                list(body.permissions), at)
        except bindings.CodeRefused as refused:
            _keep_failures(refused)
            raise
    else:
        b, created = bindings.start_by_phone(db, member, body.elder_phone or "", body.elder_name or "",
                                             body.relation, list(body.permissions), at)
    return binding_out(b), 201 if created else 200


def _keep_failures(refused: "bindings.CodeRefused") -> None:
    """The refusal writes nothing else, but the count of wrong codes must stay (own commit)."""
    db = session()
    db.rollback()
    member = db.get(FamilyAccount, refused.family_id)
    if member is not None:
        member.code_failures, member.code_window_at = refused.failures, refused.window_at
        db.commit()


@bp.post("/family/codes")
@requires("family")
@bp.input(CodeRequest, arg_name="body")
@bp.output(CodeShown, status_code=201)
def show_code(body: CodeRequest) -> tuple[CodeShown, int]:
    """Show a binding code on the elder's TV (the member is beside the elder or on the
    phone). The answer is the same whether or not the phone and name matched: nobody learns
    from it who is registered."""
    db = session()
    member = _member()
    at = now()
    elder = bindings.find_elder(db, body.elder_phone, body.elder_name)
    if elder is not None:
        bindings.show_code(db, elder, f"family:{member.id}",
                           mw.as_written(member.name) if member.name else mw.word(bindings.SOMEONE), at)
    return CodeShown(expires_at=at + bindings.CODE_TTL, shown=True), 201


@bp.get("/family/bindings")
@requires("agent")
@bp.input(BindingsQuery, location="query", arg_name="query")
@bp.output(list[BindingOut])
def list_bindings(query: BindingsQuery) -> list[BindingOut]:
    """Agents: bindings of an elder or waiting for a confirmation, newest first."""
    stmt = select(Binding)
    if query.elder_id:
        stmt = stmt.where(Binding.elder_id == query.elder_id)
    if query.status:
        stmt = stmt.where(Binding.status == query.status)
    rows = session().scalars(stmt.order_by(Binding.requested_at.desc()).limit(query.limit))
    return [binding_out(b) for b in rows]


@bp.get("/family/bindings/<binding_id>")
@requires("family", "agent")
@bp.output(BindingOut)
def get_binding(binding_id: str) -> BindingOut:
    return binding_out(_binding(binding_id))


@bp.post("/family/bindings/<binding_id>/revoke")
@requires("family", "agent")
@bp.input(RevokeIn, arg_name="body")
@bp.output(BindingOut)
def revoke_binding(binding_id: str, body: RevokeIn) -> BindingOut:
    """Ends at once (from the next call on); a pending request is withdrawn from the TV."""
    b = _binding(binding_id)
    bindings.revoke(session(), b, current_caller().actor, body.note, now())
    return binding_out(b)


@bp.post("/family/bindings/<binding_id>/confirm")
@requires("agent")
@bp.input(ConfirmIn, arg_name="body")
@bp.output(BindingOut)
def confirm_binding(binding_id: str, body: ConfirmIn) -> BindingOut:
    """An agent called the elder, who agreed."""
    b = _binding(binding_id)
    bindings.confirm(session(), b, current_caller().actor, body.note, now())
    return binding_out(b)


@bp.post("/messages/<message_id>/answer")
@requires("device", "agent", "family")
@bp.input(AnswerIn, arg_name="body")
@bp.output(AnswerOut)
def answer_message(message_id: str, body: AnswerIn) -> AnswerOut:
    """The elder answers a message that asks: a consent (同意 / 不同意 / 解除绑定), a policy
    push (想办理: a call-back about it / 不需要: never pushed again) or a return visit (回访:
    满意 / 一般 / 不满意, then what was wrong). A family member with ``book`` may answer a
    return visit for her (亲友代办) — never her consents nor her policies."""
    from ..fulfilment.intake import channel_of
    from ..policies import offers
    from ..satisfaction import visits

    db = session()
    msg = db.get(Message, message_id)
    if msg is None or msg.withdrawn_at is not None:
        raise ApiError("not_found", "没有找到这条消息。")
    elder_for(db, msg.elder_id)
    caller = current_caller()
    if caller.kind == "family" and msg.kind != "return_visit":
        raise ApiError("forbidden", "这个问题要老人自己回答。")
    if msg.kind == "policy":
        said = offers.answer(db, msg, body.answer, caller, channel_of(caller, None), now())
    elif msg.kind == "return_visit":
        # a fixed sentence of the catalogs (visits.THANKS, RECORDED…): its own words
        said = mw.said(visits.answer(db, msg, body.answer, caller, channel_of(caller, None), now()))
    else:
        said = bindings.answer(db, msg, body.answer, caller.actor, now())
    db.flush()
    return AnswerOut(message_id=msg.id, answer=body.answer, speech=mw.chinese(said), speech_words=said)


@bp.get("/family/recipients")
@requires("service")
@bp.input(RecipientsQuery, location="query", arg_name="query")
@bp.output(list[RecipientOut])
def recipients(query: RecipientsQuery) -> list[RecipientOut]:
    """Who may be alerted about an elder: members with an active binding that carries the
    permission (``alerts`` by default). The back end adds who opted in to which message."""
    db = session()
    elder = db.get(Elder, query.elder_id)
    if elder is None:
        return []
    return [RecipientOut(family_id=m.id, provider=m.provider, subject=m.subject, name=m.name,
                         relation=b.relation, elder_name_masked=mask_name(elder.name))
            for b, m in bindings.members_allowed(db, elder.id, query.permission)]


# -- family messages to the TV ---------------------------------------------------------------
@bp.post("/family/elders/<elder_id>/messages")
@requires("family")
@bp.input(FamilyMessageIn, arg_name="body")
@bp.output(FamilyMessageOut, status_code=201)
def send_message(elder_id: str, body: FamilyMessageIn) -> tuple[FamilyMessageOut, int]:
    """A short note that pops up on the elder's TV and is read aloud (女儿陈静的留言：…)."""
    db = session()
    elder = elder_for(db, elder_id)
    member = _member()
    b = _active_binding(member.id, elder.id)
    actor = f"family:{member.id}"
    unheard = db.scalar(select(func.count()).select_from(Message).where(
        Message.elder_id == elder.id, Message.created_by == actor, Message.kind == "family",
        Message.read_at.is_(None), Message.withdrawn_at.is_(None))) or 0
    if unheard >= UNHEARD_AT_MOST:
        raise ApiError("rate_limited", "老人还有好几条留言没有听，请等老人听过再发。")
    if body.preset:
        pair = ADDRESS.get(b.relation)
        call = mw.clause(mw.said(CALLED, call=mw.word(pair[0 if elder.gender == "female" else 1]))) \
            if pair else mw.nothing()
        words = mw.said(PRESETS[body.preset], k=call)
    else:
        words = mw.written(" ".join((body.text or "").split()))  # her family's own words, as written
    title_words = mw.said(NOTE_TITLE, who=bindings.kin_words(b.relation, member.name))
    at = now()
    msg = Message(elder_id=elder.id, kind="family", title=mw.chinese(title_words), title_words=title_words,
                  body=mw.chinese(words), words=words, created_by=actor, created_at=at, due_at=at)
    db.add(msg)
    db.flush()
    return _family_message(msg), 201


@bp.get("/family/elders/<elder_id>/messages")
@requires("family")
@bp.output(list[FamilyMessageOut])
def sent_messages(elder_id: str) -> list[FamilyMessageOut]:
    """The member's notes to this elder, newest first, each with when it was heard."""
    db = session()
    elder = elder_for(db, elder_id)
    rows = db.scalars(select(Message).where(
        Message.elder_id == elder.id, Message.created_by == f"family:{current_caller().id}",
        Message.kind == "family").order_by(Message.created_at.desc(), Message.id.desc()).limit(50))
    return [_family_message(m) for m in rows]


def _family_message(m: Message) -> FamilyMessageOut:
    return FamilyMessageOut(id=m.id, elder_id=m.elder_id, title=m.title, body=m.body,
                            created_at=m.created_at, read_at=m.read_at)


# 办理进度 on the family's phone: finished requests stay this long; open ones stay until they end.
RECENT_DAYS = 30
PROGRESS_AT_MOST = 200  # a bound on one answer (an elder has a handful of open requests)


@bp.get("/family/elders/<elder_id>/today")
@requires("family")
@bp.output(FamilyTodayOut)
def today(elder_id: str) -> FamilyTodayOut:
    """What a member checks most, in one call (one check of the binding): the parent's
    profile, today's check-in, alarms open now (without their steps), and her requests as the
    family follows them (办理进度): every one still open, however old (a booking made a month
    ago for next week is what she needs most — the five latest hid it), and those finished in
    the last RECENT_DAYS days."""
    db = session()
    elder = elder_for(db, elder_id)
    d = desk()
    state = alarm_present.checkin(checkins.state(db, elder, d.now(), d.settings))
    alarms = db.scalars(select(Alarm).where(Alarm.elder_id == elder.id, Alarm.status.in_(OPEN))
                        .options(selectinload(Alarm.parties)).order_by(Alarm.raised_at))
    since = d.now() - timedelta(days=RECENT_DAYS)
    recent = db.scalars(select(ServiceRequest).where(
        ServiceRequest.elder_id == elder.id,
        or_(ServiceRequest.status.not_in(FINAL), ServiceRequest.updated_at >= since))
        .options(selectinload(ServiceRequest.events))
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc()).limit(PROGRESS_AT_MOST))
    visits = db.scalars(select(Message).where(
        Message.elder_id == elder.id, Message.kind == "return_visit", Message.withdrawn_at.is_(None),
        Message.read_at.is_(None), Message.due_at <= d.now()).order_by(Message.due_at))
    return FamilyTodayOut(
        elder=present.elder(elder).model_dump(mode="json"),
        checkin=state.model_dump(mode="json"),
        open_alarms=[alarm_present.alarm(a, elder, with_events=False).model_dump(mode="json") for a in alarms],
        requests=[present.service_request(r).model_dump(mode="json") for r in recent],
        return_visits=[present.message(m).model_dump(mode="json") for m in visits if m.answers],
        visits=patrol_present.for_family(db, elder, local(d.now()).date()))


# -- alarms as the family sees them ------------------------------------------------------------
def _alarm_for_member(alarm_id: str, lock: bool = False):
    db = session()
    alarm = desk().get(db, alarm_id, lock=lock)
    elder = elder_for(db, alarm.elder_id)
    member = _member()
    return alarm, elder, member, _active_binding(member.id, elder.id)


@bp.get("/family/alarms/<alarm_id>")
@requires("family")
@bp.output(FamilyAlarmOut)
def alarm_timeline(alarm_id: str) -> FamilyAlarmOut:
    """Each step as it happens, in words about the member's own parent, and what comes next."""
    alarm, elder, member, b = _alarm_for_member(alarm_id)
    return alarm_view.view(session(), alarm, elder, member, b)


@bp.post("/family/alarms/<alarm_id>/answer")
@requires("family")
@bp.input(FamilyAlarmAnswer, arg_name="body")
@bp.output(FamilyAlarmOut)
def answer_alarm(alarm_id: str, body: FamilyAlarmAnswer) -> FamilyAlarmOut:
    """我马上过去 (stops the search for contacts and 110; the elder is called on) or 他没事
    (cancels the alarm; everyone told is told)."""
    alarm, elder, member, b = _alarm_for_member(alarm_id, lock=True)
    alarm_view.answer(session(), desk(), alarm, member, b, body.answer, body.note)
    return alarm_view.view(session(), alarm, elder, member, b)

