"""Alembic migrations of the centre's database (applied to head when the app starts)."""
