"""Personal numbers at rest (issue 12 §3): ID numbers and phones are sealed with a key kept
outside the database, found by a keyed hash, existing rows are sealed by the migration, keys
rotate, and the SQLite file is its owner's alone."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from call_center import key_rotation
from call_center.config import Settings
from call_center.db import Database, make_engine
from call_center.migrate import open_database, upgrade
from call_center.sealed import KeyFileError, PersonalDataKeys, bind, load_or_create

from .conftest import Api

MOBILE = "13916205871"


def _raw(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def _db_file(app) -> Path:
    return Path(app.extensions["onekey"].db.engine.url.database)


def test_no_personal_number_is_in_the_database_file(center_app):
    db_path = _db_file(center_app)
    center_app.extensions["onekey"].db.engine.dispose()  # everything checkpointed into the file
    raw = db_path.read_bytes() + b"".join(
        Path(f"{db_path}{s}").read_bytes() for s in ("-wal",) if Path(f"{db_path}{s}").exists())
    for number in [*center_app.demo.id_numbers.values(), MOBILE, "13817306612"]:
        assert number.encode() not in raw, number
    (sealed, hashed), = _raw(db_path, "SELECT id_number, id_number_hash FROM elders LIMIT 1")
    assert sealed.startswith("gAAAAA") and len(hashed) == 64


def test_the_api_still_shows_what_it_showed(center_app):
    elder = Api(center_app, "tv_wang").get(f"/v1/elders/{center_app.demo.elders['wang']}").get_json()
    assert elder["phone_masked"] == "139****5871"
    full = center_app.demo.id_numbers["wang"]
    assert elder["id_number_masked"] == full[:4] + "*" * 10 + full[-4:]


def test_the_key_is_kept_outside_the_database_and_a_wrong_key_is_refused(tmp_path, center_db):
    db_path = center_db
    default = Path(Settings.load().personal_data_keys)
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    other = tmp_path / "other.keys"
    PersonalDataKeys.generate().save(other)
    with pytest.raises(KeyFileError, match="does not belong to this database"):
        open_database(Settings.load({"db_url": f"sqlite:///{db_path}", "personal_data_keys": str(other)}))


def test_the_migration_seals_existing_rows(tmp_path):
    """A database at 0400 with plain numbers (as before) is sealed by 0450."""
    db_path = tmp_path / "old.db"
    keys = load_or_create(tmp_path / "keys")
    engine = make_engine(f"sqlite:///{db_path}")
    bind(engine, keys)
    upgrade(engine, "0400")
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO households (id, ref, name, address, district, created_at) "
                             "VALUES ('hh_1', 'r1', '王家', '长宁区仙霞路1号', '长宁区', '2026-01-01')")
        conn.exec_driver_sql(
            "INSERT INTO elders (id, household_id, name, gender, birth_date, id_number, phone, "
            "home_address, district, street, hukou_shanghai, living_alone, economic_hardship, "
            "health_notes, preferences, created_at) VALUES ('eld_1', 'hh_1', '王秀英', 'female', "
            "'1940-01-01', '310105194001011234', '13916205871', '长宁区仙霞路1号', '长宁区', '仙霞', "
            "1, 1, 0, '', '{}', '2026-01-01')")
        conn.exec_driver_sql("INSERT INTO contacts (id, elder_id, name, relation, phone, priority) "
                             "VALUES ('ct_1', 'eld_1', '李娜', '侄女', '13817306612', 1)")
        conn.commit()
    upgrade(engine)
    engine.dispose()
    rows = _raw(db_path, "SELECT id_number, phone, id_number_hash, phone_hash FROM elders")
    (id_number, phone, id_hash, phone_hash), = rows
    assert id_number.startswith("gAAAAA") and phone.startswith("gAAAAA")
    assert keys.open(id_number) == "310105194001011234" and keys.open(phone) == MOBILE
    assert id_hash == keys.lookup_hash("310105194001011234") and phone_hash == keys.lookup_hash(MOBILE)
    (contact,), = _raw(db_path, "SELECT phone FROM contacts")
    assert keys.open(contact) == "13817306612"
    assert b"310105194001011234" not in db_path.read_bytes()


def test_keys_rotate_and_old_ones_retire(make_center_app, tmp_path, center_db, center_template):
    db_path = center_db
    keys_path = tmp_path / "keys"
    keys_path.write_text(Path(Settings.load().personal_data_keys).read_text())
    url = f"sqlite:///{db_path}"
    runner = CliRunner()
    before = _raw(db_path, "SELECT id_number, id_number_hash FROM elders ORDER BY id")
    result = runner.invoke(key_rotation.keys, ["rotate", "--db", url, "--keys", str(keys_path)])
    assert result.exit_code == 0, result.output
    rotated = PersonalDataKeys.load(keys_path)
    assert len(rotated.encryption_keys) == 2
    after = _raw(db_path, "SELECT id_number, id_number_hash FROM elders ORDER BY id")
    assert [a[1] for a in after] == [b[1] for b in before]  # same lookup key, same hashes
    assert all(a[0] != b[0] for a, b in zip(after, before))
    assert runner.invoke(key_rotation.keys, ["retire", "--db", url, "--keys", str(keys_path)]).exit_code == 0
    newest = PersonalDataKeys.load(keys_path)
    assert newest.encryption_keys == rotated.encryption_keys[:1]
    result = runner.invoke(key_rotation.keys, ["rotate", "--lookup", "--db", url, "--keys", str(keys_path)])
    assert result.exit_code == 0, result.output
    relooked = PersonalDataKeys.load(keys_path)
    assert relooked.lookup_key != newest.lookup_key and not keys_path.with_name("keys.next").exists()
    app = make_center_app(db_url=url, personal_data_keys=str(keys_path))
    demo = center_template.demo
    found = Api(app, "kiosk").post("/v1/elders/lookup", {"id_number": demo.id_numbers["li"],
                                                         "phone_tail": demo.phone_tails["li"]})
    assert found.status_code == 200 and found.get_json()["id"] == demo.elders["li"]


def test_the_sqlite_file_is_its_owners_alone(tmp_path):
    old_mask = os.umask(0o022)
    try:
        settings = Settings.load({"db_url": f"sqlite:///{tmp_path / 'private.db'}",
                                  "personal_data_keys": str(tmp_path / "keys")})
        database = open_database(settings)
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        for suffix in ("", "-wal", "-shm"):
            path = tmp_path / f"private.db{suffix}"
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, suffix
        assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o600
        database.dispose()
    finally:
        os.umask(old_mask)
    loose = tmp_path / "loose.db"
    loose.touch(mode=0o644)
    loose.chmod(0o644)
    Database(make_engine(f"sqlite:///{loose}")).dispose()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_addresses_health_notes_and_forms_are_sealed_and_existing_rows_sealed(tmp_path):
    """A database at 0550 with plain addresses, health notes and request forms is sealed by
    0700 and 0710; after them, what the centre writes is sealed too and reads back plain."""
    from sqlalchemy.orm import Session

    from call_center.models import Elder, Household, ServiceRequest

    db_path = tmp_path / "old.db"
    keys = load_or_create(tmp_path / "keys")
    engine = make_engine(f"sqlite:///{db_path}")
    bind(engine, keys)
    upgrade(engine, "0550")
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO households (id, ref, name, address, district, created_at) "
                             "VALUES ('hh_1', 'r1', '王家', '长宁区仙霞路1号', '长宁区', '2026-01-01')")
        conn.exec_driver_sql(
            "INSERT INTO elders (id, household_id, name, gender, birth_date, id_number, id_number_hash, "
            "phone, phone_hash, home_address, district, street, hukou_shanghai, living_alone, "
            "economic_hardship, health_notes, preferences, created_at, version, contacts_version) "
            f"VALUES ('eld_1', 'hh_1', '王秀英', 'female', '1940-01-01', '{keys.seal('310105194001011234')}', "
            f"'h1', '{keys.seal(MOBILE)}', 'h2', '长宁区仙霞路1号', '长宁区', '仙霞', 1, 1, 0, "
            "'高血压，青霉素过敏', '{}', '2026-01-01', 1, 1)")
        conn.exec_driver_sql(
            "INSERT INTO service_requests (id, elder_id, service, mode, channel, status, form, result, "
            "created_by, created_at, updated_at) VALUES ('req_1', 'eld_1', 'refill', 'auto', 'tv', "
            "'in_progress', '{\"delivery_address\": \"长宁区仙霞路1号\", \"medicine\": \"厄贝沙坦片\"}', "
            "NULL, 'device:x', '2026-01-01', '2026-01-01')")
        conn.commit()
    upgrade(engine)
    (address,), = _raw(db_path, "SELECT address FROM households")
    (home, notes), = _raw(db_path, "SELECT home_address, health_notes FROM elders")
    assert all(v.startswith("gAAAAA") for v in (address, home, notes))
    assert (keys.open(address), keys.open(home), keys.open(notes)) == (
        "长宁区仙霞路1号", "长宁区仙霞路1号", "高血压，青霉素过敏")
    with Session(engine) as db:  # the model reads them plain and writes them sealed
        elder = db.get(Elder, "eld_1")
        assert (elder.home_address, elder.health_notes) == ("长宁区仙霞路1号", "高血压，青霉素过敏")
        elder.health_notes = "糖尿病"
        db.get(Household, "hh_1").address = "长宁区愚园路1000弄5号"
        request = db.get(ServiceRequest, "req_1")
        assert request.form == {"delivery_address": "长宁区仙霞路1号", "medicine": "厄贝沙坦片"}
        assert request.result is None
        request.result = {"pharmacy": "仙霞路药房", "courier": "顺丰"}
        db.commit()
    engine.dispose()
    (notes,), = _raw(db_path, "SELECT health_notes FROM elders")
    assert notes.startswith("gAAAAA") and keys.open(notes) == "糖尿病"
    raw = db_path.read_bytes() + (db_path.with_name("old.db-wal").read_bytes()
                                  if db_path.with_name("old.db-wal").exists() else b"")
    (form, result), = _raw(db_path, "SELECT form, result FROM service_requests")
    assert form.startswith("gAAAAA") and result.startswith("gAAAAA")
    for plain in ("仙霞路", "愚园路", "青霉素", "糖尿病", "厄贝沙坦", "顺丰"):
        assert plain.encode() not in raw


def test_rotation_reseals_request_forms_and_applications_and_retire_keeps_them_open(
        make_center_app, tmp_path, center_db, center_template):
    """Request forms and results, a device application's verdict and a joint application's facts
    are sealed JSON: rotation re-seals them too, so retiring the old key loses none of them."""
    import uuid

    from sqlalchemy import text as sql

    db_path = center_db
    keys_path = tmp_path / "keys"
    keys_path.write_text(Path(Settings.load().personal_data_keys).read_text())
    url = f"sqlite:///{db_path}"
    app = make_center_app(db_url=url, personal_data_keys=str(keys_path))
    tv = Api(app, "tv_wang")
    joint = tv.post("/v1/requests", {"elder_id": center_template.demo.elders["wang"], "service": "elder_services",
                                     "form": {"parts": "all", "hukou_shanghai": "true", "hardship": "dibao"}},
                    key=uuid.uuid4().hex)
    assert joint.status_code == 201, joint.get_data(as_text=True)
    device = Api(app, "tv_zhang").post("/v1/requests", {
        "elder_id": center_template.demo.elders["zhang"], "service": "device_application",
        "form": {"package": "A", "hukou_shanghai": "true", "living_alone": "true", "hardship": "none"}},
        key=uuid.uuid4().hex)
    assert device.status_code == 201, device.get_data(as_text=True)
    app.extensions["onekey"].db.dispose()
    before = _raw(db_path, "SELECT facts FROM joint_applications")
    runner = CliRunner()
    for args in (["rotate"], ["retire"]):
        result = runner.invoke(key_rotation.keys, [*args, "--db", url, "--keys", str(keys_path)])
        assert result.exit_code == 0, result.output
    assert _raw(db_path, "SELECT facts FROM joint_applications") != before  # sealed anew
    again = make_center_app(db_url=url, personal_data_keys=str(keys_path))
    got = Api(again, "tv_wang").get(f"/v1/requests/{joint.get_json()['id']}").get_json()
    assert got["form"]["hardship"] == "dibao" and got["result"]["assessment"] == "等评估员上门评估"
    got = Api(again, "tv_zhang").get(f"/v1/requests/{device.get_json()['id']}").get_json()
    assert got["result"]["monthly_fee_yuan"] == 40
    with again.extensions["onekey"].db.reading() as db:
        from call_center.models import DeviceApplication, JointApplication

        assert db.get(JointApplication, joint.get_json()["id"]).facts["hardship"] == "dibao"
        assert db.get(DeviceApplication, device.get_json()["id"]).eligibility["tier"] == "others"
        assert db.execute(sql("SELECT count(*) FROM service_requests")).scalar() >= 2
