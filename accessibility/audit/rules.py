"""The elder-friendly numbers the audit enforces, each with its source (ELDER_UI.md)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    source: str

    def __str__(self) -> str:
        return f"{self.text} [{self.id}; {self.source}]"


MAIN_TEXT_MIN_DP = 18.0
HEADLINE_MIN_DP = 30.0
LINE_HEIGHT_MIN = 1.3
PARAGRAPH_SPACING_MIN = 1.3
TEXT_CONTRAST_MIN = 4.5
HIGH_TEXT_CONTRAST_MIN = 7.0
UI_CONTRAST_MIN = 3.0
PRIMARY_TARGET_MIN_DP = 60.0
SECONDARY_TARGET_MIN_DP = 44.0
MENU_ITEMS_MAX = 6
FOCUS_RING_MIN_DP = 1.0           # 2 CSS px ≈ 2 px on a phone; on the TV 2 px = 1 dp
FOCUS_SCALE_RANGE = (1.05, 1.2)   # "focused tile scaled ~1.1×"
TV_VIEWPORT = (1920, 1080)
TV_BODY_MIN_PX = 48.0
TV_HEADLINE_MIN_PX = 80.0
TV_SAFE_FRACTION = 0.05
IDLE_WARNING_LEAD_MIN_S = 20.0
ALLOWED_FONT_SCALES = (1.0, 1.25, 1.5)

TEXT_SIZE = Rule("text-size", f"every text ≥ {MAIN_TEXT_MIN_DP:g} dp-equivalent", "MIIT 适老化 §1.1")
HEADLINE_SIZE = Rule("headline-size", f"headline ≥ {HEADLINE_MIN_DP:g} dp-equivalent", "MIIT 适老化 §1.1")
LINE_HEIGHT = Rule("line-height", f"line spacing ≥ {LINE_HEIGHT_MIN:g} × font size", "MIIT 适老化 §1.2")
PARAGRAPH = Rule("paragraph-spacing", f"paragraph spacing ≥ {PARAGRAPH_SPACING_MIN:g} × line spacing", "MIIT 适老化 §1.2")
TEXT_CONTRAST = Rule("text-contrast", f"text contrast ≥ {TEXT_CONTRAST_MIN:g}:1", "MIIT 适老化 §1.3; WCAG 1.4.3")
HIGH_CONTRAST = Rule("high-contrast", f"text contrast ≥ {HIGH_TEXT_CONTRAST_MIN:g}:1 in the high-contrast theme", "WCAG 1.4.6")
UI_CONTRAST = Rule("ui-contrast", f"focus ring and boundaries ≥ {UI_CONTRAST_MIN:g}:1", "WCAG 1.4.11, 2.4.13")
PRIMARY_TARGET = Rule("primary-target", f"primary targets ≥ {PRIMARY_TARGET_MIN_DP:g}×{PRIMARY_TARGET_MIN_DP:g} dp", "MIIT 适老化 §2.1")
SECONDARY_TARGET = Rule("secondary-target", f"other targets ≥ {SECONDARY_TARGET_MIN_DP:g}×{SECONDARY_TARGET_MIN_DP:g} dp", "MIIT 适老化 §2.1")
MENU_ITEMS = Rule("menu-items", f"≤ {MENU_ITEMS_MAX} items per menu screen", "DESIGN.md §2.1; MIIT 适老化")
FOCUS = Rule("focus", "exactly one visible focus: ring ≥ 1 dp, focused tile scaled ~1.1×", "Android TV focus; WCAG 2.4.13")
TV_TEXT = Rule("tv-text", f"TV body ≥ {TV_BODY_MIN_PX:g} px, headline ≥ {TV_HEADLINE_MIN_PX:g} px at 1920×1080", "ELDER_UI.md TV (ours)")
TV_SAFE = Rule("tv-safe-area", "title-safe margin ≥ 5%: 96 px left/right, 54 px top/bottom", "Android TV")
FONT_SCALE = Rule("font-scale", f"font scales are some of {ALLOWED_FONT_SCALES} and include 1.0", "ELDER_UI.md")
TIME_LIMIT = Rule("time-limit", f"time limits warn ≥ {IDLE_WARNING_LEAD_MIN_S:g} s ahead and can be extended", "MIIT 适老化 §2.3; WCAG 2.2.1")
SCHEMA = Rule("schema", "the file loads into its strict model", "STYLE.md §1")
REFERENCE = Rule("reference", "names refer to things that exist", "STYLE.md §1")
PRINTED = Rule("printed-size", "a slip layout declares the sizes its stylesheet prints", "DESIGN.md §2.4")
SPEECH = Rule("speakable", "every service and menu has a sentence to speak", "DESIGN.md §2.4")
