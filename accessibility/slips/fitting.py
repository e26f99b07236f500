"""Every slip fits its paper: a roll is one strip cut to the content, a sheet (A5) one page.

Every layout is laid out once on a very tall page (CSS ``@page`` cannot say "as tall as the
content", and ``size: 80mm auto`` silently becomes A4); the ``#slip-end`` anchor then says
how tall the content is (public ``Page.anchors``, CSS px from the page top). A roll's page is
cut there; a sheet's page is set to the sheet when the content fits — one layout pass, the
same work as rendering onto the sheet directly.

Content taller than the sheet (a long pickup address, an alarm with many steps) is laid out
again with every type size of the layout scaled down (``scaled_sizes``) until it fits, never
below ``MIN_SCALE``: text shrinks rather than leaving the paper or spilling a lone 出单时间 on
a second page. Text that is too wide wraps anywhere (slip.css ``overflow-wrap``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .content import N_
from .layouts import MM_PER_PX, Layout

END_ANCHOR = "slip-end"
MIN_SCALE = 0.5  # A5 body 18 pt → 9 pt at the least (an alarm record with a score of steps)
MAX_PASSES = 5
_SIZE = re.compile(r"(--[\w-]+)\s*:\s*([\d.]+)pt")
_ROOT = re.compile(r":root\s*\{(.*?)\}", re.S)


class SlipDoesNotFit(Exception):
    """Raised with a code and a sentence an elder can hear (the renderer's SlipError wraps it)."""

    def __init__(self, code: str, message: str):
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Fit:
    height_mm: float
    scale: float
    content_mm: float  # how tall the content is, margins included


def content_height_px(document, layout: Layout) -> float:
    """Content height plus the bottom margin (for a roll: the feed before the cutter)."""
    if len(document.pages) != 1:
        raise SlipDoesNotFit("slip_too_long", N_("这张单子太长了，打印不下。请让家人在小程序里查看。"))
    anchor = document.pages[0].anchors.get(END_ANCHOR)
    if anchor is None:
        raise SlipDoesNotFit("template_error", N_("单子的格式有问题，请联系工作人员。"))
    return anchor[1] + layout.margins_mm[2] / MM_PER_PX


def fits(document, layout: Layout) -> bool:
    """A roll always fits (it is cut to the content); a sheet when its content is no taller."""
    return layout.roll or content_height_px(document, layout) <= layout.height_mm / MM_PER_PX + 0.5


def cut(document, layout: Layout, scale: float = 1.0) -> Fit:
    """Set the page to its paper: ``Page.height`` is what ``write_pdf`` uses for the MediaBox."""
    content = content_height_px(document, layout)
    height_px = content if layout.roll else layout.height_mm / MM_PER_PX
    document.pages[0].height = height_px
    return Fit(round(height_px * MM_PER_PX, 2), scale, round(content * MM_PER_PX, 2))


def next_scale(tried: list[tuple[float, float]], layout: Layout) -> float:
    """The next, smaller scale to try, from the (scale, content height px) pairs tried so far.

    A slip's height is close to affine in the scale (type and line heights shrink, rules, the
    QR code and paddings in mm do not): with two tries the line through them gives the scale,
    with one it is assumed proportional. 1% is kept in hand for rounding in the layout.
    """
    target = layout.height_mm / MM_PER_PX * 0.99
    (s0, h0), (s1, h1) = min(tried), max(tried)  # the smallest and the largest scale tried
    slope = (h1 - h0) / (s1 - s0) if s1 != s0 else 0
    guess = s0 + (target - h0) / slope if slope > 0 else s0 * target / h0
    smallest = min(s for s, _ in tried)
    return max(MIN_SCALE, round(min(guess, smallest * 0.98), 3))


def scaled_sizes(layout_css: str, scale: float) -> str:
    """The layout's type sizes (its ``:root`` ``--x: Npt`` properties) times ``scale``."""
    root = _ROOT.search(layout_css)
    sizes = _SIZE.findall(root.group(1)) if root else []
    body = "; ".join(f"{name}: {float(value) * scale:.2f}pt" for name, value in sizes)
    return f":root {{ {body} }}"
