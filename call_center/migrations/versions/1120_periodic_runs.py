"""periodic runs: a sweep's turn is claimed once for every worker process and node

Revision ID: 1120
Revises: 1110
Create Date: 2026-12-06 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime

revision = '1120'
down_revision = '1110'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'periodic_runs',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('last_run_at', UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_periodic_runs')),
    )


def downgrade() -> None:
    op.drop_table('periodic_runs')
