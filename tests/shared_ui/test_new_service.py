"""A service that exists only in a test spec (特殊用车) works end to end on every entry a channel
uses — the engine's runner (the terminal's), the JSON entry (the mini-program's) and the
TV's remote (tests/tv_app/test_tv_new_service.py) — against a real centre, with no code change."""
import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.json_entry import JsonFlow, MemoryStore
from shared_ui.flow.runner import FlowRunner
from tests.fixtures.new_service import spec_with_special_vehicle

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return spec_with_special_vehicle(tmp_path_factory.mktemp("spec"))


def booked(client, elder_id):
    return [r for r in client.requests_for(elder_id, service="special_vehicle", limit=50)]


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_the_new_service_books_through_the_runner(live_center, spec, channel):  # noqa: ARG001
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    elder = client.household()[0].as_dict()
    before = len(booked(client, elder["id"]))
    runner = FlowRunner(FlowEngine(spec, channel, abilities=abilities_for(channel)), client)
    runner.start(elder, [elder])
    step = runner.send("select", "special_vehicle")
    assert step.screen.id == "field:special_vehicle:topic" and [i.label for i in step.screen.items][0] == "上下楼接送"
    step = runner.send("select", "wheelchair")
    assert step.screen.id == "field:special_vehicle:callback_window" and step.screen.focus == "asap"
    step = runner.send("confirm")
    assert step.screen.kind == "review" and {f.label for f in step.screen.facts} == {"用车需要", "回电时间"}
    step = runner.send("confirm")
    assert step.screen.id == "result:special_vehicle" and "轮椅无障碍车" in step.speech, (step.screen, step.speech)
    assert "司机会带好工作证" in step.screen.notes[0]
    mine = booked(client, elder["id"])
    assert len(mine) == before + 1 and mine[0].mode == "call"  # (the centre records the device's own channel)
    step = runner.send("select", "my_requests")
    row = next(i for i in step.screen.items if i.id == mine[0].id)
    assert row.label.startswith("特殊用车") and row.detail == "轮椅无障碍车"


def test_the_new_service_books_through_the_json_entry(live_center, spec):
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    elder = client.household()[0].as_dict()
    flow = JsonFlow(FlowEngine(spec, "miniprogram", abilities=abilities_for("miniprogram")),
                    lambda session: client, MemoryStore())
    key = flow.start(household=[elder])["session"]
    assert flow.send(key, {"kind": "select", "value": "special_vehicle"})["screen"]["id"] == "field:special_vehicle:topic"
    flow.send(key, {"kind": "select", "value": "stairs"})
    flow.send(key, {"kind": "confirm"})
    done = flow.send(key, {"kind": "select", "value": "confirm"})
    assert done["screen"]["id"] == "result:special_vehicle" and "上下楼接送" in done["speech"]
