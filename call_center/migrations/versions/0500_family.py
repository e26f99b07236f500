"""Family accounts, their tokens and bindings to elders; family codes; messages that ask (answers)

Revision ID: 0500
Revises: 0450
Create Date: 2026-12-04 21:21:22.356822
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db


revision = '0500'
down_revision = "0460"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('family_accounts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('code_failures', sa.Integer(), nullable=False),
    sa.Column('code_window_at', call_center.db.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_accounts')),
    sa.UniqueConstraint('provider', 'subject', name=op.f('uq_family_accounts_provider_subject'))
    )
    op.create_table('family_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('issued_by', sa.String(length=48), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('expires_at', call_center.db.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family_accounts.id'], name=op.f('fk_family_tokens_family_id_family_accounts')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_family_tokens'))
    )
    with op.batch_alter_table('family_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_tokens_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_tokens_family_id'), ['family_id'], unique=False)

    op.create_table('family_bindings',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('relation', sa.String(length=8), nullable=False),
    sa.Column('permissions', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('started_via', sa.String(length=12), nullable=False),
    sa.Column('consent_message_id', sa.String(length=32), nullable=True),
    sa.Column('requested_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('answered_at', call_center.db.UtcDateTime(), nullable=True),
    sa.Column('answered_by', sa.String(length=48), nullable=True),
    sa.Column('revoked_at', call_center.db.UtcDateTime(), nullable=True),
    sa.Column('revoked_by', sa.String(length=48), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['consent_message_id'], ['messages.id'], name=op.f('fk_family_bindings_consent_message_id_messages')),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_family_bindings_elder_id_elders')),
    sa.ForeignKeyConstraint(['family_id'], ['family_accounts.id'], name=op.f('fk_family_bindings_family_id_family_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_bindings'))
    )
    with op.batch_alter_table('family_bindings', schema=None) as batch_op:
        batch_op.create_index('ix_family_bindings_elder_status', ['elder_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_bindings_family_id'), ['family_id'], unique=False)

    op.create_table('family_codes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('asked_by', sa.String(length=48), nullable=False),
    sa.Column('message_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('expires_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('used_at', call_center.db.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_family_codes_elder_id_elders')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_family_codes_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_codes'))
    )
    with op.batch_alter_table('family_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_codes_code'), ['code'], unique=False)

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('answers')

    with op.batch_alter_table('family_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_codes_code'))

    op.drop_table('family_codes')
    with op.batch_alter_table('family_bindings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_bindings_family_id'))
        batch_op.drop_index('ix_family_bindings_elder_status')

    op.drop_table('family_bindings')
    with op.batch_alter_table('family_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_tokens_family_id'))
        batch_op.drop_index(batch_op.f('ix_family_tokens_expires_at'))

    op.drop_table('family_tokens')
    op.drop_table('family_accounts')
