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
