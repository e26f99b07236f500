"""What one running centre holds, bound to the Flask app as ``app.extensions["onekey"]``."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .config import Settings
from .db import Database
from .providers import Providers


@dataclass
class Centre:
    settings: Settings
    db: Database
    providers: Providers


def centre() -> Centre:
    return current_app.extensions["onekey"]
