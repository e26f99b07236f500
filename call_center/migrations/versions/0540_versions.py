"""versions for optimistic concurrency (ETag / If-Match): an elder's profile and contacts; the
ETag a stored first response carried, replayed with it

Revision ID: 0540
Revises: 0530
Create Date: 2026-12-06 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0540'
down_revision = '0530'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('contacts_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('etag', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_column('etag')
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.drop_column('contacts_version')
        batch_op.drop_column('version')
