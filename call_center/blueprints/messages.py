"""Messages: an elder's inbox (reminders, notices, pushes), read acknowledgement, agent notices."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from .. import message_words as mw
from .. import present
from ..auth import current_caller, elder_for, requires
from ..clock import now
from ..errors import ApiError
from ..models import Message
from ..schemas.messages import MessageOut, MessagesQuery, NoticeIn
from ..unit_of_work import session

bp = APIBlueprint("messages", __name__, url_prefix="/v1", tag="Messages")


@bp.get("/elders/<elder_id>/messages")
@requires()
@bp.input(MessagesQuery, location="query", arg_name="query")
@bp.output(list[MessageOut])
def inbox(elder_id: str, query: MessagesQuery) -> list[MessageOut]:
    """Newest first; ``due=true`` hides reminders not due yet; withdrawn ones never show."""
    db = session()
    elder_for(db, elder_id)
    stmt = select(Message).where(Message.elder_id == elder_id, Message.withdrawn_at.is_(None))
    if query.due:
        stmt = stmt.where(Message.due_at <= now())
    if query.unread:
        stmt = stmt.where(Message.read_at.is_(None))
    stmt = stmt.order_by(Message.due_at.desc(), Message.created_at.desc(), Message.id.desc())
    return [present.message(m) for m in db.scalars(stmt.limit(query.limit))]


@bp.post("/messages/<message_id>/ack")
@requires()
@bp.output(MessageOut)
def ack(message_id: str) -> MessageOut:
    """Read aloud and acknowledged; the first acknowledgement's time is kept."""
    db = session()
    msg = db.get(Message, message_id)
    if msg is None:
        raise ApiError("not_found", "没有找到这条消息。")
    elder_for(db, msg.elder_id)
    if msg.read_at is None:
        msg.read_at = now()
        db.flush()
    return present.message(msg)


@bp.post("/elders/<elder_id>/messages")
@requires("agent")
@bp.input(NoticeIn, arg_name="body")
@bp.output(MessageOut, status_code=201)
def send_notice(elder_id: str, body: NoticeIn) -> tuple[MessageOut, int]:
    """A notice or a proactive policy push (seed 000 §三(二)3(6)); text is kept as given
    (plain text: front ends must never interpret it as markup)."""
    db = session()
    elder = elder_for(db, elder_id)
    moment = now()
    # An agent's own words, as written in every language (call_center/message_words.py).
    msg = Message(elder_id=elder.id, kind=body.kind, title=body.title, body=body.body,
                  title_words=mw.written(body.title), words=mw.written(body.body),
                  created_by=current_caller().actor,
                  created_at=moment, due_at=moment)
    db.add(msg)
    db.flush()
    return present.message(msg), 201

