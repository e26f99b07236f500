"""Small pure parts: the service area, spoken times, settings (masking and ID numbers:
tests/personal_data)."""
from __future__ import annotations

from datetime import datetime

import pytest

from call_center.clock import SHANGHAI
from call_center.config import Settings
from call_center.service_area import check_address
from call_center.speech_text import clock_words, day_words


@pytest.mark.parametrize("address,ok,district", [
    ("上海市长宁区仙霞路650弄", True, "长宁区"),
    ("浦东张江路100号", True, "浦东新区"),
    ("上海 徐汇区 宜山路 600 号", True, "徐汇区"),
    ("江苏省昆山市花桥镇", False, None),
    ("浙江省舟山市普陀区", False, None),
    ("苏州市吴江区", False, None),
    ("仙霞路650弄", False, None),
])
def test_service_area(address: str, ok: bool, district: str | None):
    verdict = check_address(address)
    assert verdict.ok is ok
    assert verdict.district == district
    assert verdict.ok or verdict.reason


def test_spoken_times():
    morning = datetime(2026, 11, 25, 9, 30, tzinfo=SHANGHAI)
    afternoon = datetime(2026, 11, 25, 14, 0, tzinfo=SHANGHAI)
    assert clock_words(morning) == "上午9点30分"
    assert clock_words(afternoon) == "下午2点"
    assert day_words(morning) == "11月25日（星期三）"


def test_settings_precedence_and_read_at_creation():
    env = {"ONEKEY_SIM_LATENCY_MS": "250", "ONEKEY_SIM_RIDE_NO_CAR": "primary",
           "ONEKEY_SIM_REGISTRATION_DOWN": "1", "ONEKEY_DB_URL": "postgresql+psycopg://x/y"}
    s = Settings.load(None, env)
    assert (s.sim_latency_ms, s.sim_ride_no_car, s.sim_registration_down, s.db_url) == (
        250, "primary", True, "postgresql+psycopg://x/y")
    s = Settings.load({"sim_latency_ms": 0, "db_url": "sqlite:///a.db"}, env)
    assert (s.sim_latency_ms, s.db_url) == (0, "sqlite:///a.db")
    with pytest.raises(ValueError):
        Settings.load(None, {"ONEKEY_SIM_RIDE_NO_CAR": "sometimes"})


def test_env_is_read_by_the_factory(monkeypatch, tmp_path):
    from call_center.app import create_app

    monkeypatch.setenv("ONEKEY_SIM_RIDE_NO_CAR", "all")
    app = create_app({"db_url": f"sqlite:///{tmp_path / 'c.db'}"})
    rides = app.extensions["onekey"].providers.rides
    assert [r.no_car for r in rides] == [True, True]
    app.extensions["onekey"].db.dispose()
