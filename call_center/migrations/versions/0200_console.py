"""console: agent credentials, login sessions, audit log, signing key

Revision ID: 0200
Revises: 0001
Create Date: 2026-11-24 10:13:40.923998
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db


revision = '0200'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('agent_id', sa.String(length=32), nullable=True),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_audit_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index('ix_console_audit_target', ['target_kind', 'target_id'], unique=False)

    op.create_table('console_keys',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_console_keys'))
    )
    op.create_table('console_credentials',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('agent_id', sa.String(length=32), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', call_center.db.UtcDateTime(), nullable=True),
    sa.Column('last_login_at', call_center.db.UtcDateTime(), nullable=True),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_console_credentials_agent_id_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_credentials')),
    sa.UniqueConstraint('agent_id', name=op.f('uq_console_credentials_agent_id')),
    sa.UniqueConstraint('username', name=op.f('uq_console_credentials_username'))
    )
    op.create_table('console_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('credential_id', sa.Integer(), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('ended_at', call_center.db.UtcDateTime(), nullable=True),
    sa.Column('end_reason', sa.String(length=16), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['console_credentials.id'], name=op.f('fk_console_sessions_credential_id_console_credentials')),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_console_sessions'))
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_credential_id'), ['credential_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_credential_id'))

    op.drop_table('console_sessions')
    op.drop_table('console_credentials')
    op.drop_table('console_keys')
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_console_audit_target')
        batch_op.drop_index(batch_op.f('ix_console_audit_elder_id'))
        batch_op.drop_index(batch_op.f('ix_console_audit_at'))
        batch_op.drop_index(batch_op.f('ix_console_audit_agent_id'))
        batch_op.drop_index(batch_op.f('ix_console_audit_action'))

    op.drop_table('console_audit')
