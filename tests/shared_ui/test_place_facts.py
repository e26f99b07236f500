"""Where a car takes her, as she knows the place (the trial: 目的地 上海市徐汇区宜山路600号 — which
is the hospital she booked, but said as a street): every fact of format ``place`` shows the
name the centre gave the address beside it — 家, the station, the hospital — in the result,
in 我的服务's detail, on the slip; a list row and the sentence she hears name it alone; an
address the centre could not name is shown as it is. For every service with such a fact, on
every channel, in both languages."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from accessibility.slips.content import ContentBuilder
from shared_ui.confirmation import fact_value, place_words, render_facts
from shared_ui.flow import FlowEngine
from shared_ui.flow.kinds.records import request_item
from shared_ui.spec import load_spec

from .test_for_another import ELDER, drawn, record_for

SPEC = load_spec()
PLACES = sorted((sid, f.key, f.label) for sid, s in SPEC.services.items() if s.confirmation
                for f in s.confirmation.facts if f.format == "place")
ADDRESS = "上海市徐汇区宜山路600号"
HOSPITAL = "上海市第六人民医院"


def named(sid: str, key: str, place: str | None, name: str | None) -> dict:
    record = record_for(sid, None)
    base = key.removesuffix("_address")
    record["result"].update({key: ADDRESS, f"{base}_place": place, f"{base}_name": name})
    return record


def test_the_rides_places_are_place_facts():
    assert {("taxi", "pickup_address"), ("taxi", "destination_address"),
            ("special_vehicle", "pickup_address"),
            ("discharge_transport", "destination_address")} <= {(s, k) for s, k, _ in PLACES}


@pytest.mark.parametrize("locale, home, hospital", [
    ("zh_CN", f"家（{ADDRESS}）", f"{HOSPITAL}（{ADDRESS}）"),
    ("en", f"Home ({ADDRESS})", f"{HOSPITAL} ({ADDRESS})"),
])
def test_a_place_is_its_name_beside_its_address(locale, home, hospital):
    key = "destination_address"
    assert place_words({key: ADDRESS, "destination_place": "home"}, key, locale) == home
    assert place_words({key: ADDRESS, "destination_place": "hospital", "destination_name": HOSPITAL},
                       key, locale) == hospital
    assert place_words({key: ADDRESS, "destination_name": HOSPITAL}, key, locale, short=True) == HOSPITAL
    assert place_words({key: ADDRESS}, key, locale) == ADDRESS  # not named: as it is
    assert place_words({key: f"{ADDRESS} {HOSPITAL}", "destination_name": HOSPITAL}, key, locale) \
        == f"{ADDRESS} {HOSPITAL}"  # never the name twice
    assert fact_value({key: ADDRESS}, key, "text") == ADDRESS


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
@pytest.mark.parametrize("sid, key, label", PLACES)
def test_every_channel_shows_the_place_by_its_name(sid, key, label, channel, frame_kind):
    record = named(sid, key, "hospital", HOSPITAL)
    screen, said = drawn(channel, record, frame_kind)
    shown = {f.label: f.value for f in screen.facts}
    assert shown[label] == f"{HOSPITAL}（{ADDRESS}）", (sid, channel, shown)
    if f"{{{key}}}" in SPEC.services[sid].confirmation.say:
        assert HOSPITAL in said and ADDRESS not in said, said  # heard: the name alone
    home = dict(named(sid, key, "home", None))
    screen, _ = drawn(channel, home, frame_kind)
    assert {f.label: f.value for f in screen.facts}[label] == f"家（{ADDRESS}）"


@pytest.mark.parametrize("sid, key, label", PLACES)
def test_a_list_row_and_the_slip_name_it_too(sid, key, label):
    record = named(sid, key, "hospital", HOSPITAL)
    engine = FlowEngine(SPEC, "tv", "zh_CN", abilities_for("tv"))
    if key in SPEC.services[sid].summary:
        row = request_item(engine, record)
        assert HOSPITAL in (row.detail or "") and ADDRESS not in (row.detail or "")
    facts = {f.label: f.value for f in render_facts(SPEC, record)}
    assert facts[label] == f"{HOSPITAL}（{ADDRESS}）"
    slip = ContentBuilder(SPEC, printable=lambda text: text).for_request(record, ELDER, "zh_CN")
    assert {f.label: f.value for f in slip.facts}[label] == f"{HOSPITAL}（{ADDRESS}）"
