"""device_applications: 一键通设备申请 (举手制) — the package, the facts stated, the centre's
verdict on what the family pays, the street office's review and the installer's visit

Revision ID: 0650
Revises: 0710 (numbered in the range this work was given; it follows 0700 and 0710, which
main reached first)
Create Date: 2026-12-05 13:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime


revision = '0650'
down_revision = '0710'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('device_applications',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('package', sa.String(length=1), nullable=False),
    # sealed at rest like a request's form (call_center.sealed.SealedJSON: text in the table)
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('applied_at', UtcDateTime(), nullable=False),
    sa.Column('reviewed_at', UtcDateTime(), nullable=True),
    sa.Column('reviewed_by', sa.String(length=48), nullable=True),
    sa.Column('return_reason', sa.String(length=200), nullable=True),
    sa.Column('visit_at', UtcDateTime(), nullable=True),
    sa.Column('scheduled_by', sa.String(length=48), nullable=True),
    sa.Column('installed_at', UtcDateTime(), nullable=True),
    sa.Column('installed_by', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_device_applications_elder_id_elders')),
    sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'],
                            name=op.f('fk_device_applications_request_id_service_requests')),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_device_applications'))
    )
    with op.batch_alter_table('device_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_applications_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_applications_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_applications_applied_at'), ['applied_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('device_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_applications_applied_at'))
        batch_op.drop_index(batch_op.f('ix_device_applications_state'))
        batch_op.drop_index(batch_op.f('ix_device_applications_elder_id'))
    op.drop_table('device_applications')
