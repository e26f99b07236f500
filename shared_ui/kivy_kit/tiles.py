"""A tile for one :class:`~shared_ui.flow.screens.Item`: its label, second line, digit and
badge, filled in the item's colour role with text in the matching ``on_<role>`` colour.

Channels add how a tile is chosen: the TV's focus ring (``tv_app.views.base.FocusTile``), the
kiosk's touch. ``item_id`` is the engine's item id, so a press becomes ``select(item_id)``.
"""
from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Item

from .look import text_role


class ItemTile(BoxLayout):
    item_id = StringProperty("")
    group = StringProperty("items")  # items | nav | a pop-up's own
    fill_role = StringProperty("surface")
    label = StringProperty("")
    detail = StringProperty("")
    digit = StringProperty("")
    badge = StringProperty("")
    speak = StringProperty("")
    text_role = StringProperty("text")  # follows fill_role: on_primary on a primary tile …
    # How a channel marks the chosen tile (the TV's focus: grown ×1.1 inside a thick ring).
    grow = NumericProperty(1.0)
    ring_role = StringProperty("focus_ring")  # a view on a coloured background picks another
    ring_alpha = NumericProperty(0.0)
    ring_width = NumericProperty(0.0)
    ring_gap = NumericProperty(0.0)

    def on_fill_role(self, _tile: Any, role: str) -> None:
        self.text_role = text_role(role)

    @classmethod
    def from_item(cls, item: Item, **kw: Any) -> "ItemTile":
        values = dict(item_id=item.id, label=item.label, detail=item.detail or "",
                      digit=str(item.digit) if item.digit else "", badge=item.badge or "",
                      speak=item.speak or item.label, fill_role=item.colour or "surface")
        return cls(**{**values, **kw})
