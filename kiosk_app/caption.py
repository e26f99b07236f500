"""What the kiosk says that its screen does not show — an answer to a touch (a page turned, a
key that does nothing more, how the 紧急求助 tile is held), its own screens' speech — shown
over the title while it is said, like a subtitle. A kiosk stands in a busy health station and
most 85-year-olds hear less than they did: said alone, it reached nobody who did not hear it.
What a screen says about itself (its title, its choices, its facts read out) is on it already
and gets no caption."""
from __future__ import annotations

import re
from typing import Any

from kivy.app import App
from kivy.graphics import Color, Rectangle

from shared_ui.kivy_kit.facts import sentences
from shared_ui.kivy_kit.labels import RoleLabel
from shared_ui.kivy_kit.text_fit import break_softly

CHARS_PER_S = 3.0   # an old reader's pace, ~180 characters a minute (ELDER_UI: speech ~190 a minute)
SHORTEST_S = 4.0
_NOT_WORDS = re.compile(r"[\s\W_]+")


def caption_seconds(words: str) -> float:
    """As long as it takes to read, and never shorter than the held tile's hint."""
    return max(SHORTEST_S, len(_NOT_WORDS.sub("", words)) / CHARS_PER_S)


def unseen(words: str, shown: str) -> bool:
    """Is a sentence of ``words`` missing from ``shown`` (the screen's text: layout_check.shown_text)?
    Spaces, line breaks and punctuation do not count."""
    on_screen = _NOT_WORDS.sub("", shown)
    said = (_NOT_WORDS.sub("", s) for s in sentences(words))
    return any(s and s not in on_screen for s in said)


class KioskCaption(RoleLabel):
    """Light on dark or dark on light as the theme is, over the header: the text colour as its
    fill, the screen's as its words, so it is read first. At the title's size at her text
    size, broken where a Chinese line may break, as many lines as it needs."""

    def __init__(self, words: str, **kw: Any):
        kw.setdefault("role", "surface")
        kw.setdefault("halign", "center")
        kw.setdefault("valign", "middle")
        super().__init__(**kw)
        self.words = words
        self.size_hint = (None, None)   # placed over the header by hand, in the shell's float layout
        look = App.get_running_app().look
        with self.canvas.before:
            Color(*look.c_text)
            self._fill = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._draw, size=self._draw)

    def _draw(self, *_args: Any) -> None:
        self._fill.pos, self._fill.size = self.pos, self.size

    def fit_to(self, header: Any, look: Any) -> None:
        """Over ``header``: as wide, at least as tall, its top on the header's top; more lines
        grow down over what the screen says (read, not touched: never over a target)."""
        self.font_size = look.title
        self.padding = (look.px(16), look.px(8))
        self.width = header.width
        self.text_size = (self.width, None)
        self.text = break_softly(self.words, self.width - 2 * look.px(16), self.font_size, self.font_name, self.bold)
        self.texture_update()
        self.height = max(self.texture_size[1], header.height)
        self.text_size = (self.width, self.height)
        self.pos = (header.x, header.top - self.height)
