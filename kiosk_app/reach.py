"""What is wrong with a screen's touch targets, for a standing elder with a shaky hand
(ELDER_UI.md, Kiosk): every target within the reach band (ADA §308: 380–1220 mm above the
floor), at least 60 dp each way (9.5 mm on the panel: MIIT §2.1), none overlapping another (a
finger on two things). Read from the laid-out widgets; used by the UI tests on every screen of
the shared corpus at every text size, in both orientations."""
from __future__ import annotations

from typing import Any

from shared_ui.kivy_kit.layout_check import Rect

MIN_TARGET_DP = 60.0


def touch_problems(shell: Any, look: Any) -> list[str]:
    found = []
    rects = []
    for tile in shell.touchables():
        if tile.get_root_window() is None or tile.opacity <= 0.01 or tile.width < 2:
            continue
        rect = Rect.of(tile)
        rects.append((tile, rect))
        name = f"{type(tile).__name__}({tile.item_id!r})"
        if rect.y1 > look.reach_top + 1 or rect.y0 < look.reach_bottom - 1:
            found.append(f"{name} at {rect} is out of reach: targets go between "
                         f"y {look.reach_bottom:.0f} and {look.reach_top:.0f}")
        least = look.px(MIN_TARGET_DP)
        if tile.width + 0.5 < least or tile.height + 0.5 < least:
            found.append(f"{name} is {look.mm(tile.width):.1f}×{look.mm(tile.height):.1f} mm: "
                         f"under {MIN_TARGET_DP:.0f} dp ({look.mm(least):.1f} mm)")
    for n, (tile, rect) in enumerate(rects):
        for other, other_rect in rects[n + 1:]:
            if rect.overlaps(other_rect, tol=0.5):
                found.append(f"{tile.item_id!r} at {rect} overlaps {other.item_id!r} at {other_rect}")
    return found
