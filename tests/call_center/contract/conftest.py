"""The contract suites run on SQLite and on PostgreSQL: ``make_centre(backend)`` and the
throw-away PostgreSQL server are fixtures of tests/call_center/conftest.py."""
from __future__ import annotations

from ..conftest import BACKENDS, SUITE_LIMITS  # noqa: F401  (the suites import them from here)
