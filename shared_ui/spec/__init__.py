"""The one UI spec every channel renders (DESIGN.md §2.1)."""
from .loader import DEFAULT_DIR, Problem, SpecError, load_spec, load_spec_from
from .models import CHANNELS, MAX_ITEMS_PER_SCREEN, MAX_MENU_DEPTH, Spec

__all__ = [
    "CHANNELS", "DEFAULT_DIR", "MAX_ITEMS_PER_SCREEN", "MAX_MENU_DEPTH", "Problem", "Spec",
    "SpecError", "load_spec", "load_spec_from",
]
