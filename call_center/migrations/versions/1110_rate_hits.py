"""rate-limit hits in the database: every worker process and node counts the same guesses

Revision ID: 1110
Revises: 1100
Create Date: 2026-12-05 22:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1110'
down_revision = '1100'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rate_hits',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_hits')),
    )
    op.create_index('ix_rate_hits_key_at', 'rate_hits', ['key', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_rate_hits_key_at', table_name='rate_hits')
    op.drop_table('rate_hits')
