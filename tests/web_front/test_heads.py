"""A request's head must come whole, soon and small (web_front.heads on a real uvicorn).

uvicorn alone keeps a connection that sends its head a byte at a time, or nothing, for ever —
holding no thread and not even a coroutine, only a socket — and lets one header grow without
end. Here such a connection still holds no thread or task, and is closed once the head wait
is over; an oversized head is refused; an idle keep-alive connection is closed by uvicorn's
``timeout_keep_alive``; pipelined requests and a head that trickles in on time are served."""
from __future__ import annotations

import time
from typing import Iterator

import pytest
import requests

from shared_ui.outbox import wait_until
from tests.web_front.served import ServedFront
from tests.web_front.test_front import THREADS, tiny_app, views_run
from tests.web_front.wire import connect, head, read_answer, until_closed

pytestmark = pytest.mark.integration

HEAD_WAIT_S = 1.5


@pytest.fixture
def served() -> Iterator[ServedFront]:
    from web_front import FlaskFront

    server = ServedFront(FlaskFront(tiny_app(), THREADS), head_wait_s=HEAD_WAIT_S,
                         timeout_keep_alive=1).start()
    yield server
    server.stop()


def test_slow_heads_hold_no_thread_nor_task_and_are_closed_once_their_time_is_up(served):
    slow = [connect(served.url) for _ in range(THREADS + 8)]
    silent = [connect(served.url) for _ in range(3)]
    try:
        for sock in slow:
            sock.sendall(b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
        assert wait_until(lambda: len(served.state.connections) >= len(slow) + len(silent),
                          timeout=20)
        assert not served.state.tasks  # a head on its way is a socket, not a coroutine
        assert requests.get(f"{served.url}/ping", timeout=10).json() == {"ok": True}
        for sock in slow:
            sock.sendall(b"n")  # a byte now and then does not keep it open
        for sock in slow:
            assert until_closed(sock).startswith(b"HTTP/1.1 408 ")
        for sock in silent:  # a connection that never says anything is closed too
            assert until_closed(sock) == b""
    finally:
        for sock in slow + silent:
            sock.close()
    assert views_run(served) == []


def test_a_head_that_trickles_in_on_time_is_served(served):
    request = head("GET", "/ping")
    with connect(served.url) as sock:
        for i in range(0, len(request), 8):
            sock.sendall(request[i:i + 8])
            time.sleep(0.02)
        assert read_answer(sock).json() == {"ok": True}


def test_a_head_too_large_is_refused_and_closed(served):
    with connect(served.url) as sock:
        try:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 100_000)
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed while sending: the answer is already on its way
        assert until_closed(sock).startswith(b"HTTP/1.1 431 ")
    assert requests.get(f"{served.url}/ping", timeout=10).ok


def test_a_large_body_sent_with_its_head_is_not_taken_for_a_large_head(served):
    answer = requests.post(f"{served.url}/echo", data=b"x" * 200_000, timeout=10)
    assert answer.status_code == 413  # the app's limit, not the head's


def test_a_kept_alive_connection_serves_again_and_is_closed_when_idle(served):
    with connect(served.url) as sock:
        for _ in range(3):
            sock.sendall(head("GET", "/ping"))
            assert read_answer(sock).status == 200
        assert until_closed(sock) == b""  # uvicorn's timeout_keep_alive


def test_pipelined_requests_are_each_answered(served):
    with connect(served.url) as sock:
        body = b'{"a": 1}'
        sock.sendall(head("GET", "/ping") + head("POST", "/echo", len(body)) + body
                     + head("GET", "/ping"))
        answers = [read_answer(sock) for _ in range(3)]
        assert [a.status for a in answers] == [200, 200, 200]
        assert answers[1].json()["length"] == len(body)


def test_the_rest_of_a_refused_body_is_read_away_only_for_the_head_wait(served):
    """A body refused by its length (413) before it was sent is read away as it comes, but a
    client still trickling it in once the head wait is over is closed."""
    with connect(served.url) as sock:
        sock.sendall(head("POST", "/echo", 1_000_000))
        assert read_answer(sock).status == 413
        try:
            for _ in range(int(2 * HEAD_WAIT_S / 0.25)):  # a byte now and then, past the wait
                time.sleep(0.25)
                sock.sendall(b"x")
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert until_closed(sock) == b""
