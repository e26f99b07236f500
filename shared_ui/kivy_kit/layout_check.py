"""What is wrong with a laid-out screen, as an elder would see it (ELDER_UI.md: nothing may
overflow, overlap or hide; facts are never cut; the TV keeps a 5% title-safe margin).

Used by every Kivy channel's UI tests after each screen of the shared corpus and each key or
touch: :func:`layout_problems` walks the widget tree as it is laid out now and returns one
sentence per problem (empty when the screen is right). Rectangles are window coordinates;
a chosen tile's growth and ring are included, since they are drawn.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.widget import Widget

from .text_fit import laid_out
from .tiles import ItemTile, size_group

TOLERANCE = 1.5  # px: rounding of Kivy's layouts


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def of(cls, widget: Widget) -> "Rect":
        x, y = widget.to_window(widget.x, widget.y)
        return cls(x, y, x + widget.width, y + widget.height)

    def grown(self, factor: float, by: float = 0.0) -> "Rect":
        cx, cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        hw, hh = (self.x1 - self.x0) * factor / 2 + by, (self.y1 - self.y0) * factor / 2 + by
        return Rect(cx - hw, cy - hh, cx + hw, cy + hh)

    def inside(self, other: "Rect", tol: float = TOLERANCE) -> bool:
        return (self.x0 >= other.x0 - tol and self.y0 >= other.y0 - tol and self.x1 <= other.x1 + tol
                and self.y1 <= other.y1 + tol)

    def overlaps(self, other: "Rect", tol: float = TOLERANCE) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > tol
                and min(self.y1, other.y1) - max(self.y0, other.y0) > tol)

    def __str__(self) -> str:
        return f"({self.x0:.0f},{self.y0:.0f})–({self.x1:.0f},{self.y1:.0f})"


def _shown(widget: Widget) -> bool:
    """Drawn at all: it and every parent visible and not (nearly) zero-sized."""
    node = widget
    while isinstance(node, Widget) and type(node).__name__ != "WindowSDL":
        if node.opacity <= 0.01 or node.width < 2 or node.height < 2:
            return False
        node = node.parent
    return True


def walk(root: Widget) -> Iterator[Widget]:
    yield root
    for child in reversed(root.children):  # layout order
        yield from walk(child)


def name(widget: Widget) -> str:
    text = getattr(widget, "text", "") or getattr(widget, "label", "") or getattr(widget, "item_id", "")
    return f"{type(widget).__name__}({str(text)[:16]!r})"


def text_rect(label: Label) -> Rect:
    """Where the label's lines are drawn: the texture placed in the widget by valign/halign."""
    box = Rect.of(label)
    tw, th = label.texture_size
    if label.text_size[0] is None:
        cx = (box.x0 + box.x1) / 2
        x0, x1 = cx - tw / 2, cx + tw / 2
    else:
        x0, x1 = box.x0, box.x1
    if label.valign == "top":
        y1 = box.y1
        y0 = y1 - th
    elif label.valign == "bottom":
        y0 = box.y0
        y1 = y0 + th
    else:
        cy = (box.y0 + box.y1) / 2
        y0, y1 = cy - th / 2, cy + th / 2
    return Rect(x0, y0, x1, y1)


def _natural_line() -> float:
    from kivy.app import App

    look = getattr(App.get_running_app(), "look", None)
    return getattr(look, "natural_line", 1.0) or 1.0


def content_height(label: Label) -> tuple[float, int]:
    """How tall the label's lines are when nothing limits its height, and how many there are."""
    width = label.text_size[0]
    if width is None:
        label.texture_update()
        return float(label.texture_size[1]), label.text.count("\n") + 1
    return laid_out(label.text, width, label.font_size, label.font_name, label.bold, label.line_height,
                    label.max_lines or 0)


def widest_line(label: Label) -> float:
    """The width of the label's widest drawn line (its rendered texture's, without padding)."""
    label.texture_update()
    lines = getattr(label._label, "_cached_lines", None) or []
    return max((line.w for line in lines), default=float(label.texture_size[0]))


def cut_word(label: Label) -> str:
    """A Latin word the label's drawn lines break in the middle ("Satisf⏎ied"), or ''."""
    import re

    label.texture_update()
    lines = getattr(label._label, "_cached_lines", None) or []
    drawn = ["".join(word.text for word in line.words).strip() for line in lines]
    tokens = (getattr(label, "words", "") or label.text).split()
    for above, below in zip(drawn, drawn[1:]):
        tail, head = re.search(r"[A-Za-z]+$", above), re.search(r"^[A-Za-z]+", below)
        if tail and head and any(tail.group() + head.group() in token for token in tokens):
            return tail.group() + head.group()
    return ""


def dropped_text(label: Label) -> str:
    """What of the label's text Kivy did not lay out (with a fixed text height it silently
    leaves out the lines that do not fit); '' when everything is drawn."""
    label.texture_update()
    lines = getattr(label._label, "_cached_lines", None)
    if not lines:
        return ""
    drawn = "".join(word.text for line in lines for word in line.words)
    wanted = label.text
    squeeze = str.maketrans("", "", " \n")
    drawn, wanted = drawn.translate(squeeze), wanted.translate(squeeze)
    if len(drawn) >= len(wanted):
        return ""
    return "".join(c for i, c in enumerate(wanted) if i >= len(drawn) or drawn[i] != c) or wanted


def shown_text(root: Widget) -> str:
    """All the text drawn under ``root``, joined (what a fact check looks for)."""
    return "".join(w.text.replace("\n", "") for w in walk(root)
                   if isinstance(w, Label) and w.text.strip() and _shown(w))


def shown_whole(fact: str, shown: str) -> bool:
    """Is ``fact`` in ``shown`` (:func:`shown_text`) whole? A line broken at a space loses the
    space (苯磺酸氨氯地平片 5mg → 苯磺酸氨氯地平片⏎5mg), so spaces and breaks do not count."""
    return "".join(fact.split()) in "".join(shown.split())


def _box_of(widget: Widget) -> Widget | None:
    """The layout that gave ``widget`` its room (its nearest ancestor that is a layout)."""
    node = widget.parent
    while isinstance(node, Widget) and not isinstance(node, Layout):
        node = node.parent
    return node if isinstance(node, Layout) else None


def layout_problems(root: Widget, *, safe: Rect | None = None, facts: Iterable[str] = (),
                    regions: Iterable[Widget] = ()) -> list[str]:
    """Problems of the tree under ``root``: text cut with an ellipsis or clipped, content out of
    the box its layout gave it, content over another region (``regions``: e.g. header, body,
    keys), anything (a chosen tile's ring included) outside ``safe``, a fact of ``facts`` that
    is not shown whole."""
    found: list[str] = []
    regions = [getattr(r, "__self__", r) for r in regions]  # kv ids hand out weak proxies
    region_rects = [(r, Rect.of(r)) for r in regions if _shown(r)]
    for widget in walk(root):
        if not _shown(widget):
            continue
        if isinstance(widget, Label) and widget.text.strip():
            if widget.shorten and getattr(widget, "is_shortened", False):
                found.append(f"{name(widget)} is cut with an ellipsis")
            lost = dropped_text(widget)
            if lost:
                found.append(f"{name(widget)} leaves out {len(lost)} characters ({lost[:8]!r}…): its box is too "
                             f"small and Kivy drops whole lines")
            needed, lines = content_height(widget)
            # A single line only hangs its own leading over its box; more is text outside it.
            leading = widget.font_size * (_natural_line() - 1.0) if lines <= 1 else 0.0
            if needed > widget.height + leading + 1:
                found.append(f"{name(widget)}'s lines ({needed:.0f} px) are taller than its box "
                             f"({widget.height:.0f} px): cut off")
            cut = cut_word(widget)
            if cut:
                found.append(f"{name(widget)} breaks the word {cut!r} across two lines")
            wide = widest_line(widget)
            if wide > widget.width + TOLERANCE and widget.text_size[0] is not None:
                found.append(f"{name(widget)}'s lines ({wide:.0f} px) are wider than its box "
                             f"({widget.width:.0f} px): cut off at the side")
            rect = text_rect(widget)
        elif isinstance(widget, ItemTile):
            rect = Rect.of(widget)
            if safe is not None and (widget.grow > 1 or widget.ring_alpha > 0):
                drawn = rect.grown(widget.grow, widget.ring_gap + widget.ring_width)
                if not drawn.inside(safe, 0.5):
                    found.append(f"{name(widget)} chosen, drawn at {drawn}, leaves the safe area {safe}")
        else:
            continue
        box = _box_of(widget)
        if box is not None and _shown(box) and not rect.inside(Rect.of(box)):
            found.append(f"{name(widget)} at {rect} spills out of {name(box)} at {Rect.of(box)}")
        if safe is not None and not rect.inside(safe):
            found.append(f"{name(widget)} at {rect} is outside the safe area {safe}")
        mine = [r for r, _ in region_rects if _within(widget, r)]
        for region, region_rect in region_rects:
            if region not in mine and rect.overlaps(region_rect):
                found.append(f"{name(widget)} at {rect} lies over {name(region)} at {region_rect}")
    found += tile_words_problems(root)
    joined = shown_text(root)
    for fact in facts:
        if fact and not shown_whole(fact, joined):
            found.append(f"the fact {fact!r} is not shown whole")
    return found


def label_of(tile: ItemTile) -> Label | None:
    """The label that draws the tile's own words (not its digit, badge or second line)."""
    words = "".join(tile.label.split())
    for widget in walk(tile):
        if isinstance(widget, Label) and words and "".join(widget.text.split()) == words:
            return widget
    return None


def tile_words_problems(root: Widget) -> list[str]:
    """Tiles shown together (one layout, one kind) whose one-line words differ in size, a
    tile's second line larger than its words, and a tile without a digit whose centred words
    sit off its centre."""
    found: list[str] = []
    groups: dict[tuple[int, type, str], list[tuple[ItemTile, Label]]] = {}
    for widget in walk(root):
        if not isinstance(widget, ItemTile) or not _shown(widget):
            continue
        label = label_of(widget)
        if label is None or not _shown(label):
            continue
        detail = "".join(widget.detail.split())
        for other in walk(widget):
            if isinstance(other, Label) and detail and "".join(other.text.split()) == detail \
                    and _shown(other) and other.font_size > label.font_size + 1:
                found.append(f"{name(widget)}'s second line ({other.font_size:.0f} px) is larger "
                             f"than its words ({label.font_size:.0f} px)")
        if "\n" not in label.text:
            key = (id(widget.parent), type(widget), size_group(widget))
            groups.setdefault(key, []).append((widget, label))
        if not widget.digit and label.halign == "center":
            tile, words = Rect.of(widget), Rect.of(label)
            off = (words.x0 + words.x1) / 2 - (tile.x0 + tile.x1) / 2
            if abs(off) > max(4.0, 0.03 * widget.width):
                found.append(f"{name(widget)}'s words sit {off:+.0f} px off its centre")
    for members in groups.values():
        sizes = {round(label.font_size) for _, label in members}
        if len(sizes) > 1:
            found.append("tiles shown together have words of different sizes: " + ", ".join(
                f"{name(tile)} {label.font_size:.0f} px" for tile, label in members))
    return found


def _within(widget: Widget, ancestor: Widget) -> bool:
    node = widget
    while node is not None and isinstance(node, Widget):
        if node is ancestor:
            return True
        node = node.parent
    return False
