"""The demo's joint application (``onekey center --seed-demo``): 王秀英's, part-way through —
assessed, the subsidy and admission at their desks — once, however often the demo starts."""
from __future__ import annotations

from call_center.elder_services.demo import seed_showcase

from ..conftest import Api, row_counts


def test_the_demo_shows_a_joint_application_part_way_once(center_app):
    database = center_app.extensions["onekey"].db
    rid = seed_showcase(database, center_app.demo.elders["wang"])
    assert rid is not None
    before = row_counts(center_app)
    assert seed_showcase(database, center_app.demo.elders["wang"]) is None and row_counts(center_app) == before
    got = Api(center_app, "tv_wang").get(f"/v1/requests/{rid}").get_json()
    assert got["status"] == "confirmed" and got["result"]["stage"] == "deciding"
    assert got["result"]["assessment"] == "已评估：照护等级3级"
    assert got["result"]["subsidy"] == got["result"]["admission"] == "审核中"
