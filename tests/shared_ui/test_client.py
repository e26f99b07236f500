"""The client against a real (tiny) HTTP server: retries, idempotency keys, speakable errors."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared_ui.client import CenterClient, CenterError


class Flaky(BaseHTTPRequestHandler):
    """Answers 503 for the first ``fail`` calls of each path, then the scripted body."""

    script: dict = {}
    seen: list = []

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, self.headers.get("Idempotency-Key"),
                          self.headers.get("Authorization"), body, self.headers.get("Onekey-Grant")))
        path = self.path.split("?")[0]
        entry = self.script[path]
        if entry.get("fail", 0) > 0:
            entry["fail"] -= 1
            status, payload = 503, {"error": {"code": "busy", "message": "忙"}}
        else:
            status, payload = entry["status"], entry["body"]
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in entry.get("headers", {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PATCH = _answer


@pytest.fixture
def server():
    Flaky.script, Flaky.seen = {}, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_reads_retry_on_503_then_succeed(server):
    Flaky.script["/v1/catalog/hospitals"] = {"fail": 2, "status": 200,
                                             "body": [{"id": "h1", "name": "瑞金医院"}]}
    client = CenterClient(server, "tok", backoff=0.01)
    hospitals = client.hospitals()
    assert [h.name for h in hospitals] == ["瑞金医院"]
    assert len(Flaky.seen) == 3
    assert Flaky.seen[0][3] == "Bearer tok"


def test_a_write_retries_with_one_idempotency_key(server):
    request = {"id": "r1", "elder_id": "e1", "service": "registration", "mode": "self", "status": "confirmed"}
    Flaky.script["/v1/requests"] = {"fail": 1, "status": 201, "body": request}
    client = CenterClient(server, "tok", backoff=0.01)
    made = client.create_request("e1", "registration", {"slot_id": "s1"}, idempotency_key="k-123")
    assert made.status == "confirmed"
    keys = [s[2] for s in Flaky.seen]
    assert keys == ["k-123", "k-123"]
    assert json.loads(Flaky.seen[0][4])["form"] == {"slot_id": "s1"}


def test_writes_always_carry_a_key(server):
    Flaky.script["/v1/messages/m1/ack"] = {"status": 200, "body": {"id": "m1", "kind": "notice", "title": "t",
                                                                   "body": "b"}}
    CenterClient(server, "tok").ack_message("m1")
    assert Flaky.seen[0][2]


def test_api_errors_keep_the_centres_sentence(server):
    Flaky.script["/v1/requests"] = {"status": 409, "body": {"error": {
        "code": "slot_full", "message": "这个时段已经约满了，请选别的时间。"}}}
    with pytest.raises(CenterError) as info:
        CenterClient(server, "tok").create_request("e1", "registration", {})
    assert info.value.code == "slot_full" and info.value.status == 409
    assert info.value.message.startswith("这个时段")
    assert not info.value.unreachable
    assert len(Flaky.seen) == 1  # a 4xx is an answer, not retried


def test_a_centre_that_stays_down_becomes_a_speakable_error(server):
    Flaky.script["/v1/health"] = {"fail": 99, "status": 200, "body": {}}
    with pytest.raises(CenterError) as info:
        CenterClient(server, "tok", retries=2, backoff=0.01).health()
    assert info.value.status == 503 and info.value.message == "忙"  # the centre's own sentence
    assert len(Flaky.seen) == 3  # first call + 2 retries


def test_a_gateway_error_without_a_sentence_gets_one(server):
    Flaky.script["/v1/health"] = {"status": 500, "body": {"oops": True}}
    with pytest.raises(CenterError) as info:
        CenterClient(server, "tok", hotline="962222").health()
    assert info.value.code == "http_500"
    assert info.value.message == "服务暂时出了点问题，请稍后再试，或拨打热线962222。"


def test_nobody_listening_is_unreachable_with_the_hotline():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once we leave: nothing listens there
    client = CenterClient(f"http://127.0.0.1:{port}", "tok", retries=1, backoff=0.01, hotline="962222")
    with pytest.raises(CenterError) as info:
        client.hospitals()
    assert info.value.unreachable and info.value.code == "network"
    assert info.value.message == "网络不通，请稍后再试，或拨打热线962222。"



@pytest.mark.parametrize("typed,sent", [("x?y", "/v1/requests/x%3Fy/cancel"), ("a#b", "/v1/requests/a%23b/cancel"),
                                        ("x%41", "/v1/requests/x%2541/cancel"), ("x\x00", "/v1/requests/x%00/cancel")])
def test_an_id_stays_one_segment_of_its_route(server, typed, sent):
    """An id someone typed cannot cut the URL short and call another route (it once did: 405)."""
    Flaky.script["/v1/requests/" + sent.split("/")[3] + "/cancel"] = {"status": 404, "body": {"error": {
        "code": "not_found", "message": "没有找到这个请求。"}}}
    with pytest.raises(CenterError) as info:
        CenterClient(server, "tok").cancel_request(typed)
    assert info.value.status == 404 and [s[1] for s in Flaky.seen] == [sent]


@pytest.mark.parametrize("typed", ["..", "."])
def test_an_id_of_dots_names_nothing_and_is_never_sent(server, typed):
    with pytest.raises(CenterError) as info:
        CenterClient(server, "tok").cancel_request(typed)
    assert info.value.status == 404 and Flaky.seen == []

def test_the_pairing_poll_secret_never_reaches_a_log(live_center, caplog):
    """URLs are logged (urllib3 at DEBUG, the server's access log): the secret goes in the body."""
    import logging

    from shared_ui.client import CenterClient

    client = CenterClient(live_center.url)
    with caplog.at_level(logging.DEBUG):
        pairing = client.start_pairing("tv", "测试电视")
        status = client.pairing_status(pairing["id"], pairing["poll_secret"])
    assert status["status"] == "pending"
    assert pairing["poll_secret"] not in caplog.text


def test_a_rate_limit_is_said_at_once_never_waited_out(server):
    """A 429's Retry-After can be an hour: the client says "try later" at once (before, urllib3
    slept through it and the kiosk hung)."""
    Flaky.script["/v1/elders/lookup"] = {"status": 429, "headers": {"Retry-After": "3600"},
                                         "body": {"error": {"code": "rate_limited", "message": "操作太频繁了，请稍后再试。"}}}
    client = CenterClient(server, "kiosk-token", backoff=0.01)
    with pytest.raises(CenterError) as refused:
        client.request("POST", "/v1/elders/lookup", json={"id_number": "x", "phone_tail": "0000"})
    assert refused.value.code == "rate_limited" and refused.value.status == 429
    assert len(Flaky.seen) == 1


def test_a_kiosk_client_sends_its_grant_and_shares_its_pool(server):
    Flaky.script["/v1/catalog/service-area"] = {"status": 200, "body": {"city": "上海市", "districts": []}}
    client = CenterClient(server, "kiosk-token")
    acting = client.with_grant("grant-token")
    acting.service_area()
    client.service_area()
    assert [seen[5] for seen in Flaky.seen] == ["grant-token", None]
    assert acting.session is client.session and client.grant is None
    assert client.with_grant(None) is client
