"""What a Kivy channel's dropped views leave behind, for both channels' tests: a view the shell
replaced, a pop-up closed, a caption read must leave nothing bound to ``app.look``
(shared_ui/kivy_kit/discard.py).

Kivy unbinds a widget's kv rules only when the cyclic collector frees it; a fresh-clone CI run
once failed with ``ReferenceError`` out of ``app.look = …`` when a collection came in the middle
of running a dropped view's rules. So the walks here run with the collector off (dropped views
stay as garbage, as they do between two collections) and count the look's observers — what
fails every time while a dropped view stays bound — and then change the look with the
collector on a hair trigger (a collection every few allocations), the way the error came; that
alone did not bring the error back on this machine, the counts do show its cause."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterator

from shared_ui.flow import Screen


def look_observers(app: Any) -> int:
    return len(app.get_property_observers("look"))


@contextmanager
def collector(enabled: bool, threshold: int | None = None) -> Iterator[None]:
    was_enabled, was = gc.isenabled(), gc.get_threshold()
    gc.collect()
    (gc.enable if enabled else gc.disable)()
    if threshold is not None:
        gc.set_threshold(threshold, 1, 1)
    try:
        yield
    finally:
        gc.set_threshold(*was)
        (gc.enable if was_enabled else gc.disable)()


def walk(probe: Any, screens: dict[str, Screen], rest: Screen, rounds: int = 2) -> list[int]:
    """Show every screen, ``rounds`` times, each round ending on ``rest``: the look's observers
    after each round (the same screen shown each time: the same count, if nothing dropped
    stays bound)."""
    shell = probe.app.shell
    counts = []
    for _ in range(rounds):
        for _name, screen in sorted(screens.items()):
            shell.show(screen)
            probe.frames(1)
        shell.show(rest)
        probe.frames(2)
        counts.append(look_observers(probe.app))
    return counts


def change_looks(probe: Any) -> None:
    """Text size and theme, there and back, as her family would set them."""
    app = probe.app
    start = {"font_scale": app.look.font_scale, "theme": app.look.theme}
    for preferences in ({"font_scale": 1.5, "theme": "high_contrast"}, {"font_scale": 1.25}, start):
        app.apply_preferences(preferences)
        probe.frames(2)
