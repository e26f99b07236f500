"""Words the console shows for the centre's machine values (channels, services, states)."""
from __future__ import annotations

from ..fulfilment.registry import SERVICE_WORDS
from ..lifecycle import STATUS_WORDS

# seed 000 §三: 电话机、智能手机（小程序/随申办）、电视机、自助服务机 — and the agent's own phone line.
CHANNEL_WORDS = {
    "tv": "电视", "kiosk": "自助机", "miniprogram": "小程序", "phone": "电话", "console": "话务台",
}
MODE_WORDS = {"self": "已自助填好", "call": "需要回电"}
ACTOR_KINDS = {
    "agent": "话务员", "service": "小程序后台", "tv": "电视", "kiosk": "自助机",
    "provider": "服务平台", "system": "系统", "worker": "升级服务", "family": "家属",
    "volunteer": "志愿者",
}
GENDER_WORDS = {"female": "女", "male": "男"}
SERVICE_PACKAGE_WORDS = {
    # seed 002 附件: 套餐A含每周2次主动关怀电话; 套餐B为基础紧急呼叫.
    "A": "套餐A（含每周两次主动关怀电话）",
    "B": "套餐B（紧急呼叫）",
}

__all__ = ["CHANNEL_WORDS", "MODE_WORDS", "SERVICE_WORDS", "STATUS_WORDS", "ACTOR_KINDS",
           "GENDER_WORDS", "SERVICE_PACKAGE_WORDS", "channel", "service", "status", "actor"]


def channel(value: str) -> str:
    return CHANNEL_WORDS.get(value, value)


def service(value: str) -> str:
    return SERVICE_WORDS.get(value, value)


def status(value: str) -> str:
    return STATUS_WORDS.get(value, value)


def actor(value: str, agent_names: dict[str, str] | None = None) -> str:
    """``agent:agt_…`` → 话务员 李敏; ``provider:健康云`` → 服务平台 健康云."""
    kind, _, ident = value.partition(":")
    if kind == "agent" and agent_names and ident in agent_names:
        return agent_names[ident]
    word = ACTOR_KINDS.get(kind, kind)
    if kind in {"provider", "worker"} and ident:
        return f"{word} {ident}"
    return word if kind != value else value
