"""一次告知 (seed 003 §二(一)1): the twelve matters of 养老服务"一件事" as they stand for one elder,
in the seed's order — which she may apply for, and for each other one what it asks that she
does not meet (or the centre does not know), each citing its seed clause.

The rules are the policy catalog's (``call_center/policies/catalog.yaml``), so this answer, 政策查询
and 政策找人 can never disagree; ``matters.yaml`` adds only the order, the joined parts and their
desks.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..policies import catalog, rules
from ..schemas.elder_services import MatterStanding

MATTERS_FILE = Path(__file__).resolve().parent / "matters.yaml"
Part = Literal["assessment", "subsidy", "admission"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Matter(_Strict):
    id: str
    clause: str = Field(pattern=r"^003 §一\(.+\)$")
    joined: Part | None = None


class PartRule(_Strict):
    title: str
    desk: str
    waits_on: Part | None


class Matters(_Strict):
    cites: str
    matters: list[Matter] = Field(min_length=12, max_length=12)
    parts: dict[Part, PartRule]
    choices: dict[str, list[Part]]

    @model_validator(mode="after")
    def _consistent(self) -> "Matters":
        known = {p.id for p in catalog.entries()}
        for m in self.matters:
            if m.id not in known:
                raise ValueError(f"{m.id!r} is not in the policy catalog")
        joined = [m.joined for m in self.matters if m.joined]
        if sorted(joined) != sorted(self.parts):
            raise ValueError("each joined part is one matter")
        if len(self.choices) > 4:
            raise ValueError("at most four answers on a screen")
        for parts in self.choices.values():
            for p in parts:
                if self.parts[p].waits_on and self.parts[p].waits_on not in parts:
                    raise ValueError(f"a choice holds {p} without {self.parts[p].waits_on}, which it waits on")
        return self


@lru_cache(maxsize=1)
def loaded(path: Path = MATTERS_FILE) -> Matters:
    return Matters.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def policy_of(matter_id: str) -> catalog.PolicyEntry:
    return next(p for p in catalog.entries() if p.id == matter_id)


def part_policy(part: Part) -> catalog.PolicyEntry:
    return policy_of(next(m.id for m in loaded().matters if m.joined == part))


def standing(matter: Matter, facts: rules.Facts) -> MatterStanding:
    p = policy_of(matter.id)
    can = rules.all_hold(p.rules, facts)
    held = bool(p.held_when) and rules.all_hold(p.held_when, facts) is True
    held = held and (can is not False or matter.joined == "assessment")  # a grade on file is hers
    if held and matter.joined == "assessment":
        words, why = f"已评估：照护等级{facts.get('care_level')}级，到期可以再申请", rules.reasons(p.rules, facts)
    elif held:
        words, why = "已享受", rules.reasons(p.rules, facts)
    elif can:
        why = rules.reasons(p.rules, facts)
        words = "可以申请"
    elif can is None:
        why = rules.needs(p.rules, facts)
        words = f"要核实：{why}" if why else "请问养老顾问"
    else:
        why = rules.needs(p.rules, facts)
        words = f"不能申请：要{why}"
    speech = f"{p.title}，{words}。{p.summary}依据养老服务一件事{_said_clause(matter.clause)}。"
    return MatterStanding(id=matter.id, title=p.title, clause=matter.clause, joined=matter.joined, can=can,
                          held=held, standing=words, why=why, summary=p.summary, apply_where=p.apply_where,
                          bring=list(p.bring), speech=speech)


def _said_clause(clause: str) -> str:
    """003 §一(七) as it is read: 第一部分第七项."""
    item = clause.split("(", 1)[1].rstrip(")")
    return f"第{item}项"


def tell(facts: rules.Facts) -> list[MatterStanding]:
    """All twelve, in the seed's order (the screen puts hers first: :func:`hers_first`)."""
    return [standing(m, facts) for m in loaded().matters]


def hers_first(found: list[MatterStanding]) -> list[MatterStanding]:
    def rank(s: MatterStanding) -> int:
        return 0 if (s.can and not s.held) else 1 if s.can is None else 3 if s.held else 2
    return sorted(found, key=rank)  # stable: the seed's order within each group


def facts_with(base: dict[str, Any], **given: Any) -> rules.Facts:
    """The elder's facts with what the applicant stated (a stated unknown stays unknown)."""
    return {**base, **{k: v for k, v in given.items()}}
