"""Text in the Simplified Chinese face, coloured and sized by role from the app's look.

Give sizes as ``size_role`` ("body", "headline" …) and colours as ``role`` ("text",
"on_primary" …), never as literal numbers: a kv rule's expression overrides a ``font_size``
passed to the constructor, a role is read by the rule. Nothing here restyles plain Labels.
"""
from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.label import Label

from .text_fit import break_softly, laid_out


class RoleLabel(Label):
    """A label whose font, size and colour are roles of ``app.look``."""

    role = StringProperty("text")
    size_role = StringProperty("body")


class BoxText(RoleLabel):
    """Text that fills the box the layout gives it, wrapped and clipped to it."""


class Paragraph(RoleLabel):
    """Text as wide as its box and as tall as its wrapped lines. Give it ``words``: its
    ``text`` is those words broken where a Chinese line may break (no closing punctuation at
    a line start, never inside a number or a time: :func:`~.text_fit.break_softly`)."""

    words = StringProperty("")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.bind(words=self._rebreak, width=self._rebreak, font_size=self._rebreak)
        self._rebreak()

    def _rebreak(self, *_args: Any) -> None:
        self.text = break_softly(self.words, self.width, self.font_size)


class FittedText(RoleLabel):
    """Words that fill the box a layout gives them, as large as the box allows: from the size
    of ``size_role`` down to ``app.look.min_text`` (the host's body size, never smaller), so a
    long sentence (the centre's escalation news, an error) never spills onto the title or the
    keys. Broken like a :class:`Paragraph`."""

    words = StringProperty("")
    fitted = NumericProperty(0)  # the size chosen (0 until laid out)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._refit = Clock.create_trigger(self._fit, -1)
        self.bind(words=self._refit, size=self._refit, size_role=self._refit)
        self._refit()

    def _fit(self, *_args: Any) -> None:
        look = App.get_running_app().look
        if look is None or self.width < 2 or self.height < 2:
            return
        size = getattr(look, self.size_role)
        step = max(1.0, round(look.px(2)))  # whole pixels: each size is a font face opened anew
        while size > look.min_text and self._height_at(size) > self.height:
            size -= step
        self.fitted = max(size, look.min_text)
        self.font_size = self.fitted
        self.text = break_softly(self.words, self.width, self.fitted)

    def _height_at(self, size: float) -> float:
        return laid_out(break_softly(self.words, self.width, size), self.width, size, self.font_name, self.bold,
                        self.line_height)[0]
