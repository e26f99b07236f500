"""A list of the elder's requests or messages: as many two-line rows as the text size leaves
room for (the engine pages by the look's ``paging``), 上一页/下一页 as tiles."""
from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.text_fit import laid_out

from . import REGISTRY
from .base import FocusTile, TvView


class RecordTile(FocusTile):
    detail_extra = NumericProperty(0)  # how much taller its second line is than the one line it has room for (kv)

    @staticmethod
    def detail_height(label: Any, *_watched: Any) -> float:
        """How tall its second line is when it takes more than one line (0 for one line: a
        larger size on one line hangs only its leading over the box, as it always did)."""
        height, lines = laid_out(label.text, label.width, label.font_size, label.font_name, False, label.line_height)
        return height if lines > 1 else 0.0


class PageTile(FocusTile):
    pass


@REGISTRY.register("list")
class ListView(TvView):
    def fill(self, body, screen: Screen) -> None:
        column = Factory.RecordColumn()
        body.add_widget(column)
        if screen.body:
            column.add_widget(Factory.Paragraph(words=screen.body, size_role="option_label"))
        records = [i for i in screen.items if i.kind != "page"]
        pages = [i for i in screen.items if i.kind == "page"]
        for item in records:
            self.add_tile(column, RecordTile.from_item(item))
        if pages:
            row = Factory.PageRow()
            column.add_widget(row)
            for item in pages:
                self.add_tile(row, PageTile.from_item(item, fill_role="primary"))
        column.add_widget(Factory.Widget())
