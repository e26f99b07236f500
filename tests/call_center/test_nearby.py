"""身边服务 (seed 000 §三(二)3(5)): the places of a kind nearest an elder's home, nearest first,
with how far as people say it; an elder whose home is not located gets her street's first and
no distance; a call-back about a place says where it is and when it is open."""
from __future__ import annotations

import random
import uuid
from types import SimpleNamespace
from typing import Any

import pytest

from call_center.models import Elder, Resource
from call_center.policies.nearby import distance_words, metres_between, nearest

from .conftest import Api, assert_error, row_counts


def test_the_nearest_come_first_with_how_far(center_app):
    tv = Api(center_app, "tv_wang")
    wang = tv.demo.elders["wang"]
    for kind in ("meal_point", "elder_university", "care_centre"):
        r = tv.get(f"/v1/elders/{wang}/nearby", kind=kind)
        assert r.status_code == 200, r.get_data(as_text=True)
        found = r.get_json()
        assert found and all(p["kind"] == kind for p in found)
        metres = [p["distance_m"] for p in found]
        assert metres == sorted(metres)
        first = found[0]
        assert first["distance_words"].startswith("约") and first["district"] == "长宁区"
        assert first["speech"].startswith(f"{first['name']}。离您家{first['distance_words']}，在{first['address']}")
    meal = tv.get(f"/v1/elders/{wang}/nearby", kind="meal_point").get_json()
    assert [p["name"] for p in meal][:2] == ["仙霞社区长者食堂", "虹古路助餐点"]
    assert_error(tv.get(f"/v1/elders/{wang}/nearby", kind="cinema"), 422, "validation_error")
    assert Api(center_app, "tv_li").get(f"/v1/elders/{wang}/nearby", kind="meal_point").status_code == 403


def test_an_unlocated_home_gets_her_street_first_and_no_distance(center_app):
    database = center_app.extensions["onekey"].db
    with database.session(write=True) as s:
        e = s.get(Elder, center_app.demo.elders["zhang"])
        e.home_lat = e.home_lon = None
        s.commit()
    found = Api(center_app, "tv_zhang").get(f"/v1/elders/{center_app.demo.elders['zhang']}/nearby",
                                            kind="care_centre").get_json()
    assert found[0]["name"] == "田林街道长者照护之家"  # 田林街道, hers
    assert all(p["distance_m"] is None and p["distance_words"] == "" for p in found)
    assert "离您家" not in found[0]["speech"]


def test_order_is_by_distance_for_generated_homes_and_places():
    rng = random.Random(7)
    places = [Resource(id=f"r{i}", kind="meal_point", name=f"点{i}", district="长宁区", street="某街道",
                       address=f"某路{i}号", lat=31.1 + rng.random() * 0.2, lon=121.3 + rng.random() * 0.2,
                       hours="", phone="", summary="", position=i) for i in range(30)]

    class FakeDb:
        def scalars(self, _stmt: Any) -> list[Resource]:
            return list(places)

    for _ in range(50):
        home = (31.1 + rng.random() * 0.2, 121.3 + rng.random() * 0.2)
        elder = SimpleNamespace(home_lat=home[0], home_lon=home[1], street="某街道", district="长宁区")
        got = nearest(FakeDb(), elder, "meal_point")  # type: ignore[arg-type]
        want = sorted(places, key=lambda r: metres_between(*home, r.lat, r.lon))[:6]
        assert [p.resource.id for p in got] == [r.id for r in want]


@pytest.mark.parametrize("metres,words", [(10, "约100米"), (149, "约100米"), (150, "约200米"), (949, "约900米"),
                                          (950, "约1公里"), (1049, "约1公里"), (1050, "约1.1公里"),
                                          (15300, "约15.3公里"), (None, "")])
def test_distances_are_said_as_people_round_them(metres, words):
    assert distance_words(metres) == words


def test_one_degree_of_latitude_is_about_111_km():
    assert abs(metres_between(31.0, 121.0, 32.0, 121.0) - 111_195) < 50


def test_a_call_back_about_a_place(center_app):
    tv = Api(center_app, "tv_wang")
    body = {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
            "form": {"resource_id": "res_xx_meal", "callback_window": "asap"}}
    r = tv.post("/v1/requests", body, key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["form"]["topic"] == "nearby" and req["result"]["resource_address"] == "长宁区仙霞路620号"
    assert req["result"]["topic_label"] == "仙霞社区长者食堂" and req["result"]["hours"]
    told = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json() if m["request_id"] == req["id"]]
    assert [m["body"] for m in told] == ["王阿姨，您想去仙霞社区长者食堂，养老顾问会打电话帮您联系。"]
    before = row_counts(center_app)
    missing = {**body, "form": {"resource_id": "res_nowhere"}}
    assert_error(tv.post("/v1/requests", missing, key=uuid.uuid4().hex), 404, "not_found")
    assert row_counts(center_app) == before


DISTRICTS = ("长宁区", "徐汇区", "闵行区")
STREETS = ("甲街道", "乙街道", "丙街道")


def test_an_unlocated_home_is_offered_her_street_then_her_district_never_another_district():
    """Generated places and unlocated elders: every place offered is in her district, those of
    her street first; none in her district, none offered (the channel says why) — the new-user
    trial listed places of other districts, with no distance, as if they were near."""
    rng = random.Random(11)
    for _ in range(200):
        places = [Resource(id=f"r{i}", kind="meal_point", name=f"点{i}", district=rng.choice(DISTRICTS),
                           street=rng.choice(STREETS), address=f"某路{i}号", lat=31.2, lon=121.4,
                           hours="", phone="", summary="", position=i) for i in range(rng.randint(0, 12))]

        class FakeDb:
            def scalars(self, _stmt: Any) -> list[Resource]:
                return list(places)

        elder = SimpleNamespace(home_lat=None, home_lon=None, street=rng.choice(STREETS),
                                district=rng.choice(DISTRICTS))
        got = [p.resource for p in nearest(FakeDb(), elder, "meal_point")]  # type: ignore[arg-type]
        assert all(r.district == elder.district for r in got)
        in_district = [r for r in places if r.district == elder.district]
        assert len(got) == min(6, len(in_district))
        streets = [r.street == elder.street for r in got]
        assert streets == sorted(streets, reverse=True)  # her street's first
        assert sum(streets) == min(6, sum(r.street == elder.street for r in in_district))
