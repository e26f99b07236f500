"""What each remote action does, given what is on screen.

Routing only: the flow engine decides what comes next, the shell moves the focus ring, the
sink speaks. A message pop-up, when one is open, takes the keys first (OK acknowledges it,
Back puts it aside); SOS always goes straight to the engine, whatever is open. OK and the
digit keys are ignored for a moment after a new screen appears, so a press meant for the
last screen (a double press from a shaking hand) never confirms a booking on the next one.
Pop-ups wait while a result is being read out (a reminder for the visit just booked would
otherwise cut its confirmation off), and never cover the emergency screen.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Callable

from shared_ui.flow.screens import Screen, Step
from shared_ui.kivy_kit.speech import SpeechSink

from . import strings as S
from .views.base import NAV_PREFIX, FocusTile

if TYPE_CHECKING:
    from .flow_host import FlowHost
    from .pushes import MessagePushes
    from .shell import Shell
    from .strings import TvStrings

log = logging.getLogger(__name__)
SOS_TILE = "emergency"
NAV_EVENTS = {"back": "back", "repeat": "repeat", "help": "help", "home": "home"}


class TvController:
    def __init__(self, shell: "Shell", speech: SpeechSink, strings: "TvStrings",
                 make_popup: Callable[[dict[str, Any]], Any], *, guard_s: float = 0.4,
                 result_hold_s: float = 20.0, clock: Callable[[], float] = time.monotonic,
                 schedule: Callable[[Callable[[], None], float], Any] | None = None):
        self.shell = shell
        self.speech = speech
        self.strings = strings
        self.make_popup = make_popup
        self.guard_s = guard_s
        self.result_hold_s = result_hold_s
        self.clock = clock
        self.schedule = schedule
        self._recheck: Any = None
        self.host: FlowHost | None = None
        self.pushes: MessagePushes | None = None
        self.messages: deque[dict[str, Any]] = deque()
        self.popup: Any = None
        self._ok_on: str | None = None
        self._shown_at = -1e9
        self.standalone_speech = ""

    # -- wiring -------------------------------------------------------------------------------
    def attach(self, host: "FlowHost", pushes: "MessagePushes | None") -> None:
        self.host, self.pushes = host, pushes

    def say(self, text: str) -> None:
        if text:
            self.speech.speak(text)

    def show_standalone(self, screen: Screen, speech: str) -> None:
        """A screen of the app itself (pairing, connecting): no engine behind it yet."""
        if self.shell.show(screen):
            self._shown_at = self.clock()
        self.standalone_speech = speech
        self.say(speech)

    # -- engine steps -------------------------------------------------------------------------
    def on_step(self, step: Step, cause: str) -> None:
        if cause == "focus":
            self.say(step.speech)
            return
        before = self.shell.screen.id if self.shell.screen is not None else None
        if self.shell.show(step.screen) and step.screen.id != before:
            self._shown_at = self.clock()  # a new screen, not new words on the same one
        if step.screen.kind == "alarm" and self.popup is not None:
            self.messages.appendleft(self.popup.message)  # the emergency screen is never covered
            self._close_popup()
        self.say(step.speech)
        self._next_message()

    def on_focus(self, tile: FocusTile, speak: bool) -> None:
        if not speak:
            return
        if self.popup is None and tile.group == "items" and self.host is not None and self.host.started:
            self.host.send("focus", tile.item_id)  # the engine remembers it and gives the sentence
        else:
            self.say(tile.speak or tile.label)

    # -- remote actions -----------------------------------------------------------------------
    def on_action(self, action: str) -> None:
        if action in ("up", "down", "left", "right"):
            tile, moved = self.shell.move(action)
            if not moved and tile is not None:
                self.say(tile.speak or tile.label)  # nothing that way: say where the ring is
            return
        if action == "long_ok":
            # The press began on the SOS tile and did not raise the alarm (ignored by the
            # screen guard, say): holding it does. If it did, the held key does nothing more.
            screen = self.shell.screen
            if self._ok_on == SOS_TILE and (screen is None or screen.kind != "alarm"):
                self._sos()
            return
        if action == "ok":
            self._ok_on = self.shell.focused.item_id if self.shell.focused else None
        if action == "sos":
            self._sos()
            return
        guarded = self.clock() - self._shown_at < self.guard_s
        if guarded and (action == "ok" or action.startswith("digit:")):
            log.info("ignored %s %.2fs after a new screen", action, self.clock() - self._shown_at)
            return
        if self.popup is not None:
            self._popup_action(action)
        elif self.host is None or not self.host.started:
            self._standalone_action(action)
        else:
            self._flow_action(action)

    def _send(self, kind: str, value: Any = None) -> None:
        if self.host is not None and self.host.started:
            self.host.send(kind, value)

    def _sos(self) -> None:
        if self.host is None or not self.host.started:
            # Not bound yet, or no elder to raise an alarm for: the phone numbers, loud and clear.
            self.say(self.strings.t(S.OFFLINE_BODY))
            return
        if self.popup is not None:
            self.messages.appendleft(self.popup.message)
            self._close_popup()
        self.host.send("sos")

    def _flow_action(self, action: str) -> None:
        if action == "ok":
            item_id = self._ok_on or ""
            if item_id.startswith(NAV_PREFIX):
                self._send(NAV_EVENTS.get(item_id[len(NAV_PREFIX):], "repeat"))
            elif item_id:
                self._send("select", item_id)
            else:
                self._send("confirm")
        elif action.startswith("digit:"):
            self._send("digit", int(action.split(":")[1]))
        elif action in NAV_EVENTS:
            self._send(NAV_EVENTS[action])

    def _standalone_action(self, action: str) -> None:
        if action in ("ok", "repeat", "help", "back", "home"):
            self.say(self.standalone_speech)

    # -- pushed messages ----------------------------------------------------------------------
    def on_message(self, message: dict[str, Any]) -> None:
        if message.get("kind") == "checkin":
            self.messages.appendleft(message)  # 报平安 first: the centre is waiting for it
        else:
            self.messages.append(message)
        self._next_message()

    def _next_message(self) -> None:
        screen = self.shell.screen
        if self.popup is not None or (screen is not None and screen.kind == "alarm"):
            return
        if self.host is not None and not self.host.idle:
            return  # after the answer being waited for: its result first, then the pop-up
        if screen is not None and screen.kind == "result" and self.messages:
            wait = self.result_hold_s - (self.clock() - self._shown_at)
            if wait > 0:
                if self.schedule is not None and self._recheck is None:
                    self._recheck = self.schedule(self._held_messages, wait)
                return
        message = None
        while self.messages and message is None:
            message = self.messages.popleft()
            if self.pushes is not None and self.pushes.already_told(message):
                self.pushes.ack(message)
                message = None
        if message is None:
            return
        self.popup = self.make_popup(message)
        self.shell.open_overlay(self.popup)
        self._shown_at = self.clock()
        self.say(self.strings.t(S.MESSAGE_NEW) + self.popup.speech)

    def _held_messages(self) -> None:
        self._recheck = None
        self._next_message()

    def _popup_action(self, action: str) -> None:
        focused = self._ok_on if action == "ok" else None
        if action == "ok" and focused == "ack":
            message = self.popup.message
            self._close_popup()
            if self.pushes is not None:
                self.pushes.ack(message, then=lambda answer, m=message: self._acknowledged(m, answer))
            self._after_popup()
        elif action in ("ok", "repeat"):
            self.say(self.popup.speech)
        elif action in ("back", "home", "help"):
            self._close_popup()  # put aside: it stays unread in 消息
            if action != "back":
                self._send(action)
            self._after_popup()

    def _acknowledged(self, message: dict[str, Any], answer: Any) -> None:
        """The centre has it: say its thanks for a check-in; refresh a list that shows it."""
        if message.get("kind") == "checkin" and isinstance(answer, dict):
            self.say(answer.get("speech") or "")
        self._send("refresh")

    def _close_popup(self) -> None:
        self.popup = None
        self.shell.close_overlay()

    def _after_popup(self) -> None:
        if self.messages:
            self._next_message()
        elif self.shell.focused is not None:
            self.say(self.shell.focused.speak or self.shell.focused.label)
