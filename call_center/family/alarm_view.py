"""An alarm as a bound family member sees it, and their answer to it.

The family follows each step as it happens, in words about *their* parent ("14:02、14:04
两次回拨您父亲未接通；正在联系您；下一步 110"), never an agent's private notes, never a
number. They can answer "我马上过去" — the centre records it, tells the elder's TV, and
treats it as seed 000's emergency-contact step done (no more contacts, no 110; the elder is
called on until someone arrives) — or "他没事", which cancels the alarm like 我没事 does.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.names import kin_and_name

from ..alarms import timeline
from ..alarms.desk import OPEN, AlarmDesk
from ..alarms.words import FAMILY_STATUS_WORDS
from ..clock import local
from ..errors import ApiError
from ..models import Contact, Elder
from ..models.alarms import Alarm, AlarmParty, AlarmTimer
from ..models.family import Binding, FamilyAccount
from ..schemas.family import FamilyAlarmOut, TimelineLine

COMING = "family_coming"
KIN = {  # the member's relation to the elder → what the member calls the elder
    "女儿": ("母亲", "父亲"), "儿子": ("母亲", "父亲"), "儿媳": ("婆婆", "公公"),
    "女婿": ("岳母", "岳父"), "孙女": ("奶奶", "爷爷"), "孙子": ("奶奶", "爷爷"),
    "外孙女": ("外婆", "外公"), "外孙": ("外婆", "外公"), "配偶": ("爱人", "爱人"),
}
CHANNEL_WORDS = {"tv": "在电视上", "kiosk": "在自助机上", "phone": "打电话",
                 "miniprogram": "（家人在小程序上）", "console": "（话务员）"}
NUMBERS = "零一两三四五六七八九十"
CALLS = {"callback": "回拨", "keep_calling": "持续呼叫"}


def kin(binding: Binding, elder: Elder) -> str:
    pair = KIN.get(binding.relation)
    if pair is None:
        return elder.name
    return "您" + pair[0 if elder.gender == "female" else 1]


def _hm(at: datetime) -> str:
    return f"{local(at):%H:%M}"


def _count(n: int) -> str:
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def view(db: Session, alarm: Alarm, elder: Elder, member: FamilyAccount,
         binding: Binding) -> FamilyAlarmOut:
    who = kin(binding, elder)
    contacts = {c.priority: c for c in db.scalars(select(Contact).where(Contact.elder_id == elder.id))}
    mine = f"family:{member.id}"
    lines: list[TimelineLine] = []
    own: list[TimelineLine] = []  # the member's own answers (我马上过去)
    calls: list[Any] = []  # a run of unanswered calls of one kind, said as one line
    presses: list[Any] = []  # a run of the elder's repeated presses, said as one line too

    def flush_presses() -> None:
        if presses:
            first, last = _hm(presses[0].at), _hm(presses[-1].at)
            when = first if first == last else f"{first}–{last}"
            times = f"{_count(len(presses))}次" if len(presses) > 1 else "一次"
            lines.append(TimelineLine(at=presses[-1].at, text=f"{when} {who}又按了{times}求救"))
            presses.clear()

    def flush_calls() -> None:
        if calls:
            kind = calls[0].kind
            times = "、".join(_hm(e.at) for e in calls)
            count = f"{_count(len(calls))}次" if len(calls) > 1 else ""
            lines.append(TimelineLine(at=calls[-1].at,
                                      text=f"{times} {count}{CALLS[kind]}{who}未接通"))
            calls.clear()

    for e in alarm.events:
        data = e.data or {}
        if e.kind == "repeat_press" and not str(e.actor or "").startswith("family:"):
            flush_calls()
            presses.append(e)
            continue
        flush_presses()
        if e.kind in CALLS and data.get("outcome") != "answered":
            if calls and calls[0].kind != e.kind:
                flush_calls()
            calls.append(e)
            continue
        flush_calls()
        text = _line(e, data, who, contacts, member, mine)
        if text:
            lines.append(TimelineLine(at=e.at, text=f"{_hm(e.at)} {text}"))
            if e.kind == COMING and e.actor == mine:
                own.append(lines[-1])
    flush_presses()
    flush_calls()
    is_open = alarm.status in OPEN
    now_words = _now(alarm, who, contacts, member)
    next_words = _next(alarm, contacts) if is_open else ""
    # The headline leads with the latest thing done for her — never the member's own answer
    # (a user trial's 我马上过去 pushed 已为她叫了120救护车 out of it). An ended alarm's last line
    # says how it ended: the status again would read it twice (处理完毕：…；已处理完毕).
    done = next((line.text for line in reversed(lines) if line not in own), "")
    headline = "；".join(x for x in ((done, now_words, next_words) if is_open else (done or now_words,)) if x)
    answered = next((e for e in reversed(alarm.events) if e.actor == mine and e.kind == COMING), None)
    cancelled_by_me = alarm.status == "cancelled" and alarm.closed_by == mine
    return FamilyAlarmOut(
        id=alarm.id, elder_id=alarm.elder_id, status=alarm.status,
        status_word=FAMILY_STATUS_WORDS.get(alarm.status, alarm.status), open=is_open,
        raised_at=alarm.raised_at, headline=headline, now=now_words, next=next_words,
        lines=lines, answers=["coming", "ok"] if is_open else [],
        my_answer="ok" if cancelled_by_me else ("coming" if answered else None))


def _is_member(contact: Contact | None, member: FamilyAccount) -> bool:
    return bool(contact and member.phone and contact.phone == member.phone)


def _line(e: Any, data: dict, who: str, contacts: dict[int, Contact], member: FamilyAccount,
          mine: str) -> str:
    kind, outcome = e.kind, data.get("outcome")
    if kind in ("raised", "repeat_press") and str(e.actor or "").startswith("family:"):
        # pressed by family in the mini-program, not by the parent
        by = "您" if e.actor == mine else "家人"
        return f"{by}在小程序上为{who}发出紧急求助" if kind == "raised" else f"{by}又为{who}发了一次求救"
    if kind == "raised":
        return f"{who}{CHANNEL_WORDS.get(data.get('channel', ''), '')}发出紧急求助"
    if kind == "repeat_press":
        return f"{who}又按了一次求救"
    if kind == "acknowledged":
        return FAMILY_STATUS_WORDS["acknowledged"]
    if kind == "ack_overdue":
        return "话务员忙，系统自动开始回拨"
    if kind in CALLS:  # answered
        return f"{CALLS[kind]}{who}，接通了"
    if kind == "elder_answered":
        # The system's call reached her: no agent is on it until one takes the alarm.
        if str(e.actor or "").startswith("system"):
            return f"{who}有回应，正在转给话务员"
        return f"{who}有回应，话务员正在处理"
    if kind == "elder_silent":
        return f"{who}没有回应，开始应急联系"
    if kind == "contact_call":
        contact = contacts.get(data.get("priority", 0))
        name = "您" if _is_member(contact, member) else f"紧急联系人{data.get('contact', '')}"
        return f"联系{name}：{'接通了' if outcome == 'answered' else '未接通'}"
    if kind == "contacts_unreachable":
        return "紧急联系人都没有联系上"
    if kind == "police_call":
        return "已请110民警上门查看" if outcome == "answered" else "联系110：未接通，正在重拨"
    if kind == "called_120":
        return f"已为{who}叫了120救护车"
    if kind == "called_110":
        return "已联系110"
    if kind == "called_119":
        return "已联系119消防"
    if kind == "contacted_family":
        return f"话务员已联系家属{data.get('contact', '')}"
    if kind == "responders_arrived":
        return "救援人员已到达"
    if kind == "outcome":
        return f"处理完毕：{data.get('outcome', '')}"
    if kind == "cancelled":
        by = data.get("by")
        if e.actor == mine:
            return "您确认没事，求助已撤销"
        return {"elder": f"{who}按了“我没事”，求助已撤销", "family": "家属确认没事，求助已撤销"}.get(
            by, "话务员确认没事，求助已撤销")
    if kind == COMING:
        return "您回复：我马上过去" if e.actor == mine else e.note
    return ""  # agents' own steps (guidance, follow-up, notices) stay with the agents


def _now(alarm: Alarm, who: str, contacts: dict[int, Contact], member: FamilyAccount) -> str:
    status, phase = alarm.status, alarm.phase
    if status == "raised":
        return "等话务员接听"
    if status == "acknowledged":
        return "话务员正在处理"
    if status == "in_contact":
        if alarm.acknowledged_by is None:  # the system's call-back reached her; nobody took it yet
            return f"正在等话务员接听{who}的电话"
        return f"话务员正在和{who}通话"
    if status == "escalating":
        if phase == "callback":
            return f"正在回拨{who}"
        if phase == "contacts":
            nxt = min((p for p in contacts if p > alarm.contact_priority), default=None)
            if nxt is not None and _is_member(contacts[nxt], member):
                return "正在联系您"
            return "正在联系紧急联系人"
        if phase == "police":
            return "正在请110民警上门"
        return f"等救援到达，一直在呼叫{who}"
    return FAMILY_STATUS_WORDS.get(status, status)


def _next(alarm: Alarm, contacts: dict[int, Contact]) -> str:
    if alarm.status == "raised":
        return "话务员没接听时，系统会自动回拨"
    if alarm.status != "escalating":
        return ""
    if alarm.phase == "callback":
        return "下一步 联系紧急联系人"
    if alarm.phase == "contacts":
        calling = min((p for p in contacts if p > alarm.contact_priority), default=0)
        more = [p for p in contacts if p > calling]
        return "下一步 下一位紧急联系人，再联系不上就请110上门" if more else "下一步 110"
    if alarm.phase == "police":
        return "下一步 一直呼叫，直到有人上门"
    return ""


def answer(db: Session, desk: AlarmDesk, alarm: Alarm, member: FamilyAccount, binding: Binding,
           given: str, note: str = "") -> Alarm:
    """我马上过去 (``coming``) or 他没事 (``ok``), recorded on the alarm's timeline."""
    if alarm.status not in OPEN:
        raise ApiError("invalid_transition", "这次求助已经结束了。")
    actor = f"family:{member.id}"
    name = kin_and_name(binding.relation, member.name)
    extra = f"（{note}）" if note else ""
    if given == "ok":
        return desk.cancel(db, alarm, actor, by="family", note=f"{name}确认老人没事{extra}")
    at = desk.now()
    timeline.event(alarm, COMING, actor, at, f"{name}：我马上过去{extra}")
    if not any(p.kind == "family" and p.name == name for p in alarm.parties):
        alarm.parties.append(AlarmParty(kind="family", name=name, number=member.phone,
                                        told_at=at, told_by=actor))
    if alarm.status == "escalating" and alarm.phase in ("callback", "contacts", "police"):
        # Seed 000: an emergency contact reached and on the way ends the search for one; the
        # elder is called on until someone is there.
        timeline.cancel_timers(db, alarm.id, at, ("callback", "contact", "police"))
        timeline.move(alarm, "escalating", at, "keep_calling")
        waiting = db.scalar(select(AlarmTimer.id).where(
            AlarmTimer.alarm_id == alarm.id, AlarmTimer.step == "keep_calling",
            AlarmTimer.done_at.is_(None)).limit(1))
        if waiting is None:
            timeline.schedule(db, alarm, "keep_calling",
                              timeline.after(at, desk.settings.keep_calling_interval_s), at,
                              attempt=alarm.keep_calls_made + 1)
    timeline.publish(db, alarm, at, f"您的{name}正在赶过来，请保持电话畅通。")
    db.flush()
    return alarm
