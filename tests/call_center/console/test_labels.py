"""The console says who did a step in words, for every kind of caller the centre records
(``Caller.actor``: agent, service, family, a device by its kind, provider, system, worker)."""
from __future__ import annotations

import re

import pytest

from call_center.console import labels


@pytest.mark.parametrize("value, words", [
    ("family:fam_0123", "家属"), ("tv:dev_1", "电视"), ("kiosk:dev_2", "自助机"),
    ("service:svc_1", "小程序后台"), ("system:escalation", "系统"), ("provider:健康云", "服务平台 健康云"),
    ("agent:agt_x", "话务员"), ("volunteer:vol_1", "志愿者"),
])
def test_every_kind_of_actor_is_said_in_words(value, words):
    assert labels.actor(value) == words


def test_no_actor_kind_the_centre_records_is_left_in_english():
    """Every ``kind:`` the centre writes as an actor has a word (the kinds a Caller can be)."""
    from call_center import auth

    source = open(auth.__file__, encoding="utf-8").read()
    kinds = set(re.findall(r'kind == "(\w+)"', source)) - {"device"}
    assert kinds and all(k in labels.ACTOR_KINDS for k in kinds), kinds - set(labels.ACTOR_KINDS)


@pytest.mark.parametrize("hour", [0, 9, 23])
def test_due_times_read_one_way_down_a_column(monkeypatch, hour):
    """The care queue's 应办时间: a day word and hours:minutes, never 15:00:00 beside 12-02 15:00
    (the page's now pinned: read at 23:59:59 and again after midnight, 今天 was 昨天)."""
    from datetime import datetime, timedelta

    from call_center.clock import SHANGHAI
    from call_center.console import blueprint
    from call_center.console.blueprint import due

    monkeypatch.setattr(blueprint, "now", lambda: datetime(2026, 12, 7, hour, 59, 59, tzinfo=SHANGHAI))
    today = datetime(2026, 12, 7, 15, 0, 7, tzinfo=SHANGHAI)
    assert due(today) == "今天 15:00"
    assert due(today - timedelta(days=1)) == "昨天 15:00"
    assert due(today + timedelta(days=1)) == "明天 15:00"
    assert re.fullmatch(r"\d\d-\d\d 15:00", due(today - timedelta(days=3)))
    assert due(None) == ""
