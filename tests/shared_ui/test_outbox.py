"""Nothing lost: an alarm raised with the centre down survives a kill and is delivered once."""
import json
import signal
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from shared_ui.client import CenterClient
from shared_ui.outbox import Outbox, OutboxWorker, client_sender, wait_until

ROOT = Path(__file__).resolve().parents[2]


class AlarmDesk(BaseHTTPRequestHandler):
    """Records every POST /v1/alarms with its idempotency key (a device-side test double:
    the centre's own dedup is tested in tests/call_center)."""

    received: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.headers.get("Idempotency-Key"), body))
        data = json.dumps({"id": "a-1", "status": "raised"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def desk_on():
    servers = []

    def start(port: int):
        AlarmDesk.received = []
        httpd = ThreadingHTTPServer(("127.0.0.1", port), AlarmDesk)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return httpd

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_alarm_survives_a_kill_while_the_centre_is_down(tmp_path, desk_on):
    port = free_port()  # nothing listens yet: the centre is down
    db = tmp_path / "outbox.db"
    device = subprocess.Popen([sys.executable, str(Path(__file__).with_name("outbox_device.py")), str(db),
                               f"http://127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = device.stdout.readline()
    assert line.startswith("queued"), line
    assert "120" in line and "12345" in line  # screen and voice give the hotline and 120
    device.send_signal(signal.SIGKILL)
    device.wait(10)

    pending = Outbox(db).pending()
    assert len(pending) == 1 and pending[0].op == "raise_alarm"
    key = pending[0].idempotency_key

    desk_on(port)  # the centre is back
    outbox = Outbox(db)  # the restarted app
    delivered = []
    worker = OutboxWorker(outbox, client_sender(CenterClient(f"http://127.0.0.1:{port}", "tok")),
                          on_done=delivered.append, first_delay=0.05).start()
    try:
        assert wait_until(lambda: delivered, timeout=10)
    finally:
        worker.stop()
    assert [k for k, _ in AlarmDesk.received] == [key]
    assert AlarmDesk.received[0][1]["elder_id"] == "el-wang"
    assert AlarmDesk.received[0][1]["pressed_at"] == pending[0].created_at  # the press, not the send
    assert outbox.pending() == [] and outbox.get(key).state == "delivered"


def test_a_second_put_of_the_same_press_is_one_entry(tmp_path):
    outbox = Outbox(tmp_path / "o.db")
    outbox.put("raise_alarm", {"elder_id": "e"}, "k1")
    outbox.put("raise_alarm", {"elder_id": "e"}, "k1")
    assert len(outbox.pending()) == 1


def test_a_refused_write_is_final_and_not_retried(tmp_path):
    from shared_ui.client import CenterError

    outbox = Outbox(tmp_path / "o.db")
    outbox.put("raise_alarm", {"elder_id": "nobody"}, "k1")

    def refuse(entry):
        raise CenterError("not_found", "没有找到这位老人。", 404)

    delivered, reachable = outbox.deliver(refuse)
    assert (delivered, reachable) == (0, True)
    assert outbox.get("k1").state == "rejected" and outbox.pending() == []


def test_an_entry_undelivered_past_the_horizon_is_given_up_unsent(tmp_path):
    from datetime import datetime, timedelta, timezone

    from shared_ui.outbox import GIVE_UP_AFTER_DAYS

    box = Outbox(tmp_path / "outbox.db")
    box.put("raise_alarm", {"elder_id": "e1"}, "old-key")
    sent, done = [], []
    later = datetime.now(timezone.utc) + timedelta(days=GIVE_UP_AFTER_DAYS, hours=1)
    assert box.deliver(sent.append, done.append, now=later) == (0, True)
    assert sent == [] and [e.state for e in done] == ["expired"]
    assert box.get("old-key").state == "expired" and box.pending() == []


def test_an_alarm_taken_back_before_it_was_sent_is_never_sent(tmp_path):
    """我没事 on an alarm the centre has not got: the outbox gives it back unsent."""
    box = Outbox(tmp_path / "o.db")
    box.put("raise_alarm", {"elder_id": "e1"}, "k1")
    assert box.withdraw("k1").state == "withdrawn"
    sent: list = []
    assert box.deliver(sent.append) == (0, True)
    assert sent == [] and box.pending() == []


def test_an_alarm_taken_back_too_late_answers_the_centres_alarm(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.put("raise_alarm", {"elder_id": "e1"}, "k1")
    box.deliver(lambda entry: {"id": "a-1", "status": "raised"})
    taken = box.withdraw("k1")
    assert taken.state == "delivered" and taken.response["id"] == "a-1"  # the caller cancels it


def test_an_alarm_taken_back_while_it_was_being_sent_is_cancelled_through_the_outbox(tmp_path):
    """The send was already out when the elder pressed 我没事 and the centre took it: the
    outbox does not report it delivered, and cancels it at the centre — durably, like the
    alarm itself."""
    box = Outbox(tmp_path / "o.db")
    box.put("raise_alarm", {"elder_id": "e1", "grant": "g-1"}, "k1")
    sent, done = [], []

    def send(entry):
        sent.append((entry.op, entry.args))
        if entry.op == "raise_alarm":
            box.withdraw("k1")  # pressed while this send was on the wire
            return {"id": "a-1", "status": "raised"}
        return {"id": "a-1", "status": "cancelled"}

    box.deliver(send, done.append)
    assert [e.state for e in done] == ["withdrawn"]  # never told to the screen as delivered
    (cancel,) = box.pending()
    assert cancel.op == "cancel_alarm" and cancel.args["alarm_id"] == "a-1"
    assert cancel.args["grant"] == "g-1"  # a kiosk's cancel goes with the same grant
    box.deliver(send, done.append)
    assert sent[-1] == ("cancel_alarm", cancel.args) and box.pending() == []
    assert box.get("k1").state == "withdrawn"


def test_the_first_inline_try_taken_back_meanwhile_is_cancelled_too(tmp_path):
    box = Outbox(tmp_path / "o.db")
    box.put("raise_alarm", {"elder_id": "e1"}, "k1")
    box.withdraw("k1")
    box.settle("k1", response={"id": "a-9", "status": "raised"})  # the inline try's answer
    (cancel,) = box.pending()
    assert cancel.op == "cancel_alarm" and cancel.args["alarm_id"] == "a-9"


def test_the_durable_runner_takes_back_or_cancels(tmp_path):
    from shared_ui.flow.runner import Intent, durable_intent_runner

    class Centre:
        def __init__(self):
            self.cancelled: list = []

        def cancel_alarm(self, alarm_id, idempotency_key=None):
            self.cancelled.append(alarm_id)
            return {"id": alarm_id, "status": "cancelled"}

        def with_grant(self, grant):
            return self

    box = Outbox(tmp_path / "o.db")
    run = durable_intent_runner(box)
    centre = Centre()
    box.put("raise_alarm", {"elder_id": "e1"}, "unsent")
    answer = run(centre, Intent("i1", "withdraw_alarm", {"alarm_key": "unsent"}, "w1"))
    assert answer.ok and answer.data == {"withdrawn": True} and centre.cancelled == []
    box.put("raise_alarm", {"elder_id": "e1"}, "sent")
    box.deliver(lambda entry: {"id": "a-5", "status": "raised"})
    answer = run(centre, Intent("i2", "withdraw_alarm", {"alarm_key": "sent"}, "w2"))
    assert answer.ok and answer.data["status"] == "cancelled" and centre.cancelled == ["a-5"]


def test_finished_entries_are_pruned_and_pending_ones_kept(tmp_path):
    from datetime import datetime, timedelta, timezone

    box = Outbox(tmp_path / "outbox.db")
    box.put("raise_alarm", {"elder_id": "e1"}, "sent")
    box.deliver(lambda entry: {"id": "a-1"})
    box.put("raise_alarm", {"elder_id": "e1"}, "waiting")
    assert box.prune() == 0  # delivered just now: kept for the record
    assert box.prune(now=datetime.now(timezone.utc) + timedelta(days=31)) == 1
    assert box.get("sent") is None and box.get("waiting").state == "pending"


@pytest.mark.integration
def test_a_real_centre_shows_how_long_a_held_alarm_waited(tmp_path, make_live_center):
    """Ten minutes cut off: the centre keeps the press time, and the delay, from the outbox."""
    import sqlite3
    from datetime import datetime, timedelta, timezone

    centre = make_live_center()
    box = Outbox(tmp_path / "outbox.db")
    box.put("raise_alarm", {"elder_id": centre.elders["wang"], "channel": "tv"}, "held-press")
    pressed = datetime.now(timezone.utc) - timedelta(minutes=10)
    with sqlite3.connect(tmp_path / "outbox.db") as db:   # the press happened before the outage
        db.execute("UPDATE outbox SET created_at=?", (pressed.isoformat(),))
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    assert box.deliver(client_sender(client)) == (1, True)
    alarm = box.get("held-press").response
    assert 600 <= alarm["delivery_delay_s"] < 660
    assert datetime.fromisoformat(alarm["pressed_at"]) == pressed.replace(microsecond=0)
    client.cancel_alarm(alarm["id"])


def test_every_alarm_tells_when_she_pressed(desk_on):
    """Sent at once or late, a raise names its press time: a centre that takes it in late
    (stalled, busy) still counts her wait from the press."""
    from datetime import datetime

    port = free_port()
    desk_on(port)
    CenterClient(f"http://127.0.0.1:{port}", "t").raise_alarm("e1", channel="tv", idempotency_key="k")
    (_, body), = AlarmDesk.received
    assert datetime.fromisoformat(body["pressed_at"]).utcoffset() is not None


@pytest.mark.integration
def test_a_stalled_centre_is_told_at_once_and_still_gets_the_press_time(tmp_path, make_live_center):
    """A user trial froze the centre (SIGSTOP) and pressed SOS: the TV said 正在呼叫 for a
    minute — four tries of 15 s — and the alarm, taken in when the centre moved again, was
    stamped with that moment. The press is tried once, within the urgent timeout, and then kept
    (the screen gives the numbers to call); what the stalled centre takes in later is stamped
    with the press, and the outbox's delivery is the same alarm."""
    import time
    from datetime import datetime

    from shared_ui.flow.runner import Intent, durable_intent_runner

    from ..relay import Relay

    centre = make_live_center()
    relay = Relay(centre.url)
    relay.hold()
    client = CenterClient(relay.url, centre.tokens["tv_wang"], urgent_timeout=(2.0, 0.5))
    box = Outbox(tmp_path / "outbox.db")
    run = durable_intent_runner(box)
    answer = run(client, Intent("i1", "raise_alarm", {"elder_id": centre.elders["wang"], "channel": "tv"},
                                "stalled-press"))
    assert not answer.ok and answer.error["queued"], answer
    assert relay.connections == 1  # once: the outbox tries again, not the HTTP layer
    pressed = datetime.fromisoformat(box.get("stalled-press").created_at)
    time.sleep(1.1)  # the centre moves again a second later (so the second it stamps differs)
    relay.release()
    direct = CenterClient(centre.url, centre.tokens["tv_wang"])
    assert wait_until(lambda: bool(direct.open_alarms()), 10)
    (alarm,) = direct.open_alarms()
    assert datetime.fromisoformat(alarm["pressed_at"]) == pressed.replace(microsecond=0)
    assert box.deliver(client_sender(direct)) == (1, True)
    assert box.get("stalled-press").response["id"] == alarm["id"]
    direct.cancel_alarm(alarm["id"])
    relay.cut()
