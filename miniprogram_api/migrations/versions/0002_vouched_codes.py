"""Sign-in codes the provider has vouched for, kept until the sign-in is done (a retry after the
centre failed must not be refused as a used code)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 10:30:00
"""
from __future__ import annotations

import sqlalchemy as sa

import miniprogram_api.db
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('vouched_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('unionid', sa.String(length=128), nullable=True),
    sa.Column('session_key', sa.String(length=128), nullable=True),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('expires_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('code_hash')
    )
    op.create_index(op.f('ix_vouched_codes_expires_at'), 'vouched_codes', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_vouched_codes_expires_at'), table_name='vouched_codes')
    op.drop_table('vouched_codes')
