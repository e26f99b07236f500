"""What the elder's TV is told of her alarm is true of it (trial of 6 December: the TV said
话务员正在和您通话 when only the system's call-back had reached her, and 我们会告诉已经通知过的人
when nobody had been told). Every status and phase, with and without an agent and a party told,
and the two paths the trial took, end to end."""
from __future__ import annotations

import itertools

import pytest

from call_center.alarms import words
from call_center.alarms.worker import EscalationWorker

from .conftest import WANG, Desk

AGENT_TALKING = "话务员正在和您通话"
TELL_THE_TOLD = "告诉已经通知过的人"
CASES = list(itertools.product(list(words.STATUS_WORDS), ["", *words.PHASE_MESSAGES], [True, False],
                               [True, False]))


@pytest.mark.parametrize("status,phase,agent,told", CASES)
def test_no_sentence_claims_an_agent_or_a_party_that_is_not_there(status, phase, agent, told):
    said = words.elder_message(status, phase, agent=agent, told=told)
    if not agent:
        assert AGENT_TALKING not in said
    if not told:
        assert TELL_THE_TOLD not in said
    if status in ("in_contact", "cancelled"):
        assert said  # she is always told something


def _speeches(desk: Desk, alarm_id: str) -> list[tuple[str, str]]:
    body = desk.get("/v1/devices/me/events", who="tv_wang", after="0").get_json()
    return [(e["data"]["alarm"]["status"], e["speech"]) for e in body["events"]
            if e["kind"] == "alarm" and e["ref_id"] == alarm_id]


def test_the_systems_call_back_reaching_her_is_not_an_agent_talking(desk: Desk,
                                                                     worker: EscalationWorker,
                                                                     phone, clock):
    settings = desk.app.extensions["onekey_alarms"].settings
    phone.set(WANG, "answered")
    alarm_id = desk.raised()
    clock.advance(settings.ack_timeout_s)  # nobody took it: the worker calls her back
    worker.run_once()
    worker.run_once()
    state = desk.alarm(alarm_id, who="tv_wang")
    assert state["status"] == "in_contact" and state["acknowledged_by"] is None
    assert state["speech"] == words.NO_AGENT_YET
    assert _speeches(desk, alarm_id)[-1] == ("in_contact", words.NO_AGENT_YET)


def test_an_agent_on_the_line_is_said_to_be(desk: Desk):
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "elder_answered")
    assert AGENT_TALKING in desk.alarm(alarm_id, who="tv_wang")["speech"]
    assert AGENT_TALKING in _speeches(desk, alarm_id)[-1][1]


def test_withdrawn_before_anyone_was_told_tells_nobody(desk: Desk):
    alarm_id = desk.raised()
    assert desk.cancel(alarm_id).status_code == 200
    assert _speeches(desk, alarm_id)[-1] == ("cancelled", words.NOBODY_TOLD)
    assert desk.alarm(alarm_id, who="tv_wang")["speech"] == words.NOBODY_TOLD


def test_withdrawn_after_her_family_was_told_says_they_will_hear(desk: Desk):
    alarm_id = desk.raised()
    desk.ack(alarm_id)
    desk.ok_step(alarm_id, "contacted_family", contact_priority=1)
    assert desk.cancel(alarm_id).status_code == 200
    status, said = _speeches(desk, alarm_id)[-1]
    assert status == "cancelled" and TELL_THE_TOLD in said
