"""service requests keep the words the channel showed for the form's values (form_shown), so
the console reads 养老政策 and 尽快, not policy and asap; sealed at rest like the form

Revision ID: 0720
Revises: 0650
Create Date: 2026-12-05 16:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0720'
down_revision = '0650'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_shown', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_column('form_shown')
