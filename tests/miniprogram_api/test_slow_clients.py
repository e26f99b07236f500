"""`onekey miniprogram` as it runs in production — one uvicorn process, or gunicorn with uvicorn
workers — with a few threads, against clients that are slow or stall: a body sent after its
headers and never finished, a head sent a byte now and then, a connection that says nothing.

Under gunicorn's gthread each such client held a thread, and about as many as it had threads
left a family's SOS, the H5 pages and the health check waiting for ever. Now they hold a
coroutine and a socket: everything else is answered, a stalled body gets a 408 in the
mini-program's own shape and words once ``--body-wait`` is over, a stalled head is closed once
``--head-wait`` is. (The waits come from the environment here, so on a back end that does not
know them the server still starts and the test fails on what it tests.)

What the app itself relied on from gthread — cookies, CSRF, PDF slips, limits, proxies — is
exercised through the same front by every other test of the back end (``servers.py``); here
is what only the real process shows: workers, the address uvicorn reports, shutdown.
"""
from __future__ import annotations

import json
import signal
import socket
import time
from typing import Iterator

import pytest
import requests

from tests.miniprogram_api.servers import run_cli, stop_cli
from tests.page_text import page_text
from tests.web_front.wire import Answer, connect, head, read_answer, until_closed

pytestmark = [pytest.mark.integration, pytest.mark.slow]

THREADS = 2
WAITS = {"ONEKEY_MP_BODY_WAIT_S": "2", "ONEKEY_MP_HEAD_WAIT_S": "2",
         "ONEKEY_MP_LOGIN_LIMIT": "3 per minute"}


@pytest.fixture(params=[1, 2], ids=["uvicorn", "gunicorn-2-workers"])
def served(request, centre, tmp_path) -> Iterator[tuple[object, str]]:
    proc, url = run_cli(centre, tmp_path, "--no-alerts", "--workers", str(request.param),
                        "--threads", str(THREADS), env=WAITS)
    yield proc, url
    stop_cli(proc)


def stalled_posts(url: str, path: str, count: int, content_type: str,
                  start: bytes) -> list[socket.socket]:
    socks = []
    for _ in range(count):
        sock = connect(url)
        sock.sendall(head("POST", path, 200, Content_Type=content_type) + start)
        socks.append(sock)
    return socks


def parse(raw: bytes) -> Answer:
    top, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return Answer(int(status_line.split(" ", 2)[1]), headers, body)


def test_stalled_bodies_hold_no_thread_and_are_refused_in_the_familys_words(served):
    _, url = served
    stalled = stalled_posts(url, "/api/v1/login/wechat", 2 * THREADS + 3, "application/json",
                            b'{"code": ')
    stalled_page = stalled_posts(url, "/h5/bind", 2, "application/x-www-form-urlencoded",
                                 b"relation=")
    try:
        # more stalled clients than the server has threads: everything else is still answered
        assert requests.get(f"{url}/api/v1/health", timeout=10).ok
        assert requests.get(f"{url}/h5/login", timeout=10).status_code == 200
        wrong = requests.post(f"{url}/api/v1/login/wechat", json={"code": "no-such-code"},
                              timeout=10)
        assert wrong.status_code == 401 and wrong.json()["error"]["code"]
        for sock in stalled:
            refused = parse(until_closed(sock))  # and the server closes the connection
            assert refused.status == 408
            assert refused.headers["content-type"] == "application/json"
            assert json.loads(refused.body) == {"error": {
                "code": "request_timeout", "message": "网络不太好，内容没有发送完整，请再试一次。"}}
        for sock in stalled_page:
            page = parse(until_closed(sock))
            assert page.status == 408 and page.headers["content-type"].startswith("text/html")
            text = page_text(page.body.decode())
            assert "网络不太好，内容没有发送完整，请再试一次。" in text and "没有办成" in text
    finally:
        for sock in stalled + stalled_page:
            sock.close()


def test_slow_and_silent_heads_hold_no_thread_and_are_closed(served):
    _, url = served
    slow = [connect(url) for _ in range(2 * THREADS + 6)]
    silent = [connect(url) for _ in range(3)]
    try:
        for sock in slow:
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHo")
        assert requests.get(f"{url}/api/v1/health", timeout=10).ok
        assert requests.get(f"{url}/h5/login", timeout=10).status_code == 200
        for sock in slow:
            sock.sendall(b"s")  # a byte now and then buys no more time
        for sock in slow:
            assert until_closed(sock).startswith(b"HTTP/1.1 408 ")
        for sock in silent:
            assert until_closed(sock) == b""
    finally:
        for sock in slow + silent:
            sock.close()


def test_a_caller_cannot_choose_its_address_with_a_header(served):
    """No proxy is trusted by default (--trusted-proxies 0): uvicorn reports the peer's own
    address, so X-Forwarded-For changes nothing and the sign-in limit counts one caller."""
    _, url = served

    def attempt(client: str) -> int:
        return requests.post(f"{url}/api/v1/login/wechat", json={"code": "code-wrong"}, timeout=10,
                             headers={"X-Forwarded-For": client, "Connection": "close"}).status_code

    assert [attempt(f"203.0.113.{n}") for n in range(1, 6)] == [401, 401, 401, 429, 429]


def test_head_and_a_chunked_body_are_served(served):
    _, url = served
    answer = requests.head(f"{url}/h5/login", timeout=10)
    assert answer.status_code == 200 and answer.content == b""
    assert int(answer.headers["content-length"]) > 0
    chunked = requests.post(f"{url}/api/v1/login/wechat", timeout=10,
                            data=iter([b'{"code": ', b'"no-such-code"}']),
                            headers={"Content-Type": "application/json"})
    assert chunked.status_code == 401  # read whole: the view saw the code, not a blank body
    with connect(url) as sock:
        sock.sendall(head("POST", "/api/v1/login/wechat", 64 * 1024 + 1,
                          Content_Type="application/json"))
        too_large = read_answer(sock)  # refused by its length: no byte of it was sent
        assert too_large.status == 413 and too_large.json()["error"]["code"] == "too_large"


def test_a_request_on_its_way_at_shutdown_is_answered_and_the_server_stops(served):
    proc, url = served
    body = json.dumps({"code": "no-such-code"}).encode()
    with connect(url) as sock:
        sock.sendall(head("POST", "/api/v1/login/wechat", len(body),
                          Content_Type="application/json") + body[:5])
        assert requests.get(f"{url}/api/v1/health", timeout=10).ok  # the first part is in
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # the server has begun to stop
        sock.sendall(body[5:])
        answer = parse(until_closed(sock))
        assert answer.status == 401  # answered, and the connection closed after it
    # gunicorn exits 0; uvicorn ends by the signal it was sent, after its graceful shutdown
    assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
    assert "Traceback" not in stop_cli(proc)
