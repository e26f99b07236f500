"""places near an elder (身边服务: 助餐点, 老年大学, 社区养老机构) and where her home is

Revision ID: 0530
Revises: 0520
Create Date: 2026-12-05 10:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0530'
down_revision = '0520'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resources',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('district', sa.String(length=16), nullable=False),
    sa.Column('street', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('hours', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resources'))
    )
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resources_kind'), ['kind'], unique=False)
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('home_lon', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.drop_column('home_lon')
        batch_op.drop_column('home_lat')
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resources_kind'))
    op.drop_table('resources')
