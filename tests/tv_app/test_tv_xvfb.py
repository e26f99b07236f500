"""End to end with real key events: `onekey tv` in an X server (Xvfb), keys typed by xdotool.

Nothing is injected into the app: X delivers the keys to SDL, SDL to Kivy, as on a box with
a keyboard or an IR receiver. What the keys did is checked at the centre (live_center):
Escape twice does not quit, F1 (the red key) raises 李国强's alarm, OK on the focused 我没事
cancels it.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from shared_ui.outbox import wait_until

pytestmark = [pytest.mark.ui, pytest.mark.integration, pytest.mark.slow]

ONEKEY = Path(sys.executable).parent / "onekey"


@pytest.fixture
def xserver():
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = f":{fh.readline().strip()}"
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def test_real_keys_escape_does_not_quit_red_key_raises_and_ok_cancels(xserver, live_center, tmp_path):
    config = tmp_path / "tv.json"
    env = {**os.environ, "DISPLAY": xserver, "SDL_VIDEODRIVER": "x11", "KIVY_NO_ARGS": "1",
           "KIVY_NO_CONSOLELOG": "1", "XDG_CACHE_HOME": str(Path.home() / ".cache")}
    app = subprocess.Popen([str(ONEKEY), "tv", "--center", live_center.url, "--token", live_center.tokens["tv_li"],
                            "--config", str(config), "--size", "1280x720", "--no-speech"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    agent = requests.Session()
    agent.headers.update(live_center.headers("agent"))
    li = live_center.elders["li"]

    def alarms(status: str) -> list[dict]:
        answer = agent.get(f"{live_center.url}/v1/alarms", params={"status": status}).json()
        return [a for a in answer if a["elder_id"] == li]

    def key(name: str) -> None:
        subprocess.run(["xdotool", "key", name], env=env, check=True, timeout=10)

    try:
        # The box has fetched its elder (stored in the per-box file): home is up.
        assert wait_until(lambda: config.exists() and '"elder"' in config.read_text(encoding="utf-8"), 60)
        already = {a["id"] for a in alarms("all")}
        key("Escape")
        key("Escape")
        assert not wait_until(lambda: app.poll() is not None, 2), "Escape quit the app"
        key("F1")
        assert wait_until(lambda: any(a["id"] not in already for a in alarms("open")), 20), "no alarm raised"
        raised = next(a for a in alarms("open") if a["id"] not in already)
        assert raised["channel"] == "tv"
        cancelled = False
        for _ in range(3):  # an OK right after the screen appeared is ignored (double-press guard)
            key("Return")  # 我没事 has the focus on the emergency screen
            cancelled = wait_until(lambda: any(a["id"] == raised["id"] for a in alarms("cancelled")), 2)
            if cancelled:
                break
        assert cancelled, "我没事 did not cancel the alarm"
        assert app.poll() is None
    finally:
        app.terminate()
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
