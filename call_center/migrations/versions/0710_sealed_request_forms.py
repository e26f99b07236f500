"""sealed at rest: service requests' forms and results (an address, a phone, the medicine a
refill is for, a hospital and department: personal and health information, seed 004)

Existing rows are sealed here with the keys bound to the engine (call_center/sealed.py).

Revision ID: 0710
Revises: 0700
Create Date: 2026-12-05 13:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0710'
down_revision = '0700'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from call_center.sealed import seal_rows

    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        for column, nullable in (('form', False), ('result', True)):
            batch_op.alter_column(column, type_=sa.Text(), existing_type=sa.JSON(),
                                  existing_nullable=nullable, postgresql_using=f'{column}::text')
    seal_rows(op.get_bind(), 'service_requests', 'id', ('form', 'result'))


def downgrade() -> None:
    raise NotImplementedError("sealed forms are not unsealed by a downgrade")
