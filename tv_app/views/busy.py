"""Waiting for the centre: what is happening in words, and a slow turning mark that shows life."""
from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import NumericProperty

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from kivy.factory import Factory


class Turning(Factory.Widget):
    angle = NumericProperty(0)

    def on_parent(self, _widget, parent) -> None:
        # 8 frames a second is enough to show life and cheap on a set-top box.
        if parent is not None:
            self._tick = Clock.schedule_interval(self._turn, 1 / 8)
        elif getattr(self, "_tick", None) is not None:
            self._tick.cancel()

    def _turn(self, _dt: float) -> bool:
        shown = self.get_root_window() is not None
        if not shown and getattr(self, "_was_shown", False):
            return False   # its view dropped since: it turned for nobody, for ever
        self._was_shown = shown
        self.angle = (self.angle + 30) % 360
        return True


@REGISTRY.register("busy")
class BusyView(TvView):
    def fill(self, body, screen: Screen) -> None:
        column = Factory.CentredColumn()
        body.add_widget(column)
        column.add_widget(Turning())
        column.add_widget(Factory.FittedText(words=screen.body or "", size_role="tile_label", halign="center"))
