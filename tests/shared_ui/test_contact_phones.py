"""A driver's, a companion's, a crew's or a place's number is one she (or her daughter) must be
able to ring (the user trial: 138****1234 on the result, nobody could call the taxi). For every
service whose result carries a number to call, on every channel:

- private screens — her TV at home, the family's phone after sign-in — show and say it whole;
- the printed slip she takes home prints it whole;
- a public screen — the kiosk in a health station's room — shows and says it masked, and says
  where it is whole: on the slip (打印凭条), else through her family (发给家人), else the staff.

No window, no server: the engine draws each result and 我的服务 detail from a record."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from personal_data.masking import mask_phone
from shared_ui.flow import FlowEngine
from shared_ui.flow.acting import acting
from shared_ui.flow.frames import DetailFrame, ResultFrame
from shared_ui.spec import load_spec

from .test_for_another import ELDER, record_for

SPEC = load_spec()
NUMBER = "13912345678"
# Every service whose result carries a number to call: a fact of format phone (the spec's rule).
CALLABLE = sorted(sid for sid, s in SPEC.services.items() if s.confirmation
                  and any(f.format == "phone" for f in s.confirmation.facts))
PRIVATE = ["tv", "miniprogram"]


def contact_labels(sid: str) -> list[str]:
    return [f.label for f in SPEC.services[sid].confirmation.facts if f.format == "phone"]


def draw(channel: str, sid: str, frame_kind: str, abilities=None, elder=ELDER, **frame_state):
    engine = FlowEngine(SPEC, channel, "zh_CN", abilities or abilities_for(channel))
    who = acting(elder, ["view", "book"]) if channel == "miniprogram" else elder
    session, _ = engine.start(who, household=[who])
    record = record_for(sid, None)
    frame = ResultFrame(service_id=sid, record=record, **frame_state) if frame_kind == "result" \
        else DetailFrame(detail_kind="request", record=record, **frame_state)
    session.stack.append(frame)
    return engine.screen(session)


def test_the_services_with_someone_to_call_are_found_from_the_spec():
    assert {"taxi", "escort", "discharge_transport", "special_vehicle"} <= set(CALLABLE)
    # A contact given only masked by the centre cannot be rung: no result fact names a masked key.
    for sid, service in SPEC.services.items():
        for fact in (service.confirmation.facts if service.confirmation else []):
            assert not fact.key.endswith("_masked"), (sid, fact.key)
            if fact.key.endswith("phone"):
                assert fact.format == "phone", (sid, fact.key)


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("channel", PRIVATE)
@pytest.mark.parametrize("sid", CALLABLE)
def test_a_private_screen_shows_the_number_whole(sid, channel, frame_kind):
    screen, said = draw(channel, sid, frame_kind)
    shown = {f.label: f.value for f in screen.facts}
    for label in contact_labels(sid):
        assert shown[label] == NUMBER, (sid, channel, shown)
    assert mask_phone(NUMBER) not in said and "****" not in said
    if any(f"{{{f.key}}}" in SPEC.services[sid].confirmation.say
           for f in SPEC.services[sid].confirmation.facts if f.format == "phone"):
        assert NUMBER in said, (sid, channel, said)


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_the_kiosk_room_sees_it_masked_and_is_told_the_slip_has_it(sid, frame_kind):
    screen, said = draw("kiosk", sid, frame_kind)
    shown = {f.label: f.value for f in screen.facts}
    for label in contact_labels(sid):
        assert shown[label] == mask_phone(NUMBER), (sid, shown)
    assert NUMBER not in said and NUMBER not in " ".join([screen.body or "", *screen.notes])
    told = " ".join([screen.body or "", *screen.notes])
    assert SPEC.strings["contact.on_slip"] in told and SPEC.strings["contact.on_slip"] in said
    assert "print" in {i.id for i in screen.items}  # and the way to it is on the same screen


WITH_FAMILY = {**ELDER, "family_receives_slips": True}  # the centre knows a member bound to see her requests


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("family", [True, False], ids=["family", "no-family"])
@pytest.mark.parametrize("printer", ["failed", "none"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_a_kiosk_that_cannot_print_sends_it_to_her_family_or_asks_the_staff(sid, printer, family, frame_kind):
    """发给家人 only when someone bound would receive it; with neither paper nor family, the
    station's staff or volunteer — never a button that is not there."""
    from dataclasses import replace

    abilities = abilities_for("kiosk") if printer == "failed" else replace(abilities_for("kiosk"), prints=False)
    state = {"print_failed": True} if printer == "failed" else {}
    screen, said = draw("kiosk", sid, frame_kind, abilities=abilities, elder=WITH_FAMILY if family else ELDER, **state)
    told = " ".join([screen.body or "", *screen.notes])
    ids = {i.id for i in screen.items}
    assert ("share" in ids) is family
    expected = SPEC.strings["contact.share"] if family else SPEC.strings["contact.ask_staff"]
    assert expected in told and expected in said
    if not family:
        assert "发给家人" not in told + said and "驿站的工作人员或志愿者" in told
    assert "记下屏幕" not in told + said and NUMBER not in told + said


@pytest.mark.parametrize("sid", CALLABLE)
def test_the_slip_she_takes_home_prints_it_whole(sid):
    from accessibility.slips.config import SlipConfig
    from accessibility.slips.renderer import SlipRenderer

    renderer = SlipRenderer(SlipConfig(hotline="12345", h5_base="https://h5.onekey.test/r/", secret="s"))
    content = renderer.content(record_for(sid, None), {"id": ELDER["id"], "name": "王秀英"})
    printed = {f.label: f.value for f in content.facts}
    for label in contact_labels(sid):
        assert printed[label] == NUMBER, (sid, printed)


def test_a_request_booked_when_the_centre_masked_it_still_shows_what_it_has():
    record = record_for("taxi", None)
    record["result"]["driver_phone_masked"] = record["result"].pop("driver_phone") and "139****5678"
    from shared_ui.confirmation import render_facts

    assert {f.label: f.value for f in render_facts(SPEC, record)}["司机电话"] == "139****5678"
