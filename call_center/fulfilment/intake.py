"""Creating, cancelling and moving service requests: the rules shared by every channel."""
from __future__ import annotations

import copy
from typing import Any, Optional

from pydantic import BaseModel, TypeAdapter, ValidationError, create_model
from sqlalchemy.orm import Session

from .. import lifecycle
from ..auth import Caller
from ..clock import now
from ..config import Settings
from ..errors import ApiError, chinese_field_errors
from ..models import Elder, ServiceRequest
from ..models.ids import new_id
from ..providers import Providers
from ..schemas.service_requests import (
    FORM_MODELS,
    DischargeForm,
    EscortForm,
    RefillForm,
    RegistrationForm,
    RequestCreate,
    SpecialVehicleForm,
    TaxiForm,
)
from . import escorts, notices, refills, registration, rides, special_vehicles, transfers, visits

FORMS: dict[str, type[BaseModel]] = dict(FORM_MODELS)
# Services the centre books itself through a provider; the rest wait for an agent.
BOOKED_BY_PROVIDER = frozenset({"registration", "taxi", "escort", "discharge_transport", "refill",
                                "special_vehicle"})
SERVICE_WORDS = {
    "registration": "挂号", "taxi": "叫车", "consultation": "咨询", "escort": "陪诊",
    "discharge_transport": "出院用车", "refill": "续方配药", "special_vehicle": "特殊用车", "help": "求助",
    "device_application": "一键通申请", "elder_services": "养老服务一件事",
}
# Services whose steps after filing belong to their own desk (the street office and installer
# for a device application: call_center/device_applications), not to a generic transition.
OWN_DESK = {"device_application": "一键通申请请在控制台的“一键通申请”页审核，在“安装队列”页安排上门。",
            "elder_services": "养老服务一件事的每一项在控制台的“一件事”页由评估、补贴、入住各自的窗口办理。"}


def complete_form(service: str, form: dict[str, Any]) -> BaseModel:
    """The whole form, or 422 with per-field Chinese messages under ``form.``."""
    try:
        return FORMS[service].model_validate(form)
    except ValidationError as exc:
        raise ApiError("validation_error", fields=chinese_field_errors(exc, "form")) from exc


def _partial(model: type[BaseModel]) -> type[BaseModel]:
    """The same form with every field optional: constraints and validators still apply."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        fields[name] = (Optional[info.annotation], optional)  # noqa: UP045
    return create_model(f"Partial{model.__name__}", __base__=model, **fields)


PARTIAL_FORMS = {service: _partial(model) for service, model in FORMS.items()}


def partial_form(service: str, form: dict[str, Any]) -> dict[str, Any]:
    """Call mode: what the elder managed to give, each given field still checked."""
    given = {k: v for k, v in form.items() if v is not None}
    try:
        parsed = PARTIAL_FORMS[service].model_validate(given)
    except ValidationError as exc:
        raise ApiError("validation_error", fields=chinese_field_errors(exc, "form")) from exc
    return parsed.model_dump(mode="json", exclude_unset=True)


def check_given_times(db: Session, service: str, form: dict[str, Any]) -> None:
    """Call mode: a time the elder gave is checked as self mode checks it (a past pickup, a
    slot that has started), so nobody is called back about something already missed."""
    if service == "taxi":
        rides.check_pickup_time(form.get("pickup_time"))
    elif service == "registration" and form.get("slot_id"):
        registration.check_not_started(db, form["slot_id"])
    elif service == "escort":
        escorts.check_visit_time(form.get("visit_time"))
    elif service == "discharge_transport":
        transfers.check_pickup_time(form.get("pickup_time"))
    elif service == "special_vehicle":
        special_vehicles.check_pickup_time(form.get("pickup_time"))


def channel_of(caller: Caller, asked: str | None) -> str:
    if caller.kind == "device":
        return caller.device_kind or "tv"
    if asked:
        return asked
    return "miniprogram" if caller.kind in ("service", "family") else "phone"


def create(db: Session, caller: Caller, elder: Elder, body: RequestCreate,
           providers: Providers, settings: Settings) -> ServiceRequest:
    if body.assisted_by is not None:  # who may name a volunteer, before anything about the form
        from ..volunteers import on_shift

        if not (caller.is_kiosk and on_shift(db, caller.id, body.assisted_by)):
            raise ApiError("forbidden", "这位志愿者没有在这台自助机上签到。",
                           fields={"assisted_by": "不是在这里签到的志愿者。"})
    books_now = body.mode == "self" and body.service in BOOKED_BY_PROVIDER
    if body.mode == "self":
        form_model = complete_form(body.service, body.form)
        form = form_model.model_dump(mode="json")
    else:
        form_model = None
        form = partial_form(body.service, body.form)
        check_given_times(db, body.service, form)
    # Refuse what can be refused before anything is written or any platform is called.
    slot = None
    if books_now and isinstance(form_model, RegistrationForm):
        slot = registration.check(db, elder, form_model)
    if books_now and isinstance(form_model, TaxiForm):
        rides.check(db, elder, form_model, settings)
    hospital = None
    if books_now and isinstance(form_model, EscortForm):
        hospital = escorts.check(db, elder, form_model, settings)
    if books_now and isinstance(form_model, DischargeForm):
        hospital = transfers.check(db, elder, form_model, settings)
    if books_now and isinstance(form_model, SpecialVehicleForm):
        special_vehicles.check(db, elder, form_model, settings)
    if body.service == "device_application":
        if body.mode != "self":
            raise ApiError("validation_error", "一键通申请要填好再提交，也可以请话务员帮您填。",
                           fields={"mode": "只能是 self。"})
        from ..device_applications import applications

        applications.check(db, elder)
    if body.service == "elder_services":
        if body.mode != "self":
            raise ApiError("validation_error", "养老服务一件事要填好一张表再提交，也可以请话务员帮您填。",
                           fields={"mode": "只能是 self。"})
        from ..elder_services import joint

        joint.check(db, elder, form_model)  # type: ignore[arg-type]
    prescription = None
    if books_now and isinstance(form_model, RefillForm):
        prescription = refills.check(db, elder, form_model, settings)
    policy = None
    if body.service == "consultation" and form.get("policy_id"):
        from ..models import Policy

        policy = db.get(Policy, form["policy_id"])
        if policy is None or not policy.active:
            raise ApiError("not_found", "没有找到这项政策。", fields={"form.policy_id": "没有这项政策。"})
        form = {**form, "topic": form.get("topic") or "policy"}
    place = None
    if body.service == "consultation" and form.get("resource_id"):
        from ..models import Resource

        place = db.get(Resource, form["resource_id"])
        if place is None:
            raise ApiError("not_found", "没有找到这个地方。", fields={"form.resource_id": "没有这个地方。"})
        form = {**form, "topic": form.get("topic") or "nearby"}
    moment = now()
    req = ServiceRequest(
        id=new_id("req"), elder_id=elder.id, service=body.service, mode=body.mode,
        channel=channel_of(caller, body.channel), status="submitted", form=form,
        created_by=caller.actor, assisted_by=body.assisted_by, created_at=moment, updated_at=moment)
    lifecycle.start(req, caller.actor, body.note or "")
    req.form_shown = {key: [form[key], label] for key, label in body.labels.items()
                      if form.get(key) not in (None, "") and label.strip()} or None
    db.add(req)
    if isinstance(form_model, RegistrationForm) and books_now:
        registration.book(db, req, elder, form_model, providers, caller.actor, slot=slot)
    elif isinstance(form_model, TaxiForm) and books_now:
        rides.book(db, req, elder, form_model, providers, settings, caller.actor, checked=True)
    elif isinstance(form_model, EscortForm) and books_now:
        escorts.book(db, req, elder, form_model, providers, settings, caller.actor, hospital=hospital)
    elif isinstance(form_model, DischargeForm) and books_now:
        transfers.book(db, req, elder, form_model, providers, settings, caller.actor, hospital=hospital)
    elif isinstance(form_model, RefillForm) and books_now:
        refills.book(db, req, elder, form_model, providers, settings, caller.actor, rx=prescription)
    elif isinstance(form_model, SpecialVehicleForm) and books_now:
        special_vehicles.book(db, req, elder, form_model, providers, settings, caller.actor, checked=True)
    elif body.service == "device_application":
        from ..device_applications import applications

        applications.apply(db, req, elder, form_model, caller.actor)  # type: ignore[arg-type]
    elif body.service == "elder_services":
        from ..elder_services import joint

        joint.apply(db, req, elder, form_model, caller.actor)  # type: ignore[arg-type]
    elif body.service == "consultation" and form.get("policy_id"):
        from ..policies import offers

        req.result = offers.about(policy)
        offers.applied(db, elder, policy.id, req, caller.actor, moment)
        notices.status_message(db, req, elder, f"{policy.title}已登记",
                               f"您想办理{policy.title}，养老顾问会打电话给您。", caller.actor)
    elif place is not None:
        from ..policies.nearby import about

        req.result = about(place)
        notices.status_message(db, req, elder, f"{place.name}已登记",
                               f"您想去{place.name}，养老顾问会打电话帮您联系。", caller.actor)
    else:
        notices.status_message(
            db, req, elder, f"{SERVICE_WORDS[body.service]}请求已提交",
            f"我们收到了您的{SERVICE_WORDS[body.service]}请求，话务员会尽快打电话给您。",
            caller.actor)
    return req


def book(db: Session, req: ServiceRequest, elder: Elder, form: BaseModel, providers: Providers,
         settings: Settings, actor: str) -> None:
    if isinstance(form, RegistrationForm):
        registration.book(db, req, elder, form, providers, actor)
    elif isinstance(form, TaxiForm):
        rides.book(db, req, elder, form, providers, settings, actor)
    elif isinstance(form, EscortForm):
        escorts.book(db, req, elder, form, providers, settings, actor)
    elif isinstance(form, DischargeForm):
        transfers.book(db, req, elder, form, providers, settings, actor)
    elif isinstance(form, RefillForm):
        refills.book(db, req, elder, form, providers, settings, actor)
    elif isinstance(form, SpecialVehicleForm):
        special_vehicles.book(db, req, elder, form, providers, settings, actor)


def cancel(db: Session, req: ServiceRequest, elder: Elder, caller: Caller,
           providers: Providers, note: str = "", also: "list[str] | tuple[str, ...]" = ()) -> None:
    """Cancel ``req``; a registration's trips to its visit named in ``also`` go with it (she was
    shown them), and its message says which are cancelled with it and which are still coming."""
    if not lifecycle.can_move(req.status, "cancelled"):
        lifecycle.move(req, "cancelled", caller.actor)  # raises invalid_transition
    trips = visits.trips_for(db, req)
    if req.service == "registration":
        registration.release(db, req, providers)
    elif req.service == "taxi":
        rides.release(req, providers)
    elif req.service == "escort":
        escorts.release(req, providers)
    elif req.service == "discharge_transport":
        transfers.release(req, providers)
    elif req.service == "refill":
        refills.release(req, providers)
    elif req.service == "special_vehicle":
        special_vehicles.release(req, providers)
    elif req.service == "device_application":
        from ..device_applications import applications

        applications.cancel(db, req)
    elif req.service == "elder_services":
        from ..elder_services import joint

        joint.cancel(db, req)
    lifecycle.move(req, "cancelled", caller.actor, note or "已取消")
    notices.withdraw_reminders(db, req)
    along = [t for t in trips if t.id in set(also)]
    for trip in along:
        cancel(db, trip, elder, caller, providers, note="看病取消了，一起取消")
    words = SERVICE_WORDS[req.service]
    notices.status_message(db, req, elder, f"{words}已取消", f"您的{words}已经取消了。" + trips_said(trips, along),
                           caller.actor)


def trips_said(trips: list[ServiceRequest], along: list[ServiceRequest]) -> str:
    """去这次看病的出租车（…）也一起取消了。/ …还约着，不用的话请在我的服务里取消。"""
    kept = [t for t in trips if t not in along]
    said = ""
    if along:
        said += f"去这次看病的{'、'.join(visits.trip_words(t) for t in along)}也一起取消了。"
    if kept:
        said += f"去这次看病的{'、'.join(visits.trip_words(t) for t in kept)}还约着，不用的话请在我的服务里取消。"
    return said


def transition(db: Session, req: ServiceRequest, elder: Elder, caller: Caller, to: str,
               note: str | None, result: dict[str, Any] | None, form: dict[str, Any] | None,
               providers: Providers, settings: Settings) -> None:
    """An agent working a request. Moving a service booked through a provider to ``confirmed`` with a
    complete form and no result books it through the provider, as self mode does."""
    if to == "cancelled":
        cancel(db, req, elder, caller, providers, note or "话务员取消")
        return
    if not lifecycle.can_move(req.status, to):
        lifecycle.move(req, to, caller.actor)  # raises invalid_transition
    if req.service in OWN_DESK:
        raise ApiError("invalid_transition", OWN_DESK[req.service])
    if form is not None:
        req.form = partial_form(req.service, form)
        check_given_times(db, req.service, req.form)
    if (to == "confirmed" and result is None and req.service in BOOKED_BY_PROVIDER):
        form_model = complete_form(req.service, req.form)
        book(db, req, elder, form_model, providers, settings, caller.actor)
        return
    if to == "failed":
        # The elder hears why from whoever failed it (an agent's console, another system
        # through the API): ELDER_UI, errors in words and speech.
        message = note or "这次没有办成，话务员会再联系您。"
        lifecycle.fail(req, caller.actor, "not_fulfilled", message, note or "")
        words = SERVICE_WORDS[req.service]
        notices.status_message(db, req, elder, f"{words}没有办成", message, caller.actor)
        return
    if result is not None:
        req.result = TypeAdapter(dict[str, Any]).dump_python(result, mode="json")
    lifecycle.move(req, to, caller.actor, note or "")
    if to == "confirmed":
        words = SERVICE_WORDS[req.service]
        summary = (result or {}).get("summary")
        notices.status_message(
            db, req, elder, f"{words}已办好",
            f"您的{words}请求已经办好了。" + (summary or ""), caller.actor)
