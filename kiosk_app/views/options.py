"""One form field (and the identification stages): the choices as tiles, and, where the field
is typed here, the kiosk's big keypad (digits, an ID number with its X) or a text box that a
volunteer's keyboard or a scanner types into. The typed value is the view's until 确定 sends
it (``input``) to the engine, which checks it again."""
from __future__ import annotations

from typing import Any

from kivy.factory import Factory

from shared_ui.flow.screens import Screen

from .. import strings as S
from . import REGISTRY
from .base import VIEW_PREFIX, KioskView
from .keypad import KioskKeypad
from .parts import action_grid


@REGISTRY.register("field")
class KioskOptionsView(KioskView):
    keypad: KioskKeypad | None = None
    extra_kv = ("keypad.kv",)

    def fill(self, info, actions, screen: Screen) -> None:
        words = "\n".join(x for x in (screen.body, *screen.notes) if x)
        info.add_widget(Factory.KioskSayBox(words=words, size_role="option_label") if words else Factory.Widget())
        hints = screen.input
        if hints is not None:
            self.keypad = KioskKeypad(hints, self.strings)
            info.add_widget(self.keypad.display)
            actions.add_widget(self.keypad)
            for key in self.keypad.keys:
                self.tiles.append(key)
        if screen.items:
            cols = self.look.option_cols if len(screen.items) > self.look.option_rows else 1
            action_grid(self, screen.items, actions, cols=cols if hints is None else 2, cls="KioskOptionTile")
        for tile in self.tiles:
            if tile.item_id in ("prev", "next") or tile.item_id.startswith("page"):
                tile.fill_role = "primary"

    def act(self, item_id: str) -> tuple[str, Any] | str | None:
        if self.keypad is not None and item_id.startswith(VIEW_PREFIX):
            return self.keypad.press(item_id[len(VIEW_PREFIX):])
        return None

    def typed(self, text: str) -> tuple[str, Any] | str | None:
        """Keys typed on a keyboard (a volunteer's) go to the field; Enter is 确定."""
        return self.keypad.type_text(text) if self.keypad is not None else None


__all__ = ["KioskOptionsView", "S"]
