"""A call-back done shows what she was told: 找人工 and 咨询, 已办好, open on her record with the
agent's answer on the screen and in its speech, and no 取消这项服务 (nothing is left to stop) —
on every channel that has 我的服务."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec

from .test_refused_before_the_form import path_to, press_through

pytestmark = pytest.mark.integration
SPEC = load_spec()
ANSWER = "已教老人按遥控器的静音键，声音恢复了"


@pytest.mark.parametrize("service", ["help", "consultation"])
@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_a_done_call_back_shows_the_answer_and_offers_no_cancel(live_center, channel, service):
    tv = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    elder = tv.elder(live_center.elders["wang"]).as_dict()
    made = tv.create_request(elder["id"], service, {"topic": "电视没有声音", "callback_window": "尽快"},
                             mode="call").as_dict()
    for to in ("accepted", "in_progress"):
        agent.request("POST", f"/v1/requests/{made['id']}/transitions", json={"to": to})
    agent.request("POST", f"/v1/requests/{made['id']}/transitions",
                  json={"to": "confirmed", "result": {"agent_name": "李敏", "summary": ANSWER}})
    runner = FlowRunner(FlowEngine(SPEC, channel, abilities=abilities_for(channel)), tv)  # her household's reads
    runner.start(elder, [elder])
    step = press_through(runner, path_to(channel, "my_requests"))
    step = press_through(runner, [made["id"]])
    assert step.screen.id == "detail:request" and step.screen.record_id == made["id"]
    assert f"客服答复：{ANSWER}" in (step.screen.body or "")
    assert ANSWER in step.speech
    assert step.screen.item("cancel_request") is None
    agent.request("POST", f"/v1/requests/{made['id']}/transitions", json={"to": "completed"})
