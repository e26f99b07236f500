"""SQLAlchemy statements compiled once and run on the DBAPI connection itself.

For the alarm press's own path (:mod:`call_center.alarms.intake`): SQLAlchemy's execution
layer costs about 0.1 ms of Python a statement (its cache lookup, execution context, result
wrapping) — as much as a round trip to the database on this machine. The statements stay
SQLAlchemy's, built by the same code the rest of the centre uses; here they are compiled for
the engine's dialect once, and each execution only turns the values into the driver's
parameters with the compiled form's own bind processors (UTC datetimes, JSON, sealed
columns), exactly as SQLAlchemy would before handing them to the driver.
"""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


class Precompiled:
    """A statement compiled for ``dialect``; ``columns``: an INSERT's columns (all given)."""

    def __init__(self, statement: ClauseElement, dialect: Dialect,
                 columns: Sequence[str] | None = None):
        compiled = statement.compile(dialect=dialect,
                                     column_keys=list(columns) if columns is not None else None)
        self.sql: str = compiled.string
        self._compiled = compiled
        self._order: Sequence[str] | None = compiled.positiontup
        self._processors = dict(compiled._bind_processors)  # what execute() applies too

    def __call__(self, values: dict[str, Any]) -> tuple[str, Any]:
        """The SQL and the driver's parameters for ``values`` (``cursor.execute(*it)``)."""
        params = self._compiled.construct_params(values)  # adds the statement's literals
        for name, process in self._processors.items():
            if name in params:
                params[name] = process(params[name])
        if self._order is None:
            return self.sql, params
        return self.sql, [params[name] for name in self._order]
