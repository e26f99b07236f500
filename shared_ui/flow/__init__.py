"""The flow engine and its screen models (DESIGN.md §2.1): the contract every channel renders."""
from .abilities import Abilities, IdlePolicy, Paging
from .engine import FlowEngine, device_place
from .events import USER_EVENTS, Answer, Event, EventRefused
from .screens import FactView, InputHints, Intent, Item, Screen, Step, screen_schema
from .session import Session, SessionVersionError

__all__ = ["Abilities", "Answer", "Event", "EventRefused", "FactView", "FlowEngine", "IdlePolicy", "InputHints",
           "Intent", "Item", "Paging", "Screen", "Session", "SessionVersionError", "Step", "USER_EVENTS",
           "device_place", "screen_schema"]
