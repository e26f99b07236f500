"""devices.station_address: where a kiosk stands (a taxi from the station sets off there)

Revision ID: 0420
Revises: 0410
Create Date: 2026-12-04 22:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0420'
down_revision = '0410'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('station_address', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('station_address')
