"""Family accounts, bindings, family messages and the family's view of an alarm."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from .common import Id, Query, ShanghaiTime, Strict

Permission = Literal["view", "book", "alerts"]
# How the family member is related to the elder (亲友代办 covers friends and neighbours too).
Relation = Literal["女儿", "儿子", "儿媳", "女婿", "孙女", "孙子", "外孙女", "外孙", "侄女", "侄子",
                   "外甥女", "外甥", "配偶", "兄弟姐妹", "其他亲属", "朋友", "邻居"]
BindingStatus = Literal["pending", "active", "declined", "revoked"]
MOBILE = r"^1[3-9][0-9]{9}$"
CHINESE_NAME = r"^[\u3400-\u9fff\U00020000-\U0003134F·]{2,16}$"


class FamilySessionIn(Strict):
    """The mini-program back end vouches for a member it has signed in."""

    provider: Literal["wechat", "ssb"]
    subject: str = Field(min_length=1, max_length=128, description="openid / 随申办 user id")
    name: str | None = Field(None, max_length=32)
    phone: str | None = Field(None, pattern=MOBILE)


class BindingOut(BaseModel):
    id: str
    family_id: str
    elder_id: str
    elder_name: str = Field(description="in full once active; masked while pending")
    relation: str
    permissions: list[Permission]
    status: BindingStatus
    status_word: str
    started_via: Literal["phone_name", "tv_code", "agent"]
    requested_at: ShanghaiTime
    answered_at: ShanghaiTime | None
    answered_by: str | None
    revoked_at: ShanghaiTime | None
    revoked_by: str | None


class FamilyOut(BaseModel):
    id: str
    provider: str
    name: str
    phone_masked: str
    bindings: list[BindingOut]


class FamilySessionOut(BaseModel):
    token: str = Field(description="a bearer token for this member, kept by the back end only")
    expires_at: ShanghaiTime
    family: FamilyOut


class FamilyPatch(Strict):
    name: str | None = Field(None, pattern=CHINESE_NAME, description="shown to the elder: 女儿陈静")
    phone: str | None = Field(None, pattern=MOBILE)


class BindingStart(Strict):
    """Either the elder's phone and name (the elder then answers on the TV or to an agent),
    or the code the elder's TV shows (telling it is the elder's consent)."""

    relation: Relation
    permissions: list[Permission] = Field(default_factory=lambda: ["view", "book", "alerts"],
                                          min_length=1, max_length=3)
    elder_phone: str | None = Field(None, pattern=MOBILE)
    elder_name: str | None = Field(None, pattern=CHINESE_NAME)
    code: str | None = Field(None, pattern=r"^[0-9]{6}$")

    @field_validator("code", mode="before")
    @classmethod
    def _digits(cls, value: object) -> object:
        return value.replace(" ", "").replace("-", "") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way(self) -> "BindingStart":
        by_phone = self.elder_phone is not None or self.elder_name is not None
        if by_phone == (self.code is not None):
            raise ValueError("请填写老人的手机号和姓名，或者填写老人电视上的绑定码（二选一）。")
        if by_phone and not (self.elder_phone and self.elder_name):
            raise ValueError("老人的手机号和姓名都要填写。")
        self.permissions = sorted(set(self.permissions) | {"view"},
                                  key=["view", "book", "alerts"].index)  # type: ignore[assignment]
        return self


class CodeRequest(Strict):
    elder_phone: str = Field(pattern=MOBILE)
    elder_name: str = Field(pattern=CHINESE_NAME)


class CodeShown(BaseModel):
    expires_at: ShanghaiTime
    shown: bool = Field(description="always true: a wrong phone or name shows nothing and says nothing")


class RevokeIn(Strict):
    note: str = Field("", max_length=200)


class ConfirmIn(Strict):
    note: str = Field(min_length=1, max_length=200, description="how the agent confirmed it (the call)")


class BindingsQuery(Query):
    elder_id: Id | None = None
    status: BindingStatus | None = None
    limit: int = Field(100, ge=1, le=500)


class AnswerIn(Strict):
    answer: Literal["agree", "decline", "revoke", "apply", "not_needed", "satisfied", "so_so", "dissatisfied",
                    "late", "rude", "wrong_fee", "other", "call_back"] = Field(
        description="a consent: agree, decline, revoke; a policy push: apply (想办理), not_needed (不需要); "
        "a return visit (回访): satisfied, so_so, dissatisfied, and its follow-up to dissatisfied: late, rude, "
        "wrong_fee, other, call_back (请人工回电)")


class AnswerOut(BaseModel):
    message_id: str
    answer: str
    speech: str = Field(description="what the TV says back")
    speech_words: dict | None = Field(None, description="``speech`` as structured words (call_center/message_words.py): "
                                      "a screen in another language says them rendered, else ``speech``")


class FamilyMessageIn(Strict):
    """A short note to the elder's TV (plain text: shown and read aloud as written)."""

    text: str | None = Field(None, min_length=1, max_length=120)
    preset: Literal["visit_sunday", "call_me", "take_medicine", "eat_well", "love_you"] | None = None

    @model_validator(mode="after")
    def _one(self) -> "FamilyMessageIn":
        if (self.text is None) == (self.preset is None):
            raise ValueError("请写一句话，或者选一句常用的话。")
        return self


class FamilyMessageOut(BaseModel):
    id: str
    elder_id: str
    title: str
    body: str
    created_at: ShanghaiTime
    read_at: ShanghaiTime | None = Field(description="when the elder heard it on the TV and pressed 知道了")


class FamilyTodayOut(BaseModel):
    """One parent at a glance, in one call: the profile, today's check-in, alarms open now,
    the latest requests (each as the rest of the API shows it)."""

    elder: dict[str, Any]
    checkin: dict[str, Any]
    open_alarms: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    return_visits: list[dict[str, Any]] = Field(default_factory=list, description=(
        "回访 waiting for an answer (messages that ask, due now): a member with book may answer one "
        "for the parent through POST /v1/messages/{id}/answer"))
    visits: dict[str, Any] = Field(default_factory=dict, description=(
        "巡视探访: {next: Visit|null (the next one planned, with visitor_phone), recent: [Visit] "
        "(recorded in the last 90 days, newest first)}; empty when she is not visited"))


class TimelineLine(BaseModel):
    at: ShanghaiTime
    text: str


class FamilyAlarmOut(BaseModel):
    id: str
    elder_id: str
    status: str
    status_word: str
    open: bool
    raised_at: ShanghaiTime
    headline: str = Field(description="one sentence: 14:02、14:04 两次回拨您母亲未接通；正在联系您；下一步 110")
    now: str
    next: str
    lines: list[TimelineLine]
    answers: list[Literal["coming", "ok"]] = Field(description="what the family may answer now")
    my_answer: Literal["coming", "ok"] | None


class FamilyAlarmAnswer(Strict):
    answer: Literal["coming", "ok"]
    note: str = Field("", max_length=200)


class RecipientsQuery(Query):
    elder_id: Id
    permission: Permission = "alerts"


class RecipientOut(BaseModel):
    family_id: str
    provider: str
    subject: str
    name: str
    relation: str
    elder_name_masked: str


class ContactIn(Strict):
    """An emergency contact: ``id`` keeps an existing one as it is (at this place in the
    order); otherwise name, relation and phone make a new one."""

    id: Id | None = None
    name: str | None = Field(None, pattern=CHINESE_NAME)
    relation: str | None = Field(None, min_length=1, max_length=8)
    phone: str | None = Field(None, pattern=r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")

    @model_validator(mode="after")
    def _kept_or_new(self) -> "ContactIn":
        if self.id is None and not (self.name and self.relation and self.phone):
            raise ValueError("新的联系人要填姓名、关系和电话。")
        return self


class ContactsIn(Strict):
    contacts: list[ContactIn] = Field(min_length=1, max_length=5)


class ContactOut(BaseModel):
    id: str
    name: str
    relation: str
    phone_masked: str
    priority: int
