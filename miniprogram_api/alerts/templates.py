"""Subscribe messages as WeChat wants them. Each value has a type with limits WeChat checks
(47003 when broken): ``thing`` ≤ 20 characters, ``phrase`` ≤ 5 Chinese characters,
``time`` a date and time, ``name`` ≤ 10. Names are masked (the message passes WeChat's
servers); long facts are cut at 20 with an ellipsis, never split inside a character."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from personal_data.status_words import shown_status, status_word
from shared_ui.confirmation import stage_of
from shared_ui.spec.loader import load_spec
from shared_ui.spec.models import Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")
THING_MAX, PHRASE_MAX, NAME_MAX = 20, 5, 10

# The alarm's state as a five-character phrase (the template's 状态).
ALARM_PHRASES = {
    ("raised", ""): "发出求救", ("acknowledged", ""): "已接警", ("in_contact", ""): "已联系上",
    ("escalating", "callback"): "正在回拨", ("escalating", "contacts"): "联系家人",
    ("escalating", "police"): "联系110", ("escalating", "keep_calling"): "持续呼叫",
    ("responders_on_site", ""): "救援到场", ("resolved", ""): "已处理", ("cancelled", ""): "已撤销",
}
# Which alarm changes are worth a message on the phone (each step shows live on the page).
ALARM_ALERTS = {("raised", ""), ("escalating", "contacts"), ("escalating", "police"),
                ("responders_on_site", ""), ("resolved", ""), ("cancelled", "")}
# The request states worth a message; each is worded by the one table (personal_data/status_words.py).
REQUEST_PHRASES = {s: status_word(s) for s in ("confirmed", "failed", "cancelled")}
# Shorter than the spec's titles where a title would crowd the 20-character line; a service
# not named here is called by its spec title (a service added to the spec alone).
SERVICE_WORDS = {"registration": "预约挂号", "taxi": "叫车", "consultation": "咨询",
                 "help": "找人工", "escort": "陪诊", "discharge_transport": "出院用车", "special_vehicle": "特殊用车"}


def service_word(service: str) -> str:
    known = SERVICE_WORDS.get(service)
    if known:
        return known
    declared = load_spec().services.get(service)
    return declared.title if declared else "服务"


@lru_cache(maxsize=1)
def booked() -> frozenset[str]:
    """What the centre books through a platform (a request service the elder may do herself):
    the family hears when it is done, failed or cancelled."""
    return frozenset(s.id for s in load_spec().services.values() if s.kind == "request" and "self" in s.modes)


LOOK = "请打开小程序查看"


def thing(text: str | None, limit: int = THING_MAX, fallback: str = LOOK) -> str:
    """One line, at most ``limit`` characters; never empty (WeChat refuses an empty value)."""
    text = " ".join(str(text or "").split()) or fallback
    return text if len(text) <= limit else text[:limit - 1] + "…"


def when(moment: str | datetime | None) -> str:
    if moment is None:
        moment = datetime.now(SHANGHAI)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def alarm_message(alarm: dict[str, Any], at: str, elder_name: str) -> dict[str, Any]:
    key = (alarm.get("status", ""), alarm.get("phase", "") if alarm.get("status") == "escalating" else "")
    words = alarm.get("phase_word") or alarm.get("status_word") or ""
    return {
        "thing1": {"value": thing(elder_name, fallback="您的家人")},
        "phrase2": {"value": ALARM_PHRASES.get(key, "有新进展")[:PHRASE_MAX]},
        "time3": {"value": when(at)},
        "thing4": {"value": thing(words)},
    }


def wants_alarm_alert(alarm: dict[str, Any]) -> bool:
    status = alarm.get("status", "")
    return (status, alarm.get("phase", "") if status == "escalating" else "") in ALARM_ALERTS


def _alerting(request: dict[str, Any]) -> Stage | None:
    stage = stage_of(load_spec(), request)
    return stage if stage and stage.alert else None


def alerting_stage(request: dict[str, Any]) -> str:
    """The stage the request has reached, if its service tells the family of it (the spec's
    ``alert``: 药品配送中); else ""."""
    return (request.get("result") or {}).get("stage", "") if _alerting(request) else ""


def request_message(request: dict[str, Any], at: str, elder_name: str) -> dict[str, Any]:
    service = service_word(request.get("service", ""))
    stage = _alerting(request)
    phrase = shown_status(request) if stage else REQUEST_PHRASES.get(request.get("status", ""), "有更新")
    return {
        "thing1": {"value": thing(f"{' '.join(elder_name.split())}的{service}")},
        "phrase2": {"value": phrase[:PHRASE_MAX]},
        "thing3": {"value": thing(request.get("note") or request.get("status_word"))},
        "time4": {"value": when(at)},
    }


def slip_message(request: dict[str, Any], at: str, elder_name: str) -> dict[str, Any]:
    """发给家人: the parent sent this request's slip from a kiosk (the page opens it)."""
    service = service_word(request.get("service", ""))
    return {
        "thing1": {"value": thing(f"{' '.join(elder_name.split())}的{service}")},
        "phrase2": {"value": "发来凭条"},
        "thing3": {"value": thing("老人在自助机上把凭条发给了您")},
        "time4": {"value": when(at)},
    }


def wants_request_alert(request: dict[str, Any]) -> bool:
    return request.get("service") in booked() and (
        request.get("status") in REQUEST_PHRASES or bool(alerting_stage(request)))
