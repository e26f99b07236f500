"""Text in the Simplified Chinese face, coloured and sized by role from the app's look.

Give sizes as ``size_role`` ("body", "headline" …) and colours as ``role`` ("text",
"on_primary" …), never as literal numbers: a kv rule's expression overrides a ``font_size``
passed to the constructor, a role is read by the rule. Nothing here restyles plain Labels.
"""
from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty
from kivy.uix.label import Label

from .text_fit import break_softly


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
