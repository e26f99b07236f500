"""A service that exists only in a test spec (助浴上门, tests/fixtures/new_service.py) works end
to end on every entry a channel uses — the engine's runner (the terminal's), the JSON entry (the
mini-program's) and the TV's remote (tests/tv_app/test_tv_new_service.py) — against a real
centre, with no code change."""
import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.json_entry import JsonFlow, MemoryStore
from shared_ui.flow.runner import FlowRunner
from tests.fixtures.new_service import SERVICE_ID, spec_with_new_service

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return spec_with_new_service(tmp_path_factory.mktemp("spec"))


def booked(client, elder_id):
    """What the centre holds of it: consultation call-backs (its ``submits_as``) about bathing."""
    return [r for r in client.requests_for(elder_id, service="consultation", limit=50)
            if (r.form or {}).get("topic", "").startswith("bath")]


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_the_new_service_books_through_the_runner(live_center, spec, channel):  # noqa: ARG001
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    elder = client.household()[0].as_dict()
    before = len(booked(client, elder["id"]))
    runner = FlowRunner(FlowEngine(spec, channel, abilities=abilities_for(channel)), client)
    home = runner.start(elder, [elder])
    assert [i.label for i in home.screen.items if i.id == SERVICE_ID] == ["助浴上门"]
    step = runner.send("select", SERVICE_ID)
    assert step.screen.id == f"field:{SERVICE_ID}:topic" and [i.label for i in step.screen.items][0] == "上门助浴"
    assert "怎么助浴" in step.speech
    step = runner.send("select", "bath_point")
    assert step.screen.id == f"field:{SERVICE_ID}:callback_window" and step.screen.focus == "asap"
    step = runner.send("confirm")
    assert step.screen.kind == "review" and {f.label for f in step.screen.facts} == {"助浴方式", "回电时间"}
    assert "去助浴点" in step.speech
    step = runner.send("confirm")
    assert step.screen.kind == "result", (step.screen, step.speech)
    mine = booked(client, elder["id"])
    assert len(mine) == before + 1 and mine[0].mode == "call" and mine[0].form["topic"] == "bath_point"


def test_the_new_service_books_through_the_json_entry(live_center, spec):
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    elder = client.household()[0].as_dict()
    before = len(booked(client, elder["id"]))
    flow = JsonFlow(FlowEngine(spec, "miniprogram", abilities=abilities_for("miniprogram")),
                    lambda session: client, MemoryStore())
    key = flow.start(household=[elder])["session"]
    assert flow.send(key, {"kind": "select", "value": SERVICE_ID})["screen"]["id"] == f"field:{SERVICE_ID}:topic"
    flow.send(key, {"kind": "select", "value": "bath_at_home"})
    flow.send(key, {"kind": "confirm"})
    done = flow.send(key, {"kind": "select", "value": "confirm"})
    assert done["screen"]["kind"] == "result", done
    assert booked(client, elder["id"])[0].form["topic"] == "bath_at_home" and len(booked(client, elder["id"])) == before + 1
