"""elders' standing prescriptions (慢病续方)

Revision ID: 0510
Revises: 0500
Create Date: 2026-12-05 07:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0510'
down_revision = '0500'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prescriptions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('medicine', sa.String(length=64), nullable=False),
    sa.Column('strength', sa.String(length=32), nullable=False),
    sa.Column('dosage', sa.String(length=64), nullable=False),
    sa.Column('quantity', sa.String(length=32), nullable=False),
    sa.Column('condition', sa.String(length=32), nullable=False),
    sa.Column('hospital_id', sa.String(length=32), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('last_visit', sa.Date(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_prescriptions_elder_id_elders')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_prescriptions_hospital_id_hospitals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescriptions'))
    )
    with op.batch_alter_table('prescriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prescriptions_elder_id'), ['elder_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('prescriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prescriptions_elder_id'))
    op.drop_table('prescriptions')
