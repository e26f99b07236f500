"""The centre's registry of service handling agrees with the spec, and a new service is its spec
and its handling: intake files, books, re-books and cancels one it has never heard of
(助浴上门, booked with a bathing provider) with no edit of call_center/fulfilment/intake.py."""
from __future__ import annotations

import shutil
from typing import Any, Literal

import pytest

from call_center import message_words as mw
from call_center.auth import Caller
from call_center.errors import ApiError
from call_center.fulfilment import intake, notices, registry
from call_center.fulfilment.handling import Filing, Handling
from call_center.lifecycle import OPEN
from call_center.models import Elder, Message
from call_center.schemas.service_requests import Form, RequestCreate
from shared_ui.spec import DEFAULT_DIR, Spec, load_spec, load_spec_from
from tests.fixtures.new_service import FORM, SERVICE, SERVICE_ID


def disagreements(spec: Spec, handlings: dict[str, Handling]) -> list[str]:
    """Where the spec and the registry differ on who carries a request out."""
    said = {sid: s.fulfilled_by for sid, s in spec.services.items()
            if s.kind == "request" and s.submits_as is None}
    found = [f"{sid}: the spec says {who}, the registry has nothing"
             for sid, who in said.items() if who in ("provider", "desk") and sid not in handlings]
    for name, handling in handlings.items():
        if name not in said:
            found.append(f"{name}: in the registry, not a service of the spec")
        elif handling.fulfilled_by != said[name]:
            found.append(f"{name}: the spec says {said[name]}, the registry {handling.fulfilled_by}")
        if handling.fulfilled_by != "agent" and handling.book is None:
            found.append(f"{name}: {handling.fulfilled_by} but nothing books it")
        if handling.fulfilled_by == "desk" and not handling.desk_words:
            found.append(f"{name}: worked at a desk that is not named")
    return found


def test_every_service_the_spec_books_through_a_provider_or_a_desk_is_registered():
    spec = load_spec()
    assert disagreements(spec, registry.REGISTRY) == []
    provider = {sid for sid, s in spec.services.items() if s.fulfilled_by == "provider"}
    assert provider == set(registry.BOOKED_BY_PROVIDER) == {
        "registration", "taxi", "escort", "discharge_transport", "refill", "special_vehicle"}
    assert set(registry.OWN_DESK) == {"device_application", "elder_services"}


def test_the_check_finds_a_missing_entry_and_one_the_spec_lacks():
    spec = load_spec()
    handlings = {**registry.REGISTRY, "bath_help": BATH}
    del handlings["taxi"]
    assert disagreements(spec, handlings) == [
        "taxi: the spec says provider, the registry has nothing",
        "bath_help: in the registry, not a service of the spec"]


def test_every_service_the_contract_takes_has_its_handling_and_words():
    assert set(registry.REGISTRY) | set(registry.PLAIN) == set(registry.SERVICES)
    assert not set(registry.REGISTRY) & set(registry.PLAIN)
    assert all(registry.SERVICE_WORDS[name] for name in registry.SERVICES)


def test_the_console_offers_each_service_its_own_usual_failure_first():
    from call_center.console.forms import FAILURE_SENTENCES, failure_presets

    for name in registry.BOOKED_BY_PROVIDER:
        code, sentence = registry.REGISTRY[name].usual_failure or ("", "")
        assert failure_presets(name) == [code, "unreachable", "cannot_do"] and FAILURE_SENTENCES[code] == sentence
    assert failure_presets("help") == failure_presets("") == ["unreachable", "cannot_do"]


# -- a service the product does not ship: its spec and its handling, nothing else --------------

class BathForm(Form):
    topic: Literal["bath_at_home", "bath_point"]
    callback_window: str = "asap"


class BathPlatform:
    """A bathing provider that records what it was asked."""

    def __init__(self) -> None:
        self.booked: list[str] = []
        self.cancelled: list[str] = []


PLATFORM = BathPlatform()


def _check(filing: Filing) -> str:
    if filing.elder.home_address == "":
        raise ApiError("outside_service_area", "助浴员到不了您家。")
    return "助浴员 张阿姨"


def _book(filing: Filing) -> None:
    from call_center import lifecycle

    req = filing.request
    assert req is not None and filing.form is not None
    bather = filing.found if filing.checked else _check(filing)
    PLATFORM.booked.append(req.id)
    req.provider, req.booking_ref = "助浴平台", f"BATH-{len(PLATFORM.booked)}"
    req.result = {"provider": "助浴平台", "summary": bather}
    for step in ("accepted", "in_progress"):
        if lifecycle.can_move(req.status, step):
            lifecycle.move(req, step, "system")
    lifecycle.move(req, "confirmed", "provider:助浴平台", f"{bather}会来")
    # Its body in structured words (a sentence of the catalogs, the bather as written), as every
    # status message is: an English screen renders it (tests/call_center/test_status_messages_words.py).
    notices.status_message(filing.db, req, filing.elder, "助浴约好了",
                           mw.said("{bather}会来帮您洗澡。", bather=mw.as_written(bather)), filing.actor)


def _given_times(_db: Any, form: dict[str, Any]) -> None:
    if form.get("callback_window") == "yesterday":
        raise ApiError("date_in_past", "这个时间已经过去了。", fields={"form.callback_window": "已经过去了。"})


BATH = Handling("bath_help", "助浴", BathForm, "provider", given_times=_given_times, check=_check,
                book=_book, release=lambda _db, req, _providers: PLATFORM.cancelled.append(req.id))


CONFIRMATION = """\
confirmation:
  title: 助浴约好了
  say: 已为您约好助浴，{summary}会来。
  facts:
    - {key: summary, label: 助浴员, emphasis: true}
"""


@pytest.fixture
def bath_spec(tmp_path):
    """tests/fixtures/new_service.py's 助浴上门, booked by the centre rather than a call-back."""
    target = tmp_path / "spec"
    shutil.copytree(DEFAULT_DIR, target)
    service = SERVICE.replace("submits_as: consultation\n", "fulfilled_by: provider\n") + CONFIRMATION
    (target / "services" / f"{SERVICE_ID}.yaml").write_text(service, encoding="utf-8")
    (target / "forms" / f"{SERVICE_ID}.yaml").write_text(FORM, encoding="utf-8")
    return load_spec_from(target, locales=())


@pytest.fixture
def bath_registered(monkeypatch):
    monkeypatch.setitem(registry.REGISTRY, SERVICE_ID, BATH)
    PLATFORM.booked.clear()
    PLATFORM.cancelled.clear()


def _file(app: Any, mode: str, form: dict[str, Any]) -> tuple[str, str, list[str]]:
    """Files 助浴 for 王秀英 as an agent would; the request's id, status and its messages."""
    centre = app.extensions["onekey"]
    caller = Caller(kind="agent", id="agt_test", name="话务员")
    with app.test_request_context(), centre.db.writing() as db:
        elder = db.get(Elder, app.demo.elders["wang"])
        # The contract's enum lists the shipped services; intake itself takes any registered one.
        body = RequestCreate.model_construct(elder_id=elder.id, service=SERVICE_ID, mode=mode,
                                             channel=None, form=form, note=None, assisted_by=None,
                                             labels={})
        req = intake.create(db, caller, elder, body, centre.providers, centre.settings)
        db.flush()
        titles = [m.title for m in db.query(Message).filter(Message.request_id == req.id)]
        db.commit()
        return req.id, req.status, titles


def _act(app: Any, request_id: str, to: str, form: dict[str, Any] | None = None) -> str:
    from call_center.models import ServiceRequest

    centre = app.extensions["onekey"]
    caller = Caller(kind="agent", id="agt_test", name="话务员")
    with app.test_request_context(), centre.db.writing() as db:
        req = db.get(ServiceRequest, request_id)
        elder = db.get(Elder, req.elder_id)
        intake.transition(db, req, elder, caller, to, None, None, form, centre.providers, centre.settings)
        db.commit()
        return req.status


def test_the_new_service_is_in_the_spec_and_the_registry_with_nothing_else(bath_spec, bath_registered):
    assert disagreements(bath_spec, registry.REGISTRY) == []


def test_a_new_service_books_and_cancels_through_intake_by_its_handling(center_app, bath_registered):
    request_id, status, titles = _file(center_app, "self", {"topic": "bath_at_home"})
    assert status == "confirmed" and PLATFORM.booked == [request_id] and titles == ["助浴约好了"]
    assert _act(center_app, request_id, "cancelled") == "cancelled"
    assert PLATFORM.cancelled == [request_id]


def test_a_new_service_asked_for_a_call_back_is_filed_and_booked_when_the_agent_confirms(
        center_app, bath_registered):
    request_id, status, titles = _file(center_app, "call", {"topic": "bath_point"})
    assert status == "submitted" and PLATFORM.booked == [] and titles == ["助浴请求已提交"]
    assert status in OPEN
    assert _act(center_app, request_id, "accepted") == "accepted"
    assert _act(center_app, request_id, "in_progress") == "in_progress"
    assert _act(center_app, request_id, "confirmed") == "confirmed" and PLATFORM.booked == [request_id]


def test_a_new_service_checks_a_given_time_and_its_form_before_anything_is_written(
        center_app, bath_registered):
    with pytest.raises(ApiError) as late:
        _file(center_app, "call", {"topic": "bath_point", "callback_window": "yesterday"})
    assert late.value.code == "date_in_past"
    with pytest.raises(ApiError) as wrong:
        _file(center_app, "self", {"topic": "sauna"})
    assert wrong.value.code == "validation_error" and "form.topic" in (wrong.value.fields or {})
    assert PLATFORM.booked == []
