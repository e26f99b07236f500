"""messages.speech goes: a message is spoken from its title and body, never a second text

Revision ID: 0410
Revises: 0400
Create Date: 2026-12-04 21:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0410'
down_revision = '0400'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('speech')


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speech', sa.Text(), nullable=False, server_default=''))
