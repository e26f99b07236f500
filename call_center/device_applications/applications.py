"""An application's life: filed (with the centre's verdict on what the family pays), reviewed
by the street office (approved, or returned with a reason the family is told), queued for the
installer in application order, a visit booked, installed.

Each step moves the service request every channel shows (accepted → in_progress → confirmed →
completed, or failed when returned) and sets ``result.stage``; the spec's stages word it and
say which ones the family's phone is alerted of. Only this module changes an application.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from personal_data import status_words

from .. import lifecycle
from ..clock import local, now, today
from ..config import Settings
from ..errors import ApiError
from ..models import DeviceApplication, Elder, ServiceRequest
from ..models.device_applications import OPEN_STATES
from ..clock import age_on
from ..schemas.service_requests import DeviceApplicationForm
from ..speech_text import when_words
from ..versions import PROFILE, bump
from ..fulfilment import notices
from ..fulfilment.handling import BeforeForm, Handling, Refused, refuse_before_form
from . import eligibility
from .. import message_words as mw
from ..message_words import N_

STAGE_WORDS = status_words.STAGE_WORDS["device_application"]  # the one table
RETURNED = "application_returned"
ALREADY_APPLIED = "已经申请过一键通了，正在办理，请等街道和安装人员联系您。"


def open_application_of(db: Session, elder_id: str) -> DeviceApplication | None:
    return db.scalars(select(DeviceApplication).where(
        DeviceApplication.elder_id == elder_id, DeviceApplication.state.in_(OPEN_STATES))).first()


def _installed(_db: Session, elder: Elder) -> Refused | None:
    if not elder.service_package:
        return None
    return Refused("already_booked", f"家里已经装了一键通（套餐{elder.service_package}），不用再申请了。"
                                     "有急事按一下一键通的红色按键，就有人接。")


def _applied(db: Session, elder: Elder) -> Refused | None:
    app = open_application_of(db, elder.id)
    if app is None:
        return None
    return Refused("already_booked", f"已经申请过一键通了，现在是“{STAGE_WORDS[app.state]}”，不用再申请。"
                                     "可以在“我的服务”里查看办理进度，有问题请找人工。", app.request_id)


# What refuses her before the form: installed, or an application already open (seed 001: one
# application an elder; the street office and the installer work it).
BEFORE_FORM = (BeforeForm("installed", _installed), BeforeForm("applied", _applied))


def check(db: Session, elder: Elder) -> None:
    """One open application an elder; none once a device is in (409, said to the applicant)."""
    refuse_before_form(BEFORE_FORM, db, elder)


def _result(app: DeviceApplication, elder: Elder) -> dict:
    verdict = app.eligibility
    package = eligibility.loaded().packages[app.package]  # type: ignore[index]
    out = {
        "stage": app.state, "package": app.package,
        "package_name": f"{package.label}：{package.words}",
        "monthly_fee_yuan": int(verdict["monthly_fee_yuan"]),
        "fee_words": verdict["words"], "source": verdict["cites"], "street": elder.street,
    }
    if app.return_reason:
        out["return_reason"] = app.return_reason
    if app.visit_at:
        out["visit_at"] = local(app.visit_at).isoformat(timespec="seconds")
    if app.installed_at:
        out["installed_at"] = local(app.installed_at).isoformat(timespec="seconds")
    return out


def apply(db: Session, req: ServiceRequest, elder: Elder, form: DeviceApplicationForm, actor: str) -> DeviceApplication:
    """File it: the verdict is decided now, from the facts stated and the birth date on file."""
    check(db, elder)
    stated = {"age": age_on(elder.birth_date, today()), "hukou_shanghai": form.hukou_shanghai == "true",
              "living_alone": form.living_alone == "true", "hardship": form.hardship}
    facts = eligibility.facts_of(stated["age"], stated["hukou_shanghai"], stated["living_alone"], form.hardship)
    verdict = eligibility.decide(facts, form.package)
    app = DeviceApplication(request_id=req.id, elder_id=elder.id, package=form.package, facts=stated,
                            eligibility=verdict.model_dump(mode="json"), state="reviewing",
                            applied_at=req.created_at)
    try:
        with db.begin_nested():
            db.add(app)
            db.flush()
    except IntegrityError as exc:  # filed meanwhile from another channel (the index's guard)
        raise ApiError("already_booked", ALREADY_APPLIED) from exc
    from ..policies.offers import applied_through

    applied_through(db, elder, "device_application", req, actor, req.created_at)
    lifecycle.move(req, "accepted", "system", f"{STAGE_WORDS['reviewing']}：交{elder.street}审核")
    req.result = _result(app, elder)
    notices.status_message(db, req, elder, N_("一键通申请已提交"),
                           mw.said(N_("您的一键通申请已经交给{street}审核，审核通过后，安装人员会按申请先后"
                                      "打电话和您约上门时间。{verdict}"),
                                   street=mw.as_written(elder.street), verdict=verdict.said_words), actor)
    return app


def cancel(db: Session, req: ServiceRequest) -> None:
    app = db.get(DeviceApplication, req.id)
    if app is not None and app.state in OPEN_STATES:
        app.state = "cancelled"
        req.result = {**(req.result or {}), "stage": "cancelled"}


# -- the street office and the installer (the console) -------------------------------------------
def _open(db: Session, request_id: str, states: tuple[str, ...]) -> tuple[DeviceApplication, ServiceRequest, Elder]:
    app = db.get(DeviceApplication, request_id, with_for_update=True)
    if app is None:
        raise ApiError("not_found", "没有找到这份申请。")
    if app.state not in states:
        raise ApiError("invalid_transition", f"这份申请现在是“{STAGE_WORDS[app.state]}”，不能这样办理。")
    req = db.get(ServiceRequest, app.request_id)
    return app, req, db.get(Elder, app.elder_id)  # type: ignore[return-value]


def approve(db: Session, request_id: str, actor: str) -> DeviceApplication:
    """审核通过: into the installer's queue, behind everyone who applied earlier."""
    app, req, elder = _open(db, request_id, ("reviewing",))
    app.state, app.reviewed_at, app.reviewed_by = "queued", now(), actor
    lifecycle.move(req, "in_progress", actor, f"{STAGE_WORDS['queued']}：{elder.street}审核通过")
    req.result = _result(app, elder)
    notices.status_message(db, req, elder, N_("一键通申请审核通过"),
                           mw.said(N_("您的一键通申请审核通过了。安装人员会按申请先后打电话和您约上门时间，请保持电话畅通。")),
                           actor)
    return app


def give_back(db: Session, request_id: str, reason: str, actor: str) -> DeviceApplication:
    """退回: with the reason the family reads and hears (an error in words, ELDER_UI)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ApiError("validation_error", "请写明退回的原因，家属会看到。", fields={"reason": "请写明原因。"})
    app, req, elder = _open(db, request_id, ("reviewing",))
    app.state, app.reviewed_at, app.reviewed_by, app.return_reason = "returned", now(), actor, reason[:200]
    req.result = _result(app, elder)
    said = mw.said(N_("{street}退回了您的一键通申请：{reason}。补齐后可以再申请，也可以打热线问。"),
                   street=mw.as_written(elder.street), reason=mw.as_written(app.return_reason))
    message = mw.chinese(said)
    lifecycle.fail(req, actor, RETURNED, message, f"{STAGE_WORDS['returned']}：{app.return_reason}")
    notices.status_message(db, req, elder, N_("一键通申请被退回"), said, actor)
    return app


def queue(db: Session) -> list[DeviceApplication]:
    """The installer's list: approved and booked applications, strictly in application order."""
    return list(db.scalars(select(DeviceApplication).where(DeviceApplication.state.in_(("queued", "scheduled")))
                           .order_by(DeviceApplication.applied_at, DeviceApplication.request_id)))


def awaiting_review(db: Session) -> list[DeviceApplication]:
    """The street office's list: the priority groups first (seed 001 §三(一)1, eligibility.yaml
    ``priority``), each in application order."""
    waiting = list(db.scalars(select(DeviceApplication).where(DeviceApplication.state == "reviewing")
                              .order_by(DeviceApplication.applied_at, DeviceApplication.request_id)))
    return sorted(waiting, key=lambda app: eligibility.priority_of(app.facts) is None)


def schedule(db: Session, request_id: str, visit_at: datetime, actor: str) -> DeviceApplication:
    """约上门时间: only for the earliest application not yet booked (按报名先后顺序), or to move
    a visit already booked; in the future."""
    app, req, elder = _open(db, request_id, ("queued", "scheduled"))
    if visit_at <= now():
        raise ApiError("date_in_past", fields={"visit_at": "上门时间已经过去了。"})
    if app.state == "queued":
        earlier = db.scalars(select(DeviceApplication).where(
            DeviceApplication.state == "queued", DeviceApplication.request_id != app.request_id,
            (DeviceApplication.applied_at < app.applied_at)
            | ((DeviceApplication.applied_at == app.applied_at) & (DeviceApplication.request_id < app.request_id))
        )).first()
        if earlier is not None:
            raise ApiError("invalid_transition", "前面还有更早申请的人没有约上门时间，请按申请先后顺序安排。")
    moved = app.state == "scheduled"
    app.state, app.visit_at, app.scheduled_by = "scheduled", visit_at, actor
    req.result = _result(app, elder)
    note = f"{STAGE_WORDS['scheduled']}：{when_words(visit_at)}"
    if moved:
        notices.withdraw_reminders(db, req)
        lifecycle.record(req, "confirmed", actor, note)
    else:
        lifecycle.move(req, "confirmed", actor, note)
    notices.status_message(db, req, elder, N_("一键通约好上门安装"),
                           mw.said(N_("安装人员{when}上门安装一键通，请家里留人。"), when=mw.when(visit_at)), actor)
    notices.install_reminder(db, req, elder, visit_at)
    return app


def mark_installed(db: Session, request_id: str, actor: str, vendor: str | None = None) -> DeviceApplication:
    """装好了: the elder now has the package (her profile says so: 政策找人 stops offering it).
    The installer's 服务商 (``vendor``, the centre's ``install_vendor`` when not given) is the
    request's provider: 回访 asks her about the installation and 服务监管 counts it per vendor."""
    app, req, elder = _open(db, request_id, ("scheduled",))
    app.state, app.installed_at, app.installed_by = "installed", now(), actor
    req.provider = (vendor or Settings.install_vendor).strip()[:32] or Settings.install_vendor
    elder.service_package = app.package
    bump(elder, PROFILE.column)  # the profile changed: its ETag moves
    req.result = _result(app, elder)
    lifecycle.move(req, "completed", actor, STAGE_WORDS["installed"])
    notices.withdraw_reminders(db, req)
    notices.status_message(db, req, elder, N_("一键通已装好"),
                           mw.said(N_("一键通已经装好了。有急事按一下红色按键，就有人接听。")), actor)
    return app


def position_in_queue(db: Session, app: DeviceApplication) -> int:
    """How many approved applications are ahead of this one, plus one."""
    return next((i + 1 for i, a in enumerate(queue(db)) if a.request_id == app.request_id), 0)


HANDLING = Handling(
    "device_application", N_("一键通申请"), DeviceApplicationForm, "desk",
    desk_words="一键通申请请在控制台的“一键通申请”页审核，在“安装队列”页安排上门。",
    check=lambda f: check(f.db, f.elder),
    book=lambda f: apply(f.db, f.request, f.elder, f.form, f.actor),
    release=lambda db, req, _providers: cancel(db, req),
    before_form=BEFORE_FORM)
