"""policy catalog (养老政策) seeded from seeds 002 and 003; what each elder was told
(政策找人); the elder facts the rules need (severe_disability, owns_home)

Revision ID: 0520
Revises: 0510
Create Date: 2026-12-05 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db


revision = '0520'
down_revision = '0510'
branch_labels = None
depends_on = None


def upgrade() -> None:
    policies = op.create_table('policies',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('offer', sa.String(length=60), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('held_when', sa.JSON(), nullable=True),
    sa.Column('push', sa.Boolean(), nullable=False),
    sa.Column('apply_where', sa.String(length=100), nullable=False),
    sa.Column('bring', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policies'))
    )
    op.create_table('policy_offers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('policy_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('message_id', sa.String(length=32), nullable=True),
    sa.Column('request_id', sa.String(length=32), nullable=True),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=48), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('answered_by', sa.String(length=48), nullable=True),
    sa.Column('answered_at', call_center.db.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_policy_offers_elder_id_elders')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_policy_offers_message_id_messages')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_policy_offers_policy_id_policies')),
    sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'], name=op.f('fk_policy_offers_request_id_service_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_offers')),
    sa.UniqueConstraint('elder_id', 'policy_id', name=op.f('uq_policy_offers_elder_id_policy_id'))
    )
    with op.batch_alter_table('policy_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_offers_elder_id'), ['elder_id'], unique=False)
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('severe_disability', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('owns_home', sa.Boolean(), nullable=True))

    # The catalog as this revision wrote it (seed 002 §一、§二; seed 003 §一); a later change
    # to catalog.yaml comes with a revision of its own.
    from call_center.policies.catalog import rows

    op.bulk_insert(policies, rows())


def downgrade() -> None:
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.drop_column('owns_home')
        batch_op.drop_column('severe_disability')
    with op.batch_alter_table('policy_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_offers_elder_id'))
    op.drop_table('policy_offers')
    op.drop_table('policies')
