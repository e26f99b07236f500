"""Which bound elder a family member acts for (亲友代办): the first screen of a family session
with more than one parent bound; home once one is chosen."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import Outcome, focus_of, nav, spoken
from ..events import Event
from ..frames import ChooseElderFrame, MenuFrame
from ..session import Session
from ..screens import Screen
from .who import people

if TYPE_CHECKING:
    from ..engine import FlowEngine


def build(flow: "FlowEngine", session: Session, frame: ChooseElderFrame) -> tuple[Screen, str]:
    items = people(flow, session)
    body = None if items else flow.s("choose_elder.none")
    screen = Screen("choose_elder", "field", flow.s("choose_elder.title"), items, focus_of(frame, items),
                    body=body, can_back=False, nav=nav(flow, False))
    return screen, spoken(flow, screen, flow.s("choose_elder.speak") if items else body or "")


def select(flow: "FlowEngine", session: Session, frame: ChooseElderFrame, event: Event) -> Outcome:
    session.elder = next(e for e in session.household if str(e.get("id")) == event.value)
    # One parent at a time: forms do not ask "为谁" again; to switch, the backend starts anew.
    session.household = [session.elder]
    session.stack[:] = [MenuFrame(menu_id=flow.spec.menus[flow.channel].home)]
    return []
