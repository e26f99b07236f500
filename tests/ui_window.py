"""One Kivy window for the whole test run, made at the TV's 1920×1080 design size."""
from __future__ import annotations

__all__ = ["window_size"]


def window_size() -> tuple[int, int]:
    """Create the window at the 1920×1080 design size if nobody has yet (an offscreen SDL
    surface cannot be resized later: pixels outside its first size are garbage)."""
    import sys

    if "kivy.core.window" not in sys.modules:
        from kivy.config import Config

        Config.set("graphics", "width", "1920")
        Config.set("graphics", "height", "1080")
    from kivy.core.window import Window

    return tuple(Window.size)
