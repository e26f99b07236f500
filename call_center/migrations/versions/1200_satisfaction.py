"""return visits (回访) after a finished service, and complaints (投诉 / 异议) about a provider's
service: what the district's supervision counts (seed 001 §（三）服务监管)

Revision ID: 1200
Revises: 1120
Create Date: 2026-12-06 01:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime

revision = '1200'
down_revision = '1120'
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_table(
        'return_visits',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('request_id', sa.String(length=32), nullable=False),
        sa.Column('elder_id', sa.String(length=32), nullable=False),
        sa.Column('service', sa.String(length=24), nullable=False),
        sa.Column('provider', sa.String(length=32), nullable=False),
        sa.Column('completed_at', UtcDateTime(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('message_id', sa.String(length=32), nullable=True),
        sa.Column('due_at', UtcDateTime(), nullable=False),
        sa.Column('expires_at', UtcDateTime(), nullable=False),
        sa.Column('rating', sa.String(length=14), nullable=True),
        sa.Column('follow_up_message_id', sa.String(length=32), nullable=True),
        sa.Column('reason', sa.String(length=12), nullable=True),
        sa.Column('answered_by', sa.String(length=48), nullable=True),
        sa.Column('answered_at', UtcDateTime(), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_return_visits_elder_id_elders')),
        sa.ForeignKeyConstraint(['follow_up_message_id'], ['messages.id'],
                                name=op.f('fk_return_visits_follow_up_message_id_messages')),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_return_visits_message_id_messages')),
        sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'],
                                name=op.f('fk_return_visits_request_id_service_requests')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_return_visits')),
        sa.UniqueConstraint('request_id', name=op.f('uq_return_visits_request_id')),
    )
    for column in ('elder_id', 'provider', 'completed_at', 'status', 'expires_at'):
        op.create_index(op.f(f'ix_return_visits_{column}'), 'return_visits', [column], unique=False)
    op.create_table(
        'complaints',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('request_id', sa.String(length=32), nullable=False),
        sa.Column('elder_id', sa.String(length=32), nullable=False),
        sa.Column('service', sa.String(length=24), nullable=False),
        sa.Column('provider', sa.String(length=32), nullable=True),
        sa.Column('source', sa.String(length=14), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('call_back', sa.Boolean(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('filed_by', sa.String(length=48), nullable=False),
        sa.Column('filed_at', UtcDateTime(), nullable=False),
        sa.Column('outcome', sa.Text(), nullable=True),
        sa.Column('closed_by', sa.String(length=48), nullable=True),
        sa.Column('closed_at', UtcDateTime(), nullable=True),
        sa.Column('outcome_message_id', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_complaints_elder_id_elders')),
        sa.ForeignKeyConstraint(['outcome_message_id'], ['messages.id'],
                                name=op.f('fk_complaints_outcome_message_id_messages')),
        sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'],
                                name=op.f('fk_complaints_request_id_service_requests')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    )
    for column in ('request_id', 'elder_id', 'provider', 'status', 'filed_at'):
        op.create_index(op.f(f'ix_complaints_{column}'), 'complaints', [column], unique=False)
    op.create_index('uq_complaints_one_open', 'complaints', ['request_id'], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_table('complaints')
    op.drop_table('return_visits')
