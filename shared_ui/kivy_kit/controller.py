"""The part of a channel's controller that does not depend on its input: the engine's steps
drawn and said, the app's own screens before an engine runs (connecting, pairing), and when
something new last appeared — a press or a touch in the first moments after a new screen or
pop-up was meant for the last one (a shaking hand's double press) and is dropped. The TV
adds its remote and focus, the kiosk its touches."""
from __future__ import annotations

import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Callable

from shared_ui.flow.screens import Screen, Step
from shared_ui.strings import Strings

from .speech import SpeechSink

if TYPE_CHECKING:
    from .flow_host import FlowHost


def shown(screen: Screen | None) -> tuple[Any, ...]:
    """What counts as "something new appeared": another screen, or another pop-up."""
    if screen is None:
        return (None, None)
    popup = screen.popup
    return (screen.id, (popup.id, popup.record_id, popup.title) if popup else None)


def screen_content(screen: Screen | None) -> dict[str, Any] | None:
    """What a view draws of ``screen``: not its focus, its pop-up or its idle timer (a view is
    built again only when this changes)."""
    if screen is None:
        return None
    data = asdict(screen)
    for key in ("focus", "popup", "idle_after_s", "refresh_after_s"):
        data.pop(key, None)
    return data


class ChannelController:
    def __init__(self, shell: Any, speech: SpeechSink, strings: Strings, *, guard_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self.shell = shell
        self.speech = speech
        self.strings = strings
        self.guard_s = guard_s
        self.clock = clock
        self.host: FlowHost | None = None
        self._shown_at = -1e9
        self.standalone_speech = ""

    def attach(self, host: "FlowHost") -> None:
        self.host = host

    def say(self, text: str) -> None:
        if text:
            self.speech.speak(text)

    def show_standalone(self, screen: Screen, speech: str) -> None:
        """A screen of the app itself (pairing, connecting): no engine behind it yet."""
        if self.shell.show(screen):
            self._shown_at = self.clock()
        self.standalone_speech = speech
        self.say(speech)

    def show_step(self, step: Step) -> None:
        """Draw an engine step; a new screen or pop-up starts the guard."""
        before = shown(self.shell.screen)
        self.shell.show(step.screen)
        if shown(step.screen) != before:
            self._shown_at = self.clock()

    def guarded(self) -> bool:
        """Within the guard after something new appeared: a press now was meant for before."""
        return self.clock() - self._shown_at < self.guard_s

    @property
    def popup(self) -> Screen | None:
        screen = self.shell.screen
        return screen.popup if screen is not None else None
