"""The audit log: every view of an elder, alarm or request and every change, with agent,
time, what and IP (seed 000 §四(三) 隐私保护; seed 004 §三(四) 保障信息安全).

Two ways in:
- :func:`record` adds the entry to the request's own transaction, so it commits with the
  change it describes and disappears with it when the change is refused (nothing written);
- :func:`record_regardless` is for security events that must stay even though the request
  fails — a wrong password, a missing CSRF token, an expired session. Those entries are
  written in a transaction of their own after the request's transaction has finished.
"""
from __future__ import annotations

import logging
from typing import Callable

from flask import current_app, g, has_request_context, request
from sqlalchemy.orm import Session

from ..clock import now
from ..models.console import AuditEntry
from ..unit_of_work import session

log = logging.getLogger(__name__)

# action -> what the supervisor's page calls it
ACTIONS: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "session_expired": "超时退出",
    "csrf_rejected": "拒绝了无令牌的提交",
    "view_request": "查看请求",
    "view_alarm": "查看报警",
    "view_elder": "查看老人档案",
    "reveal_phone": "查看完整电话",
    "search_elder": "查找老人",
    "enrol_elder": "新增老人（建档）",
    "pair_device": "绑定电视",
    "unbind_device": "解绑设备",
    "request_created": "代老人提交请求",
    "request_transition": "处理请求",
    "alarm_change": "处理报警",
    "care_task_change": "处理关怀任务",
    "view_audit": "查看审计日志",
    "view_care_task": "查看关怀任务",
    "view_visit": "查看巡视探访",
    "visit_recorded": "记录巡视探访",
    "visit_plan": "设定巡视探访计划",
    "elder_preferences": "修改老人显示设置",
    "forbidden": "越权访问被拒绝",
    "refused_action": "操作被拒绝",
    "kiosk_identify": "自助机核对身份",
    "kiosk_identify_missed": "自助机核对身份未通过",
    "view_family": "查看家属绑定",
    "family_confirm": "确认家属绑定",
    "family_revoke": "解除家属绑定",
    "family_code": "显示家属绑定码",
    "view_policies": "查看养老政策",
    "policy_push": "推送政策",
    "policy_held": "记为已享受",
    "device_approve": "一键通申请审核通过",
    "device_return": "退回一键通申请",
    "device_schedule": "约一键通上门安装",
    "device_installed": "一键通已装好",
    "elder_services_grade": "一件事：记下照护评估结果",
    "elder_services_subsidy_approve": "一件事：养老服务补贴通过",
    "elder_services_subsidy_refuse": "一件事：养老服务补贴不通过",
    "elder_services_admission_approve": "一件事：入住养老机构通过",
    "elder_services_admission_refuse": "一件事：入住养老机构不通过",
    "view_complaint": "查看投诉",
    "complaint_close": "记下投诉处理结果",
    "complaint_file": "记下电话投诉",
    "view_supervision": "查看服务监管",
    "volunteer_sign_in": "志愿者在自助机签到",
    "volunteer_sign_in_missed": "志愿者签到未通过",
}


def client_ip() -> str:
    # ProxyFix (when deployed behind a proxy) makes remote_addr the real client address.
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def _entry(action: str, target_kind: str, target_id: str, detail: str,
           elder_id: str | None, agent_id: str | None, username: str | None) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    who = g.get("console_agent") if has_request_context() else None
    return AuditEntry(
        at=now(), action=action, target_kind=target_kind, target_id=target_id[:32],
        detail=detail[:2000], elder_id=elder_id,
        agent_id=agent_id if agent_id is not None else (who.agent_id if who else None),
        username=(username if username is not None else (who.username if who else ""))[:32],
        ip=client_ip())


def record(action: str, target_kind: str = "", target_id: str = "", detail: str = "", *,
           elder_id: str | None = None) -> AuditEntry:
    """Audit within the request's transaction (commits only if the request succeeds)."""
    entry = _entry(action, target_kind, target_id, detail, elder_id, None, None)
    session().add(entry)
    return entry


def record_caller(db: Session, action: str, actor: str, target_kind: str = "", target_id: str = "",
                  detail: str = "", *, elder_id: str | None = None) -> None:
    """An API caller's action (a kiosk identifying someone) in the same log, added to ``db``'s
    transaction; ``actor`` is how events name the caller (``kiosk:dev_…``)."""
    entry = _entry(action, target_kind, target_id, detail, elder_id, None, actor[:32])
    db.add(entry)


def record_regardless(action: str, target_kind: str = "", target_id: str = "",
                      detail: str = "", *, agent_id: str | None = None,
                      username: str | None = None) -> None:
    """Audit a security event that must be kept whatever the request's outcome."""
    entry = _entry(action, target_kind, target_id, detail, None, agent_id, username)
    on_any_outcome(lambda db: db.add(entry))


def on_any_outcome(work: Callable[[Session], None]) -> None:
    """Run ``work`` in its own write transaction once the request's transaction is over."""
    g.setdefault("console_regardless", []).append(work)


def flush_regardless(_exc: BaseException | None = None) -> None:
    """Teardown hook: write what :func:`on_any_outcome` queued."""
    works = g.pop("console_regardless", [])
    if not works:
        return
    pending: Session | None = g.get("db_session")
    if pending is not None:
        # The request ended before the unit of work finished it (an unhandled error): its
        # session still holds the database's write gate, so reuse it after a rollback;
        # the unit of work's own teardown closes it afterwards.
        pending.rollback()
        _write(pending, works)
        return
    database = current_app.extensions["onekey"].db
    gate = getattr(database, "gate", None)  # SQLite writers queue here (call_center.db)
    if gate is not None:
        gate.acquire()
    db = database.session(write=True)
    try:
        _write(db, works)
    finally:
        db.close()
        if gate is not None:
            gate.release()


def _write(db: Session, works: list[Callable[[Session], None]]) -> None:
    try:
        for work in works:
            work(db)
        db.commit()
    except Exception:  # an audit write must never turn a reply into a crash
        log.exception("could not write the console's security audit entries")
        db.rollback()
