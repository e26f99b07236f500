"""Home and sub-menus: the channel's tiles, in the spec's order (at most six)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...spec.models import worded
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
    whom = flow.for_another(session.elder)  # a family member's phone: 王秀英的服务, not 我的服务
    items = []
    for entry in menu.items:
        if entry.startswith("menu:"):
            sub = menus.menus[entry[5:]]
            if not any(offered(session, flow.spec.services[s]) for s in services_under(menus, entry[5:])):
                continue  # nothing in it this user may use
            items.append(Item(entry, flow.t(sub.title), flow.t(sub.speak), kind="menu", icon=sub.icon,
                              colour="primary"))
            continue
        svc = flow.spec.services[entry]
        if not offered(session, svc):
            continue  # a family member who may only look is not offered booking; nor what she has
        items.append(Item(svc.id, flow.for_reader(svc.title, whom, "title"),
                          flow.for_reader(worded(svc.speak, flow.channel), whom), kind="service",
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


def offered(session: Session, service) -> bool:
    """Whether the tile is offered: what the person may do for her (a family member who may
    only look books nothing), and not what her profile says she has (``offered_unless``:
    申请一键通 once her package is installed)."""
    return offered_to(session.elder, service)


def offered_to(elder: "dict | None", service) -> bool:
    """The per-elder rule every list of services asks (the channels' menus, the family page's
    帮老人办): ``elder`` as the flow holds her (acting for her: the member's permissions)."""
    return may_use(elder, service.kind) and not any((elder or {}).get(key) for key in service.offered_unless)


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
