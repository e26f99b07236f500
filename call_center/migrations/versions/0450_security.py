"""security: personal numbers sealed at rest and found by keyed hashes, kiosk grants, refusals
aggregated per source, console logins throttled instead of locked

Existing rows are sealed here with the keys bound to the engine (call_center/sealed.py):
``call_center.migrate.open_database`` loads them before it upgrades.

Revision ID: 0450
Revises: 0420
Create Date: 2026-12-05 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import call_center.db

revision = '0450'
down_revision = '0420'
branch_labels = None
depends_on = None

SEALED_PREFIX = "gAAAAA"  # every Fernet token starts so; a plain number never does


def _keys():
    from call_center.sealed import keys_of

    return keys_of(op.get_bind().dialect)


def _seal_rows(table: str, key: str, columns: tuple[str, ...], hashes: dict[str, str]) -> None:
    """Seal ``columns`` of every row and fill ``hashes`` (hash column -> source column)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
    if not rows:
        return
    keys = _keys()
    for row in rows:
        values = dict(zip(columns, row[1:]))
        plain = {c: (keys.open(v) if (v or "").startswith(SEALED_PREFIX) else (v or ""))
                 for c, v in values.items()}
        params = {c: keys.seal(v) for c, v in plain.items()}
        params.update({h: keys.lookup_hash(plain[c]) for h, c in hashes.items()})
        sets = ", ".join(f"{c} = :{c}" for c in params)
        bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {key} = :pk"), {**params, "pk": row[0]})


def upgrade() -> None:
    op.create_table(
        'personal_data_key_fingerprints',
        sa.Column('name', sa.String(length=16), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', call_center.db.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_personal_data_key_fingerprints')))

    # -- personal numbers: sealed, with keyed hashes to find them by ------------------------
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.drop_constraint('uq_elders_id_number', type_='unique')
        batch_op.alter_column('id_number', type_=sa.Text(), existing_type=sa.String(length=18),
                              existing_nullable=False)
        batch_op.alter_column('phone', type_=sa.Text(), existing_type=sa.String(length=20),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('id_number_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.alter_column('phone', type_=sa.Text(), existing_type=sa.String(length=20),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('alarm_parties', schema=None) as batch_op:
        batch_op.alter_column('number', type_=sa.Text(), existing_type=sa.String(length=20),
                              existing_nullable=False)
    _seal_rows('elders', 'id', ('id_number', 'phone'),
               {'id_number_hash': 'id_number', 'phone_hash': 'phone'})
    _seal_rows('contacts', 'id', ('phone',), {'phone_hash': 'phone'})
    _seal_rows('alarm_parties', 'id', ('number',), {})
    with op.batch_alter_table('elders', schema=None) as batch_op:
        batch_op.alter_column('id_number_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('phone_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_elders_id_number_hash'), ['id_number_hash'])
        batch_op.create_index(batch_op.f('ix_elders_phone_hash'), ['phone_hash'], unique=False)
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.alter_column('phone_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_contacts_phone_hash'), ['phone_hash'], unique=False)

    # -- kiosk grants -----------------------------------------------------------------------
    op.create_table(
        'kiosk_grants',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('device_id', sa.String(length=32), nullable=False),
        sa.Column('elder_id', sa.String(length=32), nullable=False),
        sa.Column('issued_at', call_center.db.UtcDateTime(), nullable=False),
        sa.Column('expires_at', call_center.db.UtcDateTime(), nullable=False),
        sa.Column('ended_at', call_center.db.UtcDateTime(), nullable=True),
        sa.Column('end_reason', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_kiosk_grants_device_id_devices')),
        sa.ForeignKeyConstraint(['elder_id'], ['elders.id'], name=op.f('fk_kiosk_grants_elder_id_elders')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk_grants')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_kiosk_grants_token_hash')))
    with op.batch_alter_table('kiosk_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_grants_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kiosk_grants_elder_id'), ['elder_id'], unique=False)
    with op.batch_alter_table('alarms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raised_grant_id', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_alarms_raised_grant_id_kiosk_grants'),
                                    'kiosk_grants', ['raised_grant_id'], ['id'])

    # -- refusals aggregated per source -----------------------------------------------------
    with op.batch_alter_table('alarm_refusals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_at', call_center.db.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('count', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('source', sa.String(length=64), nullable=False, server_default=''))
    op.execute("UPDATE alarm_refusals SET last_at = at, source = CASE WHEN caller LIKE 'token:%' "
               "OR caller = 'anonymous' THEN 'address:' || remote_addr ELSE caller END")
    with op.batch_alter_table('alarm_refusals', schema=None) as batch_op:
        batch_op.alter_column('last_at', existing_type=call_center.db.UtcDateTime(), nullable=False)
        batch_op.alter_column('count', existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column('source', existing_type=sa.String(length=64), server_default=None)
        batch_op.create_index(batch_op.f('ix_alarm_refusals_last_at'), ['last_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alarm_refusals_source'), ['source'], unique=False)

    # -- console logins: growing delays per source and per name, no lockout ------------------
    op.create_table(
        'console_login_throttles',
        sa.Column('scope', sa.String(length=8), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', call_center.db.UtcDateTime(), nullable=False),
        sa.Column('next_allowed_at', call_center.db.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_console_login_throttles')))
    with op.batch_alter_table('console_credentials', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')


def downgrade() -> None:
    raise NotImplementedError("sealed personal numbers are not unsealed by a downgrade")
