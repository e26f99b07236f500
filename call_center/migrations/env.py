"""Alembic environment: runs on the connection ``call_center.migrate`` hands over."""
from __future__ import annotations

from alembic import context
from sqlalchemy import text

from call_center.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("use call_center.migrate, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several gunicorn workers may start at once: one migrates, the others wait.
            connection.execute(text("SELECT pg_advisory_xact_lock(724501)"))
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
