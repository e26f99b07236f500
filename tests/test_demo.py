"""`onekey demo --headless` serves the API; a booking made through the flow engine shows up
in /v1/requests with its reminders in /v1/elders/{id}/messages (the backbone's 'done when')."""
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests

from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec
from tests import visit_reminders
from tests.page_text import page_text

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


def free_ports(n: int) -> list[int]:
    """``n`` different free ports: each socket stays bound until all are chosen (one port
    asked for twice in a row once came back twice: the centre and the mini-program back end
    were given the same one, and the demo stopped)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def start_demo(tmp_path, headless: bool = True, **popen) -> tuple[subprocess.Popen, list[str]]:
    """``onekey demo --headless`` (or with its TV and kiosk windows, offscreen under the test
    command) on free ports, once it says it is running: the process and the lines it printed."""
    port, mp_port = free_ports(2)
    proc = subprocess.Popen([sys.executable, "-m", "onekey_cli", "demo", *(["--headless"] if headless else []),
                             "--port", str(port), "--miniprogram-port", str(mp_port),
                             "--db", str(tmp_path / "demo.db")], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **popen)
    lines = []
    deadline = time.monotonic() + 90
    try:
        for line in proc.stdout:
            lines.append(line)
            if "Press Ctrl-C" in line:
                break
            assert time.monotonic() < deadline, "".join(lines)
        assert proc.poll() is None, "".join(lines)
    except BaseException:
        proc.kill()
        raise
    proc.ports = (port, mp_port)
    return proc, lines


@pytest.fixture
def demo(tmp_path):
    proc, lines = start_demo(tmp_path)
    port, mp_port = proc.ports
    try:
        yield f"http://127.0.0.1:{port}", "".join(lines), f"http://127.0.0.1:{mp_port}"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_demo_serves_openapi_and_a_flow_booking_lands_with_reminders(demo):
    url, output, _mp = demo
    assert "/openapi.json" in output and "demo-tv-wang" in output
    spec = requests.get(f"{url}/openapi.json", timeout=5).json()
    assert spec["openapi"].startswith("3") and any(p.startswith("/v1/requests") for p in spec["paths"])

    client = CenterClient(url, "demo-tv-wang")
    elder = client.elder(client.me()["elders"][0]["id"]).as_dict()
    runner = FlowRunner(FlowEngine(load_spec(), "tv"), client)
    runner.start(elder)
    assert runner.send("select", "registration").screen.kind == "review"
    assert runner.send("confirm").screen.kind == "result"

    headers = {"Authorization": "Bearer demo-tv-wang"}
    listed = requests.get(f"{url}/v1/requests", params={"elder_id": elder["id"]}, headers=headers, timeout=5).json()
    booking = next(r for r in listed if r["service"] == "registration" and r["status"] == "confirmed")
    messages = requests.get(f"{url}/v1/elders/{elder['id']}/messages", params={"due": "false"},
                            headers=headers, timeout=5).json()
    reminders = [m for m in messages if m["request_id"] == booking["id"] and m["kind"] == "reminder"]
    # the evening before and two hours before — at once when passed, one when both had
    visit_reminders.check([(m["created_at"], m["due_at"]) for m in reminders],
                          datetime.fromisoformat(booking["result"]["start"]))
    # the demo's 回访: her taxi done yesterday is asked about, one press, due now — on her TV at
    # whatever hour the demo started (call_center/satisfaction/demo.py)
    due_now = requests.get(f"{url}/v1/elders/{elder['id']}/messages", params={"due": "true"},
                           headers=headers, timeout=5).json()
    asks = [m for m in due_now if m["kind"] == "return_visit" and m["answers"]]
    assert [[a["id"] for a in m["answers"]] for m in asks] == [["satisfied", "so_so", "dissatisfied"]] and "申程出行" in asks[0]["body"]


def test_the_demo_family_signs_in_through_the_sandbox_and_sees_her_parents(demo):
    """`onekey demo` starts the mini-program back end with a demo family: 陈静 signs in with the
    随申办 sandbox (the demo's fake OAuth) and sees 张桂兰 and 陈志明, bound long ago."""
    _url, output, mp = demo
    assert f"{mp}/h5/" in output and "陈静" in output
    browser = requests.Session()
    start = browser.get(f"{mp}/h5/login/ssb", allow_redirects=False, timeout=10)
    chosen = browser.post(start.headers["Location"], data={"sub": "ssb-demo-chenjing"}, allow_redirects=False,
                          timeout=10)
    home = browser.get(chosen.headers["Location"], timeout=10)
    assert home.status_code == 200 and "陈静，您好" in page_text(home)
    assert "张桂兰" in page_text(home) and "陈志明" in page_text(home)
    # her page: the next home visit and who comes (the demo's 巡视探访, call_center/patrols/demo.py)
    household = requests.get(f"{_url}/v1/me", headers={"Authorization": "Bearer demo-tv-zhang"}, timeout=5).json()
    zhang_id = next(e["id"] for e in household["elders"] if e["name_masked"] == "张*兰")
    parent = page_text(browser.get(f"{mp}/h5/elders/{zhang_id}", timeout=10))
    assert "张桂兰的下次上门看望" in parent and "志愿者赵丽华" in parent, parent
    assert requests.get(f"{mp}/openapi.json", timeout=5).json()["paths"]
    assert f"open {mp}/r/<reference>" in output  # a slip printed in the demo opens here


def test_the_demo_says_how_to_identify_at_its_kiosk_and_it_works(demo):
    import re

    url, output, _mp = demo
    found = re.search(r"ID number (\d{17}[\dX]), phone ending (\d{4})", output)
    assert found, output
    kiosk = CenterClient(url, "demo-kiosk-1")
    assert kiosk.identify_elder(found.group(1), found.group(2))["elder"]["name"] == "王秀英"
    assert "TV and kiosk     not started (--headless)" in output


def test_demo_says_so_when_its_port_is_taken(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "onekey_cli", "demo", "--headless", "--port", str(port),
                               "--db", str(tmp_path / "demo.db")], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
    assert done.returncode != 0 and "in use" in done.stderr and "Press Ctrl-C" not in done.stdout


def test_sigterm_stops_the_demo_and_its_centre(tmp_path):
    import psutil

    proc, _ = start_demo(tmp_path)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, [p.cmdline() for p in alive]


def test_a_killed_demo_leaves_no_part_serving(tmp_path):
    """SIGKILL (or the out-of-memory killer) gives the demo no chance to stop its parts; they
    kept serving on their ports. Each now ends when the demo does, gracefully."""
    import psutil

    proc, _ = start_demo(tmp_path)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 3  # the centre, the back end and their workers
    proc.kill()
    proc.wait(timeout=10)
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.cmdline() for p in alive]
    for taken in proc.ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", taken))  # free again


def test_center_takes_a_database_url_or_a_path(tmp_path):
    from click.testing import CliRunner

    from call_center.cli import database_url

    assert database_url(f"sqlite:///{tmp_path}/c.db") == f"sqlite:///{tmp_path}/c.db"
    assert database_url(str(tmp_path / "c.db")) == f"sqlite:///{tmp_path / 'c.db'}"
    assert database_url("postgresql+psycopg://u@h/db").startswith("postgresql")
    from call_center.cli import center

    result = CliRunner().invoke(center, ["--db", "sqlite:/relative.db", "--worker-only"])
    assert result.exit_code == 2 and "three slashes" in result.output
    assert not (Path.cwd() / "sqlite:").exists()


def test_ctrl_c_stops_the_demo_cleanly_with_no_warning(tmp_path):
    """Ctrl-C in a terminal signals its whole foreground group. It reached gunicorn's workers
    beside their master, which logged them "sent SIGINT!" — and "sent SIGKILL!" when they took
    longer than the demo waited. Now the parts run in sessions of their own: the demo alone gets
    the Ctrl-C and stops each server with SIGTERM and time to finish; nothing is logged as a
    warning or an error, and no process is left."""
    import os

    import psutil

    proc, _ = start_demo(tmp_path, start_new_session=True)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 3  # the centre, the back end and its workers
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the demo's whole group
    stopped = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, stopped
    noisy = [line for line in stopped.splitlines()
             if re.search(r"\[(WARNING|ERROR|CRITICAL)\]|SIGKILL|SIGINT!|Traceback", line)]
    assert noisy == [], stopped
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, [p.cmdline() for p in alive]


def test_with_its_windows_the_demo_stops_front_ends_first_and_nothing_complains(tmp_path):
    """Trial of 6 December, on a machine with no sound card: a CRITICAL line and a WARNING for
    every sentence said; at Ctrl-C the TV and kiosk kept calling a centre that was stopping and
    logged tracebacks; the TV wrote its file into ~/.config. Now the windows stop before the
    servers, a silent machine plays speech to SDL's dummy driver (said once, at INFO), and the
    demo's TV keeps its file beside the demo's databases."""
    import os

    import psutil

    from shared_ui.outbox import wait_until

    env = {k: v for k, v in os.environ.items() if k not in ("SDL_AUDIODRIVER", "KIVY_NO_CONSOLELOG")}
    env["HOME"] = str(tmp_path / "home")
    proc, _ = start_demo(tmp_path, headless=False, start_new_session=True, env=env)
    try:
        def front_ends() -> list:
            found = []
            for p in psutil.Process(proc.pid).children(recursive=True):
                try:  # a short-lived helper process may be gone, or a zombie, by now
                    line = p.cmdline()
                except psutil.Error:
                    continue
                if "tv" in line or "--once" in line:
                    found.append(p)
            return found
        assert wait_until(lambda: len(front_ends()) == 2 and (tmp_path / "demo-tv.json").exists()
                          and (tmp_path / "tv-outbox.sqlite3").exists(), timeout=90)
        children = psutil.Process(proc.pid).children(recursive=True)
    except BaseException:
        proc.kill()
        raise
    os.killpg(proc.pid, signal.SIGINT)
    said = proc.communicate(timeout=90)[0]
    assert proc.returncode == 0, said
    noisy = [line for line in said.splitlines()
             if re.search(r"WARNING|ERROR|CRITICAL|SIGKILL|SIGINT!|Traceback|ALSA lib", line)]
    assert noisy == [], "\n".join(noisy)
    assert said.count("speech is shown, not heard") == 2  # the TV and the kiosk, once each
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, [p.cmdline() for p in alive]
    assert not (tmp_path / "home" / ".config" / "onekey").exists()
