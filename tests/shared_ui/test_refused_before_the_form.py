"""Every refusal a service declares known before its form (the centre's registry,
``Handling.before_form``) is said before the form's first step, on every channel that offers
the service — the TV's and the kiosk's engine (the runner) and the mini-program's (its JSON
and H5 pages are the same screens): made true at a real centre, then the service opened the way
she opens it; no question of its form is ever drawn, and the screen says what she has, where it
stands and offers 查看进度, which opens that request. Generated over the registry: a service
that declares a refusal and no way in here fails."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.kinds.menu import services_under
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec
from tests.call_center.refusals_before_form import DECLARED, MAKE

pytestmark = pytest.mark.integration

SPEC = load_spec()
# A service opened from a list rather than a tile: the presses that open it (one of the three
# joined matters in 政策查询 opens 养老服务一件事's one form).
ENTRY = {"elder_services": ["menu:more", "policies", "care_assessment"]}


def path_to(channel: str, service: str) -> list[str]:
    """The presses from home to the service: its tile through the menus, else ``ENTRY``."""
    menus = SPEC.menus[channel]

    def walk(menu_id: str, trail: list[str]) -> list[str] | None:
        for entry in menus.menus[menu_id].items:
            if entry == service:
                return [*trail, entry]
            if entry.startswith("menu:") and service in services_under(menus, entry[5:]):
                return walk(entry[5:], [*trail, entry])
        return None

    found = walk(menus.home, [])
    if found is None:
        assert service in ENTRY, f"{service}: no tile on {channel} and no entry listed here"
        found = ENTRY[service]
    return found


def press_through(runner: FlowRunner, presses: list[str]):
    step = runner.step
    for item in presses:
        for _ in range(10):  # page a list (four a screen on the TV) to the item
            if step.screen.item(item) is not None:
                break
            step = runner.send("select", "page:next")
        step = runner.send("select", item)
    return step


CASES = [(service, refusal, channel) for service, refusal in DECLARED
         for channel in SPEC.services[service].channels]


@pytest.mark.parametrize("service,refusal,channel", CASES)
def test_a_declared_refusal_is_said_before_the_first_step_of_the_form(make_live_center, service, refusal, channel):
    centre = make_live_center()
    elder_key, make = MAKE[(service, refusal)]
    client = CenterClient(centre.url, centre.tokens[f"tv_{elder_key}"])
    elder = client.elder(centre.elders[elder_key]).as_dict()
    drawn: list[str] = []
    runner = FlowRunner(FlowEngine(SPEC, channel, abilities=abilities_for(channel)), client,
                        on_step=lambda step: drawn.append(step.screen.id))
    runner.start(elder, [elder])
    presses = path_to(channel, service)
    press_through(runner, presses[:-1])
    # Made true while the tile (or the list) is on her screen — filed meanwhile from another
    # channel, installed, her record corrected: what the screen offers cannot know it, the
    # precheck does. (Made true before, a tile her profile rules out is not offered at all,
    # and 政策查询 does not open a form she plainly does not qualify for.)
    had = make(centre.app, centre.demo, elder_key)
    step = press_through(runner, presses[-1:])
    assert not [d for d in drawn if d.startswith(f"field:{service}:") or d.startswith(f"review:{service}")], drawn
    said = client.precheck(elder["id"], service)
    assert step.screen.kind == "error" and step.screen.service == service, (step.screen.id, step.speech)
    assert step.screen.body == said["message"] and said["message"] in step.speech
    assert step.screen.title == SPEC.services[service].title
    if had:
        assert step.screen.focus == "progress" and step.screen.item("progress").label == "查看进度"
        opened = runner.send("select", "progress")
        assert opened.screen.id == "detail:request" and opened.screen.record_id == had, opened.screen.id
        back = runner.send("back")
        assert back.screen.id == "list:requests" and back.screen.focus == had
    else:
        # 找人工: among the answers, or where the kiosk always has it, its fixed row (once)
        assert step.screen.item("progress") is None
        assert (step.screen.item("help") is not None) != ("help" in runner.engine.abilities.fixed_row)


def test_the_tv_does_not_offer_applying_for_the_box_it_is_and_nobody_with_a_package_is_offered_it(live_center):
    client = CenterClient(live_center.url, live_center.tokens["tv_zhang"])
    elder = client.elder(live_center.elders["zhang"]).as_dict()
    for channel in ("tv", "kiosk", "miniprogram"):
        for who, offered in ((elder, channel != "tv"), ({**elder, "service_package": "A"}, False)):
            runner = FlowRunner(FlowEngine(SPEC, channel, abilities=abilities_for(channel)), client)
            runner.start(who, [who])
            more = runner.send("select", "menu:more")
            assert (more.screen.item("device_application") is not None) is offered, (channel, who.get("service_package"))
