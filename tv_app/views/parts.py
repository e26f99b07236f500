"""Pieces several TV views share: a column (or row) of action tiles, and the facts-and-actions
layout of review, result and detail screens (the fact rows themselves are the kit's)."""
from __future__ import annotations

from typing import Any, Iterable

from kivy.factory import Factory
from kivy.properties import NumericProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Item
from shared_ui.kivy_kit.facts import fact_column
from shared_ui.kivy_kit.tiles import one_size, row_shape

from .. import strings as S
from .base import FocusTile, TvView


class ActionTile(FocusTile):
    least_height = NumericProperty(0)  # its height while its words take one line


class FactsPageTile(ActionTile):
    """下一页 under facts that need more than one page (the view's own tile, not the engine's)."""


ROW_AT_MOST = 4  # tiles in one row across the screen whose labels stay whole at every text size


def grid_shape(count: int) -> tuple[int, int]:
    """(rows, columns) for ``count`` tiles side by side before their room is known: as few
    rows as keep each at most :data:`ROW_AT_MOST` wide, evenly filled (6 → 2 × 3). Once laid
    out, :func:`~shared_ui.kivy_kit.tiles.row_shape` adds rows while a word would not fit."""
    rows = max(1, -(-count // ROW_AT_MOST))
    return rows, max(1, -(-count // rows))


def words_room(tile: Any, width: float) -> float:
    """The width an :class:`ActionTile` ``width`` wide gives its words: less its padding, and
    its digit's disc and the space beside it when it has a digit (parts.kv)."""
    from kivy.app import App

    look = App.get_running_app().look
    digit = look.badge * 1.5 + look.px(20) if tile.digit else 0
    return width - 2 * look.px(28) - digit


def action_column(view: TvView, items: Iterable[Item], parent: BoxLayout, *, horizontal: bool = False,
                  notes: Iterable[str] = ()) -> BoxLayout:
    """The screen's actions, stacked on the right (or in a row, wrapped into rows when more
    than fit whole); notes (if any) under them."""
    items = list(items)
    rows, cols = grid_shape(len(items))
    if horizontal:
        # A row, or rows when a word of an answer needs it (_shape_grid); as tall as its rows.
        column = Factory.ActionGrid(cols=cols)
        column.height = rows * column.tile_height + (rows - 1) * column.spacing[1] + column.padding[1] * 2
    else:
        column = Factory.ActionColumn()
    parent.add_widget(column)
    tiles = []
    for item in items:
        tile = ActionTile.from_item(item)
        if item.colour is None:
            tile.fill_role = "primary"
        tiles.append(view.add_tile(column, tile))
    one_size(tiles)
    if horizontal:
        for tile in tiles:
            tile.bind(height=lambda *_a, c=column, t=tiles: _fit_rows(c, t, c.cols))
        column.bind(width=lambda *_a, c=column, t=tiles: _shape_grid(c, t))
        _fit_rows(column, tiles, cols)
    for note in notes:
        column.add_widget(Factory.NoteText(words=note))
    if not horizontal:
        column.add_widget(Factory.Widget())
    return column


def _shape_grid(grid: Any, tiles: list[FocusTile]) -> None:
    """Columns of a row of answers for its width: as few rows as give each answer the room for
    the longest word of any at the host's body size (kivy_kit.tiles.row_shape)."""
    from kivy.app import App

    look = App.get_running_app().look
    if grid.width < 2 or not tiles:
        return

    def room(_rows: int, cols: int) -> float:
        inner = grid.width - grid.padding[0] - grid.padding[2] - grid.spacing[0] * (cols - 1)
        return min(words_room(t, inner / cols) for t in tiles)

    _rows, grid.cols = row_shape([t.label for t in tiles], room, look.min_text, look.font, ROW_AT_MOST)
    _fit_rows(grid, tiles, grid.cols)


def _fit_rows(column: Any, tiles: list[FocusTile], cols: int) -> None:
    """A row (or grid) of tiles as tall as its tallest: a tile whose words take two lines
    (ActionTile) grows, and its row with it, instead of spilling out of it."""
    rows = [tiles[i:i + cols] for i in range(0, len(tiles), max(1, cols))] or [[]]
    heights = [max((t.height for t in row), default=0) for row in rows]
    spacing = column.spacing[1] if isinstance(column.spacing, (list, tuple)) else column.spacing
    padding = column.padding[1] + column.padding[3] if len(column.padding) == 4 else 2 * column.padding[1]
    column.height = sum(heights) + spacing * (len(rows) - 1) + padding


FACTS_PAGE = "view:facts_page"  # a tile of the view's own: the next page of facts


class FactsView(TvView):
    """Facts (and notes) on the left, the screen's actions stacked on the right: the layout of
    review, result and detail screens, which differ in what they say, not in how. Facts that
    do not fit at the elder's text size are shown a page at a time: a 下一页 tile joins the
    actions, and each page is read out as it comes."""

    def fill(self, body: BoxLayout, screen: Any) -> None:
        # Under the facts when they need pages; in the focus order only while it is shown.
        self.page_tile = Factory.FactsPageTile(item_id=FACTS_PAGE, fill_role="primary", group="items")
        self.page_tile.ring_role = self.ring_role
        self.facts = fact_column(screen.facts, screen.notes, screen.body, page_control=self.page_tile,
                                 locale=self.strings.locale)
        body.add_widget(self.facts)
        self.actions = action_column(self, screen.items, body)
        self.facts.bind(page_count=self._paged, page=self._paged)

    def _paged(self, *_args: Any) -> None:
        count = int(self.facts.page_count)
        if count > 1 and self.page_tile not in self.tiles:
            self.tiles.append(self.page_tile)
            if int(self.facts.page) == 0:
                # OK must not confirm what she has not seen, nor leave before it (a taxi's
                # result opened on 回到首页 with the car and the driver's phone three pages
                # on): it turns the pages first, and lands on the screen's own focus (确认,
                # 回到首页, 知道了) after the last (tv_app.controller).
                shell = self.parent
                if shell is not None and getattr(shell, "view", None) is self:
                    shell.focus(FACTS_PAGE, speak=False)
        elif count <= 1 and self.page_tile in self.tiles:
            self.tiles.remove(self.page_tile)
        last = int(self.facts.page) + 1 >= count  # pressed there, it goes back to the first
        words = self.strings.t(S.FACTS_FIRST_PAGE if last else S.FACTS_PAGE, page=int(self.facts.page) + 1,
                               pages=count)
        self.page_tile.label = self.page_tile.speak = words

    def act(self, item_id: str) -> str | None:
        """The view's own tile was pressed: what to say, or None when it is not the view's."""
        if item_id == FACTS_PAGE:
            return self.facts.turn(1)
        return None

    @property
    def seen_every_page(self) -> bool:
        return int(self.facts.page) + 1 >= int(self.facts.page_count)
