"""Review, result and detail: the facts on top (read, not touched: a page at a time when they
do not fit the elder's text size, never dropped), the actions in the touch zone, and 下一页
among them when the facts have pages."""
from __future__ import annotations

from typing import Any


from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.facts import fact_column

from .. import strings as S
from . import REGISTRY
from .base import VIEW_PREFIX, KioskView
from .parts import KioskActionTile, action_grid

FACTS_PAGE = VIEW_PREFIX + "facts_page"


class KioskFactsView(KioskView):
    def fill(self, info, actions, screen: Screen) -> None:
        self.facts = fact_column(screen.facts, screen.notes, screen.body, locale=self.strings.locale)
        info.add_widget(self.facts)
        self.page_tile = KioskActionTile(item_id=FACTS_PAGE, fill_role="primary")
        self.grid = action_grid(self, screen.items, actions, cols=1)
        self.facts.bind(page_count=self._paged, page=self._paged)

    def held_aside(self) -> list[Any]:
        """下一页 while one page holds all the facts: out of the tree, its rules go with the
        view (shared_ui/kivy_kit/discard.py)."""
        return [self.page_tile] if getattr(self, "page_tile", None) is not None and self.page_tile.parent is None else []

    def _paged(self, *_args: Any) -> None:
        count = int(self.facts.page_count)
        if count > 1 and self.page_tile not in self.tiles:
            self.add_tile(self.grid, self.page_tile)
        elif count <= 1 and self.page_tile in self.tiles:
            self.tiles.remove(self.page_tile)
            self.grid.remove_widget(self.page_tile)
        words = self.strings.t(S.FACTS_PAGE, page=int(self.facts.page) + 1, pages=count)
        self.page_tile.label = self.page_tile.speak = words

    def act(self, item_id: str) -> str | None:
        return self.facts.turn(1) if item_id == FACTS_PAGE else None


@REGISTRY.register("review")
class KioskReviewView(KioskFactsView):
    pass


@REGISTRY.register("result")
class KioskResultView(KioskFactsView):
    pass


@REGISTRY.register("detail")
class KioskDetailView(KioskFactsView):
    pass
