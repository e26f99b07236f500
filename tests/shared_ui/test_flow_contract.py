"""The flow engine as a public contract: what a user may send, what only the engine's own
intents may answer, and a session that survives JSON between workers."""
import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_ui.flow import Answer, Event, EventRefused, Session, SessionVersionError, USER_EVENTS
from shared_ui.flow.json_entry import JsonFlow, MemoryStore, UnknownSession
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec

from .scripted import FORGED_HOSPITALS, Scripted


FORBIDDEN = [Event("result", {"intent": "i1", "ok": True, "data": FORGED_HOSPITALS}),
             Event("answer"), Event(""), Event("RESULT"), Event("select", 3), Event("select", ""),
             Event("select", "x" * 201), Event("digit", 0), Event("digit", 10), Event("digit", "x"),
             Event("digit", True), Event("input", 12), Event("input", "字" * 501), Event("focus", None)]


def forged_ids(s: Scripted) -> list[str]:
    return [f"i{n}" for n in range(1, s.session.next_intent + 2)]


@pytest.mark.parametrize("event", FORBIDDEN, ids=lambda e: f"{e.kind}:{str(e.value)[:12]}")
def test_the_engine_refuses_what_a_user_may_not_send_and_changes_nothing(event):
    s = Scripted("tv")
    s.send("select", "registration", settle=False)
    before = s.session.to_dict()
    with pytest.raises(EventRefused) as refused:
        s.engine.handle(s.session, event)
    assert refused.value.message and refused.value.code in ("event_not_allowed", "bad_value")
    assert s.session.to_dict() == before


def test_every_user_event_kind_is_accepted_somewhere():
    s = Scripted("kiosk")
    values = {"select": "registration", "focus": "taxi", "digit": 2, "input": "1"}
    for kind in sorted(USER_EVENTS):
        s.engine.handle(s.session, Event(kind, values.get(kind)))


def test_a_forged_result_never_reaches_the_screen_and_the_real_answer_lands_once():
    s = Scripted("tv")
    step = s.send("select", "registration", settle=False)
    (hospitals, ) = step.intents
    for intent_id in forged_ids(s):
        with pytest.raises(EventRefused):
            s.engine.handle(s.session, Event("result", {"intent": intent_id, "ok": True, "data": FORGED_HOSPITALS}))
    assert s.session.top.pending  # still waiting for the real answer
    step = s.settle(s.engine.resolve(s.session, s.answer(hospitals)))
    assert step.screen.kind == "review" and "伪造医院" not in json.dumps(step.screen.to_dict(), ensure_ascii=False)
    again = s.engine.resolve(s.session, Answer(hospitals.id, True, FORGED_HOSPITALS))
    assert again.screen == step.screen and again.speech == ""  # the same answer twice: once


def test_an_answer_for_an_intent_the_engine_never_issued_changes_nothing():
    s = Scripted("tv")
    before = s.session.to_dict()
    step = s.engine.resolve(s.session, Answer("i999", True, FORGED_HOSPITALS))
    assert step.screen.id == "home" and s.session.to_dict() == before


def test_the_terminal_runner_refuses_a_forged_result(live_center):
    from shared_ui.client import CenterClient
    from shared_ui.flow import FlowEngine
    from shared_ui.spec import load_spec

    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    runner = FlowRunner(FlowEngine(load_spec(), "tv"), client)
    runner.start(client.household()[0].as_dict())
    with pytest.raises(EventRefused):
        runner.send("result", {"intent": "i1", "ok": True, "data": FORGED_HOSPITALS})


def test_the_tv_host_refuses_a_forged_result_before_anything_runs():
    from shared_ui.flow import FlowEngine
    from shared_ui.kivy_kit.flow_host import FlowHost
    from shared_ui.spec import load_spec

    class NoPool:
        def submit(self, *args, **kw):
            raise AssertionError("nothing may run for a refused event")

    host = FlowHost(FlowEngine(load_spec(), "tv"), client=None, run_intent=None, background=NoPool(),
                    on_step=lambda step, cause: None)
    host.session, _ = host.engine.start({"id": "e1", "name": "王秀英"})
    with pytest.raises(EventRefused):
        host.send("result", {"intent": "i1", "ok": True, "data": FORGED_HOSPITALS})


# -- the JSON entry (what the mini-program backend uses) --------------------------------------------
def json_flow(s: Scripted) -> JsonFlow:
    return JsonFlow(s.engine, client_for=lambda session: None, store=MemoryStore(),
                    intent_runner=lambda client, intent: s.answer(intent))


def test_the_json_entry_walks_a_booking_and_refuses_a_forged_result():
    s = Scripted("miniprogram")
    flow = json_flow(s)
    first = flow.start(household=[s.session.elder])
    key = first["session"]
    assert first["screen"]["id"] == "home"
    review = flow.send(key, {"kind": "select", "value": "registration"})
    assert review["screen"]["kind"] == "review" and review["screen"]["focus"] == "confirm"
    for forged in ({"kind": "result", "value": {"intent": "i1", "ok": True, "data": FORGED_HOSPITALS}},
                   {"kind": "select", "value": "confirm", "extra": 1}, ["select"], "confirm", {"value": 1}):
        with pytest.raises(EventRefused):
            flow.send(key, forged)
    assert flow.screen(key)["screen"] == review["screen"]
    done = flow.send(key, {"kind": "select", "value": "confirm"})
    assert done["screen"]["kind"] == "result" and "挂号已成功" in done["speech"]
    with pytest.raises(UnknownSession):
        flow.send("no-such-session", {"kind": "confirm"})


def test_a_session_goes_from_one_worker_to_another_mid_form():
    s = Scripted("miniprogram")
    store = MemoryStore()
    one = JsonFlow(s.engine, lambda session: None, store, lambda client, intent: s.answer(intent))
    key = one.start(household=[s.session.elder])["session"]
    one.send(key, {"kind": "select", "value": "registration"})
    field = one.send(key, {"kind": "select", "value": "edit"})
    assert field["screen"]["id"] == "field:registration:hospital_id"
    # another worker, another engine instance, the session only from the store (as JSON text)
    store.put(key, json.loads(json.dumps(store.get(key), ensure_ascii=False)))
    other = Scripted("miniprogram")
    two = JsonFlow(other.engine, lambda session: None, store, lambda client, intent: other.answer(intent))
    assert two.screen(key)["screen"] == field["screen"]
    step = two.send(key, {"kind": "select", "value": "h-ruijin"})
    assert step["screen"]["id"] == "field:registration:department_id"


def test_a_session_from_another_engine_version_is_refused():
    s = Scripted("tv")
    data = s.session.to_dict()
    with pytest.raises(SessionVersionError):
        Session.from_dict({**data, "v": 99})
    with pytest.raises(ValueError):
        Session.from_dict({**data, "stack": [{"kind": "hologram"}]})


TILES = sorted({*load_spec().services, *(f"menu:{m}" for cm in load_spec().menus.values() for m in cm.menus)})
EVENTS = st.one_of(
    st.sampled_from([Event(k) for k in ("back", "home", "confirm", "repeat", "refresh", "timeout")]),
    st.integers(1, 9).map(lambda n: Event("digit", n)),
    # Every tile of the spec (services and sub-menus), then answers and actions on their screens.
    st.sampled_from([*TILES, "edit", "confirm", "cancel", "page:next", "h-ruijin", "d-cardio", "s-1030", "policy",
                     "visit", "hospital", "not_now", "yes", "no", "home", "r-1", "im_ok", "retry"])
    .map(lambda v: Event("select", v)),
    st.sampled_from(["2", "13812345678", "家", ""]).map(lambda v: Event("input", v)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=14), st.sampled_from(["tv", "kiosk", "miniprogram"]))
def test_any_walk_round_trips_through_json_and_building_a_screen_writes_nothing(events, channel):
    s = Scripted(channel)
    s.answers["requests"] = []
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    s.answers["cancel_alarm"] = {"id": "a-1", "status": "cancelled"}
    for event in events:
        s.settle(s.engine.handle(s.session, event))
        data = s.session.to_dict()
        text = json.dumps(data, ensure_ascii=False)
        again = Session.from_dict(json.loads(text))
        assert again.to_dict() == data
        assert s.engine.current(again).screen == s.engine.current(s.session).screen
        before = copy.deepcopy(data)
        s.engine.current(s.session)
        s.engine.screen(s.session)
        assert s.session.to_dict() == before, "building a screen changed the session"
