"""Message shapes: reminders, notices, policy pushes, status changes."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from .common import Query, ShanghaiTime, Strict


class MessageAnswer(BaseModel):
    id: str = Field(description="agree, decline, revoke (a consent); apply, not_needed (a policy push)")
    label: str
    opens: str | None = Field(None, description=(
        "the service this answer is given through on the elder's own device (apply on a 一键通 "
        "policy: device_application): a front end opens its form, and filing it answers the message; "
        "POST .../answer with it still asks a call-back"))


class MessageOut(BaseModel):
    id: str
    elder_id: str
    kind: Literal["reminder", "notice", "policy", "status", "family", "consent", "family_code", "return_visit"]
    title: str
    body: str
    speech: str = Field(description="title and body as one text to speak: never other words")
    request_id: str | None
    created_at: ShanghaiTime
    due_at: ShanghaiTime
    read_at: ShanghaiTime | None
    people: list[str] = Field(default_factory=list, description=(
        "the people its title and body name (her contacts and family, a visitor, a driver): a front end "
        "keeps each name whole on a line"))
    answers: list[MessageAnswer] = Field(
        default_factory=list, description="a message that asks (a family member wants to help; a policy she may apply for): "
        "what the elder may answer now, through POST /v1/messages/{id}/answer")
    words: dict[str, Any] | None = Field(None, description=(
        "the words the centre composed the body from, for a screen in another language: "
        "{id: a sentence of the catalogs with {slots}, params: {slot: one of {as_written: text} (a name, a "
        "place, a provider's or an agent's words), {word: a catalog word}, {day: ISO time}, {when: ISO time}, "
        "{address: {name, gender}}, {said: words}}}; null when a person wrote the body "
        "(docs/central-api.md, Messages)"))
    title_words: dict[str, Any] | None = Field(None, description=(
        "the words the centre composed the title from, in the shape of words, when the title names "
        "something (叫车已取消); null when the title is a sentence of the catalogs as it stands or a "
        "person wrote it"))


class MessagesQuery(Query):
    due: bool = Field(False, description="true hides reminders that are not due yet")
    unread: bool = False
    limit: int = Field(50, ge=1, le=200)


class NoticeIn(Strict):
    kind: Literal["notice", "policy"] = "notice"
    title: str = Field(min_length=1, max_length=60)
    body: str = Field(min_length=1, max_length=2000,
                      description="shown as written and spoken as written (title, then body)")
