"""The supervisor's page: who saw and changed what (filters are codes and ids only)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import render_template, request
from sqlalchemy import func, select

from ...clock import SHANGHAI
from ...models.console import AuditEntry, ConsoleCredential
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import audit, logins
from ..blueprint import bp

PAGE_SIZE = 100


@bp.get("/audit")
@logins.supervisors_only
@writes
def audit_page() -> Any:
    args = request.args
    action = args.get("action", "") if args.get("action", "") in audit.ACTIONS else ""
    username = args.get("username", "").strip().lower()[:32]
    target = args.get("target", "").strip()[:32]
    day = args.get("day", "")
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    stmt = select(AuditEntry)
    filters = []
    if action:
        filters.append(AuditEntry.action == action)
    if username:
        filters.append(AuditEntry.username == username)
    if target:
        filters.append((AuditEntry.target_id == target) | (AuditEntry.elder_id == target))
    error = ""
    if day:
        try:
            start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
            filters.append(AuditEntry.at >= start)
            filters.append(AuditEntry.at < start + timedelta(days=1))
        except ValueError:
            error, day = "日期格式应为 年-月-日。", ""
    db = db_session()
    total = db.scalar(select(func.count()).select_from(AuditEntry).where(*filters)) or 0
    entries = list(db.scalars(stmt.where(*filters).order_by(AuditEntry.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    usernames = list(db.scalars(select(ConsoleCredential.username).order_by(ConsoleCredential.username)))
    audit.record("view_audit", "audit", "",
                 "筛选：" + "，".join(f"{k}={v}" for k, v in
                                    (("动作", action), ("账号", username), ("对象", target),
                                     ("日期", day)) if v) if (action or username or target or day)
                 else "全部")
    return render_template("console/audit.html", entries=entries, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), action=action,
                           username=username, target=target, day=day, error=error,
                           actions=audit.ACTIONS, usernames=usernames)
