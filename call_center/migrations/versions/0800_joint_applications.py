"""joint_applications: 养老服务"一件事" 联办申请 (seed 003 §二(一)) — one form for the care-needs
assessment, the care subsidy and nursing-home admission, each part at its own desk; one open
joint application an elder (a partial unique index); and the three matters of seed 003 §一 the
policy catalog did not list yet (助餐变更、老年教育、便捷叫车), so 政策查询 tells all twelve

Revision ID: 0800
Revises: 0730
Create Date: 2026-12-05 16:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from call_center.db import UtcDateTime


revision = '0800'
down_revision = '0730'
branch_labels = None
depends_on = None

NEW_POLICIES = ('meal_assistance_change', 'elder_education', 'easy_taxi')


def upgrade() -> None:
    op.create_table('joint_applications',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('elder_id', sa.String(length=32), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),  # sealed (call_center.sealed.SealedJSON)
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('applied_at', UtcDateTime(), nullable=False),
    sa.Column('closed_at', UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_joint_applications_elder_id_elders')),
    sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'],
                            name=op.f('fk_joint_applications_request_id_service_requests')),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_joint_applications'))
    )
    with op.batch_alter_table('joint_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_applications_elder_id'), ['elder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_applications_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_joint_applications_applied_at'), ['applied_at'], unique=False)
    # One open joint application an elder, even for two filed at the same moment.
    op.create_index('uq_joint_applications_open_elder', 'joint_applications', ['elder_id'], unique=True,
                    sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
    op.create_table('joint_application_parts',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('part', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('decided_at', UtcDateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['joint_applications.request_id'],
                            name=op.f('fk_joint_application_parts_request_id_joint_applications')),
    sa.PrimaryKeyConstraint('request_id', 'part', name=op.f('pk_joint_application_parts'))
    )
    with op.batch_alter_table('joint_application_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_application_parts_state'), ['state'], unique=False)

    # The catalog's new entries (0520 wrote the catalog as it stood; a fresh database got these
    # from it already).
    from call_center.policies.catalog import rows

    conn = op.get_bind()
    have = {r[0] for r in conn.execute(sa.text("SELECT id FROM policies"))}
    json_columns = ('rules', 'held_when', 'bring')
    policies = sa.table('policies', *(sa.column(c, sa.JSON() if c in json_columns else None) for c in (
        'id', 'title', 'summary', 'offer', 'rules', 'held_when', 'push', 'apply_where', 'bring', 'source',
        'position', 'active')))
    missing = [r for r in rows() if r['id'] in NEW_POLICIES and r['id'] not in have]
    if missing:
        op.bulk_insert(policies, missing)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM policies WHERE id IN ('meal_assistance_change', 'elder_education', 'easy_taxi')"))
    with op.batch_alter_table('joint_application_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_application_parts_state'))
    op.drop_table('joint_application_parts')
    op.drop_index('uq_joint_applications_open_elder', table_name='joint_applications')
    with op.batch_alter_table('joint_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_applications_applied_at'))
        batch_op.drop_index(batch_op.f('ix_joint_applications_state'))
        batch_op.drop_index(batch_op.f('ix_joint_applications_elder_id'))
    op.drop_table('joint_applications')
