"""Slips for the family: the PDF of a request (the same slip the kiosk prints), and the QR
link on a printed slip (``/r/<reference>``) opening its request here.

The reference is opened by :func:`open_slip` (the slip module's ``open_reference``), which says
why one cannot be opened — not ours or damaged, edited, or too old — so each gets its own page.
A valid reference is a pointer, not a permission: the page still asks the centre as the signed-
in member, who must be bound to that elder.
"""
from __future__ import annotations

import threading
from typing import Any

from accessibility.slips.config import SlipConfig
from accessibility.slips.reference import ReferenceMalformed, SlipReference, open_reference

LAYOUTS = ("a5", "80mm", "58mm")
_cache_lock = threading.Lock()
_caches: dict[str, Any] = {}


def open_slip(reference: str, config: SlipConfig | None = None) -> SlipReference:
    """The request a slip's QR code points at; raises a ``SlipReferenceError`` saying why not."""
    if not reference or len(reference) > 200:
        raise ReferenceMalformed("empty or too long")
    return open_reference(reference, (config or SlipConfig.from_env()).secret)


def slip_cache():
    """One renderer per process, on its own thread (WeasyPrint is not thread-safe); started on
    first use so a worker that never serves a slip never loads WeasyPrint."""
    with _cache_lock:
        cache = _caches.get("default")
        if cache is None:
            from accessibility.slips import SlipCache

            cache = _caches["default"] = SlipCache(layouts=("a5",))
        return cache


def slip_pdf(record: dict[str, Any], elder: dict[str, Any] | None, layout: str, locale: str) -> bytes:
    return slip_cache().get(record, elder, layout, locale).pdf
