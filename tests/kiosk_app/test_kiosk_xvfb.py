"""`onekey kiosk` as a station runs it: in an X server (Xvfb, a 1080×1920 portrait screen),
under its supervisor, driven by xdotool. Full screen with no window chrome; Escape and Alt-F4
do not close it; killed, it comes back (a new process) and delivers the alarm it had stored;
only the admin's corner gesture and PIN close it, and then the supervisor stops too."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared_ui.outbox import Outbox, wait_until

pytestmark = [pytest.mark.ui, pytest.mark.integration, pytest.mark.slow]
ONEKEY = Path(sys.executable).parent / "onekey"


@pytest.fixture
def xserver():
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = f":{fh.readline().strip()}"
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_a_station_kiosk_stays_up_comes_back_and_only_the_admin_closes_it(xserver, live_center, tmp_path):
    data = tmp_path / "kiosk"
    env = {**os.environ, "DISPLAY": xserver, "SDL_VIDEODRIVER": "x11", "KIVY_NO_ARGS": "1",
           "KIVY_NO_CONSOLELOG": "1", "ONEKEY_KIOSK_ADMIN_PIN": "8642",
           "XDG_CACHE_HOME": str(Path.home() / ".cache")}

    def xdo(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=10).stdout

    supervisor = subprocess.Popen([str(ONEKEY), "kiosk", "--center", live_center.url, "--token",
                                   live_center.tokens["kiosk"], "--data-dir", str(data), "--no-speech",
                                   "--printer", ""], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_until(lambda: (data / "outbox.sqlite3").exists(), 60), "the kiosk did not start"
        first = children(supervisor.pid)
        assert len(first) == 1
        window = xdo("search", "--sync", "--onlyvisible", "--pid", str(first[0]), "").split()[:1] or \
            xdo("getactivewindow").split()
        geometry = xdo("getwindowgeometry", window[0])
        assert "1080x1920" in geometry, geometry            # the whole screen, no chrome
        for keys in ("Escape", "alt+F4", "Escape"):
            xdo("key", keys)
        assert not wait_until(lambda: children(supervisor.pid) != first, 2), "Escape or Alt-F4 closed it"

        os.kill(first[0], signal.SIGKILL)                   # a crash
        outbox = Outbox(data / "outbox.sqlite3")            # what it had stored just before:
        grant = live_center.kiosk_headers("li")["Onekey-Grant"]  # her press, under her grant
        outbox.put("raise_alarm", {"elder_id": live_center.elders["li"], "channel": "kiosk", "grant": grant},
                   "kiosk-crash-press")
        assert wait_until(lambda: children(supervisor.pid) not in ([], first), 30), "no restart"
        assert wait_until(lambda: Outbox(data / "outbox.sqlite3").get("kiosk-crash-press").state == "delivered", 60)
        agent = live_center.headers("agent")
        import requests

        opened = requests.get(f"{live_center.url}/v1/alarms", params={"status": "open"}, headers=agent).json()
        mine = [a for a in opened if a["elder_id"] == live_center.elders["li"]]
        assert len(mine) == 1 and mine[0]["channel"] == "kiosk"
        requests.post(f"{live_center.url}/v1/alarms/{mine[0]['id']}/cancel", json={"by": "agent", "note": "test"},
                      headers=agent)

        now = children(supervisor.pid)[0]
        window = xdo("search", "--sync", "--onlyvisible", "--pid", str(now), "").split()
        if window:                                          # no window manager: give it the keyboard
            xdo("windowfocus", "--sync", window[0])
        time.sleep(1.0)
        for _ in range(5):                                  # the admin's gesture: the top-left corner
            xdo("mousemove", "20", "20", "click", "1")
            time.sleep(0.15)
        time.sleep(1.0)
        xdo("type", "--delay", "150", "1111")               # a wrong PIN closes the pad, nothing else
        xdo("key", "Return")
        assert not wait_until(lambda: supervisor.poll() is not None, 3)
        for _ in range(5):
            xdo("mousemove", "20", "20", "click", "1")
            time.sleep(0.15)
        time.sleep(1.0)
        xdo("type", "--delay", "150", "8642")
        xdo("key", "Return")
        assert wait_until(lambda: supervisor.poll() is not None, 20), "the admin's PIN did not close it"
        assert supervisor.returncode == 0
    finally:
        if supervisor.poll() is None:
            supervisor.terminate()
            supervisor.wait(timeout=20)
