"""The centre as served by default (uvicorn, the ASGI front): a device's poll is answered on
asyncio without a Flask request, with the same JSON as the Flask view; anything unusual (no
token, a bad query, a token from another database) is the Flask view's; every other route
goes through to Flask; a box that hangs up stops waiting."""
from __future__ import annotations

import json
import socket
import threading
import uuid
from typing import Any, Iterator

import pytest
import requests

from shared_ui.outbox import wait_until
from tests.serving import answers
from tests.web_front.served import ServedFront
from tests.web_front.wire import head, read_answer

pytestmark = pytest.mark.integration


@pytest.fixture
def served(center_app: Any) -> Iterator[tuple[Any, str, list[str]]]:
    from call_center.cli import PROXY_HEADERS
    from call_center.push.asgi import CentreFront

    flask_requests: list[str] = []
    center_app.before_request(lambda: flask_requests.append(_path()))
    front = CentreFront(center_app, 4)
    center_app.extensions["onekey_test_front"] = front  # for a test to shorten its waits
    server = ServedFront(front, proxy_headers=PROXY_HEADERS).start()  # as `onekey center`
    url = server.url
    assert wait_until(lambda: answers(f"{url}/v1/health"), timeout=30)
    yield center_app, url, flask_requests
    server.stop()


def _path() -> str:
    from flask import request

    return request.path




def events(url: str, token: str, **params: Any) -> requests.Response:
    return requests.get(f"{url}/v1/devices/me/events", params=params, timeout=40,
                        headers={"Authorization": f"Bearer {token}"})


def test_a_poll_waits_and_answers_on_asyncio(served):
    app, url, flask_requests = served
    tv = app.demo.tokens["tv_wang"]
    head = events(url, tv).json()["next"]  # the first call is the view's
    assert flask_requests == ["/v1/health", "/v1/devices/me/events"]
    idle = events(url, tv, after=head, wait=0.2)
    assert idle.json() == {"events": [], "next": head, "reset": False}
    assert idle.headers["cache-control"] == "no-store"

    answer: dict[str, Any] = {}
    waiting = threading.Thread(target=lambda: answer.update(
        events(url, tv, after=head, wait=25).json()))
    waiting.start()
    hub = app.extensions["onekey_push"].hub
    assert wait_until(lambda: hub.waiting == 1, timeout=20)
    agent = {"Authorization": f"Bearer {app.demo.tokens['agent']}",
             "Idempotency-Key": uuid.uuid4().hex}
    raised = requests.post(f"{url}/v1/alarms", json={"elder_id": app.demo.elders["wang"]},
                           headers=agent, timeout=30)  # through to Flask
    assert raised.status_code == 201
    waiting.join(30)
    (got,) = answer["events"]
    assert got["kind"] == "alarm" and got["data"]["alarm"]["id"] == raised.json()["id"]
    assert "话务员" in got["speech"] and got["at"].endswith("+08:00")
    assert answer["next"] == got["id"]
    assert flask_requests.count("/v1/devices/me/events") == 1  # polls never reached Flask
    # the same event through the Flask view: the same JSON
    with app.test_client() as client:
        via_flask = client.get("/v1/devices/me/events", query_string={"after": head},
                               headers={"Authorization": f"Bearer {tv}"}).get_json()
    assert via_flask == answer


def test_the_unusual_is_answered_by_the_flask_view(served):
    app, url, flask_requests = served
    tv = app.demo.tokens["tv_wang"]
    bad = events(url, tv, after="abc", wait=1)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    assert events(url, "forged-token", after="1", wait=1).status_code == 401
    agent = events(url, app.demo.tokens["agent"], after="1", wait=1)
    assert agent.status_code == 403
    reset = events(url, tv, after="999999999", wait=5).json()
    assert reset["reset"] is True and reset["events"] == []
    assert flask_requests.count("/v1/devices/me/events") == 4


def test_a_box_that_hangs_up_stops_waiting(served):
    app, url, _ = served
    tv = app.demo.tokens["tv_li"]
    head = events(url, tv).json()["next"]
    hub = app.extensions["onekey_push"].hub

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as box:
        box.sendall((f"GET /v1/devices/me/events?after={head}&wait=30 HTTP/1.1\r\n"
                     f"Host: {host}\r\nAuthorization: Bearer {tv}\r\n\r\n").encode())
        assert wait_until(lambda: hub.waiting == 1, timeout=20)
    # the box hung up: its poll stops waiting long before its 30 s
    assert wait_until(lambda: hub.waiting == 0, timeout=20)


def _post_headers(host: str, path: str, length: int, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
             f"Content-Length: {length}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _status(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, "the centre closed the connection without an answer"
        head += chunk
    return int(head.split(b" ", 2)[1])


def test_a_body_still_on_its_way_holds_no_thread(served):
    """Clients that sent their headers and not yet their body (``requests`` sends them in two
    packets; a slow line, or a hostile client, may stop in between) wait on the event loop,
    not on the pool's threads: with every thread's worth of them stalled, the centre still
    answers, and each stalled request is answered once its body arrives."""
    app, url, _ = served
    host, port = url.removeprefix("http://").split(":")
    body = json.dumps({"elder_id": app.demo.elders["wang"], "channel": "tv"}).encode()
    stalled = []
    try:
        for _ in range(4 + 2):  # more than the pool's 4 threads
            sock = socket.create_connection((host, int(port)), timeout=30)
            stalled.append(sock)
            sock.sendall(_post_headers(host, "/v1/alarms", len(body), {
                "Authorization": f"Bearer {app.demo.tokens['tv_wang']}",
                "Idempotency-Key": uuid.uuid4().hex}))
        # Before: each stalled request held a thread reading its body, and this timed out.
        assert requests.get(f"{url}/v1/health", timeout=10).ok
        for sock in stalled:
            sock.sendall(body[:5])
        for sock in stalled:
            sock.sendall(body[5:])
        assert sorted({_status(sock) for sock in stalled}) == [200, 201]  # one alarm, repeats
    finally:
        for sock in stalled:
            sock.close()


def test_a_body_that_never_finishes_is_refused_and_its_connection_closed(served):
    """A client that stops halfway through its body (a dropped line, or one holding sockets
    open on purpose) gets 408 in the contract's shape, and its connection is closed."""
    app, url, _ = served
    front = app.extensions["onekey_test_front"]
    front.body_wait_s = 0.5
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(_post_headers(host, "/v1/alarms", 50, {
            "Authorization": f"Bearer {app.demo.tokens['tv_wang']}"}) + b'{"elder_id": ')
        answer = b""
        while chunk := sock.recv(4096):  # until the centre closes it
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert "没有收全".encode() in answer and b'"request_timeout"' in answer
    with socket.create_connection((host, int(port)), timeout=30) as sock:  # a console form
        sock.sendall(head("POST", "/console/login", 50,
                          Content_Type="application/x-www-form-urlencoded") + b"username=")
        page = b""
        while chunk := sock.recv(4096):
            page += chunk
        assert page.startswith(b"HTTP/1.1 408 ") and b"text/html" in page
        assert "提交的内容没有收全".encode() in page  # the console's own error page
    assert requests.get(f"{url}/v1/health", timeout=10).ok


def test_a_body_too_large_is_refused_and_a_chunked_one_read(served):
    """A body over the limit is refused by its length, sent whole or in chunks; a chunked
    body within it reaches the view (werkzeug read it as empty before: a blank request)."""
    app, url, _ = served
    agent = {"Authorization": f"Bearer {app.demo.tokens['agent']}"}
    huge = b'{"elder_id": "' + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    assert requests.post(f"{url}/v1/alarms", data=huge, timeout=30, headers={
        **agent, "Content-Type": "application/json"}).status_code == 413
    pieces = iter([huge[:1000], huge[1000:]])
    assert requests.post(f"{url}/v1/alarms", data=pieces, timeout=30, headers={
        **agent, "Content-Type": "application/json"}).status_code == 413
    chunked = iter([b'{"elder_id": ', json.dumps(app.demo.elders["li"]).encode(), b"}"])
    answer = requests.post(f"{url}/v1/alarms", data=chunked, timeout=30, headers={
        **agent, "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code in (200, 201), answer.text  # chunked: no Content-Length
    assert answer.json()["elder_id"] == app.demo.elders["li"]


def test_a_body_over_the_limit_is_refused_unread_and_a_hang_up_raises_nothing(served):
    """Through the shared front: a length over the limit is refused before a byte of the body
    is sent, in the contract's shape; a box that hangs up halfway through an alarm's body
    raises no alarm and holds nothing."""
    app, url, flask_requests = served
    host, port = url.removeprefix("http://").split(":")
    tv = {"Authorization": f"Bearer {app.demo.tokens['tv_li']}", "Idempotency-Key": uuid.uuid4().hex}
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head("POST", "/v1/alarms", app.config["MAX_CONTENT_LENGTH"] + 1,
                          Content_Type="application/json", **tv))
        refused = read_answer(sock)
        assert refused.status == 413 and refused.json()["error"]["code"] == "too_large"
    body = json.dumps({"elder_id": app.demo.elders["li"]}).encode()
    for _ in range(4 + 2):  # more than the pool's threads
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(head("POST", "/v1/alarms", len(body), Content_Type="application/json",
                              **tv) + body[:8])
    assert requests.get(f"{url}/v1/health", timeout=10).ok
    assert "/v1/alarms" not in flask_requests  # neither reached a view
    alarms = requests.get(f"{url}/v1/alarms", params={"elder_id": app.demo.elders["li"], "status": "all"},
                          headers={"Authorization": f"Bearer {app.demo.tokens['agent']}"}, timeout=10)
    assert alarms.status_code == 200 and alarms.json() == []


def test_a_waiting_poll_is_answered_when_the_server_begins_to_stop(center_app):
    """A graceful stop (SIGTERM, a deploy) answers every waiting poll at once with what there
    is — a box's (served on the loop) and a back end's (a Flask view on a thread) — so each
    polls again on another node or on this one restarted: not a 500 when uvicorn gives up on
    it at the graceful timeout, and no wait for that timeout."""
    from call_center.cli import PROXY_HEADERS
    from call_center.push.asgi import CentreFront

    server = ServedFront(CentreFront(center_app, 4), proxy_headers=PROXY_HEADERS).start()
    url = server.url
    tv = center_app.demo.tokens["tv_wang"]
    head = events(url, tv).json()["next"]
    answer: dict[str, Any] = {}

    def poll() -> None:
        got = events(url, tv, after=head, wait=25)
        answer.update(status=got.status_code, body=got.json() if got.ok else got.text)

    service = {"Authorization": f"Bearer {center_app.demo.tokens['service']}"}
    backend_head = requests.get(f"{url}/v1/events", headers=service, timeout=10).json()["next"]

    def backend_poll() -> None:  # a back end's stream: served by the Flask view, on a thread
        got = requests.get(f"{url}/v1/events", params={"after": backend_head, "wait": 25},
                           headers=service, timeout=40)
        answer.update(backend_status=got.status_code, backend=got.json() if got.ok else got.text)

    waiting = [threading.Thread(target=poll), threading.Thread(target=backend_poll)]
    for thread in waiting:
        thread.start()
    hub = center_app.extensions["onekey_push"].hub
    assert wait_until(lambda: hub.waiting == 2, timeout=20)
    stopping = threading.Thread(target=server.stop)
    stopping.start()
    for thread in waiting:
        thread.join(30)
    stopping.join(30)
    # Answered, not cut off: at uvicorn's graceful timeout each would have been a 500.
    assert answer["status"] == 200 and answer["body"] == {"events": [], "next": head, "reset": False}
    assert answer["backend_status"] == 200 and answer["backend"]["events"] == []
    assert hub.waiting == 0
