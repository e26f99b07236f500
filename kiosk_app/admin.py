"""The admin's way out of the kiosk: after the corner gesture, a PIN on the kiosk's keypad.
A wrong PIN closes the pad and nothing else happens; the right one lets the app stop."""
from __future__ import annotations

from typing import Any, Callable

from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout

from shared_ui.flow.screens import InputHints

from . import strings as S
from .views.base import VIEW_PREFIX
from .views.keypad import KioskKeypad


class AdminPin(FloatLayout):
    title = StringProperty("")

    def __init__(self, strings: Any, pin: str, on_done: Callable[[bool], None], **kw: Any):
        from kivy.app import App

        from .views.keypad import KioskKeyTile

        registry = App.get_running_app().registry
        for cls in (AdminPin, KioskKeypad, KioskKeyTile):
            registry.load_kv(cls)
        super().__init__(title=strings.t(S.ADMIN_TITLE), **kw)
        self.strings = strings
        self.pin = pin
        self.on_done = on_done
        self.keypad = KioskKeypad(InputHints("digits", 8, r"\d{4,8}"), strings)
        self.ids.card.add_widget(self.keypad.display)
        self.ids.card.add_widget(self.keypad)

    def touchables(self) -> list[Any]:
        return list(self.keypad.keys)

    def act(self, item_id: str) -> None:
        self._answer(self.keypad.press(item_id[len(VIEW_PREFIX):]))

    def typed(self, text: str) -> None:
        self._answer(self.keypad.type_text(text))

    def _answer(self, outcome: Any) -> None:
        if isinstance(outcome, tuple):
            self.on_done(outcome[1] == self.pin)
