"""Option list for one form field: up to six choices, each with its digit and a second line."""
from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.text_fit import break_softly, fit_font, fits
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .base import FocusTile, TvView


class OptionTile(FocusTile):
    """A choice: its label, and its second line (8:00到10:00之间, 已挂号的时间) whenever the
    tile has the room — also under a label that takes two lines (a date and a time)."""

    label_lines = NumericProperty(1)
    detail_room = BooleanProperty(False)

    def on_kv_post(self, base_widget: Any) -> None:
        self.bind(size=self._arrange, padding=self._arrange, label=self._arrange, detail=self._arrange)
        self.ids.option_label.bind(width=self._arrange, font_size=self._arrange)
        self._arrange()

    def _arrange(self, *_: Any) -> None:
        label, look = self.ids.option_label, App.get_running_app().look
        if label.width <= 1:
            return
        self.label_lines = max(1, len(break_softly(self.label, label.width, label.font_size, label.font_name, label.bold).split("\n")))
        detail_size = min(fit_font(self.detail, label.width, look.detail, look.min_text), label.font_size)
        need = self.label_lines * look.line_px(label.font_size) + look.line_px(detail_size)
        room = self.height - self.padding[1] - self.padding[3]
        self.detail_room = bool(self.detail) and fits(self.detail, label.width, look.min_text) and need <= room


@REGISTRY.register("field")
class OptionsView(TvView):
    def fill(self, body, screen: Screen) -> None:
        if not screen.items:
            body.add_widget(Factory.Paragraph(words=screen.body or "", size_role="option_label"))
            return
        # One column while the choices fit one above another, else two (the look knows how
        # many rows of two-line labels the text size leaves room for).
        grid = Factory.OptionGrid(cols=2 if len(screen.items) > self.look.grid_rows else 1)
        body.add_widget(grid)
        tiles = []
        for item in screen.items:
            # 上一页/下一页 look like the list's: a filled tile, not one more choice.
            extra = {"fill_role": "primary"} if item.kind == "page" else {}
            tiles.append(self.add_tile(grid, OptionTile.from_item(item, **extra)))
        one_size(tiles)  # one size for the page's choices, the longest name's
