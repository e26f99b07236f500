"""Facts as the elder reads them: label · value rows (time, place, queue number, plate) with
notes under them, laid out to the room there is.

The plan is worked out from the text (lines per value at a size), not from a half-done
layout: the largest type that fits, never below the host's body size. Used by every screen
that shows facts (review, result, detail) on every Kivy channel.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import FactView

from .text_fit import fit_font, line_count

log = logging.getLogger(__name__)
SHRINK_STEP = 0.05


class FactRow(BoxLayout):
    label = StringProperty("")
    value = StringProperty("")
    emphasis = BooleanProperty(False)
    fit = NumericProperty(1.0)  # set by the column when everything has to be a little smaller


class FactColumn(BoxLayout):
    """Rows that always fit the space they get, so a long taxi address never pushes the title
    off the screen. The plan is worked out from the text (lines per value at a size), not
    from a half-done layout: the largest type that fits, never below the host's body size;
    if even that is too tall, trailing rows without emphasis give way (the spoken
    confirmation still has them, and the request's detail screen shows them all)."""

    fit = NumericProperty(1.0)
    smallest = NumericProperty(0.75)

    def __init__(self, rows: list[Any], **kw: Any):
        super().__init__(**kw)
        self.rows = rows  # FactRow, Paragraph (body) or NoteText, in order
        self._plan = Clock.create_trigger(self._apply_plan, -1)
        self.bind(size=self._plan)
        for row in rows:
            self.add_widget(row)
        self.add_widget(Factory.Widget())  # keeps the rows at the top

    def on_fit(self, _column: Any, fit: float) -> None:
        for row in self.rows:
            if isinstance(row, FactRow):
                row.fit = fit

    def _row_height(self, row: Any, fit: float, look: Any) -> float:
        if isinstance(row, FactRow):
            width = self.width - look.fact_label_width - look.px(24)
            text = row.value
            size = fact_value_size(text, width, row.emphasis, fit, look)
            return line_count(text, width, size) * look.line_px(size)
        # the body paragraph and the notes keep their size
        return line_count(row.words, self.width, row.font_size) * look.line_px(row.font_size)

    def needed(self, rows: list[Any], fit: float, look: Any) -> float:
        return sum(self._row_height(r, fit, look) for r in rows) + self.spacing * max(0, len(rows) - 1)

    def _apply_plan(self, *_args: Any) -> None:
        look = App.get_running_app().look
        if self.width <= 1 or self.height <= 1 or look is None:
            return
        rows = list(self.rows)
        fit = 1.0
        while fit > self.smallest and self.needed(rows, fit, look) > self.height:
            fit = round(fit - SHRINK_STEP, 2)
        while self.needed(rows, fit, look) > self.height:
            plain = [r for r in rows if isinstance(r, FactRow) and not r.emphasis]
            if not plain:
                break
            log.warning("not showing the fact %r: the screen is full", plain[-1].label)
            rows.remove(plain[-1])
        self.fit = fit
        for row in self.rows:
            shown = row in rows
            if shown and row.parent is None:
                self.add_widget(row, index=len(self.children) - self._position(row))
            elif not shown and row.parent is self:
                self.remove_widget(row)

    def _position(self, row: Any) -> int:
        """Where ``row`` goes among the rows now shown (keeps the spec's order)."""
        before = self.rows[:self.rows.index(row)]
        return sum(1 for r in before if r.parent is self)


def fact_value_size(text: str, width: float, emphasis: bool, fit: float, look: Any) -> float:
    """A value on one line when it can be, down to body size (a time like 下午2:00 must not
    break in the middle); else it wraps at its planned size."""
    largest = max(look.body, (look.fact_emphasis if emphasis else look.fact_value) * fit)
    return fit_font(text, width, largest, look.body)


def fact_column(facts: Iterable[FactView], notes: Iterable[str] = (), body: str | None = None) -> FactColumn:
    facts = list(facts)
    # A message's text is the whole screen: as large as an option; beside facts it is a note.
    size = "body" if facts else "option_label"
    rows: list[Any] = [Factory.Paragraph(words=body, role="text", size_role=size)] if body else []
    rows += [FactRow(label=f.label, value=f.value or "", emphasis=f.emphasis) for f in facts]
    rows += [Factory.NoteText(words=note) for note in notes]
    return FactColumn(rows)
