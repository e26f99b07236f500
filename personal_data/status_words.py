"""Where a service request stands, in words: ONE table the centre's console, the TV and kiosk
(the flow engine and the Kivy kit), the family's H5 pages and the slips all read, so no two
places name one state differently (a user trial found the console saying 已办好 of a joint
application the channels called 分别审核中).

A request has a lifecycle status (``submitted`` … ``failed``, call_center/lifecycle.py) and, for a
service that moves on after the elder has left the screen, a stage (the centre's
``result.stage``: 续方审核中, 分别审核中 …). The stage is the truer word and is shown in place of
the status wherever a request's state is shown.

Why in layer 1: the centre and the front ends share nothing else (DESIGN.md §2), as the words for
the part of the day are shared (:mod:`.day_periods`). The words are Chinese source text; a front
end translates them with its gettext catalog (``N_`` marks them for extraction). Audiences: the
elder (and the family reading for her) and the agent read the same words today; an audience
that needs other words names them in ``_AUDIENCE`` — never a second table elsewhere.
"""
from __future__ import annotations

from typing import Literal, Mapping

Audience = Literal["elder", "agent"]


def N_(text: str) -> str:
    """Marks a source string for the gettext catalog (Babel's default keyword)."""
    return text


# call_center/lifecycle.py STATUSES, in order.
STATUS_WORDS: dict[str, str] = {
    "submitted": N_("已提交"),
    "accepted": N_("已受理"),
    "in_progress": N_("正在办理"),
    "confirmed": N_("已办好"),
    "completed": N_("已完成"),
    "cancelled": N_("已取消"),
    "failed": N_("没有办成"),
}

# Each service's stages (``result.stage``), as its module on the centre sets them and the UI
# spec's ``stages`` say and alert them.
STAGE_WORDS: dict[str, dict[str, str]] = {
    "refill": {
        "reviewing": N_("续方审核中"), "renewed": N_("医生已续方"), "delivering": N_("药品配送中"),
        "delivered": N_("已送达"), "visit": N_("医生要求复诊"), "call": N_("医生要求电话问诊"),
    },
    "device_application": {
        "reviewing": N_("街道审核中"), "returned": N_("申请被退回"), "queued": N_("排队等安装"),
        "scheduled": N_("已约好上门"), "installed": N_("已装好"), "cancelled": N_("已取消"),
    },
    "elder_services": {
        "assessing": N_("评估中"), "deciding": N_("分别审核中"), "done": N_("都已办结"),
        "cancelled": N_("已取消"),
    },
}

# (audience, status or "service:stage") → a word that audience reads instead. Empty: the elder
# and the agent need the same words today.
_AUDIENCE: dict[tuple[str, str], str] = {}


# What may stand before a verb in a status word (已评估, 正在审核, 待评估).
_ASPECTS = ("已经", "正在", "已", "未", "待", "在")


def with_status(name: str, status: str, gap: str = "") -> str:
    """A matter's name and where it stands, the verb they share said once: 照护需求评估 + 已评估：照护等级3级
    → 照护需求已评估：照护等级3级 (a user trial read 照护需求评估已评估 on the TV); a status that begins with
    the name stands alone (养老服务补贴 + 养老服务补贴审核中). ``gap``: between name and status (English: " ")."""
    name, status = name.strip(), status.strip()
    if not name or status.startswith(name):
        return status or name
    aspect = next((a for a in _ASPECTS if status.startswith(a)), "")
    verb = status[len(aspect):]
    for n in range(len(name), 1, -1):  # the longest word they share (评估 of 照护需求评估, 已评估)
        if verb.startswith(name[-n:]):
            return f"{name[:-n]}{gap}{status}" if n < len(name) else status
    return f"{name}{gap}{status}"


def status_word(status: str, audience: Audience = "elder") -> str:
    """The word for a lifecycle status ('' for one the table does not know)."""
    return _AUDIENCE.get((audience, status)) or STATUS_WORDS.get(status, "")


def stage_word(service: str, stage: str | None, audience: Audience = "elder") -> str:
    """The word for a service's stage ('' when the service has no such stage)."""
    if not stage:
        return ""
    return _AUDIENCE.get((audience, f"{service}:{stage}")) or STAGE_WORDS.get(service, {}).get(stage, "")


def request_status_word(service: str, status: str, stage: str | None = None,
                        audience: Audience = "elder") -> str:
    """Where one request stands: its stage's word where its service has one, else its status's."""
    return stage_word(service, stage, audience) or status_word(status, audience)


def shown_status(request: Mapping, audience: Audience = "elder") -> str:
    """:func:`request_status_word` of a request as the API answers it (a dict with ``service``,
    ``status`` and ``result``)."""
    result = request.get("result") or {}
    stage = result.get("stage") if isinstance(result, Mapping) else None
    return request_status_word(str(request.get("service") or ""), str(request.get("status") or ""),
                               stage if isinstance(stage, str) else None, audience)
