"""The flow engine and its screen models (DESIGN.md §2.1)."""
from .engine import FlowEngine
from .screens import Event, FactView, Intent, Item, Screen, Step
from .session import Paging, Session

__all__ = ["Event", "FactView", "FlowEngine", "Intent", "Item", "Paging", "Screen", "Session", "Step"]
