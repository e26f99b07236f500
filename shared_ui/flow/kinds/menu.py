"""Home and sub-menus: the channel's tiles, in the spec's order (at most six)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import Outcome, focus_of, nav, numbered, spoken
from ..events import Event
from ..frames import MenuFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine


def build(flow: "FlowEngine", session: Session, frame: MenuFrame) -> tuple[Screen, str]:
    menus = flow.spec.menus[flow.channel]
    menu = menus.menus[frame.menu_id]
    items = []
    for entry in menu.items:
        if entry.startswith("menu:"):
            sub = menus.menus[entry[5:]]
            items.append(Item(entry, flow.t(sub.title), flow.t(sub.speak), kind="menu"))
            continue
        svc = flow.spec.services[entry]
        items.append(Item(svc.id, flow.t(svc.title), flow.t(svc.speak), kind="service",
                          icon=svc.icon, colour=svc.colour))
    numbered(flow, items)
    is_home = len(session.stack) == 1
    screen = Screen(frame.menu_id if is_home else f"menu:{frame.menu_id}", "menu", flow.t(menu.title),
                    items, focus_of(frame, items), can_back=not is_home, nav=nav(flow, not is_home))
    return screen, spoken(screen, flow.t(menu.speak))


def select(flow: "FlowEngine", session: Session, frame: MenuFrame, event: Event) -> Outcome:
    if event.value.startswith("menu:"):
        session.stack.append(MenuFrame(menu_id=event.value[5:]))
        return []
    return flow.open_service(session, flow.spec.services[event.value])
