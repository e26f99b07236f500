"""households are found by their home: ``households.home_hash``, the keyed hash of the home's
one spelling (``call_center.models.elders.home_key``), filled for every household made before

Enrolment (建档) looked a household up by a ref made from its address, so a household made
any other way (a 户号, the demo) was not found at its address: a spouse
enrolled there got a second household and no TV. The keys are those bound to the engine
(``call_center.migrate.open_database`` loads them before it upgrades).

Revision ID: 1600
Revises: 1500
Create Date: 2026-12-06 09:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '1600'
down_revision = '1500'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from call_center.models.elders import home_key
    from call_center.sealed import keys_of

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_households_home_hash'), ['home_hash'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, district, address FROM households")).all()
    if not rows:
        return
    keys = keys_of(bind.dialect)
    for household_id, district, address in rows:
        bind.execute(sa.text("UPDATE households SET home_hash = :h WHERE id = :id"),
                     {"h": keys.lookup_hash(home_key(district, keys.open(address))), "id": household_id})


def downgrade() -> None:
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_home_hash'))
        batch_op.drop_column('home_hash')
