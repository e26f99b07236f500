"""Inserting new rows with SQLAlchemy Core statements instead of the ORM's flush, for the
hot path of alarm intake.

A flush costs a few tenths of a millisecond of Python per object (change tracking, the
unit-of-work sort, identity map, events) — most of one raise's CPU once the token is cached.
Here the same ORM objects are built (so defaults, column types and sealed columns behave as
at a flush), their rows are inserted with one statement per table, and the objects stay out of
the session: they are for presenting only. Autoincrement ids are not read back; flush hooks do
not run (a caller that needs what a hook would have written writes it itself).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from sqlalchemy import Table, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from .db import Base


def values_of(obj: Base) -> dict[str, Any]:
    """The columns set on a new object (unset ones get their defaults from the statement)."""
    state = obj.__dict__
    return {prop.columns[0].key: state[prop.key]
            for prop in inspect(type(obj)).column_attrs if prop.key in state}


def insert_rows(db: Session, objs: Iterable[Base]) -> None:
    """Insert the rows of new ORM objects, one executemany per table and set of columns, in
    the order first seen."""
    batches: dict[tuple[Any, tuple[str, ...]], list[dict[str, Any]]] = {}
    for obj in objs:
        values = values_of(obj)
        batches.setdefault((type(obj).__table__, tuple(values)), []).append(values)
    conn = db.connection()
    for (table, _columns), rows in batches.items():
        conn.execute(table.insert(), rows)


def insert_unless_taken(db: Session, obj: Base, *unique: str) -> Any:
    """Insert a new ORM object's row unless one of its ``unique`` columns' value is taken;
    its primary key, or None. ``INSERT … ON CONFLICT DO NOTHING RETURNING``: on PostgreSQL a
    racing insert of the same key waits for the first transaction, then inserts nothing
    instead of failing, so the loser needs no savepoint and no retry."""
    conn = db.connection()
    return conn.execute(_unless_taken(conn.dialect.name, type(obj).__table__, unique),
                        values_of(obj)).scalar()


@lru_cache(maxsize=None)
def _unless_taken(dialect: str, table: Table, unique: tuple[str, ...]) -> Insert:
    make = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    return make(table).on_conflict_do_nothing(index_elements=list(unique)).returning(
        *table.primary_key.columns)
