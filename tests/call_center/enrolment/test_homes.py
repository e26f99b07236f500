"""A household is found by its home, whatever made it: the demo's (ref demo-wang), a roster's
with a 户号 — a spouse enrolled at that address joins it (and its TV)
instead of getting a household of her own. Households made before are given their home's hash
by migration 1600, and a new lookup key hashes them again."""
from __future__ import annotations

import random
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select, text

from call_center import key_rotation
from call_center.config import Settings
from call_center.db import make_engine
from call_center.enrolment.cli import enrol
from call_center.enrolment.homes import household_for, place_of
from call_center.enrolment.records import checked
from call_center.migrate import upgrade
from call_center.models import Elder, Household
from call_center.models.elders import home_key
from call_center.sealed import bind, load_or_create

from .people import fields
from .test_records import ON
from .test_roster import as_csv

WANG_HOME = "上海市长宁区仙霞路650弄12号302室"  # the demo's 王秀英 (household demo-wang, 独居)


def spellings(rng: random.Random, address: str) -> str:
    home = address.removeprefix("上海市长宁区")
    return rng.choice(("上海市长宁区", "长宁区", "", "上海长宁区 ")) + "".join(
        chr(ord(c) + 0xFEE0) if c.isdigit() and rng.random() < 0.3 else c for c in home)


def test_a_spouse_written_any_way_joins_a_household_the_roster_did_not_make(center_app):
    rng = random.Random(3)
    database = center_app.extensions["onekey"].db
    with database.writing() as db:
        wang = db.scalar(select(Household).where(Household.ref == "demo-wang"))
        for _ in range(12):
            record = checked(fields(rng, address=spellings(rng, WANG_HOME), district="长宁区"), ON)[0]
            assert household_for(db, record) is wang, record.address
        record = checked(fields(rng, address=WANG_HOME.replace("302室", "303室"), district="长宁区"), ON)[0]
        assert household_for(db, record).id is None  # next door is another home
        db.rollback()


def test_a_roster_enrolling_her_husband_puts_him_in_her_household(tmp_path: Path, center_template):
    rng = random.Random(4)
    db_path = tmp_path / "wang.db"
    db_path.write_bytes(center_template.path.read_bytes())
    url = f"sqlite:///{db_path}"
    husband = fields(rng, address=spellings(rng, WANG_HOME), district="长宁区", living_alone="否")
    path = tmp_path / "roster.csv"
    path.write_text(as_csv([{**husband, "living_alone": "是"}]), encoding="utf-8")
    refused = CliRunner().invoke(enrol, [str(path), "--db", url])
    assert refused.exit_code == 1 and "已有王秀英的档案" in refused.output
    path.write_text(as_csv([husband]), encoding="utf-8")
    done = CliRunner().invoke(enrol, [str(path), "--db", url])
    assert "新建1位老人（新建0户）" in done.output, done.output
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT h.ref FROM elders e JOIN households h ON h.id = e.household_id "
                                 "WHERE e.name = :n"), {"n": husband["name"]}).scalar() == "demo-wang"
    engine.dispose()


def test_the_migration_gives_households_made_before_their_homes(tmp_path):
    keys = load_or_create(tmp_path / "keys")
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    bind(engine, keys)
    upgrade(engine, "1500")
    with engine.begin() as conn:
        for n, (ref, address) in enumerate([("XX-1", WANG_HOME), ("demo-li", "上海市普陀区枣阳路218弄5号601室")]):
            conn.execute(text("INSERT INTO households (id, ref, name, address, district, created_at) "
                              "VALUES (:id, :ref, '家', :a, :d, '2026-01-01')"),
                         {"id": f"hh_{n}", "ref": ref, "a": keys.seal(address), "d": address[3:6]})
    upgrade(engine)
    with engine.connect() as conn:
        found = dict(conn.execute(text("SELECT id, home_hash FROM households")).all())
    assert found == {"hh_0": keys.lookup_hash(home_key("长宁区", WANG_HOME)),
                     "hh_1": keys.lookup_hash(home_key("普陀区", "枣阳路218弄5号601室"))}
    engine.dispose()


def test_a_new_lookup_key_hashes_the_homes_again(make_center_app, tmp_path, center_template):
    db_path = tmp_path / "rotating.db"
    db_path.write_bytes(center_template.path.read_bytes())
    keys_path = tmp_path / "keys"
    keys_path.write_text(Path(Settings.load().personal_data_keys).read_text())
    url = f"sqlite:///{db_path}"
    result = CliRunner().invoke(key_rotation.keys, ["rotate", "--lookup", "--db", url, "--keys", str(keys_path)])
    assert result.exit_code == 0, result.output
    app = make_center_app(db_url=url, personal_data_keys=str(keys_path))
    with app.extensions["onekey"].db.writing() as db:
        record = checked(fields(random.Random(5), address=WANG_HOME, district="长宁区"), ON)[0]
        assert household_for(db, record).ref == "demo-wang"
        assert place_of(db, record).holds(db.get(Elder, center_template.demo.elders["wang"]).household)
        db.rollback()
