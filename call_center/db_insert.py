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
from typing import Any, Iterable, NamedTuple, Sequence

from sqlalchemy import Column, Select, Table, bindparam, inspect, literal, select, true
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


def insert_unless_taken(db: Session, obj: Base, *unique: str, then: Sequence[Base] = ()) -> Any:
    """Insert a new ORM object's row unless one of its ``unique`` columns' value is taken,
    and then the rows of ``then`` only if it was; its primary key, or None.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING``: on PostgreSQL a racing insert of the same
    key waits for the first transaction, then inserts nothing instead of failing, so the loser
    needs no savepoint and no retry. On PostgreSQL ``then`` goes into the same statement
    (data-modifying ``WITH`` clauses that select from the first insert): one round trip to
    the server instead of one a table."""
    conn = db.connection()
    table, values = type(obj).__table__, values_of(obj)
    if conn.dialect.name != "postgresql" or not then:
        key = conn.execute(unless_taken(conn.dialect.name, table, unique), values).scalar()
        if key is not None and then:
            insert_rows(db, then)
        return key
    shape = tuple(type(o).__table__ for o in then)
    params = {f"p0_{k}": v for k, v in full_values(table, values).items()}
    return conn.execute(_unless_taken_then(table, unique, shape),
                        {**params, **numbered(then, 1)}).scalar()


class IfFound(NamedTuple):
    """A new row :func:`insert_unless_taken_reading` also inserts, in its statement, when the
    key is claimed and the read finds its row — unless the new row's own ``unique`` value is
    taken — and then the rows of ``then``. ``from_read``: (column, the read's column) pairs,
    values taken from the row read instead of from the object."""
    obj: Base
    unique: tuple[str, ...]
    then: Sequence[Base]
    from_read: tuple[tuple[str, str], ...] = ()


def insert_unless_taken_reading(db: Session, obj: Base, *unique: str, read: Select[Any],
                                params: dict[str, Any], if_found: IfFound | None = None,
                                ) -> tuple[Any, Sequence[Any] | None, bool]:
    """As :func:`insert_unless_taken` (without ``then``), ``read``'s first row, and whether
    ``if_found`` was inserted. On PostgreSQL in one statement (the inserts data-modifying
    ``WITH`` clauses; the read joined to one row, so a read that finds nothing still answers
    the key), one round trip instead of two or three; elsewhere ``if_found`` is left to the
    caller (False). ``read`` sees the database as it was before the statement."""
    conn = db.connection()
    if conn.dialect.name != "postgresql":
        return insert_unless_taken(db, obj, *unique), conn.execute(read, params).first(), False
    table = type(obj).__table__
    values = {f"p0_{k}": v for k, v in full_values(table, values_of(obj)).items()}
    if if_found is None:
        row = conn.execute(_unless_taken_reading(table, unique, read), {**values, **params}).one()
        return row[0], (tuple(row[2:]) if row[1] else None), False
    statement, every = claiming_reading(obj, unique, read, params, if_found)
    row = conn.execute(statement, every).one()
    return row[0], (tuple(row[3:]) if row[2] else None), row[1] is not None


def claiming_reading(obj: Base, unique: Sequence[str], read: Select[Any], params: dict[str, Any],
                     if_found: IfFound) -> tuple[Select[Any], dict[str, Any]]:
    """PostgreSQL: the statement :func:`insert_unless_taken_reading` runs with ``if_found``,
    and its parameters. Its row: the claimed key (or None), the new row's key (or None),
    whether the read found its row, then the read's columns."""
    table = type(obj).__table__
    values = {f"p0_{k}": v for k, v in full_values(table, values_of(obj)).items()}
    new = type(if_found.obj).__table__
    shape = tuple(type(o).__table__ for o in if_found.then)
    return _unless_taken_reading_then(
        table, tuple(unique), read, new, tuple(if_found.unique), shape,
        tuple(if_found.from_read)), {**values, **numbered([if_found.obj, *if_found.then], 1),
                                     **params}


def numbered(objs: Iterable[Base], first: int) -> dict[str, Any]:
    """The parameters of new rows for a statement that renders them all: ``p{n}_{column}``,
    the rows numbered from ``first`` in order."""
    return {f"p{n}_{k}": v for n, obj in enumerate(objs, first)
            for k, v in full_values(type(obj).__table__, values_of(obj)).items()}


def full_values(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Every column's value for a statement that renders them all: the given ones, else the
    column's default (as a flush would apply it), else NULL; autoincrement keys left out."""
    out = {}
    for column in _columns(table):
        if column.key in values:
            out[column.key] = values[column.key]
        elif column.default is not None and column.default.is_scalar:
            out[column.key] = column.default.arg
        elif column.default is not None and column.default.is_callable:
            out[column.key] = column.default.arg(None)
        else:
            out[column.key] = None
    return out


def _columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if not (c.primary_key and c.autoincrement is True)]


@lru_cache(maxsize=None)
def unless_taken(dialect: str, table: Table, unique: tuple[str, ...]) -> Insert:
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING`` the primary key."""
    make = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    return make(table).on_conflict_do_nothing(index_elements=list(unique)).returning(
        *table.primary_key.columns)


@lru_cache(maxsize=None)
def _unless_taken_reading(table: Table, unique: tuple[str, ...], read: Select[Any]) -> Select[Any]:
    first = _first_row(table, unique)
    found = read.add_columns(literal(True).label("found_")).subquery("found")
    one = select(literal(1).label("one")).subquery("one")
    taken = select(*first.c).scalar_subquery().label("key_")
    return select(taken, found.c.found_, *[c for c in found.c if c.key != "found_"]) \
        .select_from(one.outerjoin(found, true()))


@lru_cache(maxsize=None)
def _unless_taken_reading_then(table: Table, unique: tuple[str, ...], read: Select[Any],
                               new: Table, new_unique: tuple[str, ...], then: tuple[Table, ...],
                               from_read: tuple[tuple[str, str], ...]) -> Select[Any]:
    first = _first_row(table, unique)
    found = read.add_columns(literal(True).label("found_")).cte("found")
    taken_from = dict(from_read)
    made = postgresql.insert(new).from_select(
        [c.key for c in _columns(new)],
        select(*[found.c[taken_from[c.key]] if c.key in taken_from else
                 bindparam(f"p1_{c.key}", type_=c.type) for c in _columns(new)])
        .select_from(first).join(found, true())) \
        .on_conflict_do_nothing(index_elements=list(new_unique)) \
        .returning(*new.primary_key.columns).cte("new_row")
    dependent = [t.insert().from_select([c.key for c in _columns(t)],
                                        select(*_params(t, n)).select_from(made))
                 .cte(f"then_{n}") for n, t in enumerate(then, 2)]
    one = select(literal(1).label("one")).subquery("one")
    return select(select(*first.c).scalar_subquery().label("key_"),
                  select(*made.c).scalar_subquery().label("new_"),
                  found.c.found_, *[c for c in found.c if c.key != "found_"]) \
        .select_from(one.outerjoin(found, true())).add_cte(*dependent)


def _params(table: Table, n: int) -> list[Any]:
    return [bindparam(f"p{n}_{c.key}", type_=c.type) for c in _columns(table)]


def _first_row(table: Table, unique: tuple[str, ...]) -> Any:
    return postgresql.insert(table).values({
        c.key: bindparam(f"p0_{c.key}", type_=c.type) for c in _columns(table)}) \
        .on_conflict_do_nothing(index_elements=list(unique)) \
        .returning(*table.primary_key.columns).cte("first_row")


@lru_cache(maxsize=None)
def _unless_taken_then(table: Table, unique: tuple[str, ...],
                       then: tuple[Table, ...]) -> Select[Any]:
    first = _first_row(table, unique)
    dependent = [t.insert().from_select([c.key for c in _columns(t)],
                                        select(*_params(t, n)).select_from(first))
                 .cte(f"then_{n}") for n, t in enumerate(then, 1)]
    return select(*first.c).add_cte(*dependent)
