"""Paper the product prints on: 58 mm and 80 mm thermal rolls (kiosk printers) and A5.

A roll has no page height: CSS ``@page { size: 80mm auto }`` is invalid and WeasyPrint
quietly falls back to A4, so every layout is laid out on a very tall page and then cut to
the content (a roll) or to its sheet (see ``fitting``). Thermal heads print 203 dpi, 1 bit: the CSS for
rolls uses black only, bold strokes and rules no thinner than 3 dots.
"""
from __future__ import annotations

from dataclasses import dataclass

MM_PER_PX = 25.4 / 96  # CSS px


@dataclass(frozen=True)
class Layout:
    name: str
    width_mm: float
    height_mm: float | None  # None: a roll, cut to the content
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    css: str  # stylesheet in assets/slips/
    dpi: int  # the printer's resolution, for QR module sizes and PNG checks
    qr_dots: int  # printer dots per QR module
    lp_media: str  # CUPS media name for a fixed sheet ("" for rolls: computed per slip)

    @property
    def roll(self) -> bool:
        return self.height_mm is None

    def page_css(self, height_mm: float | None = None) -> str:
        """A page as wide as the paper and very tall (3 m): ``fitting`` cuts it to its length."""
        top, right, bottom, left = self.margins_mm
        return (f"@page {{ size: {self.width_mm}mm {height_mm or 3000}mm; "
                f"margin: {top}mm {right}mm {bottom}mm {left}mm; }}")

    def media_for(self, height_mm: float) -> str:
        """CUPS ``media`` option: the sheet, or a custom roll length for this slip."""
        return self.lp_media or f"Custom.{self.width_mm:g}x{height_mm:.0f}mm"


LAYOUTS: dict[str, Layout] = {
    # 58 mm roll: 48 mm printable (384 dots) on common kiosk heads.
    "58mm": Layout("58mm", 58, None, (3, 4, 8, 4), "thermal-58.css", 203, 5, ""),
    # 80 mm roll: 72 mm printable (576 dots).
    "80mm": Layout("80mm", 80, None, (3, 4, 8, 4), "thermal-80.css", 203, 6, ""),
    # A5 large print for home printers and the family's PDF download.
    "a5": Layout("a5", 148, 210, (5, 12, 5, 12), "a5.css", 300, 8, "A5"),
}


def layout_named(name: str) -> Layout:
    try:
        return LAYOUTS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown slip layout {name!r}; choose one of {', '.join(LAYOUTS)}") from None
