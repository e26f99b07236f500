"""陪诊 (escort to hospital) through the escort platform.

seed 000 §三(二)1(2): the elder asks from any terminal, and the call centre 非紧急情况时安排
人员陪同就医 — here it books a companion through an escort platform (a home-care agency's
dispatch), the way it books a taxi through 申程出行. An emergency is not this service: the
form's first answer hands over to 一键救援 (its alarm chain calls 120). When nobody is free the
request fails with 暂时没有陪诊员 and an agent follows up; when the platform is down nothing is
written (503).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session


from .. import lifecycle
from ..clock import local
from ..config import Settings
from ..errors import ApiError
from ..models import Elder, Hospital, ServiceRequest
from ..providers import EscortOrder, NoEscortAvailable, ProviderDown, Providers
from ..schemas.service_requests import EscortForm
from ..service_area import check_address
from ..speech_text import clock_words
from ..unit_of_work import on_rollback
from . import notices
from .ahead import booked_already, check_ahead, wall_time
from .fallback import cancel_booking
from .handling import Handling
from .visits import before_visit, visits_that_day
from .. import message_words as mw
from ..message_words import N_

NONE_FREE_MESSAGE = N_("这个时间暂时没有空闲的陪诊员，话务员会尽快打电话和您商量。")
# A companion needs time to get there: the visit at least this far ahead, at most two weeks.
LEAD = timedelta(hours=2)
LATEST_DAYS_AHEAD = 14
# When they meet: at home an hour before the visit (the trip and registering at the desk),
# at the hospital gate a quarter of an hour before.
# At home: as long before as a car must come for the visit (fulfilment/visits.py).
MEET_BEFORE = {"home": before_visit(), "hospital": timedelta(minutes=15)}
MEET_PLACE = {"home": N_("您家楼下"), "hospital": N_("医院门口")}


def check_visit_time(visit_time: "datetime | str | None") -> None:
    check_ahead(visit_time, "visit_time", LEAD, LATEST_DAYS_AHEAD, "陪诊",
                "离看病不到两小时，来不及安排陪诊员了，请选以后的时间。急病请按紧急求助。")


def check(db: Session, elder: Elder, form: EscortForm, settings: Settings,
          request_id: str | None = None) -> Hospital:
    """Everything that can be refused before the platform is asked (404 / 422 / 409);
    ``request_id``: the request being booked (an agent's), not a duplicate of itself."""
    hospital = db.get(Hospital, form.hospital_id)
    if hospital is None:
        raise ApiError("not_found", "没有找到这家医院。", fields={"form.hospital_id": "没有这家医院。"})
    check_visit_time(form.visit_time)
    visit_time = wall_time(form.visit_time)
    booked = visits_that_day(db, elder.id, hospital.id, visit_time) if visit_time else []
    if booked and all(v.start != visit_time for v in booked):
        # A companion at 8:30 for a 10:00 number would wait, or be missed: the visit's own time.
        times = "、".join(clock_words(v.start) for v in booked)
        raise ApiError("validation_error", f"您这天在{hospital.name}挂的号是{times}，陪诊请约这个时间。",
                       fields={"form.visit_time": f"这天挂的号是{times}。"})
    if form.meet == "home":
        verdict = check_address(elder.home_address, settings.service_area_districts)
        if not verdict.ok:
            raise ApiError("outside_service_area", verdict.reason, fields={"form.meet": verdict.reason})
    if booked_already(db, elder.id, "escort", "visit_time", form.visit_time, request_id):
        raise ApiError("already_booked", "这个时间已经约过陪诊了。",
                       fields={"form.visit_time": "已经约过这个时间的陪诊了。"})
    return hospital


def book(db: Session, req: ServiceRequest, elder: Elder, form: EscortForm, providers: Providers,
         settings: Settings, actor: str, hospital: Hospital | None = None) -> None:
    """Book now (self mode, or an agent confirming a filled form). ``hospital`` is the one
    :func:`check` returned, when the caller has already checked."""
    hospital = hospital or check(db, elder, form, settings, request_id=req.id)
    platform = providers.escort
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", "system", f"正在向{platform.name}预约陪诊员")
    visit = wall_time(form.visit_time)
    assert visit is not None
    meet_time = visit - MEET_BEFORE[form.meet]
    meet_address = elder.home_address if form.meet == "home" else f"{hospital.name}门口（{hospital.address}）"
    req.form = form.model_dump(mode="json")
    try:
        escort = platform.order(EscortOrder(
            patient_name=elder.name, patient_phone=form.phone or elder.phone,
            hospital_name=hospital.name, hospital_address=hospital.address, visit_time=visit,
            meet_time=meet_time, meet_address=meet_address, reference=req.id))
    except NoEscortAvailable:
        lifecycle.fail(req, "system", "no_escort", NONE_FREE_MESSAGE, f"{platform.name}：没有空闲的陪诊员")
        notices.status_message(db, req, elder, N_("暂时没有约到陪诊员"), mw.said(NONE_FREE_MESSAGE), actor)
        return
    except ProviderDown as exc:
        raise ApiError("provider_unavailable",
                       f"{platform.name}暂时联系不上，请稍后再试，或者请人工帮您约陪诊。") from exc
    on_rollback(lambda: platform.cancel(escort.booking_ref))
    req.provider = escort.provider
    req.booking_ref = escort.booking_ref
    req.result = {
        "provider": escort.provider,
        "booking_ref": escort.booking_ref,
        "companion_name": escort.companion_name,
        "companion_phone": escort.companion_phone,  # in full: she or her family rings the companion
        "hospital_id": hospital.id,
        "hospital_name": hospital.name,
        "hospital_address": hospital.address,
        "visit_time": local(visit).isoformat(timespec="seconds"),
        "meet": form.meet,
        "meet_time": local(meet_time).isoformat(timespec="seconds"),
        "meet_place": MEET_PLACE[form.meet],
        "meet_address": meet_address,
    }
    lifecycle.move(req, "confirmed", f"provider:{escort.provider}",
                   f"{escort.provider}已派陪诊员{escort.companion_name}")
    notices.escort_reminders(db, req, elder, meet_time)
    notices.status_message(
        db, req, elder, N_("陪诊已约好"),
        mw.said(N_("陪诊员{name}{when}在{place}等您，陪您去{hospital}。"), name=mw.as_written(escort.companion_name),
                when=mw.when(meet_time), place=mw.word(MEET_PLACE[form.meet]),
                hospital=mw.as_written(hospital.name)), actor)


def release(req: ServiceRequest, providers: Providers) -> None:
    """Tell the platform the companion is not needed (on cancel)."""
    if not req.booking_ref:
        return
    cancel_booking(providers.escort, req.booking_ref)


HANDLING = Handling(
    "escort", N_("陪诊"), EscortForm, "provider",
    given_times=lambda db, form: check_visit_time(form.get("visit_time")),
    check=lambda f: check(f.db, f.elder, f.form, f.settings),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.settings, f.actor, hospital=f.found),
    usual_failure=("no_escort", "这个时间暂时没有空闲的陪诊员，话务员会再打电话和您商量别的时间。"),
    release=lambda _db, req, providers: release(req, providers))
