"""Care profiles and agents' care tasks (主动关爱, seed 002 §二 and 附件 套餐A).

Every task has a unique ``key`` naming what it is for (``care_call:<elder>:<date>``,
``checkin_missed:<elder>:<date>``, ``follow_up:<alarm>``…): schedulers on two workers, or a
sweep run twice, create it once. Package A's two care calls a week are spread over the week
by elder (Mon+Thu, Tue+Fri or Wed+Sat) so agents' load is even.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import at as local_at, local
from ..errors import ApiError
from ..models import DeviceApplication, Elder
from ..care_tasks import create_task  # noqa: F401  (the one way a task is made, used here)
from ..models.care import CareProfile, CareTask
from ..clock import age_on

if TYPE_CHECKING:
    from .settings import AlarmSettings

KIND_WORDS = {"checkin_missed": "未报平安，打电话问候", "care_call": "主动关爱电话",
              "follow_up": "救援后回访", "notify": "告知报警已撤销",
              # patrol visits (call_center/patrols)
              "visit_not_home": "上门未遇，确认平安",
              "visit_contacts": "上门未遇，联系紧急联系人", "visit_unwell": "探访发现身体不适",
              "visit_family": "告诉家属探访情况"}
RESULT_WORDS = {"well": "老人平安", "needs_help": "需要帮助", "not_reached": "没有联系上"}
CARE_CALL_DAYS = ((0, 3), (1, 4), (2, 5))  # weekday pairs: Mon+Thu, Tue+Fri, Wed+Sat
RETRY_AFTER = timedelta(hours=2)
MAX_RETRIES = 3
# A call that reached nobody leads to the next one of another kind instead of a retry: a visit
# that found nobody home → her emergency contacts in order (call_center/patrols/records.py).
NEXT_WHEN_NOT_REACHED = {"visit_not_home": ("visit_contacts", "上门未遇，联系紧急联系人",
                                            "老人没有应门，电话也没有接通。请按顺序打给紧急联系人，问老人在哪里、是否平安。")}
# An agent's call answers every older open task of the same kind for the elder: a care call
# left undone on Monday is not a second call on Thursday, nor yesterday's missed check-in.
ANSWERED_TOGETHER = frozenset({"care_call", "checkin_missed"})


def profile(db: Session, elder_id: str, settings: "AlarmSettings", now: datetime) -> CareProfile:
    """The elder's care profile, created with the defaults on first use."""
    row = db.get(CareProfile, elder_id)
    if row is None:
        elder = db.get(Elder, elder_id)
        row = CareProfile(elder_id=elder_id,
                          checkin_enabled=default_enrolled(elder, settings, local(now).date())
                          if elder else False,
                          checkin_by=settings.checkin_by, updated_at=now)
        db.add(row)
    return row


def default_enrolled(elder: Elder, settings: "AlarmSettings", day: date) -> bool:
    """Seed 002 §一: elders of 80 and over living alone get proactive care."""
    return bool(elder.living_alone) and age_on(elder.birth_date, day) >= settings.checkin_min_age


def enrolled(elder: Elder, row: CareProfile | None, settings: "AlarmSettings",
             day: date) -> bool:
    return row.checkin_enabled if row is not None else default_enrolled(elder, settings, day)


def checkin_by(row: CareProfile | None, settings: "AlarmSettings") -> time:
    return row.checkin_by if row is not None else settings.checkin_by


def complete(db: Session, task: CareTask, actor: str, result: str, note: str,
             now: datetime) -> CareTask:
    """An agent's call is done. A care call that reached nobody is tried again later."""
    if task.status != "open":
        raise ApiError("invalid_transition", "这个任务已经完成了。")
    older_ones = answered_with(db, task)
    task.status, task.result, task.note = "done", result, note
    task.completed_at, task.completed_by = now, actor
    for older in older_ones:
        older.status, older.result = "done", result
        older.note = f"与{local(task.due_at):%-m月%-d日}的{task.title}同一次电话。"
        older.completed_at, older.completed_by = now, actor
    if result == "not_reached" and task.kind in NEXT_WHEN_NOT_REACHED:
        kind, title, detail = NEXT_WHEN_NOT_REACHED[task.kind]
        create_task(db, f"{kind}:{task.key.partition(':')[2]}", task.elder_id, kind, title, detail,
                    now, now, actor)
    if result == "not_reached" and task.kind in {"care_call", "checkin_missed"}:
        base, _, tries = task.key.partition(":retry")
        n = int(tries or 0) + 1
        if n <= MAX_RETRIES:
            create_task(db, f"{base}:retry{n}", task.elder_id, task.kind, task.title,
                        f"上次没有联系上（{local(now):%H:%M}），请再打一次。", now + RETRY_AFTER,
                        now, actor)
    db.flush()
    return task


def answered_with(db: Session, task: CareTask) -> list[CareTask]:
    """The older open tasks a call for ``task`` answers too (shown to the agent before it)."""
    if task.kind not in ANSWERED_TOGETHER or task.status != "open":
        return []
    return list(db.scalars(select(CareTask).where(
        CareTask.elder_id == task.elder_id, CareTask.kind == task.kind, CareTask.status == "open",
        CareTask.due_at < task.due_at).order_by(CareTask.due_at)))


def close_follow_up(db: Session, alarm_id: str, actor: str, note: str, now: datetime) -> None:
    task = db.scalar(select(CareTask).where(CareTask.key == f"follow_up:{alarm_id}",
                                            CareTask.status == "open"))
    if task is not None:
        complete(db, task, actor, "well", note, now)


def close_checkin_task(db: Session, elder_id: str, day: date, actor: str, now: datetime) -> None:
    """A late 报平安 answers the day's missed-check-in call(s)."""
    prefix = f"checkin_missed:{elder_id}:{day.isoformat()}"
    for task in db.scalars(select(CareTask).where(CareTask.key.startswith(prefix),
                                                  CareTask.status == "open")):
        complete(db, task, actor, "well", "老人已补报平安", now)


def tasks(db: Session, *, status: str = "open", kind: str | None = None,
          elder_id: str | None = None, due_before: datetime | None = None,
          limit: int = 100) -> list[CareTask]:
    stmt = select(CareTask)
    if status != "all":
        stmt = stmt.where(CareTask.status == status)
    if kind:
        stmt = stmt.where(CareTask.kind == kind)
    if elder_id:
        stmt = stmt.where(CareTask.elder_id == elder_id)
    if due_before is not None:
        stmt = stmt.where(CareTask.due_at <= due_before)
    return list(db.scalars(stmt.order_by(CareTask.due_at, CareTask.id).limit(limit)))


def care_call_days(elder_id: str) -> tuple[int, int]:
    digest = int(hashlib.sha256(elder_id.encode()).hexdigest(), 16)
    return CARE_CALL_DAYS[digest % len(CARE_CALL_DAYS)]


def _care_call_keys(db: Session, now: datetime, only: list[str] | None = None,
                    ) -> list[tuple[str, date, str]]:
    """(elder, day, key) of this week's care calls for package-A elders (of ``only``)."""
    today = local(now).date()
    monday = today - timedelta(days=today.weekday())
    installed_on = {row.elder_id: local(row.installed_at).date() for row in db.scalars(
        select(DeviceApplication).where(DeviceApplication.state == "installed",
                                        DeviceApplication.installed_at >= local_at(monday, 0)))}
    which = select(Elder.id).where(Elder.service_package == "A")
    if only is not None:
        which = which.where(Elder.id.in_(only))
    out = []
    for elder_id in db.scalars(which.order_by(Elder.id)):
        for weekday in care_call_days(elder_id):
            day = monday + timedelta(days=weekday)
            if elder_id in installed_on and day < installed_on[elder_id]:
                continue
            out.append((elder_id, day, f"care_call:{elder_id}:{day.isoformat()}"))
    return out


def care_calls_missing(db: Session, now: datetime) -> list[str]:
    """Package-A elders still without one of this week's care calls (reads only: the worker's
    sweep makes them in batches, :meth:`Database.in_batches`)."""
    wanted = _care_call_keys(db, now)
    monday = local(now).date() - timedelta(days=local(now).weekday())
    made = set(db.scalars(select(CareTask.key).where(CareTask.kind == "care_call",
                                                     CareTask.due_at >= local_at(monday, 0))))
    return list(dict.fromkeys(elder for elder, _day, key in wanted if key not in made))


def schedule_care_calls(db: Session, now: datetime, settings: "AlarmSettings",
                        only: list[str] | None = None) -> int:
    """This week's two care calls for every package-A elder (of ``only``, a batch of
    :func:`care_calls_missing`, when given) (seed 002 附件: 2 次/周) — one whose 一键通 was
    installed this week from the day it was in, not for days already gone."""
    made = 0
    for elder_id, day, key in _care_call_keys(db, now, only):
        task = create_task(db, key, elder_id, "care_call", "主动关爱电话",
                           "套餐A每周两次主动关爱：问候身体、用药、生活需要。",
                           local_at(day, settings.care_call_hour), now, "system:care")
        made += task is not None
    return made
