"""Bring a database to the newest schema (``upgrade``) or write a new migration.

``python -m call_center.migrate revision "add alarms" [--db URL]`` autogenerates a revision
from the models against a database already at head.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import WRITE_OPTION, Database, make_engine

if TYPE_CHECKING:
    from .config import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to head; concurrent starters are serialised (SQLite BEGIN IMMEDIATE, PG lock).

    On SQLite, foreign keys are off while a migration rebuilds tables (batch mode copies a
    table and drops the old one, which referencing rows would forbid), and checked after."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where the pragma takes effect
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration left rows that break foreign keys: {broken[:5]}")
            conn.commit()
        finally:
            if sqlite:
                conn.rollback()
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def open_database(settings: "Settings") -> Database:
    """How every process opens the centre's database: the engine, the personal-data keys
    bound to it (a new key file on the embedded default's first start), the schema at head,
    and a check that the keys are this database's own."""
    from .models.sealing import check_fingerprint
    from .sealed import KeyFileError, load_or_create

    path = Path(settings.personal_data_keys)
    keys = load_or_create(path)
    database = Database(make_engine(settings.db_url, settings.sqlite_busy_timeout_ms), keys)
    try:
        upgrade(database.engine)
        check_fingerprint(database, keys)
    except KeyFileError as exc:
        database.dispose()
        pending = path.with_name(path.name + ".next")
        if pending.exists():  # a lookup-key rotation stopped after the database moved on
            raise KeyFileError(f"{exc}; {pending} holds the keys of an interrupted rotation: "
                               f"check it matches and move it over {path}") from exc
        raise
    except Exception:
        database.dispose()
        raise
    return database


def main(argv: list[str]) -> int:
    import argparse

    from .config import Settings

    parser = argparse.ArgumentParser(prog="python -m call_center.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision")
    rev.add_argument("message")
    sub.add_parser("upgrade")
    parser.add_argument("--db", default=None)
    args = parser.parse_args(argv)
    settings = Settings.load({"db_url": args.db} if args.db else None)
    engine = open_database(settings).engine
    if args.cmd == "revision":
        cfg = alembic_config()
        with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=args.message, autogenerate=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
