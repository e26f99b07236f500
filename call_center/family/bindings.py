"""Starting, answering and revoking family bindings, and the elder's TV messages about them.

The elder decides (DESIGN.md §2: "a family member only through an active binding the elder
consented to"):

- by phone + name: the binding waits (``pending``) and a pop-up asks on the elder's TV —
  "您的女儿李娟（手机尾号5678）想帮您办事……按确定同意" — or an agent confirms after calling;
- by a code the elder's TV shows (asked for by the family or by an agent the elder phoned):
  telling it to the family member is the consent, so the binding is active at once.

Either way the elder keeps a message in 消息 whose answer ``revoke`` (解除绑定) ends the
binding from the TV; an agent or the family member can end it too. Every change takes effect
on the next call, because family tokens carry no permissions of their own.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.masking import mask_name, phone_tail
from personal_data.names import kin_and_name

from .. import message_words as mw
from ..errors import ApiError
from ..message_words import N_
from ..sealed import normalise, number_hash
from ..models import Elder, Message
from ..models.family import Binding, FamilyAccount, FamilyCode

CODE_TTL = timedelta(minutes=10)
CODE_TRIES_PER_HOUR = 5
DECLINED_PAUSE = timedelta(hours=24)  # a declined request is not asked again at once
NOT_FOUND = "没有找到这位老人，请核对老人登记的手机号和姓名。"
STATUS_WORDS = {"pending": "等待老人同意", "active": "已绑定", "declined": "老人没有同意",
                "revoked": "已解除"}
PERMISSION_WORDS = {"view": N_("查看办理情况"), "book": N_("帮您预约和叫车"), "alerts": N_("收到紧急提醒")}
# How a family member is related to her (call_center/schemas/family.py ``Relation``), as catalog
# words: a message naming the member says the relation in the screen's language.
RELATION_WORDS = (N_("女儿"), N_("儿子"), N_("儿媳"), N_("女婿"), N_("孙女"), N_("孙子"), N_("外孙女"), N_("外孙"),
                  N_("侄女"), N_("侄子"), N_("外甥女"), N_("外甥"), N_("配偶"), N_("兄弟姐妹"), N_("其他亲属"),
                  N_("朋友"), N_("邻居"))
SOMEONE = N_("一位家人")


def who(member: FamilyAccount, relation: str) -> str:
    """How the elder hears the member: 女儿陈静（手机尾号1234）."""
    return mw.chinese(mw.said("{who}", who=who_words(member, relation)))


def who_words(member: FamilyAccount, relation: str) -> dict:
    """:func:`who` as a parameter of structured words (call_center/message_words.py)."""
    tail = phone_tail(member.phone) if member.phone else ""
    named = kin_words(relation, member.name or SOMEONE, named=bool(member.name))
    if not tail:
        return named
    return mw.clause(mw.said(N_("{who}（手机尾号{tail}）"), who=named, tail=mw.as_written(tail)))


def kin_words(relation: str | None, name: str | None, named: bool = True) -> dict:
    """:func:`personal_data.names.kin_and_name` (女儿陈静) as a parameter of structured words: the
    relation a catalog word, the name as written (``named`` False: ``name`` is a catalog word,
    一位家人). Its Chinese is kin_and_name's, byte for byte."""
    relation, name = (relation or "").strip(), (name or "").strip()
    person = mw.as_written(name) if named else mw.word(name)
    if not relation or (named and name.startswith(relation)):
        return person
    if relation not in RELATION_WORDS:
        return mw.as_written(kin_and_name(relation, name))
    return mw.clause(mw.said(N_("{relation}{name}"), relation=mw.word(relation), name=person))


def relation_word(relation: str) -> dict:
    """The relation alone (如果不想让女儿办): a catalog word, or as written if not one."""
    return mw.word(relation) if relation in RELATION_WORDS else mw.as_written(relation)


def find_elder(db: Session, phone: str, name: str) -> Elder | None:
    """The elder registered with this phone and name; both must match (no hint which not).
    Numbers are sealed at rest: found by their keyed hash."""
    for elder in db.scalars(select(Elder).where(Elder.phone_hash == number_hash(db, normalise(phone)))):
        if elder.name == name.strip():
            return elder
    return None


def _message(db: Session, elder: Elder, kind: str, title: str, words: mw.Words, actor: str,
             at: datetime, answers: list[str] | None = None) -> Message:
    """``title`` a catalog sentence (N_); the body as structured words (call_center/message_words.py),
    its Chinese the stored ``body``, so a screen in another language renders it."""
    msg = Message(elder_id=elder.id, kind=kind, title=title, body=mw.chinese(words), words=words,
                  created_by=actor[:48], created_at=at, due_at=at, answers=answers)
    db.add(msg)
    db.flush()
    return msg


def _open_binding(db: Session, member: FamilyAccount, elder: Elder) -> Binding | None:
    return db.scalar(select(Binding).where(Binding.family_id == member.id,
                                           Binding.elder_id == elder.id,
                                           Binding.status.in_(("pending", "active"))))


def start_by_phone(db: Session, member: FamilyAccount, phone: str, name: str, relation: str,
                   permissions: list[str], at: datetime) -> tuple[Binding, bool]:
    """A pending binding and the consent pop-up on the elder's TV (``created`` False: the
    member already has one pending or active for this elder)."""
    elder = find_elder(db, phone, name)
    if elder is None:
        raise ApiError("not_found", NOT_FOUND)
    existing = _open_binding(db, member, elder)
    if existing is not None:
        return existing, False
    declined = db.scalar(select(Binding.answered_at).where(
        Binding.family_id == member.id, Binding.elder_id == elder.id,
        Binding.status == "declined").order_by(Binding.answered_at.desc()).limit(1))
    if declined is not None and at - declined < DECLINED_PAUSE:
        raise ApiError("invalid_transition", "老人刚刚没有同意。请先打电话和老人说明，明天再试。")
    binding = Binding(family_id=member.id, elder_id=elder.id, relation=relation,
                      permissions=list(permissions), status="pending", started_via="phone_name",
                      requested_at=at)
    db.add(binding)
    wants = mw.joined([mw.word(PERMISSION_WORDS[p]) for p in permissions], "、")
    msg = _message(db, elder, "consent", N_("家人想帮您办事"),
                   mw.said(N_("您的{who}想帮您办事：{wants}。同意请选同意；不认识这个人，请选不同意。"),
                           who=who_words(member, relation), wants=wants),
                   f"family:{member.id}", at, ["agree", "decline"])
    binding.consent_message_id = msg.id
    db.flush()
    return binding, True


def show_code(db: Session, elder: Elder, asked_by: str, for_whom: dict, at: datetime) -> FamilyCode:
    """A new code on the elder's TV (earlier unused ones end: one code at a time). ``for_whom``:
    who wants to help, a parameter of structured words (the member's name or the agent's note as
    written, or :data:`SOMEONE`)."""
    for old in db.scalars(select(FamilyCode).where(FamilyCode.elder_id == elder.id,
                                                   FamilyCode.used_at.is_(None),
                                                   FamilyCode.expires_at > at)):
        old.expires_at = at
        _withdraw(db, old.message_id, at)
    code = f"{secrets.randbelow(10**6):06d}"
    spaced = " ".join(code)
    msg = _message(db, elder, "family_code", N_("家人绑定码"),
                   mw.said(N_("绑定码 {code}。{who}想用手机帮您办事。如果您同意，请把这个码告诉他；"
                              "陌生人问您要，千万不要告诉。10分钟内有效。"),
                           code=mw.as_written(spaced), who=for_whom), asked_by, at)
    row = FamilyCode(code=code, elder_id=elder.id, asked_by=asked_by[:48], message_id=msg.id,
                     created_at=at, expires_at=at + CODE_TTL)
    db.add(row)
    db.flush()
    return row


def start_by_code(db: Session, member: FamilyAccount, code: str, relation: str,
                  permissions: list[str], at: datetime) -> tuple[Binding, bool]:
    """The code the elder told the member: the binding is active at once."""
    if member.code_window_at is None or at - member.code_window_at > timedelta(hours=1):
        member.code_window_at, member.code_failures = at, 0
    if member.code_failures >= CODE_TRIES_PER_HOUR:
        raise ApiError("rate_limited", "绑定码输错太多次了，请一小时后再试，或拨打热线。")
    found = db.scalar(select(FamilyCode).where(FamilyCode.code == code,
                                               FamilyCode.used_at.is_(None),
                                               FamilyCode.expires_at > at))
    if found is None:
        member.code_failures += 1
        raise CodeRefused(member.id, member.code_failures, member.code_window_at)
    elder = db.get(Elder, found.elder_id)
    assert elder is not None
    found.used_at = at
    _withdraw(db, found.message_id, at)
    existing = _open_binding(db, member, elder)
    if existing is not None and existing.status == "active":
        return existing, False
    binding = existing or Binding(family_id=member.id, elder_id=elder.id, relation=relation,
                                  permissions=list(permissions), started_via="tv_code",
                                  requested_at=at)
    if existing is None:
        db.add(binding)
    _activate(db, binding, elder, member, "code", at)
    return binding, True


class CodeRefused(ApiError):
    """A wrong or expired code; the caller's count of wrong codes must still be kept."""

    def __init__(self, family_id: str, failures: int, window_at: datetime | None):
        left = max(CODE_TRIES_PER_HOUR - failures, 0)
        super().__init__("not_found", f"绑定码不对或已过期，请让老人再看一下电视。还可以试{left}次。")
        self.family_id, self.failures, self.window_at = family_id, failures, window_at


def _activate(db: Session, binding: Binding, elder: Elder, member: FamilyAccount, by: str,
              at: datetime) -> None:
    """Active now; the elder keeps a message in 消息 whose 解除绑定 ends it."""
    binding.status, binding.answered_at, binding.answered_by = "active", at, by[:48]
    db.flush()
    msg = db.get(Message, binding.consent_message_id) if binding.consent_message_id else None
    if msg is not None:
        msg.answers = ["revoke"]
        msg.read_at = msg.read_at or at
        return
    msg = _message(db, elder, "consent", N_("家人已经可以帮您办事"),
                   mw.said(N_("您的{who}现在可以用手机帮您办事了。如果不想让{them}办，请在这里按解除绑定。"),
                           who=who_words(member, binding.relation), them=relation_word(binding.relation)),
                   "system:family", at, ["revoke"])
    binding.consent_message_id = msg.id


def _withdraw(db: Session, message_id: str | None, at: datetime) -> None:
    msg = db.get(Message, message_id) if message_id else None
    if msg is not None and msg.withdrawn_at is None:
        msg.withdrawn_at = at


def answer(db: Session, msg: Message, given: str, actor: str, at: datetime) -> mw.Words:
    """The elder's answer to a message that asks (on the TV); returns what the TV says, as
    structured words (call_center/message_words.py)."""
    if given not in (msg.answers or []):
        raise ApiError("invalid_transition", "这条消息现在不能这样回答。")
    binding = db.scalar(select(Binding).where(Binding.consent_message_id == msg.id))
    if binding is None:
        raise ApiError("not_found", "没有找到这条消息说的事情。")
    member = db.get(FamilyAccount, binding.family_id)
    assert member is not None
    name = kin_words(binding.relation, member.name)
    msg.read_at = msg.read_at or at
    if given == "agree":
        elder = db.get(Elder, binding.elder_id)
        assert elder is not None
        _activate(db, binding, elder, member, actor, at)
        return mw.said(N_("好的，您的{who}现在可以帮您办事了。"), who=name)
    if given == "decline":
        binding.status, binding.answered_at, binding.answered_by = "declined", at, actor[:48]
        msg.answers = []
        return mw.said(N_("好的，没有同意。{who}不能帮您办事。"), who=name)
    revoke(db, binding, actor, "老人在电视上解除", at)
    return mw.said(N_("已经解除，{who}不能再帮您办事了。"), who=name)


def confirm(db: Session, binding: Binding, actor: str, note: str, at: datetime) -> Binding:
    """An agent confirms after calling the elder (an elder without a TV, or who asked)."""
    if binding.status != "pending":
        raise ApiError("invalid_transition", f"这个绑定{STATUS_WORDS[binding.status]}，不用再确认。")
    elder = db.get(Elder, binding.elder_id)
    member = db.get(FamilyAccount, binding.family_id)
    assert elder is not None and member is not None
    binding.note = note[:200]
    _activate(db, binding, elder, member, actor, at)
    return binding


def revoke(db: Session, binding: Binding, actor: str, note: str, at: datetime) -> Binding:
    """Ended now, by the elder (TV), an agent or the member; a pending one is withdrawn."""
    if binding.status in ("revoked", "declined"):
        return binding
    was_pending = binding.status == "pending"
    binding.status, binding.revoked_at, binding.revoked_by = "revoked", at, actor[:48]
    if note:
        binding.note = note[:200]
    msg = db.get(Message, binding.consent_message_id) if binding.consent_message_id else None
    if msg is not None:
        msg.answers = []
        if was_pending:
            _withdraw(db, msg.id, at)
    db.flush()
    return binding


def members_allowed(db: Session, elder_id: str, permission: str) -> list[tuple[Binding, FamilyAccount]]:
    """Members bound to the elder now (active binding, active account) whose binding carries
    ``permission``: who is alerted, who is sent a slip."""
    rows = db.execute(select(Binding, FamilyAccount).join(
        FamilyAccount, FamilyAccount.id == Binding.family_id).where(
        Binding.elder_id == elder_id, Binding.status == "active", FamilyAccount.active)).all()
    return [(b, m) for b, m in rows if permission in (b.permissions or [])]


def elder_name_for(binding: Binding, elder: Elder) -> str:
    """The name in full to a member the elder accepted; masked while the elder has not."""
    return elder.name if binding.status == "active" else mask_name(elder.name)
