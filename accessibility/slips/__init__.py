"""Printable confirmation slips: 58/80 mm thermal rolls and A5 large print (DESIGN.md §2.4).

``SlipRenderer`` makes PDFs (warm, locked to packaged assets); ``SlipCache`` pre-renders a
slip as soon as a request is confirmed so "print" is instant; ``SlipPrinter`` sends it to
CUPS. Masking is ``personal_data.masking`` (one rule set with the centre); the QR reference
lives in ``reference``.
Heavy imports (WeasyPrint) happen only when those classes are imported.
"""
from __future__ import annotations

from typing import Any

__all__ = ["SlipRenderer", "SlipCache", "SlipPrinter", "SlipConfig", "Slip", "SlipError", "LAYOUTS"]

_LAZY = {
    "SlipRenderer": ".renderer", "Slip": ".renderer", "SlipError": ".renderer",
    "SlipCache": ".cache", "SlipPrinter": ".printing", "SlipConfig": ".config", "LAYOUTS": ".layouts",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(name)
