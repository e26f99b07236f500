"""``onekey keys``: rotate the keys personal numbers are sealed with (call_center/sealed.py).

- ``onekey keys rotate`` puts a new encryption key first in the key file, then re-seals every
  sealed value with it in one transaction. The file is written first and still holds the old
  keys, so a crash at any point leaves every value readable; run it again to finish.
- ``onekey keys rotate --lookup`` also replaces the lookup key and re-hashes every number.
  The new file is written beside the old as ``<file>.next`` first, the database moves to it in
  one transaction (with its fingerprint), and only then does ``.next`` replace the file; if
  that last step was interrupted the centre refuses to start and names ``.next``.
- ``onekey keys retire`` drops every encryption key but the newest, once nothing is sealed
  with them (it checks: every value must open with the newest key alone).
- ``onekey keys show`` prints the key file's fingerprint and how many keys it holds.

Stop the centre's processes first (or run it in a maintenance window): a node still holding
the old lookup key would find nobody after a ``--lookup`` rotation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy import text

from .db import Database
from .sealed import KeyFileError, PersonalDataKeys, Sealed, SealedJSON


def sealed_columns() -> dict[str, list[tuple[str, str | None]]]:
    """table -> [(sealed column, its hash column or None)], from the models: numbers and
    addresses (Sealed) and JSON values (SealedJSON: request forms and results, applications'
    facts) alike — a value left out here would not open once the old key is retired."""
    from .models import Base

    found: dict[str, list[tuple[str, str | None]]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (Sealed, SealedJSON)):
                hashed = f"{column.name}_hash"
                found.setdefault(table.name, []).append(
                    (column.name, hashed if hashed in table.columns else None))
    return found


def row_key(table: str) -> str:
    """The column a sealed table's rows are found by (``id``, or ``request_id`` for an
    application kept beside its request)."""
    from .models import Base

    (key,) = [c.name for c in Base.metadata.tables[table].primary_key.columns]
    return key


def reseal(database: Database, old: PersonalDataKeys, new: PersonalDataKeys) -> int:
    """Every sealed value opened with ``old`` and sealed (and hashed) with ``new``, in one
    transaction with the fingerprint; returns how many rows changed."""
    from .models.sealing import KeyFingerprint

    changed = 0
    with database.writing() as db:
        conn = db.connection()
        for table, columns in sealed_columns().items():
            names = [c for c, _ in columns]
            key = row_key(table)
            rows = conn.execute(text(f"SELECT {key}, {', '.join(names)} FROM {table}")).all()
            for row in rows:
                values: dict[str, Any] = {}
                for (column, hashed), sealed in zip(columns, row[1:]):
                    if sealed is None:
                        continue
                    plain = old.open(sealed)
                    values[column] = new.seal(plain)
                    if hashed:
                        values[hashed] = new.lookup_hash(plain)
                if values:
                    sets = ", ".join(f"{c} = :{c}" for c in values)
                    conn.execute(text(f"UPDATE {table} SET {sets} WHERE {key} = :pk"),
                                 {**values, "pk": row[0]})
                    changed += 1
        changed += _rehash_homes(conn, new)
        row = db.get(KeyFingerprint, KeyFingerprint.LOOKUP)
        if row is not None:
            row.fingerprint = new.fingerprint
        db.commit()
    return changed


def _rehash_homes(conn: Any, new: PersonalDataKeys) -> int:
    """``households.home_hash`` hashes the home's one spelling, not a sealed column as it is
    (call_center/models/elders.py: home_key), so it is made again here from the address."""
    from .models.elders import home_key

    rows = conn.execute(text("SELECT id, district, address FROM households")).all()
    for household_id, district, address in rows:
        conn.execute(text("UPDATE households SET home_hash = :h WHERE id = :id"),
                     {"h": new.lookup_hash(home_key(district, new.open(address))), "id": household_id})
    return 0  # the rows were counted when their address was re-sealed


def _open(db_url: str | None, keys_path: Path) -> tuple[Database, PersonalDataKeys]:
    from .config import Settings
    from .migrate import open_database

    config: dict[str, Any] = {"personal_data_keys": str(keys_path)}
    if db_url:
        config["db_url"] = db_url
    database = open_database(Settings.load(config))
    return database, PersonalDataKeys.load(keys_path)


def rotate(database: Database, keys_path: Path, lookup: bool = False) -> tuple[PersonalDataKeys, int]:
    old = PersonalDataKeys.load(keys_path)
    new = old.with_new_encryption_key()
    if not lookup:
        new.save(keys_path)  # first: it still opens everything sealed with the old keys
        return new, reseal(database, old, new)
    import secrets

    new = PersonalDataKeys(new.encryption_keys, secrets.token_bytes(32))
    pending = keys_path.with_name(keys_path.name + ".next")
    new.save(pending)
    changed = reseal(database, old, new)
    pending.replace(keys_path)
    return new, changed


def retire(database: Database, keys_path: Path) -> PersonalDataKeys:
    keys = PersonalDataKeys.load(keys_path)
    newest = keys.retired()
    with database.reading() as db:
        conn = db.connection()
        for table, columns in sealed_columns().items():
            for column, _ in columns:
                for (value,) in conn.execute(text(f"SELECT {column} FROM {table}")):
                    if value is not None:
                        newest.open(value)  # KeyFileError: something still needs an older key
    newest.save(keys_path)
    return newest


@click.group()
def keys() -> None:
    """Rotate the keys personal numbers are sealed with (README §Security)."""


def _options(f: Any) -> Any:
    f = click.option("--db", "db_url", default=None, help="database URL (default: ONEKEY_DB_URL)")(f)
    return click.option("--keys", "keys_path", default=None,
                        help="the key file (default: ONEKEY_PERSONAL_DATA_KEYS)")(f)


def _paths(db_url: str | None, keys_path: str | None) -> tuple[str | None, Path]:
    from .cli import database_url
    from .config import Settings

    return (database_url(db_url) if db_url else None,
            Path(keys_path or Settings.load().personal_data_keys))


@keys.command("rotate")
@_options
@click.option("--lookup", is_flag=True, help="also replace the lookup key and re-hash every number")
def rotate_command(db_url: str | None, keys_path: str | None, lookup: bool) -> None:
    """Put a new encryption key first and re-seal every sealed value with it (one transaction)."""
    url, path = _paths(db_url, keys_path)
    database, _ = _open(url, path)
    try:
        new, changed = rotate(database, path, lookup)
    finally:
        database.dispose()
    click.echo(f"re-sealed {changed} rows with a new key ({len(new.encryption_keys)} keys in {path}; "
               f"`onekey keys retire` drops the old ones)")


@keys.command("retire")
@_options
def retire_command(db_url: str | None, keys_path: str | None) -> None:
    """Drop the older encryption keys once every value opens with the newest."""
    url, path = _paths(db_url, keys_path)
    database, _ = _open(url, path)
    try:
        retire(database, path)
    except KeyFileError as exc:
        raise click.ClickException(f"{exc}: run `onekey keys rotate` first")
    finally:
        database.dispose()
    click.echo(f"only the newest encryption key is left in {path}")


@keys.command("show")
@_options
def show_command(db_url: str | None, keys_path: str | None) -> None:
    """How many keys the key file holds (never the keys)."""
    _, path = _paths(db_url, keys_path)
    found = PersonalDataKeys.load(path)
    click.echo(f"{path}: {len(found.encryption_keys)} encryption key(s), lookup key {found.fingerprint[:8]}")
