"""The kiosk's big keypad: digits (with the ID number's X), 删除, 清空 and 确定, in a 3×4 grid of
keys far bigger than a fingertip, and the typed value shown large above the touch zone.

Typed digits are shown (the elder must see them) but never said aloud: an ID number or a
phone read out in a health station is overheard. A volunteer's keyboard or a scanner types
into the same value (:meth:`KioskKeypad.type_text`)."""
from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import InputHints
from shared_ui.kivy_kit.labels import BoxText

from .. import strings as S
from .base import VIEW_PREFIX, KioskTile

DIGIT_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")
GROUPS = {"id_number": (6, 8, 4), "phone": (3, 4, 4), "digits": (4, 4, 4, 4)}


class KioskKeyTile(KioskTile):
    BOUNCE_S = 0.25   # a tremor's second touch comes sooner; "11" typed on purpose comes later

    def __init__(self, **kw: Any):
        kw.setdefault("repeat_s", self.BOUNCE_S)
        super().__init__(**kw)


class KioskTypedValue(BoxText):
    pass


def grouped(value: str, keypad: str) -> str:
    """110105194912310021 → 110105 19491231 0021 (easier to check against the card)."""
    sizes = GROUPS.get(keypad)
    if not sizes:
        return value
    parts, at = [], 0
    for size in sizes:
        if at >= len(value):
            break
        parts.append(value[at:at + size])
        at += size
    if at < len(value):
        parts.append(value[at:])
    return " ".join(parts)


class KioskKeypad(BoxLayout):
    value = StringProperty("")

    def __init__(self, hints: InputHints, strings: Any, **kw: Any):
        super().__init__(**kw)
        self.hints = hints
        self.strings = strings
        self.display = KioskTypedValue()
        self.keys: list[KioskKeyTile] = []
        grid = Factory.KioskKeyGrid()
        self.add_widget(grid)
        t = strings.t
        if hints.keypad == "text":
            self.display = Factory.KioskTypedText()
            self.display.bind(text=lambda _w, text: setattr(self, "value", text[:hints.max_length]))
            rows = [("clear", t(S.KEY_CLEAR)), ("ok", t(S.KEY_OK))]
            grid.cols = 2
        else:
            last = "X" if hints.keypad == "id_number" else ("clear", t(S.KEY_CLEAR))
            rows = [*DIGIT_KEYS, last, "0", ("del", t(S.KEY_DELETE))]
        for key in rows:
            key_id, label = key if isinstance(key, tuple) else (key, key)
            self._key(grid, key_id, label)
        if hints.keypad != "text":
            ok_row = Factory.KioskKeyGrid(cols=2 if hints.keypad == "id_number" else 1)
            self.add_widget(ok_row)
            if hints.keypad == "id_number":
                self._key(ok_row, "clear", t(S.KEY_CLEAR))
            self._key(ok_row, "ok", t(S.KEY_OK), fill="success")
        self.bind(value=self._show)
        self._show()

    def _key(self, parent: Any, key_id: str, label: str, fill: str = "surface") -> KioskKeyTile:
        tile = KioskKeyTile(item_id=VIEW_PREFIX + key_id, label=label, speak="" if len(key_id) == 1 else label,
                       fill_role="success" if key_id == "ok" else fill)
        parent.add_widget(tile)
        self.keys.append(tile)
        return tile

    def _show(self, *_args: Any) -> None:
        if self.hints.keypad != "text":
            self.display.text = grouped(self.value, self.hints.keypad) or "＿" * min(self.hints.max_length, 4)

    def press(self, key: str) -> tuple[str, Any] | str:
        """A key was touched: the event to send (``("input", value)`` on 确定) or what to say."""
        if key == "ok":
            return ("input", self.value) if self.value.strip() else self.strings.t(S.TYPED_NOTHING)
        if key == "del":
            self.value = self.value[:-1]
        elif key == "clear":
            self.value = ""
            if self.hints.keypad == "text":
                self.display.text = ""
        elif len(self.value) < self.hints.max_length:
            self.value += key
        return ""

    def type_text(self, text: str) -> tuple[str, Any] | str | None:
        """Keys from a keyboard; Enter is 确定 (the event to send, as :meth:`press` gives)."""
        typed, enter = text.replace("\n", ""), "\n" in text
        if self.hints.keypad == "text":
            self.display.text = (self.display.text + typed)[:self.hints.max_length]
        else:
            allowed = "0123456789" + ("Xx" if self.hints.keypad == "id_number" else "")
            for char in typed:
                if char in allowed:
                    self.press(char.upper())
        return self.press("ok") if enter else None
