"""What an applicant says of the family's means, and whether it is 经济困难 in the policies' words.

Seed 001 §三(二) names them (城乡特困、低保或低收入家庭): each is 经济困难 for seed 002's device
tiers and seed 003's 养老服务补贴 alike. 不清楚 leaves hardship unknown: the street office settles it
when it reviews (seed 001 §四). Shared by every application that asks (申请一键通, 养老服务一件事).
"""
from __future__ import annotations

from typing import Literal, NamedTuple

Stated = Literal["tekun", "dibao", "low_income", "none", "unknown"]


class Means(NamedTuple):
    label: str
    hardship: bool | None


KINDS: dict[str, Means] = {
    "tekun": Means("特困供养", True),
    "dibao": Means("低保家庭", True),
    "low_income": Means("低收入家庭", True),
    "none": Means("都不是", False),
    "unknown": Means("不清楚", None),
}
WORDS = {k: m.label for k, m in KINDS.items()}


def hardship_of(stated: str | None) -> bool | None:
    """经济困难 as the rules take it: True, False, or None when not known."""
    return KINDS[stated].hardship if stated in KINDS else None
