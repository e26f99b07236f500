"""volunteers and their shifts at kiosks; service_requests.assisted_by

Revision ID: 0460
Revises: 0450
Create Date: 2026-12-04 23:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db


revision = '0460'
down_revision = '0450'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('volunteers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=64), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers'))
    )
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteers_station'), ['station'], unique=False)
    op.create_table('volunteer_shifts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('volunteer_id', sa.String(length=32), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('started_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('ends_at', call_center.db.UtcDateTime(), nullable=False),
    sa.Column('ended_at', call_center.db.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_volunteer_shifts_device_id_devices')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_shifts_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_shifts'))
    )
    with op.batch_alter_table('volunteer_shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_shifts_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_shifts_volunteer_id'), ['volunteer_id'], unique=False)
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assisted_by', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_service_requests_assisted_by_volunteers'), 'volunteers',
                                    ['assisted_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_service_requests_assisted_by_volunteers'), type_='foreignkey')
        batch_op.drop_column('assisted_by')
    op.drop_table('volunteer_shifts')
    op.drop_table('volunteers')
