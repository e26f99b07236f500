"""A database made before the catalog's wording of 6 December gets it too (migration 1500): a
policy whose summary said its offer again (紧急救援服务费由政府补贴 twice) is reworded where it
still holds the old words; a row an operator reworded is left as they wrote it; and every
policy the migrated database holds reads as the catalog does."""
from __future__ import annotations

import importlib

from sqlalchemy import create_engine, text

from call_center.migrate import upgrade
from call_center.policies.catalog import rows

wording = importlib.import_module("call_center.migrations.versions.1500_policy_clauses_once")


def test_old_words_are_replaced_and_an_operators_own_are_kept(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "1400")
    with engine.begin() as conn:
        for policy_id, column, before, _after in wording.CHANGES:
            conn.execute(text(f"UPDATE policies SET {column} = :v WHERE id = :id"), {"v": before, "id": policy_id})
        conn.execute(text("UPDATE policies SET summary = '本站自己写的说明' WHERE id = 'nursing_home'"))
    upgrade(engine)
    with engine.connect() as conn:
        found = {r.id: (r.summary, r.offer) for r in conn.execute(text("SELECT id, summary, offer FROM policies"))}
    catalog = {r["id"]: (r["summary"], r["offer"]) for r in rows()}
    assert found["nursing_home"][0] == "本站自己写的说明"  # the operator's words stand
    found["nursing_home"] = (catalog["nursing_home"][0], found["nursing_home"][1])
    assert found == catalog
    engine.dispose()
