"""devices: unbound (a box sold, broken or moved; a kiosk taken from its station) — when, by
whom, why; the row stays for the alarms and requests that name it

Revision ID: 0550
Revises: 0540
Create Date: 2026-12-06 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime


revision = '0550'
down_revision = '0540'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unbound_at', UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('unbound_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('unbound_note', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('unbound_note')
        batch_op.drop_column('unbound_by')
        batch_op.drop_column('unbound_at')
