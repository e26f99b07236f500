"""The policy catalog as written (catalog.yaml), checked when it is read: an unknown key, fact
or test fails here, not silently as a rule that matches nobody."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import rules

CATALOG = Path(__file__).resolve().parent / "catalog.yaml"


class PolicyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z_]{1,31}$")
    title: str = Field(max_length=40)
    summary: str
    offer: str = Field(max_length=60)
    source: str = Field(max_length=40)
    rules: list[dict[str, Any]]  # empty: open to everyone (便捷叫车, seed 003 §一(十一))
    held_when: list[dict[str, Any]] | None = None
    push: bool = True
    apply_where: str = Field(max_length=100)
    bring: list[str] = Field(default_factory=list)
    # The service she applies through herself (一键通: 申请一键通): 想办理 on her device opens
    # its form, and filing it answers the offer; otherwise 想办理 asks a call-back. Read from
    # this file at run time (not a column: the catalog's rows are the 0520 migration's).
    # 养老服务一件事 for the three matters seed 003 §二(一) joins.
    applies_through: Literal["device_application", "elder_services"] | None = None

    @field_validator("rules", "held_when")
    @classmethod
    def _well_formed(cls, value: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        if value is not None:
            rules.check(value)
        return value


SOURCE = re.compile(r"^(?P<seed>\d{3}) (?P<clauses>§.+)$")


@lru_cache(maxsize=1)
def _read(path: Path = CATALOG) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def entries(path: Path = CATALOG) -> tuple[PolicyEntry, ...]:
    data = _read(path)
    found = tuple(PolicyEntry.model_validate(p) for p in data["policies"])
    ids = [p.id for p in found]
    if len(set(ids)) != len(ids):
        raise ValueError(f"a policy id is used twice in {path}")
    for p in found:
        cited(p.source, path)  # a source naming no document fails here, not on her screen
    return found


def cited(source: str, path: Path = CATALOG) -> str:
    """A policy's 政策依据 in words: its document's number and clause, as the documents write
    them — "003 §一(九)" is 沪民养老发〔2024〕18号 一（九）, "002 §一、§二(一)" 沪民养老发〔2021〕30号
    一、二（一）."""
    found = SOURCE.match(source)
    documents = _read(path).get("documents") or {}
    if found is None or found["seed"] not in documents:
        raise ValueError(f"source {source!r} names no document of {path.name}'s documents")
    clauses = found["clauses"].replace("§", "").replace("(", "（").replace(")", "）")
    return f"{documents[found['seed']]} {clauses}"


def rows() -> list[dict[str, Any]]:
    """The catalog as rows of the ``policies`` table (in order: the order they are listed)."""
    return [{**p.model_dump(exclude={"applies_through"}), "position": i, "active": True}
            for i, p in enumerate(entries())]


def applies_through(policy_id: str) -> str | None:
    """The service a policy is applied for through (None: a call-back about it)."""
    return next((p.applies_through for p in entries() if p.id == policy_id), None)
