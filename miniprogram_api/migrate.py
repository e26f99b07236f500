"""Bring the back end's database to the newest schema (Alembic, ``migrations/``)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import WRITE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine) -> None:
    """Upgrade to head; workers starting together are serialised (SQLite's write lock, a
    PostgreSQL advisory lock in env.py)."""
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == ScriptDirectory.from_config(alembic_config()).get_current_head():
        return
    cfg = alembic_config()
    with engine.execution_options(**{WRITE: True}).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
