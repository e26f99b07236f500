"""three policies no longer say a clause of their offer again in their summary (the catalog's
wording of 6 December): databases made before it get the same words

Revision ID: 1500
Revises: 1400
Create Date: 2026-12-06 06:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1500'
down_revision = '1400'
branch_labels = None
depends_on = None

# (id, column, before, after): only a row still holding the old words is changed, so an
# operator's own edit is kept.
CHANGES = [
    ("emergency_call_rescue_fee", "offer", "可以装一键通，紧急救援服务费由政府补贴",
     "可以申请一键通紧急救援服务费补贴"),
    ("nursing_home", "summary", "照护等级3级及以上的本市户籍老人，可以申请入住保基本养老机构的床位。",
     "保基本养老机构的床位，留给照护等级3级及以上的本市户籍老人。"),
    ("meal_assistance_change", "summary", "已经办了助餐的老人，搬家或换了银行卡，可以申请变更。",
     "已经办了助餐的老人，搬了家或换了银行卡，都能改过来。"),
]


def _apply(forward: bool) -> None:
    policies = sa.table("policies", sa.column("id", sa.String), sa.column("summary", sa.Text),
                        sa.column("offer", sa.String))
    for policy_id, column, before, after in CHANGES:
        old, new = (before, after) if forward else (after, before)
        op.execute(policies.update().where(policies.c.id == policy_id, policies.c[column] == old)
                   .values({column: new}))


def upgrade() -> None:
    _apply(True)


def downgrade() -> None:
    _apply(False)
