"""Text in the Simplified Chinese face, coloured and sized by role from the app's look.

Give sizes as ``size_role`` ("body", "headline" …) and colours as ``role`` ("text",
"on_primary" …), never as literal numbers: a kv rule's expression overrides a ``font_size``
passed to the constructor, a role is read by the rule. Nothing here restyles plain Labels.
"""
from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.label import Label

from .text_fit import break_softly, laid_out, line_count, whole, words_whole


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
        self.text = break_softly(self.words, self.width, self.font_size, self.font_name, self.bold)


# How much wider than drawn the per-character estimate may make Latin words ("Installation":
# 6.99 em estimated, 5.6 drawn): a size is ruled out by the estimate only beyond this.
ESTIMATE_SLACK = 1.3


class FittedText(RoleLabel):
    """Words kept whole in the room a layout gives them — never cut with "…", never clipped,
    never a line silently dropped: the kit's label for words in a box of fixed size (a tile,
    a key, a sentence between title and keys).

    Why not an ellipsis: an elder who chose the largest text must still read the whole of
    紧急求助 or "Emergency help" — "Emergency…" on the red tile, or half a line of "press the
    red key" under the keys, is what she saw (English runs about twice as wide as Chinese, and
    at ×1.5 a tile's one line holds neither). What a phone's large-text mode does, in order:

    1. her size, wrapped: the largest size from ``largest`` (or ``size_role``'s) down to
       ``comfortable`` (or ``app.look.body``: the body text at the size she chose) at which
       the words fit — in the box's height (a box the layout sizes), or for a label the
       layout lets grow (``size_hint_y: None``: its ``height`` follows its lines and its tile
       grows with it) on one line, else on two … up to ``grow_lines``, within ``max_height``
       when given;
    2. only where wrapping cannot keep them whole: smaller, down to ``smallest`` (or
       ``app.look.min_text``, the host's body size — ELDER_UI.md's minimum for the channel,
       TV 48 px, kiosk 52 dp; never below it);
    3. a short form, when there is one (``short_words``, for a reminder like the red key's
       hint — the full words are what is said aloud), at the same sizes;
    4. if still not: the lines drawn whole, centred, over the box's edges (``text_size`` has
       no height, so Kivy drops nothing), with ``needed`` their height — the layout check
       reports it; nothing is ever silently lost.

    Lines break where a line may break (:func:`~.text_fit.break_softly`: at spaces, never
    inside a word, number, date, time or phone; Chinese 禁则); a size at which a word would
    be cut ("Prescript⏎ion") is not taken. ``fit_words``: the words a group of tiles shown
    together is fitted to (the widest, :func:`~.tiles.one_size`), so they read at one size."""

    words = StringProperty("")
    fit_words = StringProperty("")
    largest = NumericProperty(0)  # 0: the size of size_role
    comfortable = NumericProperty(0)  # 0: app.look.body (her size's body text)
    smallest = NumericProperty(0)  # 0: app.look.min_text
    short_words = StringProperty("")  # shown when the words cannot be whole at any size
    # Its height follows its lines (give it ``size_hint_y: None``): a tile or row grows with it.
    grows = BooleanProperty(False)
    grow_lines = NumericProperty(2)  # lines a growing label may take
    max_height = NumericProperty(0)  # a growing label's room it should stay in when it can (0: any)
    fitted = NumericProperty(0)  # the size chosen (0 until laid out)
    needed = NumericProperty(0)  # the height of its lines at that size

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._refit = Clock.create_trigger(self._fit, -1)
        self.bind(words=self._refit, size=self._refit, size_role=self._refit, fit_words=self._refit,
                  largest=self._refit, smallest=self._refit, comfortable=self._refit,
                  short_words=self._refit, grows=self._refit,
                  grow_lines=self._refit, max_height=self._refit)
        self._refit()

    def _fit(self, *_args: Any) -> None:
        app = App.get_running_app()
        look = getattr(app, "look", None)
        if look is None or self.width < 2 or (self.height < 2 and not self.grows):
            return
        if not self.words.strip():
            self.text, self.needed = self.words, 0
            if self.grows:
                self.height = 0
            return
        largest = whole(self.largest or getattr(look, self.size_role))
        smallest = whole(min(largest, self.smallest or look.min_text))
        comfortable = whole(min(largest, max(smallest, self.comfortable or look.body)))
        step = max(1.0, round(look.px(2)))  # whole pixels: each size is a font face opened anew
        sizes = [largest]
        while sizes[-1] > smallest:
            sizes.append(max(smallest, sizes[-1] - step))
        tiers = [[s for s in sizes if s >= comfortable], [s for s in sizes if s < comfortable]]
        lines = range(1, max(1, int(self.grow_lines)) + 1) if self.grows else (0,)
        found = None
        for words, sample in ((self.words, self.fit_words or self.words), (self.short_words, self.short_words)):
            if not words.strip():
                continue
            # The group's widest words set the size; its own words must be whole at it too
            # (a word of its own may be wider than any of the sample's: "Satisfied" beside
            # "Not satisfied").
            found = next(((words, size) for tier in tiers for n in lines for size in tier
                          if self._whole(words, size) and self._fits(sample, size, n)), None)
            if found:
                break
        words, size = found or (self.words, smallest)
        self.fitted = size
        self.font_size = size
        self.text = break_softly(words, self.width, size, self.font_name, self.bold)
        self.needed = laid_out(self.text, self.width, size, self.font_name, self.bold, self.line_height)[0]
        if self.grows:
            self.height = self.needed

    def _fits(self, words: str, size: float, lines: int) -> bool:
        """Do ``words`` fit at ``size``: every word whole on a line, and in the box's height
        (``lines`` 0) or in ``lines`` lines within ``max_height``."""
        if not self._whole(words, size):
            return False
        if lines and line_count(words, self.width * ESTIMATE_SLACK, size) > lines:
            return False  # by the estimate (a Latin word's is wide): no face opened at a size that cannot do
        height, count = laid_out(break_softly(words, self.width, size, self.font_name, self.bold), self.width, size, self.font_name,
                                 self.bold, self.line_height)
        if not lines:
            return height <= self.height
        return count <= lines and (not self.max_height or height <= self.max_height)

    def _whole(self, words: str, size: float) -> bool:
        """No word of ``words`` wider than the box at ``size``, by its drawn width in this face."""
        return words_whole(words, self.width, size, self.font_name, self.bold)

    def _height_at(self, size: float) -> float:
        return laid_out(break_softly(self.words, self.width, size, self.font_name, self.bold), self.width, size, self.font_name, self.bold,
                        self.line_height)[0]
