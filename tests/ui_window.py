"""One Kivy window for the whole test run (an offscreen SDL surface cannot be resized later:
pixels outside its first size are garbage). It is square, 1920×1920, so that each app draws
its own panel in it at the lower left (``keep_window``): the TV's 1920×1080, the standing
kiosk's 1080×1920, the kiosk on its side."""
from __future__ import annotations

__all__ = ["KIOSK_LANDSCAPE", "KIOSK_PORTRAIT", "TV_SIZE", "window_size"]

TV_SIZE = (1920, 1080)
KIOSK_PORTRAIT = (1080, 1920)
KIOSK_LANDSCAPE = (1920, 1080)
SIDE = 1920


def window_size() -> tuple[int, int]:
    """Create the shared window if nobody has yet; returns the TV's panel size."""
    import sys

    if "kivy.core.window" not in sys.modules:
        from kivy.config import Config

        Config.set("graphics", "width", str(SIDE))
        Config.set("graphics", "height", str(SIDE))
    from kivy.core.window import Window  # noqa: F401

    return TV_SIZE
