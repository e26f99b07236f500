"""A request that ended without being done — cancelled, failed (refused, expired where a centre
names them) — shows where it ended first and none of what it had booked as if it still stood:
no time, queue number, fee, driver or place that would send her to the hospital or the kerb (a
tester's cancelled 挂号 still read 明天 上午10:00, 排队号 3号 and the fee on the kiosk's 我的服务).
Every service the spec words, every such status, on the TV, the kiosk and the family's phone:
its 我的服务 row, its detail and a result; and the family's 办理进度 lists it by when it was asked.
No window, no server."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from call_center.lifecycle import FINAL
from shared_ui.confirmation import ENDED_UNDONE, happens, render_facts
from shared_ui.flow import FlowEngine
from shared_ui.flow.acting import acting
from shared_ui.flow.frames import DetailFrame, ListFrame, ResultFrame
from shared_ui.spec import load_spec

from .test_for_another import ELDER, SERVICES, record_for

SPEC = load_spec()
# The centre's final states other than done (a refusal — an application returned — is failed).
ENDED = sorted(set(FINAL) - {"completed"})
CHANNELS = ["tv", "kiosk", "miniprogram"]


def test_every_final_state_but_done_is_an_ended_one():
    """A final state the centre adds (expired, refused) is one the channels hide the booking of."""
    assert ENDED_UNDONE == set(FINAL) - {"completed"}


def live_values(sid: str) -> list[str]:
    """What the booking showed while it stood (its facts as the TV shows them)."""
    return [f.value for f in render_facts(SPEC, record_for(sid, None)) if len(f.value) >= 2]


def ended(sid: str, status: str) -> dict:
    record = record_for(sid, None)
    record["status"] = status
    if status == "failed":
        record["failure"] = {"code": "provider_down", "message": "医院系统暂时连不上。"}
    return record


def engine_and_session(channel: str):
    engine = FlowEngine(SPEC, channel, "zh_CN", abilities_for(channel))
    who = acting(ELDER, ["view", "book"]) if channel == "miniprogram" else ELDER
    session, _ = engine.start(who, household=[who])
    return engine, session


def shown(screen) -> str:
    parts = [screen.title, screen.body or "", *screen.notes, *(f"{f.label} {f.value}" for f in screen.facts)]
    parts += [f"{i.label} {i.detail or ''} {i.speak or ''}" for i in screen.items]
    return "\n".join(parts)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("status", ENDED)
@pytest.mark.parametrize("sid", SERVICES)
def test_its_detail_says_where_it_ended_first_and_nothing_it_had_booked(sid, status, channel):
    engine, session = engine_and_session(channel)
    session.stack.append(DetailFrame(detail_kind="request", record=ended(sid, status)))
    screen, said = engine.screen(session)
    status_word = engine.record_status(ended(sid, status))
    assert screen.facts == [], (sid, status, channel, screen.facts)
    assert (screen.body or "").startswith(f"这项服务{status_word}"), screen.body
    assert status_word in screen.title
    for value in live_values(sid):
        assert value not in shown(screen) and value not in said, (sid, status, channel, value)
    assert not {"print", "share", "cancel_request", "complain"} & {i.id for i in screen.items}


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("status", ENDED)
@pytest.mark.parametrize("sid", SERVICES)
def test_a_result_of_one_that_ended_never_reads_as_booked(sid, status, channel):
    engine, session = engine_and_session(channel)
    session.stack.append(ResultFrame(service_id=sid, record=ended(sid, status)))
    screen, said = engine.screen(session)
    confirmation = SPEC.services[sid].confirmation
    assert engine.t(confirmation.title) != screen.title or confirmation.title == ""
    assert screen.notes and screen.notes[0].startswith("这项服务"), screen.notes
    for value in live_values(sid):
        assert value not in shown(screen) and value not in said, (sid, status, channel, value)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("status", ENDED)
def test_its_row_in_my_services_shows_only_where_it_ended(status, channel):
    engine, session = engine_and_session(channel)
    records = [ended(sid, status) | {"id": f"r-{sid}"} for sid in SERVICES]
    frame = ListFrame(list_kind="requests", records=records, loaded=True)
    session.stack.append(frame)
    for page in range(len(records)):
        frame.page = page
        screen, said = engine.screen(session)
        for item in (i for i in screen.items if i.kind == "record"):
            sid = item.id.removeprefix("r-")
            assert item.detail is None, (sid, item.detail)
            assert engine.record_status(ended(sid, status)) in item.label
            for value in live_values(sid):
                assert value not in item.label and value not in (item.speak or ""), (sid, value)
        if not any(i.id == "page:next" for i in screen.items):
            break


@pytest.mark.parametrize("status", ENDED)
@pytest.mark.parametrize("sid", SERVICES)
def test_the_family_list_places_it_by_when_it_was_asked_not_its_old_time(sid, status):
    assert happens(SPEC, ended(sid, status)) is None
    assert render_facts(SPEC, ended(sid, status)) == []
