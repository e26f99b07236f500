"""The console's view of the alarms package (``call_center.alarms``, built alongside).

Everything the console needs from alarms goes through this module, so the pages do not
depend on that package's internals and keep working (without alarm rows) where it is absent.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AlarmRow:
    id: str
    elder_id: str
    elder_masked: str
    district: str
    street: str
    state: str
    state_word: str
    source: str
    raised_at: datetime


@dataclass(frozen=True)
class CareTaskRow:
    id: str
    elder_id: str
    elder_masked: str
    district: str
    kind: str
    kind_word: str
    due_at: datetime


def available() -> bool:
    return importlib.util.find_spec("call_center.alarms") is not None


def open_alarms(db: Session) -> list[AlarmRow]:
    return []


def open_care_tasks(db: Session) -> list[CareTaskRow]:
    return []
