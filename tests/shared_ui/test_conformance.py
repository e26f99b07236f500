"""The conformance corpus, run through the flow engine for every channel against a real centre.

Channel renderers (tv_app, kiosk) run the same scripts through their own probes.
"""
import json
from pathlib import Path

import jsonschema
import pytest

from shared_ui.client import CenterClient, CenterError
from accessibility.hosts import abilities_for
from shared_ui.conformance import EngineProbe, load_scripts, run_script
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec

pytestmark = pytest.mark.integration
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "screen.schema.json").read_text(encoding="utf-8"))
CASES = [(s, ch) for s in load_scripts() for ch in s.channels]


@pytest.mark.parametrize("script,channel", CASES, ids=[f"{s.path.stem}-{c}" for s, c in CASES])
def test_script_passes_on_channel(live_center, script, channel):
    # The TV and the family act for 张桂兰 bound to them; the kiosk identifies her first and acts
    # with the grant the centre gives it for her.
    runner = FlowRunner(FlowEngine(load_spec(), channel, abilities=abilities_for(channel)), None)
    if channel == "kiosk":
        runner.client = client = CenterClient(live_center.url, live_center.tokens["kiosk"])
        runner.start(None)
        runner.send("select", "id_number")
        runner.send("input", live_center.id_numbers["zhang"])
        assert runner.send("input", live_center.phone_tails["zhang"]).screen.id == "home"
        elder = runner.session.elder
        client = client.with_grant(runner.session.grant["token"])
    else:
        runner.client = client = CenterClient(live_center.url, live_center.tokens["tv_zhang"])
        elder = client.elder(client.me()["elders"][0]["id"]).as_dict()
    for status in ("confirmed", "in_progress", "accepted"):  # a renewal waits for its doctor in progress;
        # an application for a device, for its street office
        for r in client.requests_for(elder["id"], status=status):
            client.cancel_request(r.id)  # start from a clean slate: no booked slot left over
    if channel != "kiosk":
        runner.start(elder)
    seen = []
    assert run_script(script, EngineProbe(runner), on_screen=seen.append) == []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for screen in seen:  # every screen the flows make meets the published schema
        validator.validate(screen.to_dict())
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    for alarm in client.open_alarms():  # an SOS script leaves nothing open for the next test
        agent.request("POST", f"/v1/alarms/{alarm['id']}/cancel", json={"by": "agent", "note": "test clean-up"})
    if channel == "kiosk":  # the person signs out: the kiosk acts for nobody any more
        step = runner.settle(runner.engine.sign_out(runner.session))
        assert step.wipe and runner.session.grant is None
        with pytest.raises(CenterError) as refused:
            client.elder(elder["id"])
        assert refused.value.code == "grant_expired"


def test_the_corpus_covers_the_core_tasks():
    names = {s.path.stem for s in load_scripts()}
    assert {"book_favourite_earliest", "sos_from_a_form", "taxi_to_booked_hospital",
            "back_never_leaves_home", "escort_to_booked_visit", "discharge_home"} <= names
