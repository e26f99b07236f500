"""A registry of view classes by stable screen kind, each with its ``.kv`` file beside it
(and the kit's own rules, :data:`KIT_KV`, loaded first).

Renderers look a view up by the screen's ``kind`` (never by display text, which is
translated); an unknown kind falls back to a declared fallback view and is logged instead of
crashing (STYLE.md §4, Adaptive Cards' fallback). A view's kv rules are loaded the first time
the view is used, so importing a front end costs nothing and a kv file is loaded once.
"""
from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)
V = TypeVar("V", bound=type)
# The kit's own rules (labels, tiles, fact rows), loaded before any front end's view.
KIT_KV = tuple(Path(__file__).with_name(name) for name in ("labels.kv", "tiles.kv", "facts.kv"))


def kv_beside(cls: type) -> Path:
    """``views/menu.py`` → ``views/menu.kv``."""
    return Path(inspect.getfile(cls)).with_suffix(".kv")


class ViewRegistry:
    def __init__(self, fallback: str):
        self.fallback = fallback
        self._views: dict[str, type] = {}
        self._loaded: set[Path] = set()

    def register(self, kind: str) -> Callable[[V], V]:
        def add(cls: V) -> V:
            if kind in self._views and self._views[kind] is not cls:
                raise ValueError(f"view kind {kind!r} registered twice")
            self._views[kind] = cls
            return cls
        return add

    def kinds(self) -> list[str]:
        return sorted(self._views)

    def load_kv(self, cls: type) -> None:
        """Load the kv of ``cls`` and of its view base classes, once each, base first.

        A class may name shared kv files beside its module in ``extra_kv``; they load first.
        """
        from kivy.lang import Builder

        from . import facts, labels, tiles  # noqa: F401 — their classes register with Kivy's Factory

        for kv in KIT_KV:
            if kv not in self._loaded:
                Builder.load_file(str(kv))
                self._loaded.add(kv)
        for klass in reversed(cls.__mro__):
            if klass.__module__.startswith("kivy.") or klass is object:
                continue
            try:
                path = kv_beside(klass)
            except TypeError:
                continue
            extra = [path.with_name(name) for name in klass.__dict__.get("extra_kv", ())]
            for kv in (*extra, path):
                if kv.exists() and kv not in self._loaded:
                    Builder.load_file(str(kv))
                    self._loaded.add(kv)

    def view_class(self, kind: str) -> type:
        cls = self._views.get(kind)
        if cls is None:
            log.warning("no view for screen kind %r; showing it as %r", kind, self.fallback)
            cls = self._views[self.fallback]
        self.load_kv(cls)
        return cls

    def unload(self) -> None:
        """Forget loaded kv files (a new Builder context, e.g. a second app in one process)."""
        from kivy.lang import Builder

        for path in self._loaded:
            Builder.unload_file(str(path))
        self._loaded.clear()
