"""a message's title as structured words (call_center/message_words.py) when the centre composed
it at run time (叫车已取消, 养老服务补贴已通过): a screen in another language renders it as it
renders the body; null for a title that is a catalog sentence as it stands, or a person's

Revision ID: 1700
Revises: 1600
Create Date: 2026-12-06 12:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1700'
down_revision = '1600'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_words', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('title_words')
