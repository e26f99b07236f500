"""sealed at rest: households' and elders' addresses and elders' health notes (seed 004
§个人信息保护: health is sensitive personal information), as the numbers have been since 0450

Existing rows are sealed here with the keys bound to the engine (call_center/sealed.py).

Revision ID: 0700
Revises: 0550
Create Date: 2026-12-05 13:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0700'
down_revision = '0550'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from call_center.sealed import seal_rows

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.alter_column('address', type_=sa.Text(), existing_type=sa.String(length=200),
                              existing_nullable=False)
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.alter_column('home_address', type_=sa.Text(), existing_type=sa.String(length=200),
                              existing_nullable=False)
    seal_rows(op.get_bind(), 'households', 'id', ('address',))
    seal_rows(op.get_bind(), 'elders', 'id', ('home_address', 'health_notes'))


def downgrade() -> None:
    raise NotImplementedError("sealed addresses and health notes are not unsealed by a downgrade")
