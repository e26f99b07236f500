"""Facts as the elder reads them: label · value rows (time, place, queue number, plate) with
notes under them, laid out to the room there is.

The plan is worked out from the text (lines per value at a size), not from a half-done
layout: the largest type that fits, never below the host's body size. Used by every screen
that shows facts (review, result, detail) on every Kivy channel.
"""
from __future__ import annotations

from typing import Any, Iterable

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.confirmation import said_fact
from shared_ui.punctuation import marks
from shared_ui.flow.screens import FactView

from .text_fit import break_softly, drawn_width, fit_font, laid_out, widest_word

SHRINK_STEP = 0.05
LABEL_SHARE = 0.4  # of a fact row, the most its label column takes (unless one word needs more)
LABEL_SHARE_MOST = 0.55  # … where the values lose no line for it


class FactRow(BoxLayout):
    label = StringProperty("")
    value = StringProperty("")
    emphasis = BooleanProperty(False)
    fit = NumericProperty(1.0)  # set by the column when everything has to be a little smaller
    # The label column, set by the column from the labels it shows (label_column); 0: the look's.
    label_width = NumericProperty(0.0)
    label_size = NumericProperty(0.0)


def measured_height(text: str, width: float, size: float, look: Any, bold: bool = False) -> float:
    """How tall ``text`` is laid out ``width`` wide at ``size``, after the soft breaks the rows use."""
    return laid_out(break_softly(text, width, size, look.font, bold), width, size, look.font, bold, look.line_height)[0]


class FactColumn(BoxLayout):
    """Rows that always fit the space they get, so a long taxi address never pushes the title
    off the screen. The plan is worked out from the text (lines per value at a size), not
    from a half-done layout: the largest type that fits, never below the host's body size;
    if even that is too tall, the rows are shown a page at a time (:meth:`turn`), in order —
    a fact is never dropped (ELDER_UI.md "facts")."""

    fit = NumericProperty(1.0)
    smallest = NumericProperty(0.75)
    label_width = NumericProperty(0.0)  # the label column (label_column), the same on every page
    label_size = NumericProperty(0.0)
    page = NumericProperty(0)
    page_count = NumericProperty(1)

    def __init__(self, rows: list[Any], page_control: Any = None, locale: str = "zh_CN", **kw: Any):
        """``page_control``: the channel's widget for "next page" (the TV's focus tile), shown
        under the rows when they need more than one page, in room the plan keeps for it.
        ``locale``: the language a page is read out in (its marks: ，。 or , .)."""
        super().__init__(**kw)
        self.page_control = page_control
        self.locale = locale
        self.rows = rows  # FactRow, Paragraph (body) or NoteText, in order
        self.pages: list[list[Any]] = [list(rows)]
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
            width = self.width - self.label_width - look.px(24)
            size = fact_value_size(row.value, width, row.emphasis, fit, look)
            return max(measured_height(row.value, width, size, look, row.emphasis),
                       measured_height(row.label, self.label_width, self.label_size, look))
        # the body paragraph and the notes keep their size
        return measured_height(row.words, self.width, row.font_size, look)

    def needed(self, rows: list[Any], fit: float, look: Any) -> float:
        return sum(self._row_height(r, fit, look) for r in rows) + self.spacing * max(0, len(rows) - 1)

    def _apply_plan(self, *_args: Any) -> None:
        look = App.get_running_app().look
        if self.width <= 1 or self.height <= 1 or look is None:
            return
        rows = list(self.rows)
        facts = [r for r in rows if isinstance(r, FactRow)]
        self.label_width, self.label_size = label_column([r.label for r in facts], self.width, look,
                                                         [(r.value, r.emphasis) for r in facts])
        for row in rows:
            if isinstance(row, FactRow):
                row.label_width, row.label_size = self.label_width, self.label_size
        fit = 1.0
        while fit > self.smallest and self.needed(rows, fit, look) > self.height:
            fit = round(fit - SHRINK_STEP, 2)
        room = self.height
        if self.needed(rows, fit, look) > room and self.page_control is not None:
            room -= self.page_control.height + self.spacing
        pages: list[list[Any]] = [[]]
        for row in rows:
            if pages[-1] and self.needed([*pages[-1], row], fit, look) > room:
                pages.append([])
            pages[-1].append(row)
        for row in rows:  # a sentence taller than a whole page comes down to the body size
            if not isinstance(row, FactRow):
                self._fit_alone(row, room, look)
        self.fit = fit
        self.pages = pages
        self.page_count = len(pages)
        self.page = min(self.page, len(pages) - 1)
        self._show()

    def _fit_alone(self, row: Any, room: float, look: Any) -> None:
        size = getattr(look, row.size_role)
        while size > look.min_text and measured_height(row.words, self.width, size, look) > room:
            size -= max(1.0, round(look.px(2)))
        row.font_size = max(size, look.min_text)

    def _show(self) -> None:
        shown = self.pages[int(self.page)]
        for row in self.rows:
            if row in shown and row.parent is None:
                self.add_widget(row, index=len(self.children) - self._position(row))
            elif row not in shown and row.parent is self:
                self.remove_widget(row)
        control = self.page_control
        if control is not None:
            if len(self.pages) > 1 and control.parent is None:
                self.add_widget(control)  # last: under the spacer, at the bottom
            elif len(self.pages) <= 1 and control.parent is self:
                self.remove_widget(control)

    def turn(self, step: int = 1) -> str:
        """Show the next (or previous) page of rows; returns what they say, to be spoken."""
        self.page = (int(self.page) + step) % max(1, len(self.pages))
        self._show()
        return self.page_words()

    def page_words(self) -> str:
        said = []
        for row in self.pages[int(self.page)]:
            said.append(said_fact(row.label, row.value, self.locale) if isinstance(row, FactRow) else row.words)
        m = marks(self.locale)
        return m.sentence(m.clauses(*(w.rstrip("。.") for w in said if w)))  # one full stop, not 病历本。。

    def _position(self, row: Any) -> int:
        """Where ``row`` goes among the rows now shown (keeps the spec's order)."""
        before = self.rows[:self.rows.index(row)]
        return sum(1 for r in before if r.parent is self)


def label_column(labels: list[str], width: float, look: Any,
                 values: list[tuple[str, bool]] | None = None) -> tuple[float, float]:
    """(width, font size) of the label column of fact rows ``width`` wide, from the labels
    they show — in her language, at her text size. A column sized for four Chinese characters
    (就诊时间) cut "Appoint⏎ment time" in English: here each label gets one line when it fits
    in :data:`LABEL_SHARE` of the row — or beyond it, up to :data:`LABEL_SHARE_MOST`, where the
    ``values`` (text, emphasis) take no more lines for it (at ×1.5 "Appointment time" wrapped
    beside a date with room to spare) — else wraps between its words, never inside one. A word
    wider than that share first comes down in size (to the host's body size, never below),
    then takes the room it needs. Never narrower than the look's four-character column, so
    the values line up from screen to screen."""
    size, floor = look.fact_label, min(look.fact_label, look.min_text)
    labels = [label for label in labels if label.strip()]
    if not labels or width <= 1:
        return look.fact_label_width, size
    words = " ".join(labels)
    cap = width * LABEL_SHARE
    step = max(1.0, round(look.px(2)))
    while size > floor and widest_word(words, size, look.font) > cap:
        size = max(floor, size - step)
    slack = look.px(4)  # Kivy wraps a line as wide as its box: a little room over the drawn width
    one_line = max(drawn_width(label, size, look.font) for label in labels) + slack
    word = widest_word(words, size, look.font) + slack
    narrow = max(look.fact_label_width, min(one_line, cap), word)
    if one_line <= narrow or one_line > width * LABEL_SHARE_MOST or not values:
        return narrow, size
    gap = look.px(24)  # the row's spacing (facts.kv)

    def shown(label_width: float) -> list[tuple[int, float]]:
        """Each value's (lines, -size) beside a label column this wide."""
        room = width - label_width - gap
        out = []
        for text, emphasis in values:
            value_size = fact_value_size(text, room, emphasis, 1.0, look)
            lines = laid_out(break_softly(text, room, value_size, look.font, emphasis), room, value_size, look.font, emphasis,
                             look.line_height)[1]
            out.append((lines, -value_size))
        return out

    wide = all(w <= n for w, n in zip(shown(one_line), shown(narrow)))
    return (one_line if wide else narrow), size


def fact_value_size(text: str, width: float, emphasis: bool, fit: float, look: Any) -> float:
    """A value on one line when it can be, down to body size (a time like 下午2:00 must not
    break in the middle); else it wraps at its planned size."""
    largest = max(look.body, (look.fact_emphasis if emphasis else look.fact_value) * fit)
    return fit_font(text, width, largest, look.body)


def sentences(text: str) -> list[str]:
    """``text`` cut after each 。！？ (a sentence is the smallest piece a page may hold)."""
    import re

    return [part for part in re.split(r"(?<=[。！？!?])", text) if part.strip()]


def fact_column(facts: Iterable[FactView], notes: Iterable[str] = (), body: str | None = None,
                page_control: Any = None, locale: str = "zh_CN") -> FactColumn:
    facts = list(facts)
    # A message's text is the whole screen: as large as an option; beside facts it is a note.
    size = "body" if facts else "option_label"
    # A long message is one row a sentence, so it pages like facts do rather than overflow.
    rows: list[Any] = [Factory.Paragraph(words=sentence, role="text", size_role=size)
                       for sentence in sentences(body)] if body else []
    rows += [FactRow(label=f.label, value=f.value or "", emphasis=f.emphasis) for f in facts]
    rows += [Factory.NoteText(words=note) for note in notes]
    return FactColumn(rows, page_control=page_control, locale=locale)
