"""a message's structured words (call_center/message_words.py): the catalog sentence and the
parameters the centre composed its body from, so a screen in another language renders it

Revision ID: 1400
Revises: 1300
Create Date: 2026-12-06 05:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1400'
down_revision = '1300'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('words', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('words')
