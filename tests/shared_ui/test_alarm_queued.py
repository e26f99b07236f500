"""A press kept in an outbox while the centre is away, followed on screen until the centre has
it: every channel's alarm screen asks where the kept press stands when it is refreshed (the
phone's page refreshes itself; the TV is also told by its outbox worker)."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterError
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner, durable_intent_runner, run_intent
from shared_ui.outbox import Outbox
from shared_ui.spec import load_spec

from .scripted import ELDER


class Centre:
    """The centre as the runner sees it: away, answering, or refusing."""

    def __init__(self) -> None:
        self.state = "away"
        self.raised: list[str] = []

    def with_grant(self, grant):
        return self

    def raise_alarm(self, elder_id, *, channel, idempotency_key, note=None, pressed_at=None):
        if self.state == "away":
            raise CenterError("network", "网络不通", status=0)
        if self.state == "refusing":
            raise CenterError("forbidden", "您没有权限为这位老人呼叫救援，求救没有送达，请直接拨打120或110。", 403)
        self.raised.append(idempotency_key)
        return {"id": "a-1", "status": "raised", "speech": "救援中心已收到您的求助，马上给您回电话。"}


def _pressed(channel: str, runner_for) -> tuple[FlowRunner, Centre]:
    centre = Centre()
    engine = FlowEngine(load_spec(), channel, abilities=abilities_for(channel))
    runner = FlowRunner(engine, centre, intent_runner=runner_for)
    family = channel == "miniprogram"
    runner.start(None if family else ELDER, household=[ELDER] if family else None)
    if family:
        runner.send("select", ELDER["id"])
    step = runner.send("sos")
    if step.screen.status == "arming":
        step = runner.send("select", "raise") if family else runner.send("sos")
    return runner, centre


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_a_kept_press_shows_raised_once_the_outbox_has_delivered_it(channel, tmp_path):
    box = Outbox(tmp_path / "outbox.db")
    runner, centre = _pressed(channel, durable_intent_runner(box))
    assert runner.step.screen.status == "queued" and runner.step.screen.refresh_after_s
    key = runner.session.top.idempotency_key
    still = runner.send("refresh")
    assert still.screen.status == "queued" and still.speech == ""  # still trying; said once is enough
    centre.state = "up"
    delivered, _ = box.deliver(lambda entry: centre.raise_alarm(
        entry.args["elder_id"], channel=entry.args["channel"], idempotency_key=entry.idempotency_key))
    assert delivered == 1
    step = runner.send("refresh")
    assert step.screen.status == "raised" and step.screen.record_id == "a-1"
    assert step.speech and step.screen.refresh_after_s is None  # news is said; nothing more to ask
    assert centre.raised == [key]  # one alarm, under the press's own key
    assert runner.send("refresh").screen.status == "raised"  # nothing more asked once raised


def test_a_kept_press_the_centre_refused_says_why_and_what_to_do(tmp_path):
    box = Outbox(tmp_path / "outbox.db")
    runner, centre = _pressed("miniprogram", durable_intent_runner(box))
    centre.state = "refusing"
    box.deliver(lambda entry: centre.raise_alarm(
        entry.args["elder_id"], channel=entry.args["channel"], idempotency_key=entry.idempotency_key))
    step = runner.send("refresh")
    assert step.screen.status == "failed"
    assert "没有权限" in (step.screen.body or "") and "120" in (step.screen.body or "")


def test_without_an_outbox_a_press_is_never_said_to_be_kept():
    """``queued_alarm`` where nothing keeps presses: the press did not go, and the screen
    says so (再试一次, 120) rather than "正在反复尝试"."""
    runner, _centre = _pressed("miniprogram", run_intent)
    assert runner.step.screen.status == "failed"
    frame = runner.session.top
    frame.state = "queued"  # as a screen stored before its runner lost the outbox
    step = runner.send("refresh")
    assert step.screen.status == "failed" and "反复尝试" not in (step.screen.body or "")


def test_a_kivy_host_asks_again_by_itself_while_the_press_is_kept(tmp_path):
    """The kit's host keeps one timer, the screen's: ``refresh_after_s`` on a kept press, so a
    TV or kiosk whose outbox worker's word was missed still shows 已收到."""
    from shared_ui.kivy_kit.flow_host import FlowHost

    class Inline:  # runs a call at once on the caller's thread (no Kivy clock in a unit test)
        def submit(self, call, *args, then=None, failed=None):
            then(call(*args))

    timers: list = []
    box = Outbox(tmp_path / "outbox.db")
    centre = Centre()
    host = FlowHost(FlowEngine(load_spec(), "tv", abilities=abilities_for("tv")), centre,
                    durable_intent_runner(box), Inline(), on_step=lambda step, cause: None,
                    schedule=lambda callback, delay: timers.append((callback, delay)) or (lambda: None))
    host.start(ELDER)
    host.send("sos")
    assert host.step.screen.status == "queued"
    callback, delay = timers[-1]
    assert delay == host.step.screen.refresh_after_s
    centre.state = "up"
    box.deliver(lambda entry: centre.raise_alarm(
        entry.args["elder_id"], channel=entry.args["channel"], idempotency_key=entry.idempotency_key))
    callback()
    assert host.step.screen.status == "raised"
