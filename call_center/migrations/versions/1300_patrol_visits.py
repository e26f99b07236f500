"""patrol visits (巡视探访, seed 001 §三(一)2): per-elder plans, the visits due and recorded, and
the number an elder is told to expect her visitor from (volunteers' and staff's phones, sealed)

Revision ID: 1300
Revises: 1200
Create Date: 2026-12-06 01:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime

revision = '1300'
down_revision = '1200'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.Text(), nullable=True))
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.Text(), nullable=True))
    op.create_table(
        'visit_plans',
        sa.Column('elder_id', sa.String(length=32), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('per_month', sa.Integer(), nullable=False),
        sa.Column('visitor_kind', sa.String(length=10), nullable=True),
        sa.Column('visitor_id', sa.String(length=32), nullable=True),
        sa.Column('updated_by', sa.String(length=48), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_visit_plans_elder_id_elders')),
        sa.PrimaryKeyConstraint('elder_id', name=op.f('pk_visit_plans')),
    )
    op.create_table(
        'patrol_visits',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('key', sa.String(length=96), nullable=False),
        sa.Column('elder_id', sa.String(length=32), nullable=False),
        sa.Column('street', sa.String(length=32), nullable=False),
        sa.Column('planned_on', sa.Date(), nullable=False),
        sa.Column('due_by', sa.Date(), nullable=False),
        sa.Column('visitor_kind', sa.String(length=10), nullable=True),
        sa.Column('visitor_id', sa.String(length=32), nullable=True),
        sa.Column('visitor_name', sa.String(length=64), nullable=False),
        sa.Column('provider', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('visited_at', UtcDateTime(), nullable=True),
        sa.Column('health', sa.String(length=12), nullable=True),
        sa.Column('home', sa.String(length=12), nullable=True),
        sa.Column('needs', sa.JSON(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by', sa.String(length=48), nullable=True),
        sa.Column('recorded_at', UtcDateTime(), nullable=True),
        sa.Column('message_id', sa.String(length=32), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_patrol_visits_elder_id_elders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_visits')),
        sa.UniqueConstraint('key', name=op.f('uq_patrol_visits_key')),
    )
    op.create_index(op.f('ix_patrol_visits_elder_id'), 'patrol_visits', ['elder_id'], unique=False)
    op.create_index('ix_patrol_visits_status_due', 'patrol_visits', ['status', 'due_by'], unique=False)
    op.create_index('ix_patrol_visits_elder_planned', 'patrol_visits', ['elder_id', 'planned_on'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_patrol_visits_elder_planned', table_name='patrol_visits')
    op.drop_index('ix_patrol_visits_status_due', table_name='patrol_visits')
    op.drop_index(op.f('ix_patrol_visits_elder_id'), table_name='patrol_visits')
    op.drop_table('patrol_visits')
    op.drop_table('visit_plans')
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_column('phone')
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_column('phone')
