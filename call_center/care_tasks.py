"""Care tasks, the agents' to-do list (call a missed check-in, tell a contact, confirm a trip):
made once per key, by the alarm desk, the patrols and the follow-ups alike, and shown live."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import device_event_log
from .models.care import CareTask


def create_task(db: Session, key: str, elder_id: str, kind: str, title: str, detail: str,
                due: datetime, now: datetime, actor: str,
                alarm_id: str | None = None) -> CareTask | None:
    """A new open task, or None when one with this key exists (created once, ever)."""
    if db.scalar(select(CareTask.id).where(CareTask.key == key)) is not None:
        return None
    task = CareTask(key=key, elder_id=elder_id, kind=kind, status="open", title=title,
                    detail=detail, alarm_id=alarm_id, due_at=due, created_at=now,
                    created_by=actor)
    try:
        with db.begin_nested():
            db.add(task)
            db.flush()
    except IntegrityError:  # created meanwhile by another worker
        return None
    device_event_log.append(db, at=now, audience="agents", elder_id=elder_id, kind="care",
                            ref_id=task.id, data={"care_task": {"id": task.id, "kind": kind,
                                                                "title": title, "status": "open"}})
    return task
