"""The JSON API's shapes (documented at ``/openapi.json``). Inputs are strict: an unknown key
is an error, not silently dropped. What the centre answers is passed on as it is (its
shapes are the centre's contract, docs/central-api.md), under these envelopes."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MOBILE = r"^1[3-9][0-9]{9}$"
NAME = r"^[\u3400-\u9fff\U00020000-\U0003134F·]{2,16}$"
Relation = Literal["女儿", "儿子", "儿媳", "女婿", "孙女", "孙子", "外孙女", "外孙", "侄女", "侄子",
                   "外甥女", "外甥", "配偶", "兄弟姐妹", "其他亲属", "朋友", "邻居"]
Permission = Literal["view", "book", "alerts"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WechatLoginIn(Strict):
    code: str = Field(min_length=1, max_length=128, description="wx.login()'s code")


class SsbLoginIn(Strict):
    code: str = Field(min_length=1, max_length=512)
    redirect_uri: str | None = Field(None, max_length=500)
    code_verifier: str | None = Field(None, max_length=128)


class PhoneIn(Strict):
    code: str = Field(min_length=1, max_length=128, description="getPhoneNumber's code")


class LoginOut(BaseModel):
    token: str = Field(description="the product's own signed token: send as Authorization: Bearer")
    expires_at: str
    member: dict[str, Any]


class ProfileIn(Strict):
    name: str = Field(pattern=NAME, description="how the elder hears you: 女儿陈静")


class BindingIn(Strict):
    relation: Relation
    permissions: list[Permission] = Field(default_factory=lambda: ["view", "book", "alerts"],
                                          min_length=1, max_length=3)
    elder_phone: str | None = Field(None, pattern=MOBILE)
    elder_name: str | None = Field(None, pattern=NAME)
    code: str | None = Field(None, max_length=12)


class CodeIn(Strict):
    elder_phone: str = Field(pattern=MOBILE)
    elder_name: str = Field(pattern=NAME)


class FlowStartIn(Strict):
    elder_id: str | None = Field(None, max_length=32)


class FlowEventIn(Strict):
    kind: str = Field(max_length=16)
    value: Any = None


class FlowElder(BaseModel):
    id: str
    name: str


class FlowOut(BaseModel):
    session: str
    screen: dict[str, Any] = Field(description="a screen as docs/screen.schema.json describes it")
    speech: str
    wipe: bool
    elder: FlowElder | None = Field(None, description="the parent the flow acts for: name them on every step")


class AnswerIn(Strict):
    answer: Literal["coming", "ok"]
    note: str = Field("", max_length=200)


class NoteIn(Strict):
    text: str | None = Field(None, min_length=1, max_length=120)
    preset: Literal["visit_sunday", "call_me", "take_medicine", "eat_well", "love_you"] | None = None


class ContactsIn(Strict):
    contacts: list[dict[str, Any]] = Field(min_length=1, max_length=5)


class PreferencesIn(Strict):
    """Her display and voice preferences: only the fields sent change (the centre's limits)."""

    font_scale: float | None = Field(None, ge=1.0, le=2.5)
    theme: Literal["standard", "high_contrast", "dark"] | None = None
    locale: Literal["zh_CN", "en"] | None = None
    speech_rate: int | None = Field(None, ge=120, le=300)
    volume: int | None = Field(None, ge=0, le=100)


class SubscribeIn(Strict):
    """What ``wx.requestSubscribeMessage`` answered, template id → accept | reject | ban;
    ``long_term`` when the template is a long-term one."""

    results: dict[str, Literal["accept", "reject", "ban", "filter"]] = Field(min_length=1, max_length=3)
    long_term: bool = False


class StatusOut(BaseModel):
    """One parent at a glance: today's check-in, alarms open now, recent requests."""

    elder: dict[str, Any]
    checkin: dict[str, Any] | None
    checkin_words: str
    open_alarms: list[dict[str, Any]]
    requests: list[dict[str, Any]]


class Health(BaseModel):
    status: str = "ok"
