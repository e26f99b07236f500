"""Creating, cancelling and moving service requests: the rules shared by every channel.

What differs by service is asked of the service's handling (``registry.handling_of``), never
switched on here by name: a new service needs no edit of this module."""
from __future__ import annotations

import copy
import logging
from functools import cache
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
from ..schemas.service_requests import RequestCreate
from . import notices, visits
from .handling import Filing
from .registry import handling_of
from .. import message_words as mw
from ..message_words import N_

log = logging.getLogger(__name__)
NOT_DONE = N_("这次没有办成，话务员会再联系您。")
ALREADY_DONE = N_("这件事客服已经给您办好了，不用取消。")


def complete_form(service: str, form: dict[str, Any]) -> BaseModel:
    """The whole form, or 422 with per-field Chinese messages under ``form.``."""
    try:
        return handling_of(service).form.model_validate(form)
    except ValidationError as exc:
        raise ApiError("validation_error", fields=chinese_field_errors(exc, "form")) from exc


@cache
def _partial(model: type[BaseModel]) -> type[BaseModel]:
    """The same form with every field optional: constraints and validators still apply."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        fields[name] = (Optional[info.annotation], optional)  # noqa: UP045
    return create_model(f"Partial{model.__name__}", __base__=model, **fields)


def partial_form(service: str, form: dict[str, Any]) -> dict[str, Any]:
    """Call mode: what the elder managed to give, each given field still checked."""
    given = {k: v for k, v in form.items() if v is not None}
    try:
        parsed = _partial(handling_of(service).form).model_validate(given)
    except ValidationError as exc:
        raise ApiError("validation_error", fields=chinese_field_errors(exc, "form")) from exc
    return parsed.model_dump(mode="json", exclude_unset=True)


def check_given_times(db: Session, service: str, form: dict[str, Any]) -> None:
    """Call mode: a time the elder gave is checked as self mode checks it (a past pickup, a
    slot that has started), so nobody is called back about something already missed."""
    handling_of(service).given_times(db, form)


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
    handling = handling_of(body.service)
    # A service filed on one form for a desk of its own is filed whole in either mode: in call
    # mode an agent asked it on the phone (电话受理), as the form itself offers (也可以请话务员帮您填).
    if body.mode == "self" or handling.fulfilled_by == "desk":
        form_model: BaseModel | None = complete_form(body.service, body.form)
        form = form_model.model_dump(mode="json")
    else:
        form_model = None
        form = partial_form(body.service, body.form)
        check_given_times(db, body.service, form)
    # Refuse what can be refused before anything is written or any platform is called.
    filing = Filing(db, elder, form_model, form, providers, settings, caller.actor)
    acts_now = handling.acts_now(body.mode)
    if acts_now:
        filing.found, filing.checked = handling.check(filing), True
    form = filing.data
    moment = now()
    req = ServiceRequest(
        id=new_id("req"), elder_id=elder.id, service=body.service, mode=body.mode,
        channel=channel_of(caller, body.channel), status="submitted", form=form,
        created_by=caller.actor, assisted_by=body.assisted_by, created_at=moment, updated_at=moment)
    lifecycle.start(req, caller.actor, body.note or "")
    req.form_shown = {key: [form[key], label] for key, label in body.labels.items()
                      if form.get(key) not in (None, "") and label.strip()} or None
    db.add(req)
    filing.request = req
    if acts_now and handling.book is not None:
        handling.book(filing)
    else:
        notices.filed(db, req, elder, handling.words, caller.actor)
    return req


def cancel(db: Session, req: ServiceRequest, elder: Elder, caller: Caller,
           providers: Providers, note: str = "", also: "list[str] | tuple[str, ...]" = ()) -> None:
    """Cancel ``req``; a registration's trips to its visit named in ``also`` go with it (she was
    shown them), and its message says which are cancelled with it and which are still coming."""
    if not lifecycle.can_move(req.status, "cancelled"):
        lifecycle.move(req, "cancelled", caller.actor)  # raises invalid_transition
    handling = handling_of(req.service)
    if req.status == "confirmed" and handling.done_when_confirmed:
        raise ApiError("invalid_transition", ALREADY_DONE)
    trips = visits.trips_for(db, req)
    handling.release(db, req, providers)
    lifecycle.move(req, "cancelled", caller.actor, note or "已取消")
    notices.withdraw_reminders(db, req)
    # Each trip goes on its own: the visit is released at its provider already, so a trip whose
    # platform does not answer now stays booked (and said so) instead of undoing the visit here
    # while the hospital has let the number go.
    along, stuck = [], []
    for trip in (t for t in trips if t.id in set(also)):
        try:
            with db.begin_nested():
                cancel(db, trip, elder, caller, providers, note="看病取消了，一起取消")
            along.append(trip)
        except ApiError as exc:
            if exc.code != "provider_unavailable":
                raise
            log.warning("trip %s kept: its platform did not answer the cancel", trip.id)
            stuck.append(trip)
    words = handling.words
    notices.status_message(db, req, elder, notices.service_title(N_("{service}已取消"), words),
                           mw.said(N_("您的{service}已经取消了。{trips}"), service=mw.word(words),
                                   trips=trips_said(trips, along, stuck)), caller.actor)


def trips_said(trips: list[ServiceRequest], along: list[ServiceRequest],
               stuck: list[ServiceRequest] = ()) -> dict:
    """去这次看病的出租车（…）也一起取消了。/ …暂时没能取消… / …还约着，不用的话请在我的服务里取消。
    (a parameter of words: nothing when the visit had no trips)"""
    kept = [t for t in trips if t not in along and t not in stuck]

    def listed(group: list[ServiceRequest]) -> dict:
        return mw.joined([visits.trip_said(t) for t in group], "、")

    return mw.sentences(
        mw.said(N_("去这次看病的{trips}也一起取消了。"), trips=listed(along)) if along else None,
        mw.said(N_("去这次看病的{trips}暂时没能取消，请过一会儿在我的服务里再取消，或者找人工。"),
                trips=listed(stuck)) if stuck else None,
        mw.said(N_("去这次看病的{trips}还约着，不用的话请在我的服务里取消。"), trips=listed(kept)) if kept else None)


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
    handling = handling_of(req.service)
    if handling.desk_words:
        raise ApiError("invalid_transition", handling.desk_words)
    if form is not None:
        req.form = partial_form(req.service, form)
        check_given_times(db, req.service, req.form)
    if to == "confirmed" and result is None and handling.books_by_provider:
        assert handling.book is not None  # tests/call_center/test_service_registry.py
        form_model = complete_form(req.service, req.form)
        # Not checked yet: the booking checks for itself, this request not a duplicate of itself.
        handling.book(Filing(db, elder, form_model, req.form, providers, settings, caller.actor,
                             request=req))
        return
    if to == "failed":
        # The elder hears why from whoever failed it (an agent's console, another system
        # through the API): ELDER_UI, errors in words and speech.
        message = note or NOT_DONE
        lifecycle.fail(req, caller.actor, "not_fulfilled", message, note or "")
        words = handling.words
        # The agent's own words as written (no catalog has them); ours, a sentence of the catalogs.
        notices.status_message(db, req, elder, notices.service_title(N_("{service}没有办成"), words),
                               mw.written(note) if note else mw.said(NOT_DONE),
                               caller.actor)
        return
    if result is not None:
        req.result = TypeAdapter(dict[str, Any]).dump_python(result, mode="json")
    lifecycle.move(req, to, caller.actor, note or "")
    if to == "confirmed":
        words = handling.words
        summary = (result or {}).get("summary")
        notices.status_message(
            db, req, elder, notices.service_title(N_("{service}已办好"), words),
            mw.said(N_("您的{service}请求已经办好了。{summary}"), service=mw.word(words),
                    summary=mw.as_written(summary or "")), caller.actor)
