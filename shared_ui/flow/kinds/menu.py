"""Home and sub-menus: the channel's tiles, in the spec's order (at most six)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..acting import may_use
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
            if not any(may_use(session.elder, flow.spec.services[s].kind) for s in services_under(menus, entry[5:])):
                continue  # nothing in it this user may use
            items.append(Item(entry, flow.t(sub.title), flow.t(sub.speak), kind="menu", icon=sub.icon,
                              colour="primary"))
            continue
        svc = flow.spec.services[entry]
        if not may_use(session.elder, svc.kind):
            continue  # a family member who may only look is not offered booking
        items.append(Item(svc.id, flow.t(svc.title), flow.w(svc.speak), kind="service",
                          icon=svc.icon, colour=svc.colour))
    numbered(flow, items)
    is_home = len(session.stack) == 1
    # The focus starts on the first tile that is not SOS: a stray OK never calls for help
    # (the red key does, from anywhere; ELDER_UI.md "accidental alarms").
    calm = next((i.id for i in items if i.id not in alarm_tiles(flow)), None)
    screen = Screen(frame.menu_id if is_home else f"menu:{frame.menu_id}", "menu", flow.t(menu.title),
                    items, focus_of(frame, items, calm),
                    can_back=not is_home, nav=nav(flow, not is_home))
    return screen, spoken(flow, screen, flow.t(menu.speak))


def services_under(menus, menu_id: str, seen: tuple[str, ...] = ()) -> list[str]:
    """Every service a menu leads to, through its sub-menus."""
    out: list[str] = []
    for entry in menus.menus[menu_id].items:
        if not entry.startswith("menu:"):
            out.append(entry)
        elif entry[5:] not in seen:
            out += services_under(menus, entry[5:], seen + (menu_id,))
    return out


def alarm_tiles(flow: "FlowEngine") -> set[str]:
    return {sid for sid, svc in flow.spec.services.items() if svc.kind == "alarm"}


def forget_sos_focus(flow: "FlowEngine", session: Session) -> None:
    """A menu the user is not looking at (a screen or a pop-up over it) does not keep the
    focus on SOS for when it comes back."""
    sos = alarm_tiles(flow)
    for frame in session.stack:
        if isinstance(frame, MenuFrame) and frame.focus in sos and (frame is not session.top or session.popup):
            frame.focus = None


def select(flow: "FlowEngine", session: Session, frame: MenuFrame, event: Event) -> Outcome:
    if event.value.startswith("menu:"):
        session.stack.append(MenuFrame(menu_id=event.value[5:]))
        return []
    return flow.open_service(session, flow.spec.services[event.value], from_tile=True)
