"""Pieces several TV views share: a column (or row) of action tiles, and the facts-and-actions
layout of review, result and detail screens (the fact rows themselves are the kit's)."""
from __future__ import annotations

from typing import Any, Iterable

from kivy.factory import Factory
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Item
from shared_ui.kivy_kit.facts import fact_column

from .base import FocusTile, TvView


class ActionTile(FocusTile):
    pass


def action_column(view: TvView, items: Iterable[Item], parent: BoxLayout, *, horizontal: bool = False,
                  notes: Iterable[str] = ()) -> BoxLayout:
    """The screen's actions, stacked on the right (or in a row); notes (if any) under them."""
    column = Factory.ActionRow() if horizontal else Factory.ActionColumn()
    parent.add_widget(column)
    for item in items:
        tile = ActionTile.from_item(item)
        if item.colour is None:
            tile.fill_role = "primary"
        view.add_tile(column, tile)
    for note in notes:
        column.add_widget(Factory.NoteText(words=note))
    if not horizontal:
        column.add_widget(Factory.Widget())
    return column


class FactsView(TvView):
    """Facts (and notes) on the left, the screen's actions stacked on the right: the layout of
    review, result and detail screens, which differ in what they say, not in how."""

    def fill(self, body: BoxLayout, screen: Any) -> None:
        body.add_widget(fact_column(screen.facts, screen.notes, screen.body))
        action_column(self, screen.items, body)
