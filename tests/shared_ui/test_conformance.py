"""The conformance corpus, run through the flow engine for every channel against a real centre.

Channel renderers (tv_app, kiosk) run the same scripts through their own probes.
"""
import json
from pathlib import Path

import jsonschema
import pytest

from shared_ui.client import CenterError
from shared_ui.conformance import EngineProbe, load_scripts, run_script

from .conformance_run import cancel_open_alarms, started

pytestmark = pytest.mark.integration
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "screen.schema.json").read_text(encoding="utf-8"))
CASES = [(s, ch) for s in load_scripts() for ch in s.channels]


@pytest.mark.parametrize("script,channel", CASES, ids=[f"{s.path.stem}-{c}" for s, c in CASES])
def test_script_passes_on_channel(live_center, script, channel):
    runner, client, elder = started(live_center, channel)
    seen = []
    assert run_script(script, EngineProbe(runner), on_screen=seen.append) == []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for screen in seen:  # every screen the flows make meets the published schema
        validator.validate(screen.to_dict())
    cancel_open_alarms(live_center, client)
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
