"""The kiosk's big keypad: digits (with the ID number's X), 删除, 清空 and 确定, in a 3×4 grid of
keys far bigger than a fingertip, and the typed value shown large above the touch zone.

Every keypad has the same keys in the same places (:data:`LAYOUT`): X bottom-left, 删除
bottom-right, 清空 and 确定 under them. A key that does not apply here (X for a phone's digits)
keeps its place blank and greyed — never another action under a finger that learnt the place
(a user trial: 清空 took X's place on the phone's keypad, the step after the ID number).

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
# Every digit keypad, row by row (the last row under the 3×4 grid).
LAYOUT = ((*DIGIT_KEYS, "X", "0", "del"), ("clear", "ok"))
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
            grid.cols = 2   # the text box's keys: 清空 and 确定, as under every keypad
            self._key(grid, "clear", t(S.KEY_CLEAR))
            self._key(grid, "ok", t(S.KEY_OK))
        else:
            words = {"del": t(S.KEY_DELETE), "clear": t(S.KEY_CLEAR), "ok": t(S.KEY_OK)}
            for key in LAYOUT[0]:
                tile = self._key(grid, key, words.get(key, key))
                if len(key) == 1 and key not in self.allowed:
                    tile.label, tile.speak, tile.enabled = "", "", False   # its place kept, blank
            ok_row = Factory.KioskKeyGrid(cols=2)
            self.add_widget(ok_row)
            for key in LAYOUT[1]:
                self._key(ok_row, key, words[key])
        self.bind(value=self._show)
        # A refused entry comes back as she typed it (the engine gives it: ``hints.value``), for
        # her to correct key by key with 删除 — never to type all 18 digits again.
        given = (hints.value or "")[:hints.max_length]
        if hints.keypad == "text":
            self.display.text = given
        self.value = given
        self._show()

    def _key(self, parent: Any, key_id: str, label: str, fill: str = "surface") -> KioskKeyTile:
        tile = KioskKeyTile(item_id=VIEW_PREFIX + key_id, label=label, speak="" if len(key_id) == 1 else label,
                       fill_role="success" if key_id == "ok" else fill)
        parent.add_widget(tile)
        self.keys.append(tile)
        return tile

    @property
    def allowed(self) -> str:
        """The characters this keypad types."""
        return "0123456789" + ("X" if self.hints.keypad == "id_number" else "")

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
        elif key in self.allowed and len(self.value) < self.hints.max_length:
            self.value += key
        return ""

    def type_text(self, text: str) -> tuple[str, Any] | str | None:
        """Keys from a keyboard; Enter is 确定 (the event to send, as :meth:`press` gives)."""
        typed, enter = text.replace("\n", ""), "\n" in text
        if self.hints.keypad == "text":
            self.display.text = (self.display.text + typed)[:self.hints.max_length]
        else:
            for char in typed:
                if char.upper() in self.allowed:
                    self.press(char.upper())
        return self.press("ok") if enter else None
