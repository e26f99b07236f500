"""Pieces several views share: fact rows (label · value), notes, and a column of action tiles."""
from __future__ import annotations

from typing import Iterable

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import FactView, Item

from .base import FocusTile, TvView


class FactRow(BoxLayout):
    label = StringProperty("")
    value = StringProperty("")
    emphasis = BooleanProperty(False)


class ActionTile(FocusTile):
    pass


def fact_column(facts: Iterable[FactView], notes: Iterable[str] = (), body: str | None = None) -> BoxLayout:
    column = Factory.FactColumn()
    if body:
        column.add_widget(Factory.Paragraph(text=body, role="text"))
    for fact in facts:
        column.add_widget(FactRow(label=fact.label, value=fact.value or "", emphasis=fact.emphasis))
    for note in notes:
        column.add_widget(Factory.NoteText(text=note))
    column.add_widget(Factory.Widget())  # pushes the rows to the top
    return column


def action_column(view: TvView, items: Iterable[Item], parent: BoxLayout, *, horizontal: bool = False) -> BoxLayout:
    column = Factory.ActionRow() if horizontal else Factory.ActionColumn()
    parent.add_widget(column)
    for item in items:
        tile = ActionTile.from_item(item)
        if item.colour is None:
            tile.fill_role = "primary"
        view.add_tile(column, tile)
    if not horizontal:
        column.add_widget(Factory.Widget())
    return column
