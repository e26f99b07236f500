"""`onekey flow` fails clearly: a refused token and an unreachable centre are told apart, on
every channel, before anything is typed; a kiosk starts by asking who is there."""
import socket

import pytest
from click.testing import CliRunner

from onekey_cli.flow import flow

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_a_refused_token_is_said_as_such(live_center, channel):
    result = CliRunner().invoke(flow, ["--center", live_center.url, "--token", "nope", "--channel", channel],
                                input="q\n")
    assert result.exit_code == 1 and "refused this token" in result.output, result.output


def test_an_unreachable_centre_is_said_as_such():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    result = CliRunner().invoke(flow, ["--center", dead, "--token", "demo-tv-wang"], input="q\n")
    assert result.exit_code == 1 and "cannot reach" in result.output


def test_a_kiosk_asks_who_is_there_and_a_tv_opens_home(live_center):
    kiosk = CliRunner().invoke(flow, ["--center", live_center.url, "--token", live_center.tokens["kiosk"],
                                      "--channel", "kiosk"], input="q\n")
    assert kiosk.exit_code == 0 and "请先确认身份" in kiosk.output
    tv = CliRunner().invoke(flow, ["--center", live_center.url, "--token", live_center.tokens["tv_wang"]],
                            input="2\nq\n")
    assert tv.exit_code == 0 and "一键通" in tv.output and "预约挂号" in tv.output


def test_a_kiosk_in_the_terminal_acts_with_a_grant_and_quitting_ends_it(live_center):
    """Identify (ID number + phone tail) → the centre's grant carries every call → q ends it."""
    from sqlalchemy import select

    from call_center.models import KioskGrant

    keys = f"1\n>{live_center.id_numbers['li']}\n>{live_center.phone_tails['li']}\n5\nq\n"
    result = CliRunner().invoke(flow, ["--center", live_center.url, "--token", live_center.tokens["kiosk"],
                                       "--channel", "kiosk"], input=keys)
    assert result.exit_code == 0, result.output
    assert "李伯伯，您好" in result.output and "李*强" not in result.output  # the form of address, never the mask
    with live_center.app.extensions["onekey"].db.session(write=False) as s:
        grant = s.scalars(select(KioskGrant).where(KioskGrant.elder_id == live_center.elders["li"])
                          .order_by(KioskGrant.issued_at.desc())).first()
    assert grant is not None and grant.ended_at is not None and grant.end_reason == "sign_out"


def test_a_kiosk_in_the_terminal_offers_its_station_first_for_a_taxi(live_center):
    """The terminal plays the real kiosk: a trip leaves from the health station she is standing
    in first (GET /v1/me's station), not from her home as on her TV (trial #21)."""
    from shared_ui.client import CenterClient

    station = CenterClient(live_center.url, live_center.tokens["kiosk"]).me()["device"]
    keys = f"1\n>{live_center.id_numbers['li']}\n>{live_center.phone_tails['li']}\n2\nq\n"
    result = CliRunner().invoke(flow, ["--center", live_center.url, "--token", live_center.tokens["kiosk"],
                                       "--channel", "kiosk"], input=keys)
    assert result.exit_code == 0, result.output
    taxi = result.output[result.output.rindex("━━ 叫出租车"):]
    pickup = next(line for line in taxi.splitlines() if "上车地点" in line)
    assert station["station"] in pickup and station["station_address"] in pickup, taxi
