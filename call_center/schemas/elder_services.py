"""养老服务一件事 shapes: the twelve matters as they stand for one elder (一次告知)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Part = Literal["assessment", "subsidy", "admission"]


class MatterStanding(BaseModel):
    id: str
    title: str
    clause: str = Field(description="the seed clause the rule comes from: 003 §一(七)")
    joined: Part | None = Field(description="one of the three joined matters (一表申请), and which part")
    can: bool | None = Field(description="may apply, by the centre's facts; null: a fact it needs is not known")
    held: bool = Field(description="she has it already (an assessment's grade)")
    standing: str = Field(description="in a few words: 可以申请 / 不能申请：要年满65岁 / 要核实：…")
    why: str = Field(description="why she may (您今年81岁，是本市户籍) or what it asks that she does not meet")
    summary: str
    apply_where: str
    bring: list[str]
    speech: str = Field(description="the title, standing and clause as one text to speak")


class ElderServicesOut(BaseModel):
    matters: list[MatterStanding] = Field(description="all twelve of seed 003 §一, in its order")
    cites: str = Field(description="the document: 沪民养老发〔2024〕18号")
    open_request_id: str | None = Field(description="her joint application being handled, if any (one at a time)")
