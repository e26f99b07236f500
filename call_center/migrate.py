"""Bring a database to the newest schema (``upgrade``) or write a new migration.

``python -m call_center.migrate revision "add alarms" [--db URL]`` autogenerates a revision
from the models against a database already at head.
"""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import WRITE_OPTION

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


def upgrade(engine: Engine) -> None:
    """Upgrade to head; concurrent starters are serialised (SQLite BEGIN IMMEDIATE, PG lock)."""
    if current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def main(argv: list[str]) -> int:
    import argparse

    from .config import Settings
    from .db import make_engine

    parser = argparse.ArgumentParser(prog="python -m call_center.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision")
    rev.add_argument("message")
    sub.add_parser("upgrade")
    parser.add_argument("--db", default=None)
    args = parser.parse_args(argv)
    engine = make_engine(args.db or Settings.load().db_url)
    upgrade(engine)
    if args.cmd == "revision":
        cfg = alembic_config()
        with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=args.message, autogenerate=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
