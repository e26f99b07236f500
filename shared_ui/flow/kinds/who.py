"""Whom a service is for, on a device a household shares: asked before the form, so the form's
defaults are that elder's own (home, favourite hospital). SOS and lists never ask."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import Outcome, focus_of, nav, numbered, spoken
from ..events import Event
from ..frames import WhoFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine


def people(flow: "FlowEngine", session: Session) -> list[Item]:
    return numbered(flow, [Item(str(p.get("id")), p.get("name", ""), p.get("name", ""), kind="option")
                           for p in session.household])


def build(flow: "FlowEngine", session: Session, frame: WhoFrame) -> tuple[Screen, str]:
    title = f"{flow.service_title(frame.service_id)} · {flow.s('who.title')}"
    items = people(flow, session)
    screen = Screen(f"who:{frame.service_id}", "field", title, items, focus_of(frame, items),
                    service=frame.service_id, nav=nav(flow, True))
    return screen, spoken(flow, screen, flow.s("who.speak"))


def select(flow: "FlowEngine", session: Session, frame: WhoFrame, event: Event) -> Outcome:
    elder = next(e for e in session.household if str(e.get("id")) == event.value)
    return flow.open_form(session, flow.spec.services[frame.service_id], elder)
