"""Pre-rendered slips, so "print" is instant.

The kiosk and the mini-program backend hand every request they see to
:meth:`SlipCache.observe`; the moment one is confirmed (or an alarm record changes) its
slips are rendered on a background thread, keyed by record id + version (``updated_at``)
+ layout + locale. When the elder presses 打印 the PDF is already there; a slip still being
rendered is waited for, a missing one is rendered at once. A new version of a record
replaces the old one's slips, so a changed booking never prints stale facts.

All rendering happens on one worker thread that owns the renderer (WeasyPrint, Pango and
the font configuration are not shared between threads).
"""
from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Iterable, Mapping

from .content import N_
from .renderer import Slip, SlipError, SlipRenderer, is_alarm, slip_key

log = logging.getLogger(__name__)

PRERENDER_STATUSES = frozenset({"confirmed", "completed", "in_progress"})


class SlipCache:
    def __init__(self, renderer: SlipRenderer | Callable[[], SlipRenderer] | None = None, *,
                 layouts: Iterable[str] | None = None, max_entries: int = 256):
        self._factory = renderer if callable(renderer) and not isinstance(renderer, SlipRenderer) else None
        self._renderer = renderer if isinstance(renderer, SlipRenderer) else None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slip-render")
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Future] = OrderedDict()
        self._versions: dict[str, set[str]] = {}
        self.max_entries = max_entries
        self._layouts = tuple(layouts) if layouts else None

    # -- the worker's renderer ----------------------------------------------------------
    def _render(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None, layout: str,
                locale: str) -> Slip:
        if self._renderer is None:
            self._renderer = self._factory() if self._factory else SlipRenderer()
        return self._renderer.render(record, elder, layout, locale=locale)

    @property
    def layouts(self) -> tuple[str, ...]:
        if self._layouts is None:
            from .config import SlipConfig

            self._layouts = (self._renderer.config if self._renderer else SlipConfig.from_env()).prerender
        return self._layouts

    # -- public API ---------------------------------------------------------------------
    @staticmethod
    def wants(record: Mapping[str, Any]) -> bool:
        """Whether a record has a slip worth pre-rendering (confirmed requests, any alarm)."""
        return is_alarm(record) or record.get("status") in PRERENDER_STATUSES

    def observe(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None = None,
                locale: str = "zh_CN") -> list[Future]:
        """Call with every request or alarm a front end receives; cheap when nothing changed."""
        if not record or not record.get("id") or not self.wants(record):
            return []
        return self.prerender(record, elder, locale=locale)

    def prerender(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None = None,
                  layouts: Iterable[str] | None = None, locale: str = "zh_CN") -> list[Future]:
        """Queue the slips of ``record`` (returns at once); already cached ones are reused."""
        return [self._future(record, elder, layout, locale) for layout in (layouts or self.layouts)]

    def get(self, record: Mapping[str, Any], elder: Mapping[str, Any] | None = None,
            layout: str = "80mm", locale: str = "zh_CN", timeout: float | None = 60) -> Slip:
        """The slip, from the cache when pre-rendered; raises :class:`SlipError`."""
        future = self._future(record, elder, layout, locale)
        try:
            return future.result(timeout=timeout)
        except SlipError:
            self._forget(slip_key(record, layout, locale))
            raise
        except TimeoutError:
            raise SlipError("slip_timeout", N_("单子还没准备好，请稍等再按一次打印。")) from None
        except Exception as exc:
            self._forget(slip_key(record, layout, locale))
            log.exception("slip rendering failed for %s", record.get("id"))
            raise SlipError("render_failed", N_("单子没有做好，请找工作人员帮忙。")) from exc

    def ready(self, record: Mapping[str, Any], layout: str = "80mm", locale: str = "zh_CN") -> Slip | None:
        """The slip if it is already rendered, else None (never waits)."""
        with self._lock:
            future = self._entries.get(slip_key(record, layout, locale))
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def __len__(self) -> int:
        return len(self._entries)

    def warm_up(self) -> Future:
        """Load WeasyPrint, Pango and the slip font on the worker now (seconds, once), so the
        first confirmation's slip is not the one that pays for it."""

        def warm() -> None:
            if self._renderer is None:
                self._renderer = self._factory() if self._factory else SlipRenderer()
            self._renderer.warm_up(self.layouts)

        return self._executor.submit(warm)

    def forget_all(self) -> int:
        """Drop every slip (a kiosk's next person must not find the last one's); how many."""
        with self._lock:
            gone = len(self._entries)
            for future in self._entries.values():
                future.cancel()
            self._entries.clear()
            self._versions.clear()
        return gone

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "SlipCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- bookkeeping --------------------------------------------------------------------
    def _future(self, record, elder, layout: str, locale: str) -> Future:
        key = slip_key(record, layout, locale)
        record_ref = key.split("@", 1)[0]
        with self._lock:
            future = self._entries.get(key)
            if future is not None and not (future.done() and future.exception() is not None):
                self._entries.move_to_end(key)
                return future
            versions = self._versions.setdefault(record_ref, set())
            for old in [k for k in versions if k != key and k.endswith(f"/{layout}/{locale}")]:
                versions.discard(old)  # a newer version of the record: its old slip is stale
                stale = self._entries.pop(old, None)
                if stale is not None:
                    stale.cancel()
            versions.add(key)
            record, elder = copy.deepcopy(dict(record)), copy.deepcopy(dict(elder or {}))  # caller may mutate
            future = self._executor.submit(self._render, record, elder, layout, locale)
            self._entries[key] = future
            while len(self._entries) > self.max_entries:
                evicted, _ = self._entries.popitem(last=False)
                self._versions.get(evicted.split("@", 1)[0], set()).discard(evicted)
            return future

    def _forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._versions.get(key.split("@", 1)[0], set()).discard(key)
