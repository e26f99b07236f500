"""one open device application an elder, as a partial unique index: the check before filing
cannot see an application filed at the same moment from another channel on PostgreSQL

Revision ID: 0730
Revises: 0720
Create Date: 2026-12-05 16:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0730'
down_revision = '0720'
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('reviewing', 'queued', 'scheduled')")


def upgrade() -> None:
    op.create_index('uq_device_applications_one_open', 'device_applications', ['elder_id'], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index('uq_device_applications_one_open', table_name='device_applications')
