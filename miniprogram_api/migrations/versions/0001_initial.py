"""The back end's tables: logins, flow sessions, subscriptions, the alert outbox, stream state, WeChat tokens, rate counters, secrets

Revision ID: 0001
Revises:
Create Date: 2026-12-04 21:31:26.438650
"""
from __future__ import annotations

import sqlalchemy as sa

import miniprogram_api.db
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alert_outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('dedupe', sa.String(length=160), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('openid', sa.String(length=128), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('page', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('ref_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('event_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('next_attempt_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('lease_until', miniprogram_api.db.UtcDateTime(), nullable=True),
    sa.Column('sent_at', miniprogram_api.db.UtcDateTime(), nullable=True),
    sa.Column('wechat_msgid', sa.String(length=64), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_outbox')),
    sa.UniqueConstraint('dedupe', name=op.f('uq_alert_outbox_dedupe'))
    )
    with op.batch_alter_table('alert_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_alert_outbox_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('flow_sessions',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('login_id', sa.String(length=48), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_flow_sessions'))
    )
    with op.batch_alter_table('flow_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_sessions_login_id'), ['login_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_sessions_updated_at'), ['updated_at'], unique=False)

    op.create_table('logins',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('unionid', sa.String(length=128), nullable=True),
    sa.Column('session_key', sa.String(length=128), nullable=True),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('centre_token', sa.String(length=128), nullable=False),
    sa.Column('centre_token_expires_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('created_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('expires_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.Column('ended_at', miniprogram_api.db.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logins'))
    )
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logins_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_logins_subject'), ['subject'], unique=False)

    op.create_table('rate_counters',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_counters'))
    )
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_counters_expires_at'), ['expires_at'], unique=False)

    op.create_table('secrets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_secrets'))
    )
    op.create_table('stream_state',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('cursor', sa.String(length=32), nullable=True),
    sa.Column('holder', sa.String(length=64), nullable=True),
    sa.Column('lease_until', miniprogram_api.db.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_stream_state'))
    )
    op.create_table('subscriptions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('openid', sa.String(length=128), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('credits', sa.Integer(), nullable=False),
    sa.Column('long_term', sa.Boolean(), nullable=False),
    sa.Column('refused_at', miniprogram_api.db.UtcDateTime(), nullable=True),
    sa.Column('updated_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('openid', 'template_id', name=op.f('uq_subscriptions_openid_template_id'))
    )
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriptions_family_id'), ['family_id'], unique=False)

    op.create_table('wechat_tokens',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('expires_at', miniprogram_api.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_wechat_tokens'))
    )


def downgrade() -> None:
    op.drop_table('wechat_tokens')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriptions_family_id'))

    op.drop_table('subscriptions')
    op.drop_table('stream_state')
    op.drop_table('secrets')
    with op.batch_alter_table('rate_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_counters_expires_at'))

    op.drop_table('rate_counters')
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logins_subject'))
        batch_op.drop_index(batch_op.f('ix_logins_family_id'))

    op.drop_table('logins')
    with op.batch_alter_table('flow_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_sessions_updated_at'))
        batch_op.drop_index(batch_op.f('ix_flow_sessions_login_id'))

    op.drop_table('flow_sessions')
    with op.batch_alter_table('alert_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_alert_outbox_due')

    op.drop_table('alert_outbox')
