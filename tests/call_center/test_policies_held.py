"""A policy whose benefit she already holds is never pushed nor listed as hers to apply for —
whatever evidence the centre has of it (a package on file, a TV box bound to her household, an
application open or done); and what a policy shows never says the same clause twice."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from call_center.clock import local, now
from call_center.models import Device, Elder, PolicyOffer
from call_center.policies import offers
from call_center.policies.catalog import entries

from .conftest import Api, assert_error

ONE_KEY = ("emergency_call_covered", "emergency_call_rescue_fee")


def _make_zhang_qualify(app, hardship: bool = False) -> str:
    """张桂兰 (a TV box bound to her household, no package on file) made 81 and alone, so she
    qualifies for one of the 一键通 policies by her facts."""
    elder_id = app.demo.elders["zhang"]
    with app.extensions["onekey"].db.writing() as db:
        row = db.get(Elder, elder_id)
        row.birth_date = date(local(now()).year - 81, 1, 1)
        row.living_alone, row.hukou_shanghai, row.economic_hardship = True, True, hardship
        row.service_package = None
        db.commit()
    return elder_id


def _unbind_tvs(app, elder_id: str) -> None:
    with app.extensions["onekey"].db.writing() as db:
        household = db.get(Elder, elder_id).household_id
        for dev in db.scalars(select(Device).where(Device.household_id == household)):
            dev.active = False
        db.commit()


def _one_key(app, elder_id: str) -> dict:
    found = Api(app, "agent").get(f"/v1/elders/{elder_id}/policies").get_json()
    return {p["id"]: p for p in found if p["id"] in ONE_KEY}


def _sweep_all(app) -> set[str]:
    database = app.extensions["onekey"].db
    day = local(now()).replace(hour=10, minute=0, second=0, microsecond=0)
    for n in range(14):
        offers.sweep(database, at=day + timedelta(days=n))
    with database.session(write=False) as s:
        return {o.policy_id for o in s.scalars(select(PolicyOffer).where(PolicyOffer.elder_id == app.demo.elders["zhang"]))}


@pytest.mark.parametrize("hardship", [False, True])
def test_a_bound_tv_box_is_one_key_held_though_no_package_is_on_file(center_app, hardship):
    elder_id = _make_zhang_qualify(center_app, hardship)
    policy_id = ONE_KEY[0] if hardship else ONE_KEY[1]
    mine = _one_key(center_app, elder_id)[policy_id]
    assert mine["qualifies"] is True
    assert mine["held"] is True and mine["standing"] == "已享受" and mine["opens"] is None
    assert policy_id not in _sweep_all(center_app)
    refused = Api(center_app, "agent").post(f"/v1/elders/{elder_id}/policies/{policy_id}/push", key=uuid.uuid4().hex)
    assert "已经享受" in assert_error(refused, 409, "invalid_transition")["message"]


def test_without_a_box_nor_an_application_she_is_told(center_app):
    elder_id = _make_zhang_qualify(center_app)
    _unbind_tvs(center_app, elder_id)
    mine = _one_key(center_app, elder_id)["emergency_call_rescue_fee"]
    assert mine["held"] is False and mine["standing"] == "可以办理"
    assert "emergency_call_rescue_fee" in _sweep_all(center_app)


@pytest.mark.parametrize("state,held", [("reviewing", True), ("queued", True), ("scheduled", True),
                                        ("installed", True), ("returned", False), ("cancelled", False)])
def test_an_application_open_or_done_is_one_key_held(center_app, state, held):
    from call_center.models import DeviceApplication

    from .device_applications.helpers import application_body

    elder_id = _make_zhang_qualify(center_app)
    _unbind_tvs(center_app, elder_id)
    agent = Api(center_app, "agent")
    filed = agent.post("/v1/requests", application_body(center_app.demo, "zhang", package="B") | {"mode": "self"},
                       key=uuid.uuid4().hex)
    assert filed.status_code == 201, filed.get_data(as_text=True)
    with center_app.extensions["onekey"].db.writing() as db:
        db.get(DeviceApplication, filed.get_json()["id"]).state = state
        db.commit()
    mine = _one_key(center_app, elder_id)["emergency_call_rescue_fee"]
    assert mine["held"] is held


CLAUSE = re.compile(r"[，。；！？、,.;!?]+")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in CLAUSE.split(text) if c.strip()]


@pytest.mark.parametrize("policy", entries(), ids=lambda p: p.id)
def test_no_policy_says_the_same_clause_twice(policy):
    """What she is told is ``offer。summary`` (offers.sentence) and 政策查询 reads the summary
    after the title: a clause of one field said again inside another (紧急救援服务费由政府补贴
    twice) is read to her twice."""
    shown = _clauses(policy.offer) + _clauses(policy.summary)
    for i, a in enumerate(shown):
        for j, b in enumerate(shown):
            if i != j and len(a) >= 4:
                assert a not in b, f"{policy.id}: 「{a}」 is said again in 「{b}」"
