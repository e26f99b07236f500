"""Words the console shows for the centre's machine values (channels, services, states)."""
from __future__ import annotations

from typing import Any

from personal_data import status_words

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

# The codes a channel sends for a form's answers (the UI spec's option values), worded for an
# agent when the channel sent no words beside them (``labels``: a retried 找人工, a policy's
# call-back the centre files itself). tests/call_center/console/test_no_raw_codes.py holds these
# to the spec's own labels, so a new option cannot reach the console as a code.
TOPIC_WORDS = {"help": "找人工", "policy": "养老政策", "medical": "看病就医", "travel": "出行用车",
               "nearby": "身边服务", "other": "其他问题"}
CALLBACK_WORDS = {"asap": "尽快", "morning": "上午", "afternoon": "下午"}
NEED_WORDS = {"visit": "约人陪我看病", "emergency": "急病叫救护车"}
SERVICE_PACKAGE_WORDS = {
    # seed 002 附件: 套餐A含每周2次主动关怀电话; 套餐B为基础紧急呼叫.
    "A": "套餐A（含每周两次主动关怀电话）",
    "B": "套餐B（紧急呼叫）",
}

__all__ = ["CHANNEL_WORDS", "MODE_WORDS", "SERVICE_WORDS", "STATUS_WORDS", "ACTOR_KINDS",
           "GENDER_WORDS", "SERVICE_PACKAGE_WORDS", "channel", "service", "status", "request_status", "actor"]


def channel(value: str) -> str:
    return CHANNEL_WORDS.get(value, value)


def service(value: str) -> str:
    return SERVICE_WORDS.get(value, value)


def status(value: str) -> str:
    """A lifecycle status (a filter, a step of the history) in the one table's words."""
    return status_words.status_word(value, "agent") or value


def request_status(req: Any) -> str:
    """Where a request stands, as the TV, the kiosk, the family's phone and its slip say it: its
    service's stage (分别审核中, 药品配送中) where it has one, else its status (the one table)."""
    stage = (req.result or {}).get("stage") if isinstance(req.result, dict) else None
    return status_words.request_status_word(req.service, req.status, stage, "agent") or req.status


# The trip forms' coded answers as the agent reads them.
CHOICE_WORDS = {"meet": {"home": "到家里接", "hospital": "在医院门口"},
                "mobility": {"seated": "自己坐车", "wheelchair": "坐轮椅", "stretcher": "躺担架"},
                "stairs": {"carry": "要人背上下楼", "self": "不用人背"},
                "companion": {"alone": "老人一个人", "family": "有家人陪同"}}


def answer(key: str, value: object) -> str | None:
    """The words for a coded answer of a form's ``key`` (None: not a code the centre knows; the
    value is the elder's own words, an address or a number)."""
    from .one_form import answers

    words = {"topic": TOPIC_WORDS, "callback_window": CALLBACK_WORDS, "need": NEED_WORDS,
             **CHOICE_WORDS, **answers()}.get(key, {})
    return words.get(str(value).lower() if isinstance(value, bool) else str(value))


def actor(value: str, agent_names: dict[str, str] | None = None) -> str:
    """``agent:agt_…`` → 话务员 李敏; ``provider:健康云`` → 服务平台 健康云."""
    kind, _, ident = value.partition(":")
    if kind == "agent" and agent_names and ident in agent_names:
        return agent_names[ident]
    word = ACTOR_KINDS.get(kind)
    if word is None:  # no kind we know: as written
        return value
    if kind in {"provider", "worker"} and ident:
        return f"{word} {ident}"
    return word  # the desk's own steps are by a bare ``system``: 系统, never the code
