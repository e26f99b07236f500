"""What the engine offers someone acting for an elder (shared_ui/flow/acting.py), and 重听 only
where the screen is spoken — no window, no server."""
from __future__ import annotations

import pytest

from accessibility.hosts import CHANNELS, abilities_for
from shared_ui.flow import FlowEngine
from shared_ui.flow.acting import acting, may, may_use
from shared_ui.flow.events import Event
from shared_ui.flow.kinds.menu import services_under
from shared_ui.spec.loader import load_spec

ELDER = {"id": "eld_1", "name": "张桂兰", "home": {"label": "家", "address": "上海市徐汇区枫林路180号"}}
PERMISSION_SETS = [["view"], ["view", "alerts"], ["view", "book"], ["view", "book", "alerts"], None]


@pytest.fixture(scope="module")
def spec():
    return load_spec()


@pytest.mark.parametrize("permissions", PERMISSION_SETS)
def test_the_home_offers_each_service_only_to_who_may_use_it(spec, permissions):
    engine = FlowEngine(spec, "miniprogram", abilities=abilities_for("miniprogram"))
    elder = acting(ELDER, permissions) if permissions is not None else ELDER
    session, step = engine.start(elder, household=[elder])
    tiles = {i.id for i in step.screen.items}
    menus = spec.menus["miniprogram"]
    for entry in menus.menus["home"].items:
        # A sub-menu is offered when something in it may be used, and offers only that.
        under = services_under(menus, entry[5:]) if entry.startswith("menu:") else [entry]
        usable = [sid for sid in under if may_use(elder, spec.services[sid].kind)]
        assert (entry in tiles) == bool(usable), (entry, permissions)
        if entry.startswith("menu:") and usable:
            inside = engine.handle(session, Event("select", entry))
            assert {i.id for i in inside.screen.items} == set(usable), (entry, permissions)
            engine.handle(session, Event("back"))
    nav = {i.id for i in step.screen.nav}
    assert ("help" in nav) == may(elder, "book")
    if not may(elder, "book"):  # the keys that would book still do nothing
        for kind in ("sos", "help"):
            after = engine.handle(session, Event(kind))
            assert after.intents == [] and after.screen.id == step.screen.id


@pytest.mark.parametrize("channel", [c for c in CHANNELS if c in ("tv", "kiosk", "miniprogram")])
def test_only_a_speaking_channel_offers_repeat(spec, channel):
    abilities = abilities_for(channel)
    engine = FlowEngine(spec, channel, abilities=abilities)
    elder = acting(ELDER, ["view", "book"])
    _session, step = engine.start(elder, household=[elder])
    assert step.screen.nav, channel
    assert ("repeat" in {i.id for i in step.screen.nav}) == abilities.speaks
    assert abilities.speaks == (channel != "miniprogram")
