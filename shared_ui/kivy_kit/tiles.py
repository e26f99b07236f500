"""A tile for one :class:`~shared_ui.flow.screens.Item`: its label, second line, digit and
badge, filled in the item's colour role with text in the matching ``on_<role>`` colour.

Channels add how a tile is chosen: the TV's focus ring (``tv_app.views.base.FocusTile``), the
kiosk's touch. ``item_id`` is the engine's item id, so a press becomes ``select(item_id)``.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Item

from .look import text_role
from .text_fit import em_width, widest_word


class ItemTile(BoxLayout):
    item_id = StringProperty("")
    group = StringProperty("items")  # items | nav | a pop-up's own
    fill_role = StringProperty("surface")
    label = StringProperty("")
    detail = StringProperty("")
    digit = StringProperty("")
    badge = StringProperty("")
    speak = StringProperty("")
    # The words the label's type size is fitted to: the widest label of the tiles it is shown
    # with (:func:`one_size`), so a row of answers reads at one size, not 想办理 smaller than 重听.
    fit_label = StringProperty("")
    # The room its badge column keeps: the widest badge of the tiles it is shown with
    # (:func:`one_size`), so one tile's badge (现在) does not make its label narrower — and
    # smaller — than the others'. "" with no badge among them.
    badge_room = StringProperty("")
    text_role = StringProperty("text")  # follows fill_role: on_primary on a primary tile …
    # How a channel marks the chosen tile (the TV's focus: grown ×1.1 inside a thick ring).
    grow = NumericProperty(1.0)
    ring_role = StringProperty("focus_ring")  # a view on a coloured background picks another
    ring_alpha = NumericProperty(0.0)
    ring_width = NumericProperty(0.0)
    ring_gap = NumericProperty(0.0)
    # The type size a row of keys shares (:func:`share_row`); 0: the tile's own.
    row_size = NumericProperty(0.0)

    def on_fill_role(self, _tile: Any, role: str) -> None:
        self.text_role = text_role(role)

    @classmethod
    def from_item(cls, item: Item, **kw: Any) -> "ItemTile":
        values = dict(item_id=item.id, label=item.label, detail=item.detail or "",
                      digit=str(item.digit) if item.digit else "", badge=item.badge or "",
                      speak=item.speak or item.label, fill_role=item.colour or "surface")
        return cls(**{**values, **kw})


def size_group(tile: ItemTile) -> str:
    """Which tiles shown together share a size: the answers (or actions) one, 上一页/下一页
    another — turning the page is not one of the answers, and a long answer must not shrink it."""
    return "page" if tile.item_id.startswith("page:") else "items"


def one_size(tiles: Iterable[ItemTile]) -> None:
    """Fit the labels of tiles shown together (as wide as each other: a row or a column) to
    the widest of their :func:`size_group`, so each group reads at one type size."""
    groups: dict[str, list[ItemTile]] = {}
    for tile in tiles:
        groups.setdefault(size_group(tile), []).append(tile)
    for members in groups.values():
        widest = max((t.label for t in members), key=em_width)
        badge = max((t.badge for t in members), key=em_width)
        for tile in members:
            tile.fit_label = widest if len(members) > 1 else ""
            tile.badge_room = badge if len(members) > 1 else ""


def share_row(tiles: list[ItemTile], room: float, padding: float, largest: float, smallest: float,
              least_width: float) -> float:
    """Keys side by side in one row of ``room`` px (a fixed row: 首页 · 返回 · 重听 · 找人工 ·
    紧急求助): each as wide as its words need at one shared size, not five equal fifths —
    "Talk to a person" needs four times the room of "Home", and in equal fifths it was cut
    while "Home" had room to spare. The size is the largest, from ``largest`` down to
    ``smallest``, at which every key's words fit on one line (``padding``: a key's room round
    its words; ``least_width``: no key narrower, a target stays a target); it is each tile's
    ``row_size`` and is returned. Below ``smallest`` it never goes: there the keys' words wrap
    (:class:`~.labels.FittedText`)."""
    if not tiles or room <= 0:
        return largest
    ems = [max(em_width(t.label), 1.0) for t in tiles]

    def widths(size: float) -> list[float]:
        # Room for the estimate: a per-character guess is short for "Home" in bold (its m).
        return [max((e + 0.6) * size * 1.06 + padding, least_width) for e in ems]

    size = float(int(largest))
    while size > smallest and sum(widths(size)) > room:
        size -= 1.0
    for tile, width in zip(tiles, widths(size)):
        tile.size_hint_x = width / room
        tile.row_size = size
    return size


def row_shape(labels: Sequence[str], words_room: Callable[[int, int], float], floor: float, font_name: str,
              most: int) -> tuple[int, int]:
    """(rows, columns) for answers side by side, evenly filled: as few rows as give every tile
    room for the longest word of any of the answers at ``floor`` (the host's body size, bold)
    — at most ``most`` a row. ``words_room(rows, columns)``: the width a tile's words get in
    that shape. Four English answers in one row of a pop-up cut "Satisf⏎ied" at every text
    size: no size at or above the floor kept the word whole, so they take two rows of two (or
    more, down to one a row) rather than a size below the floor or a cut word."""
    count = max(1, len(labels))
    need = widest_word(" ".join(labels), floor, font_name, bold=True)
    rows = -(-count // max(1, most))
    while True:
        cols = -(-count // rows)
        if cols <= 1 or need <= words_room(rows, cols):
            return rows, cols
        rows = -(-count // (cols - 1))
