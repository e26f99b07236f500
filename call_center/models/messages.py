"""Messages to an elder: reminders, notices, policy pushes and status changes."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..speech_text import message_speech
from .ids import new_id


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_elder_due", "elder_id", "due_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "msg"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"))
    # reminder | notice | policy | status | family (a family member's words) | consent (a
    # family member asks to be bound) | family_code (the code to tell a family member)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("service_requests.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(48))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A cancelled booking withdraws its reminders: kept for the record, never shown again.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A message that asks something: the answers the elder may give now (e.g. agree, decline;
    # later revoke), kept in step with what it asks about (call_center.family.bindings).
    answers: Mapped[list | None] = mapped_column(JSON)
    # The words the centre composed ``body`` from (call_center/message_words.py): a catalog
    # sentence and its parameters, so a screen in another language renders it; a body a person
    # wrote (a family member's note, an agent's notice) is ``message_words.written``. Never None
    # for a message written now (:func:`_words_or_refused`); None only on rows of older centres.
    words: Mapped[dict | None] = mapped_column(JSON)
    # The same for a title composed at run time (叫车已取消: the service named in it), so another
    # language renders it too; None for a title that is a catalog sentence as it stands (看病提醒)
    # or that a person wrote.
    title_words: Mapped[dict | None] = mapped_column(JSON)

    # Lets the unit of work insert a new request before the messages about it.
    request: Mapped["ServiceRequest | None"] = relationship()  # noqa: F821

    @property
    def speech(self) -> str:
        """Made from what is shown, never stored beside it: the two cannot drift apart."""
        return message_speech(self.title, self.body)


class MessageWithoutWords(TypeError):
    """A message about to be stored with its body as text alone: no screen in another language
    could render it (call_center/message_words.py)."""


@event.listens_for(Session, "before_flush")
def _words_or_refused(session: Session, _context: object, _instances: object) -> None:
    """Every new message carries its body's words, whoever made it: a message an English screen
    would show in Chinese is refused before it is stored, not found by an elder."""
    for obj in session.new:
        if isinstance(obj, Message) and not obj.words:
            raise MessageWithoutWords(f"a {obj.kind} message without words: {obj.title}")
