"""how long one renewal of a standing prescription lasts, and to when the last delivery lasts:
a renewal of the same pills is taken only in the last week of the supply

Revision ID: 1100
Revises: 0800
Create Date: 2026-12-05 22:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1100'
down_revision = '0800'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('prescriptions') as batch:
        batch.add_column(sa.Column('supply_days', sa.Integer(), server_default='30', nullable=False))
        batch.add_column(sa.Column('supplied_until', sa.Date(), nullable=True))
    # What one renewal gives is written as people read it (28片（四周）); four weeks is 28 days.
    # Deliveries before this revision are not read back (their requests' results are sealed):
    # such a prescription is renewable at once, as it was.
    op.execute(sa.text("UPDATE prescriptions SET supply_days = 28 WHERE quantity LIKE '%四周%'"))


def downgrade() -> None:
    with op.batch_alter_table('prescriptions') as batch:
        batch.drop_column('supplied_until')
        batch.drop_column('supply_days')
