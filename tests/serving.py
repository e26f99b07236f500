"""Whether a server a test started answers yet.

On a loaded machine a server can be listening before its app has finished importing: the
first request then times out instead of being refused. Both mean "not yet", never a failure
(a test that waited for ``ConnectionError`` only would fail its start-up under load).
"""
from __future__ import annotations

import requests


def answers(url: str, timeout_s: float = 1.0) -> bool:
    """True once ``GET url`` answers 2xx; False while it is not listening or still starting."""
    try:
        return requests.get(url, timeout=timeout_s).ok
    except (requests.ConnectionError, requests.Timeout):
        return False
