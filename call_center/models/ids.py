"""Opaque string ids with a readable prefix (``eld_3f9a…``): safe to log, never guessable."""
from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(6)}"
