"""Who pays what for a one-key device: the tiers of eligibility.yaml over an applicant's facts.

The rules are data, each tier citing its seed clause; the conditions and their three-valued
logic are the policy catalog's (``call_center.policies.rules``), so 政策找人 and an application
can never disagree on who is 高龄独居. The verdict is kept with the application as it was
decided (a later change to the file does not rewrite what a family was told) and says, in an
elder's words, what she will pay each month and why.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .. import message_words as mw
from ..message_words import N_
from ..policies import means, rules

RULES_FILE = Path(__file__).resolve().parent / "eligibility.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Package(_Strict):
    label: str
    monthly_yuan: int = Field(ge=0)
    care_calls_per_week: int = Field(ge=0, le=7)
    words: str
    source: str


class Tier(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    source: str
    cites: str
    rules: list[dict[str, Any]]
    device_free: bool
    covered_monthly_yuan: int | Literal["all"]
    words: str

    @field_validator("rules")
    @classmethod
    def _well_formed(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rules.check(value)
        return value


class Priority(_Strict):
    label: str
    source: str
    rules: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _well_formed(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rules.check(value)
        return value


class Rules(_Strict):
    packages: dict[Literal["A", "B"], Package]
    tiers: list[Tier] = Field(min_length=1)
    priority: list[Priority] = Field(default_factory=list)

    @field_validator("tiers")
    @classmethod
    def _last_takes_everyone(cls, value: list[Tier]) -> list[Tier]:
        if value[-1].rules:
            raise ValueError("the last tier must have no rules: every applicant gets an answer")
        return value


@lru_cache(maxsize=1)
def loaded(path: Path = RULES_FILE) -> Rules:
    return Rules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


class Verdict(BaseModel):
    """What the centre decided, as kept with the application and shown to the family."""

    tier: str
    source: str
    cites: str
    package: Literal["A", "B"]
    package_yuan: int
    monthly_fee_yuan: int
    device_free: bool
    # A tier that would apply if the street office finds an unknown fact true (不清楚 → 低保).
    maybe_tier: str | None = None
    maybe_monthly_fee_yuan: int | None = None
    words: str  # why: the facts that decided it and what the tier covers
    said: str  # the whole sentence for the applicant: the month's cost, then why
    # ``said`` as structured words (call_center/message_words.py), a parameter: for the message
    # that tells it (not kept with the application: the stored verdict is what was decided).
    _said_words: dict[str, Any] | None = PrivateAttr(default=None)

    @property
    def said_words(self) -> dict[str, Any]:
        return self._said_words if self._said_words is not None else mw.as_written(self.said)


def facts_of(age: int | None, hukou_shanghai: bool | None, living_alone: bool | None,
             hardship: str | None) -> dict[str, Any]:
    return {"age": age, "hukou_shanghai": hukou_shanghai, "living_alone": living_alone,
            "economic_hardship": means.hardship_of(hardship)}


def _fee(tier: Tier, package: Package) -> int:
    if tier.covered_monthly_yuan == "all":
        return 0
    return max(0, package.monthly_yuan - tier.covered_monthly_yuan)


def _first(facts: dict[str, Any]) -> Tier:
    return next(t for t in loaded().tiers if rules.all_hold(t.rules, facts) is True)


UNSETTLED = ("hukou_shanghai", "living_alone", "economic_hardship")


def decide(facts: dict[str, Any], package_id: Literal["A", "B"]) -> Verdict:
    """The tier that holds. A yes-or-no fact nobody knows yet (不清楚) is tried both ways: the
    family is told the most it may pay, and what it pays if the street office finds otherwise."""
    package = loaded().packages[package_id]
    unknown = [f for f in UNSETTLED if facts.get(f) is None]
    worlds = [dict(facts)]
    for fact in unknown:
        worlds = [{**w, fact: v} for w in worlds for v in (False, True)]
    outcomes = [(_fee(t, package), not t.device_free, i, t, w)
                for i, (t, w) in enumerate((_first(w), w) for w in worlds)]
    worst = max(outcomes, key=lambda o: (o[0], o[1], -o[2]))
    best = min(outcomes, key=lambda o: (o[0], o[1], o[2]))
    tier, fee = worst[3], worst[0]
    why = rules.reasons_words(tier.rules, facts)
    maybe = best[3] if best[3].id != tier.id else None
    told = mw.sentences(mw.said(N_("{why}。"), why=why) if why != mw.nothing() else None,
                        mw.said("{words}", words=mw.word(tier.words)),
                        mw.said(N_("如果街道核实{needs}，{words}"), needs=rules.needs_words(maybe.rules, facts),
                                words=mw.word(maybe.words)) if maybe is not None else None)
    said = mw.sentences(money_said(package.label, fee), mw.said("{told}", told=told))
    verdict = Verdict(tier=tier.id, source=tier.source, cites=tier.cites, package=package_id,
                      package_yuan=package.monthly_yuan, monthly_fee_yuan=fee, device_free=tier.device_free,
                      words=mw.chinese(mw.said("{told}", told=told)), said=mw.chinese(mw.said("{said}", said=said)),
                      maybe_tier=maybe.id if maybe else None, maybe_monthly_fee_yuan=best[0] if maybe else None)
    verdict._said_words = said
    return verdict


def priority_of(stated: dict[str, Any]) -> str | None:
    """Why the street office reviews this application first (its group's label), or None:
    ``stated`` as an application keeps it (age, hukou_shanghai, living_alone, hardship)."""
    facts = facts_of(stated.get("age"), stated.get("hukou_shanghai"), stated.get("living_alone"),
                     stated.get("hardship"))
    return next((p.label for p in loaded().priority if rules.all_hold(p.rules, facts) is True), None)


def money_words(label: str, fee: int) -> str:
    """What a month costs, as it is said (the screen and slip show the figure as a fact)."""
    return mw.chinese(money_said(label, fee))


def money_said(label: str, fee: int) -> mw.Words:
    if fee == 0:
        return mw.said(N_("{package}每月不用付钱。"), package=mw.word(label))
    return mw.said(N_("{package}每月最多付{fee}元。"), package=mw.word(label), fee=mw.as_written(fee))


# The file's words an applicant is told (eligibility.yaml), marked for the catalogs: a test holds
# every package's label and every tier's words to this list.
TOLD = (N_("套餐A"), N_("套餐B"), N_("设备、安装和每月的费用都由政府出。"), N_("政府每月补贴10元救援服务费，设备费自理。"),
        N_("服务费和设备费自理，服务商只收成本价或公益价。"))
