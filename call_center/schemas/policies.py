"""Policy shapes: the catalog as it stands for one elder (政策查询), and an agent's push."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .common import Query, ShanghaiTime


class PolicyOfferOut(BaseModel):
    status: Literal["told", "applied", "declined", "held"] = Field(
        description="told (pushed), applied (想办理: a call-back), declined (不需要), held (she has it)")
    status_label: str
    message_id: str | None
    request_id: str | None
    created_by: str
    created_at: ShanghaiTime
    answered_at: ShanghaiTime | None


class PolicyOut(BaseModel):
    id: str
    title: str
    summary: str = Field(description="one sentence an elder hears")
    offer: str = Field(description="what she may do: 可以申领敬老卡")
    qualifies: bool | None = Field(description="by the centre's facts; null: a fact it needs is not known")
    held: bool = Field(description="she has it already")
    standing: str = Field(description="in a few words: 可以办理 / 已享受 / 需要：年满65岁")
    reasons: str = Field(description="why she qualifies: 您今年81岁，是本市户籍，独自居住")
    needs: str = Field(description="what it asks that she does not meet or the centre does not know")
    speech: str = Field(description="title, standing and summary as one text to speak")
    apply_where: str
    bring: list[str]
    source: str = Field(description="the policy document (seed) and its section")
    offered: PolicyOfferOut | None = Field(description="what she was told of it, and her answer")
    opens: str | None = Field(None, description="the service applying for it opens instead of a call-back: "
                                                "elder_services for the three matters 养老服务一件事 joins (seed 003 §二(一))")



ResourceKind = Literal["meal_point", "elder_university", "care_centre"]


class NearbyQuery(Query):
    kind: ResourceKind = Field(description="meal_point 助餐点, elder_university 老年大学, care_centre 社区养老机构")


class ResourceOut(BaseModel):
    id: str
    kind: ResourceKind
    kind_label: str
    name: str
    district: str
    address: str
    hours: str
    phone: str
    summary: str = Field(description="one sentence an elder hears")
    distance_m: int | None = Field(description="from her home; null while her home is not located")
    distance_words: str = Field(description="约800米 / 约1.2公里; empty when not known")
    speech: str = Field(description="name, distance, address, hours and summary as one text to speak")
