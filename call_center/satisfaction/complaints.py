"""投诉 / 异议 about a provider's service (seed 001 §（三）异议处理; seed 004: one key to a person).

Any channel may file one about a request of hers (the request's detail, or the return visit's
follow-up to 不满意); an agent may file one she made on the phone. It is a work item in the
console's queue, with the request, the provider and her answers, until an agent records its
outcome (处理结果); she is then told the outcome as a message, shown and read aloud on her
screen like every notice. One open complaint a request: another while it is open joins it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import message_words as mw
from ..errors import ApiError
from ..fulfilment.registry import SERVICE_WORDS
from ..models import Complaint, Elder, Message, ServiceRequest
from ..models.ids import new_id
from ..models.satisfaction import REASONS
from ..message_words import N_

REASON_WORDS = {"late": "没按时来", "rude": "态度不好", "wrong_fee": "收费不对", "other": "其他"}
SOURCE_WORDS = {"return_visit": "回访不满意", "elder": "老人提出", "agent": "电话反映"}
STATE_WORDS = {"open": "待处理", "closed": "已处理"}
# The requests a complaint may be about: a service that was carried out, or should have been.
ABOUT = ("confirmed", "completed", "failed", "cancelled")
OUTCOME_TITLE = N_("投诉处理结果")


def service_words(req: ServiceRequest) -> str:
    """叫车: the service's word, marked for the catalogs where its Handling is made."""
    return SERVICE_WORDS.get(req.service, req.service)


def open_for(db: Session, request_id: str) -> Complaint | None:
    return db.scalar(select(Complaint).where(Complaint.request_id == request_id, Complaint.status == "open"))


def file(db: Session, req: ServiceRequest, elder: Elder, actor: str, channel: str, source: str,
         reasons: list[str], call_back: bool, note: str, at: datetime) -> Complaint:
    """A new complaint, or the open one about this request with these reasons added."""
    if req.status not in ABOUT:
        raise ApiError("invalid_transition", "这项服务还没有开始办，现在还不能投诉。有事请找人工。")
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise ApiError("validation_error", fields={"reasons": f"不认识的原因：{'、'.join(unknown)}"})
    current = open_for(db, req.id)
    if current is None:
        try:
            with db.begin_nested():
                current = Complaint(id=new_id("cmp"), request_id=req.id, elder_id=elder.id, service=req.service,
                                    provider=req.provider, source=source, channel=channel, reasons=[],
                                    call_back=False, note="", status="open", filed_by=actor[:48], filed_at=at)
                db.add(current)
                db.flush()
        except IntegrityError:  # filed from another channel a moment ago: join it
            current = open_for(db, req.id)
            assert current is not None
    current.reasons = [*current.reasons, *(r for r in reasons if r not in current.reasons)]
    current.call_back = current.call_back or call_back
    if note:
        current.note = f"{current.note}\n{note}".strip()
    db.flush()
    return current


def close(db: Session, complaint: Complaint, outcome: str, actor: str, at: datetime) -> Message:
    """处理结果: recorded, and told to her as a message on her screen (read aloud)."""
    if complaint.status != "open":
        raise ApiError("invalid_transition", "这条投诉已经处理过了。")
    outcome = outcome.strip()
    if not outcome:
        raise ApiError("validation_error", fields={"outcome": "请写下处理结果，老人会收到。"})
    req = db.get(ServiceRequest, complaint.request_id)
    elder = db.get(Elder, complaint.elder_id)
    assert req is not None and elder is not None
    words = mw.said(N_("{address}，您对{day}{service}的意见，处理结果：{outcome}。"),
                    address=mw.address(elder.name, elder.gender), day=mw.day(req.created_at),
                    service=mw.word(service_words(req)), outcome=mw.as_written(outcome.rstrip("。")))
    msg = Message(id=new_id("msg"), elder_id=elder.id, kind="notice", title=OUTCOME_TITLE, body=mw.chinese(words),
                  words=words, request_id=req.id, created_by=actor[:48], created_at=at, due_at=at)
    db.add(msg)
    db.flush()
    complaint.status, complaint.outcome = "closed", outcome
    complaint.closed_by, complaint.closed_at, complaint.outcome_message_id = actor[:48], at, msg.id
    db.flush()
    return msg


def reasons_words(complaint: Complaint) -> str:
    words = [REASON_WORDS.get(r, r) for r in complaint.reasons or []]
    if complaint.call_back:
        words.append("请人工回电")
    return "、".join(words) or "没有说原因"
