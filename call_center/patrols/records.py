"""A visit recorded by whoever went, and the follow-ups it leads to.

The visitor answers fixed choices (seed 001 §五(二)2 供需精准对接: what she needs, in words the
supervision can count): found at home or not; if at home, 身体状况, 居住环境 and 需要的帮助.

What a visit leads to, and why it stops there (proportionate to what was found; seed 000's rescue
flow is for an elder who pressed for help and then fell silent — two call-backs, her contacts in
order, then 110 — and a door nobody opened is a silence of the same kind but far weaker: she is
most often out shopping or at the clinic):

- **not at home** → an agent rings her today (a care task, in the queue at once). Not reached →
  one task to ring her emergency contacts in order (:data:`~call_center.alarms.care.NEXT_WHEN_NOT_REACHED`),
  which is where seed 000's flow goes after the call-backs; no alarm and no 110 — nobody pressed
  for help, and an agent who judges otherwise raises one from her page;
- **unwell** → an agent rings her today and tells her family (one care task); an agent books a
  doctor or a car from there as she asks — the visit does not book for her;
- **needs help** (助餐、助洁、助浴、就医、维修) or the visitor asks for it → one call-back service
  request (咨询服务, filed on the console channel, in the queue like any other) so an 养老顾问
  arranges it with her — the service is agreed with her, never started from a visitor's tick;
- **tell the family** (the visitor's choice) → a care task to ring the first contact;
- a visit in good order leads to nothing but the record her family sees.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..care_tasks import create_task
from ..auth import Caller
from ..clock import local
from ..config import Settings
from ..errors import ApiError
from ..fulfilment import intake
from ..models import Elder, ServiceRequest
from ..models.patrols import PatrolVisit
from ..providers import Providers
from ..schemas.service_requests import RequestCreate

HEALTH = {"good": "身体很好", "fair": "身体一般", "unwell": "身体不适"}
HOME = {"safe": "整洁安全", "untidy": "需要打扫", "hazard": "有安全隐患"}
NEEDS = {"meals": "助餐", "cleaning": "助洁", "bathing": "助浴", "medical": "就医", "repair": "维修"}
FOLLOW_UPS = {"call_family": "告诉家属", "service": "请养老顾问回电安排服务"}
STATUS_WORDS = {"planned": "待探访", "visited": "已探访", "not_home": "上门未遇", "cancelled": "已取消"}
# a need → the consultation topic its call-back is filed under (shared_ui/spec/data/forms/consultation.yaml)
NEED_TOPIC = {"medical": "medical"}
EARLIEST = timedelta(days=62)  # a record may be entered late, not for a visit of long ago


def record(db: Session, visit: PatrolVisit, *, caller: Caller, visited_at: datetime,
           found_home: bool, health: str | None, home: str | None, needs: list[str],
           follow_ups: list[str], note: str, now: datetime, providers: Providers,
           settings: Settings) -> list[str]:
    """Record the visit; returns what it led to, in an agent's words (shown after saving)."""
    if visit.status != "planned":
        raise ApiError("invalid_transition", "这次探访已经记录过了。")
    if visited_at > now + timedelta(minutes=5) or visited_at < now - EARLIEST:
        raise ApiError("validation_error", "探访时间不对：不能是以后的时间，也不能早于两个月前。",
                       fields={"visited_at": "请填探访的实际时间。"})
    needs, follow_ups = _known(needs, NEEDS, "needs"), _known(follow_ups, FOLLOW_UPS, "follow_ups")
    if found_home:
        if health not in HEALTH or home not in HOME:
            raise ApiError("validation_error", "见到老人时，请选身体状况和居住环境。",
                           fields={**({} if health in HEALTH else {"health": "请选一项。"}),
                                   **({} if home in HOME else {"home": "请选一项。"})})
    elif health or home or needs:
        raise ApiError("validation_error", "没有见到老人，就不填身体状况、居住环境和需要的帮助。")
    elder = db.get(Elder, visit.elder_id)
    assert elder is not None
    visit.status = "visited" if found_home else "not_home"
    visit.visited_at, visit.health, visit.home = visited_at, health, home
    visit.needs, visit.note = needs or None, note.strip()[:500]
    visit.recorded_by, visit.recorded_at = caller.actor, now
    if visit.visitor_kind is None and caller.kind == "agent":  # unassigned: whoever went
        visit.visitor_kind, visit.visitor_id = "staff", caller.id
        visit.visitor_name = visit.visitor_name or caller.name
    return _follow_ups(db, visit, elder, caller, follow_ups, now, providers, settings)


def _known(values: list[str], table: dict[str, str], field: str) -> list[str]:
    unknown = [v for v in values if v not in table]
    if unknown:
        raise ApiError("validation_error", "有选项不认识。", fields={field: "、".join(unknown)})
    return [v for v in table if v in values]  # the table's order, each once


def _follow_ups(db: Session, visit: PatrolVisit, elder: Elder, caller: Caller, follow_ups: list[str],
                now: datetime, providers: Providers, settings: Settings) -> list[str]:
    by, when = visit.visitor_name or "探访人员", f"{local(visit.visited_at):%-m月%-d日 %H:%M}"
    done = []
    if visit.status == "not_home":
        create_task(db, f"visit_not_home:{visit.id}", elder.id, "visit_not_home", "上门未遇，打电话确认平安",
                         f"{by}{when}上门，没有人应门。请打电话给老人；打不通时系统会请您按顺序联系紧急联系人。",
                         now, now, caller.actor)
        done.append("已请话务员打电话确认老人平安")
    if visit.health == "unwell":
        create_task(db, f"visit_unwell:{visit.id}", elder.id, "visit_unwell", "探访发现身体不适",
                         f"{by}{when}探访：{HEALTH['unwell']}。{visit.note}请今天打电话问候，告诉家属；"
                         "需要看病时帮她挂号、叫车。", now, now, caller.actor)
        done.append("已请话务员今天问候并告诉家属")
    if "call_family" in follow_ups and visit.health != "unwell":
        create_task(db, f"visit_family:{visit.id}", elder.id, "visit_family", "告诉家属探访情况",
                         f"{by}{when}探访后请您告诉家属：{summary(visit)}", now, now, caller.actor)
        done.append("已请话务员告诉家属")
    if visit.needs or "service" in follow_ups:
        req = _service_request(db, visit, elder, caller, providers, settings)
        done.append(f"已提交服务请求（{req.id}）")
    return done


def _service_request(db: Session, visit: PatrolVisit, elder: Elder, caller: Caller,
                     providers: Providers, settings: Settings) -> ServiceRequest:
    needs = visit.needs or []
    topic = next((NEED_TOPIC[n] for n in needs if n in NEED_TOPIC), "nearby" if needs else "other")
    words = "、".join(NEEDS[n] for n in needs) or "见备注"
    body = RequestCreate(elder_id=elder.id, service="consultation", mode="call", channel="console",
                         form={"topic": topic, "callback_window": "asap"},
                         labels={"callback_window": "尽快"},
                         note=f"巡视探访发现需要：{words}（{visit.visitor_name or '探访人员'}，"
                              f"{local(visit.visited_at):%-m月%-d日}）。{visit.note}"[:500])
    return intake.create(db, caller, elder, body, providers, settings)


def summary(visit: PatrolVisit) -> str:
    """One line for an agent or a family member: 在家，身体很好，整洁安全，需要：助餐."""
    if visit.status == "not_home":
        return STATUS_WORDS["not_home"]
    parts = ["在家", HEALTH.get(visit.health or "", ""), HOME.get(visit.home or "", "")]
    if visit.needs:
        parts.append("需要：" + "、".join(NEEDS[n] for n in visit.needs if n in NEEDS))
    return "，".join(p for p in parts if p)
