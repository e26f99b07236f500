"""alarms.pressed_at: when the elder pressed, beside when the centre received it

Revision ID: 0400
Revises: 0300
Create Date: 2026-12-04 21:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db


revision = '0400'
down_revision = '0300'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alarms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pressed_at', call_center.db.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('alarms', schema=None) as batch_op:
        batch_op.drop_column('pressed_at')
