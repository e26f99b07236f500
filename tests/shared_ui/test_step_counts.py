"""The step counter is true: on every service's form, on each walk to the review — the first, and
the one after 修改 — every question screen says 第k步，共n步 where n is the number of question
screens that walk shows and k its place among them (a lone question says none, the review none).
A user trial saw 共2步 before a walk that showed one question, and counts taken from the form's
fields rather than from the screens; here the count comes from the screens actually shown.

Walked against a real centre, pressing OK (the focused answer) as an elder in a hurry does, and on
特殊用车 also 躺担架, whose answer gives the next question (上下楼) so it is not asked."""
from __future__ import annotations

from typing import Any

import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec

pytestmark = pytest.mark.integration
MAX_SCREENS = 20


def menu_path(channel: str, service: str) -> list[str] | None:
    """The tiles to press from home to the service's form (None: not on a menu of this channel)."""
    menus = load_spec().menus[channel]

    def find(menu_id: str, path: list[str]) -> list[str] | None:
        for item in menus.menus[menu_id].items:
            if item == service:
                return [*path, item]
            if item.startswith("menu:"):
                found = find(item.removeprefix("menu:"), [*path, item])
                if found:
                    return found
        return None

    return find(menus.home, [])


def services_with_forms(channel: str) -> list[tuple[str, list[str]]]:
    spec = load_spec()
    out = []
    for sid, svc in sorted(spec.services.items()):
        path = menu_path(channel, sid) if svc.form and channel in svc.channels else None
        if path:
            out.append((sid, path))
    return out


def walk(runner: FlowRunner, step: Any, choose: dict[str, str] | None = None) -> tuple[list, Any]:
    """OK through the questions to the review; returns each question screen's (id, progress)."""
    seen = []
    while step.screen.kind == "field" and len(seen) < MAX_SCREENS:
        screen = step.screen
        seen.append((screen.id, screen.progress))
        field = screen.id.rsplit(":", 1)[-1]
        if choose and field in choose:
            step = runner.send("select", choose[field])
        elif screen.input is not None and not screen.items:
            step = runner.send("input", "13800138000" if screen.input.keypad == "phone" else "1")
        else:
            step = runner.send("confirm")
        if step.screen.id == screen.id and step.screen.kind == "field":  # OK took nothing: the first answer
            answers = [i.id for i in step.screen.items if i.kind == "option"]
            step = runner.send("select", answers[0]) if answers else runner.send("input", "1")
    return seen, step


def true_counts(seen: list) -> list:
    n = len(seen)
    return [(sid, (k + 1, n) if n >= 2 else None) for k, (sid, _) in enumerate(seen)]


def _runner(live_center: Any, channel: str) -> FlowRunner:
    runner = FlowRunner(FlowEngine(load_spec(), channel, abilities=abilities_for(channel)), None)
    runner.client = client = CenterClient(live_center.url, live_center.tokens["tv_zhang"])
    elder = client.elder(client.me()["elders"][0]["id"]).as_dict()
    runner.start(elder)
    return runner


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_every_form_counts_the_questions_each_walk_shows(live_center, channel):
    runner = _runner(live_center, channel)
    checked, wrong = 0, []
    for service, path in services_with_forms(channel):
        runner.send("home")
        for tile in path:
            step = runner.send("select", tile)
        first, step = walk(runner, step)
        if step.screen.kind != "review":
            continue  # a form that ends elsewhere (a list to pick from, a refusal): no review to edit
        checked += 1
        if step.screen.progress is not None:
            wrong.append((service, "review", step.screen.progress))
        edited, step = walk(runner, runner.send("select", "edit"))
        for name, seen in (("first walk", first), ("after 修改", edited)):
            if seen != true_counts(seen):
                wrong.append((service, name, seen))
        if step.screen.kind == "review" and step.screen.progress is not None:
            wrong.append((service, "review after 修改", step.screen.progress))
        runner.send("select", "cancel")
    assert checked >= 6
    assert wrong == []


def test_an_answer_that_gives_the_next_one_leaves_it_out_of_the_count(live_center):
    """特殊用车: 躺担架 answers 上下楼 (要人背我上下楼), so the walk asks one question: back from the
    review to it, the counter says no 第1步，共2步 (there is no second)."""
    runner = _runner(live_center, "tv")
    step = None
    for tile in menu_path("tv", "special_vehicle"):
        step = runner.send("select", tile)
    seen, step = walk(runner, step, choose={"mobility": "stretcher"})
    assert step.screen.kind == "review" and [s for s, _ in seen] == ["field:special_vehicle:mobility"]
    step = runner.send("back")
    assert step.screen.id == "field:special_vehicle:mobility" and step.screen.progress is None
