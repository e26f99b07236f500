"""The 2-D focus map a remote moves through (STYLE.md §7, Kodi Estuary's onup/ondown as data).

Kivy's FocusBehavior knows only next/previous; a remote needs up/down/left/right. The map is
derived from the laid-out rectangles of the focusable things on screen, with explicit
overrides per item (``{"im_ok": {"down": "nav:repeat"}}``), so moves are data that tests can
check without a window: every item reachable, no dead end, no override pointing nowhere.

Rules, in order, for a move from item A in direction D:
1. an override of A for D: an item id, ``group:<name>`` (that group's remembered or first
   item) or ``none`` (stay);
2. the nearest item in direction D, preferring items that overlap A across the move (a "beam",
   as Android's focus finder does), then the smallest distance along D, then across it;
3. left/right with nothing there wrap in reading order within A's group (end of a row → start
   of the next row, last → first); up/down with nothing there stay put — focus is never lost;
4. entering another group that remembers its last-focused item lands there (Kodi groups).
Coordinates are Kivy's: y grows upwards.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

DIRECTIONS = ("up", "down", "left", "right")
STAY = "none"
Overrides = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Node:
    id: str
    x: float
    y: float
    w: float
    h: float
    group: str = "items"

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def _beyond(a: Node, b: Node, direction: str, tol: float = 1.0) -> bool:
    """Is ``b`` (wholly, give or take ``tol``) on the ``direction`` side of ``a``?"""
    if direction == "right":
        return b.x >= a.right - tol
    if direction == "left":
        return b.right <= a.x + tol
    if direction == "up":
        return b.y >= a.top - tol
    return b.top <= a.y + tol


def _gaps(a: Node, b: Node, direction: str) -> tuple[float, float, bool]:
    """(distance along the move, distance across it, overlaps across it)."""
    if direction in ("left", "right"):
        major = b.x - a.right if direction == "right" else a.x - b.right
        overlap = min(a.top, b.top) - max(a.y, b.y)
        minor = abs(a.cy - b.cy)
    else:
        major = b.y - a.top if direction == "up" else a.y - b.top
        overlap = min(a.right, b.right) - max(a.x, b.x)
        minor = abs(a.cx - b.cx)
    return max(major, 0.0), minor, overlap > 0


def reading_order(nodes: Iterable[Node]) -> list[Node]:
    """Top row first, left to right; a row is items whose centres are within half a height."""
    rows: list[list[Node]] = []
    for node in sorted(nodes, key=lambda n: -n.cy):
        if rows and abs(rows[-1][0].cy - node.cy) <= min(rows[-1][0].h, node.h) / 2:
            rows[-1].append(node)
        else:
            rows.append([node])
    return [n for row in rows for n in sorted(row, key=lambda n: n.cx)]


class FocusMap:
    def __init__(self, nodes: Iterable[Node], overrides: Overrides | None = None,
                 remember_groups: Iterable[str] = ("items",)):
        self.nodes = {n.id: n for n in nodes}
        self.overrides = {k: dict(v) for k, v in (overrides or {}).items()}
        self.remember_groups = frozenset(remember_groups)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def group_of(self, node_id: str) -> str | None:
        node = self.nodes.get(node_id)
        return node.group if node else None

    def first(self, group: str | None = None) -> str | None:
        ordered = reading_order(n for n in self.nodes.values() if group is None or n.group == group)
        return ordered[0].id if ordered else None

    def _group_entry(self, group: str, memory: Mapping[str, str]) -> str | None:
        remembered = memory.get(group)
        if group in self.remember_groups and remembered in self.nodes:
            return remembered
        return self.first(group)

    def nearest(self, current: str, direction: str) -> str | None:
        a = self.nodes[current]
        best: tuple | None = None
        for b in self.nodes.values():
            if b.id == current or not _beyond(a, b, direction):
                continue
            major, minor, in_beam = _gaps(a, b, direction)
            score = (0 if in_beam else 1, major + (0 if in_beam else minor), minor)
            if best is None or score < best[0]:
                best = (score, b.id)
        return best[1] if best else None

    def _wrap(self, current: str, direction: str) -> str | None:
        if direction not in ("left", "right"):
            return None
        group = self.nodes[current].group
        ordered = [n.id for n in reading_order(n for n in self.nodes.values() if n.group == group)]
        if len(ordered) < 2:
            return None
        step = 1 if direction == "right" else -1
        return ordered[(ordered.index(current) + step) % len(ordered)]

    def move(self, current: str | None, direction: str, memory: Mapping[str, str] | None = None) -> str | None:
        """Where focus goes from ``current``; ``current`` itself when nothing is that way."""
        memory = memory or {}
        if current not in self.nodes:
            return self.first("items") or self.first()
        override = self.overrides.get(current, {}).get(direction)
        if override is not None:
            if override == STAY:
                return current
            if override.startswith("group:"):
                return self._group_entry(override[6:], memory) or current
            if override in self.nodes:
                return override
        target = self.nearest(current, direction) or self._wrap(current, direction)
        if target is None:
            return current
        group = self.nodes[target].group
        remembered = memory.get(group)
        if group != self.nodes[current].group and group in self.remember_groups \
                and remembered in self.nodes:
            return remembered
        return target

    # -- checks (tests and `problems()` in debug logs) ------------------------------------------
    def problems(self, start: str | None = None) -> list[str]:
        """What is wrong with this map: unreachable items, dead ends, overrides to nowhere."""
        found: list[str] = []
        for node_id, moves in self.overrides.items():
            for direction, target in moves.items():
                if node_id in self.nodes and target != STAY and not target.startswith("group:") \
                        and target not in self.nodes:
                    found.append(f"override {node_id}.{direction} -> {target} names no item on screen")
        if not self.nodes:
            return found
        start = start if start in self.nodes else self.first("items") or self.first()
        seen, todo = {start}, [start]
        while todo:
            here = todo.pop()
            for direction in DIRECTIONS:
                there = self.move(here, direction)
                if there and there not in seen:
                    seen.add(there)
                    todo.append(there)
        found += [f"{n} cannot be reached from {start}" for n in self.nodes if n not in seen]
        if len(self.nodes) > 1:
            found += [f"{n} is a dead end" for n in self.nodes
                      if all(self.move(n, d) == n for d in DIRECTIONS)]
        return found
