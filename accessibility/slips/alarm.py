"""The emergency alarm record a family member keeps: when help was asked for, every step the
centre took (seed 000 §三(一)3: call back twice, then the emergency contacts, then 110,
keep calling, cancel if the elder answers), when, by whom, and how it ended.

Alarms arrive in a later issue; this reads the agreed shape
``{id, elder_id, status, raised_at, events: [{kind, at, actor, note}]}`` and prints any
kind it does not know by its own name rather than dropping the step.
"""
from __future__ import annotations

from typing import Any, Mapping

from shared_ui.i18n import translate

from .content import N_, ContentBuilder, SlipContent, SlipEvent, SlipFact, split_datetime

# The centre's alarm vocabulary (call_center/alarms/words.py); an event's own ``label``,
# when the API sends one, wins, and an unknown kind prints as itself.
ALARM_STATUS = {
    "raised": N_("等待接警"),
    "acknowledged": N_("已接警"),
    "in_contact": N_("已联系上老人"),
    "escalating": N_("老人无响应，正在应急联系"),
    "responders_on_site": N_("救援人员已到场"),
    "resolved": N_("已处理完毕"),
    "cancelled": N_("已撤销"),
}
EVENT_KINDS = {
    "raised": N_("发出求救"),
    "repeat_press": N_("再次按下求救键"),
    "queued": N_("设备暂存，等待送出"),
    "acknowledged": N_("话务员接警"),
    "ack_overdue": N_("超时未接警"),
    "elder_answered": N_("老人有响应"),
    "elder_silent": N_("老人无响应"),
    "callback": N_("回拨老人"),
    "no_answer": N_("无人接听"),
    "contact_call": N_("联系紧急联系人"),
    "police_call": N_("拨打110请民警上门"),
    "keep_calling": N_("持续呼叫老人"),
    "called_120": N_("已联系120"),
    "called_110": N_("已联系110"),
    "called_119": N_("已联系119"),
    "contacted_family": N_("已联系家属"),
    "guidance": N_("救援指导"),
    "responders_arrived": N_("救援人员到达"),
    "outcome": N_("处置结果"),
    "follow_up": N_("后续回访"),
    "cancelled": N_("报警撤销"),
    "cancel_notice": N_("告知报警撤销"),
    "stale_call": N_("呼叫结果未采用"),
}
ACTORS = {"system": N_("系统"), "elder": N_("老人"), "agent": N_("客服"), "device": N_("设备"), "family": N_("家属")}


def for_alarm(builder: ContentBuilder, alarm: Mapping[str, Any], elder: Mapping[str, Any] | None,
              locale: str = "zh_CN") -> SlipContent:
    _ = lambda s: builder.printable(translate(s, locale))  # noqa: E731
    status = str(alarm.get("status", ""))
    events = []
    raised_day = builder.local(alarm.get("raised_at"))
    for event in sorted(alarm.get("events") or [], key=lambda e: str(e.get("at", ""))):
        kind = str(event.get("kind", ""))
        actor = str(event.get("actor") or "").split(":")[0]  # "device:tv-box-17" → device
        who = _(ACTORS[actor]) if actor in ACTORS else builder.clean(actor)
        events.append(SlipEvent(at=_clock(builder, event.get("at"), raised_day),
                                what=builder.clean(event.get("label")) or _(EVENT_KINDS.get(kind, kind)),
                                who=who,
                                note=builder.clean(event.get("note"))))
    raised = builder.when(alarm.get("raised_at"), locale)
    facts = [
        SlipFact("raised_at", _("求助时间"), raised, "hero", split_datetime(raised)),
        SlipFact("status", _("处理结果"), _(ALARM_STATUS.get(status, status)), "strong"),
    ]
    return SlipContent(kind="alarm", record_id=str(alarm.get("id", "")), title=_("紧急求助记录"),
                       subtitle=_("给家属留存"), elder_name=builder.elder_name(elder), facts=facts,
                       events=events, notes=[_("如有疑问，请拨打下方热线。")], locale=locale)



def _clock(builder: ContentBuilder, value, raised_day) -> str:
    """20:03:12 — with the date only when a step falls on another day than the alarm."""
    at = builder.local(value)
    if at is None:
        return builder.clean(value)
    if raised_day is not None and at.date() == raised_day.date():
        return f"{at:%H:%M:%S}"
    return f"{at.month}月{at.day}日 {at:%H:%M:%S}"
