"""A message pushed by the centre, over whatever screen is showing, acknowledged with OK."""
from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout

from . import REGISTRY
from .parts import ActionTile


@REGISTRY.register("popup")
class MessagePopup(FloatLayout):
    """Not a screen: an overlay. ``message`` is the contract's Message dict."""

    title = StringProperty("")
    body = StringProperty("")
    hint = StringProperty("")
    extra_kv = ("base.kv", "parts.kv")
    overrides: dict[str, dict[str, str]] = {}

    def __init__(self, message: dict[str, Any], ack_label: str, repeat_label: str, hint: str, **kw: Any):
        super().__init__(**kw)
        self.message = message
        self.title = message.get("title") or ""
        self.body = message.get("body") or ""
        self.hint = hint
        self.ack = ActionTile(item_id="ack", label=ack_label, speak=ack_label, fill_role="success", digit="")
        self.repeat = ActionTile(item_id="repeat", label=repeat_label, speak=repeat_label, fill_role="primary")
        self.ids.actions.add_widget(self.ack)
        self.ids.actions.add_widget(self.repeat)

    @property
    def speech(self) -> str:
        return self.message.get("speech") or f"{self.title}。{self.body}"

    def focusables(self) -> list[ActionTile]:
        return [self.ack, self.repeat]
