"""The questions an agent asks on the phone for a service filed on one form (申请一键通,
养老服务一件事: seed 003 §二(一)2 一表申请), with the answers in the words the elder hears.

The answers are the centre's own (the joined parts of matters.yaml, the packages of
eligibility.yaml, the means of policies/means.py), never written again here; the agent files
the whole form in call mode, and the application goes to its desks as if filed at a screen.
"""
from __future__ import annotations

from ..device_applications import eligibility
from ..elder_services import matters
from ..policies.means import WORDS as MEANS_WORDS


def parts_words() -> dict[str, str]:
    """评估和补贴 …: each choice of matters.yaml as the parts it holds (照护需求评估、养老服务补贴)."""
    loaded = matters.loaded()
    return {choice: "、".join(loaded.parts[p].title for p in parts) for choice, parts in loaded.choices.items()}


def package_words() -> dict[str, str]:
    return {pid: f"{p.label}：{p.words}（每月最多{p.monthly_yuan}元）" for pid, p in eligibility.loaded().packages.items()}


# The answers of each question the intake asks, by the form's field name.
def answers() -> dict[str, dict[str, str]]:
    return {
        "parts": parts_words(),
        "package": package_words(),
        "hukou_shanghai": {"true": "是上海户口", "false": "不是上海户口"},
        "living_alone": {"true": "一个人住", "false": "和家人一起住"},
        "hardship": dict(MEANS_WORDS),
    }
