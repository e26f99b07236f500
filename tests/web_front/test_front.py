"""The shared front with a tiny Flask app on a real uvicorn: a body is read on the loop before a
thread takes the request — on its way it holds no thread, stalled it is refused (408) in the
app's own shape and its connection closed, over the limit it is refused by its length unread
(413), chunked it reaches the view whole and with its length, and a client that hangs up costs
nothing. An answer its client does not read holds no thread either."""
from __future__ import annotations

import hashlib
import threading
from typing import Any, Iterator

import pytest
import requests
from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException

from shared_ui.outbox import wait_until
from tests.web_front.served import ServedFront
from tests.web_front.wire import connect, head, read_answer, until_closed

pytestmark = pytest.mark.integration

MOST = 4096
THREADS = 2


def tiny_app() -> Flask:
    """A JSON API with its own error shape, and a blueprint of pages with HTML errors."""
    app = Flask("tiny")
    app.config["MAX_CONTENT_LENGTH"] = MOST
    app.extensions["views_run"] = []

    @app.post("/echo")
    def echo() -> Any:
        data = request.get_data()
        app.extensions["views_run"].append(len(data))
        return {"length": len(data), "content_length": request.content_length,
                "sha": hashlib.sha256(data).hexdigest(), "thread": threading.current_thread().name}

    @app.get("/ping")
    def ping() -> Any:
        return {"ok": True}

    @app.get("/stream")
    def stream() -> Response:
        return Response((b"x" * 65536 for _ in range(200)), mimetype="application/octet-stream")

    @app.errorhandler(HTTPException)
    def shaped(error: HTTPException) -> Any:
        return {"problem": {"status": error.code, "words": f"tiny says {error.code}"}}, error.code

    @app.after_request
    def stamp(response: Response) -> Response:
        response.headers["X-App"] = "tiny"
        return response

    pages = Blueprint("pages", __name__)

    @pages.post("/pages/form")
    def form() -> str:
        return "<p>saved</p>"

    @pages.errorhandler(HTTPException)
    def page(error: HTTPException) -> Any:
        return f"<h1>{error.code}</h1>", error.code, {"Content-Type": "text/html; charset=utf-8"}

    app.register_blueprint(pages)
    return app


@pytest.fixture
def served() -> Iterator[ServedFront]:
    from web_front import FlaskFront

    front = FlaskFront(tiny_app(), THREADS, body_wait_s=30)
    server = ServedFront(front).start()
    yield server
    server.stop()


def views_run(served: ServedFront) -> list[int]:
    return served.front.flask.extensions["views_run"]


def test_bodies_on_their_way_hold_no_thread_and_are_answered_when_whole(served):
    body = b'{"note": "' + "慢慢来".encode() * 100 + b'"}'
    stalled = [connect(served.url) for _ in range(THREADS + 3)]
    try:
        for sock in stalled:
            sock.sendall(head("POST", "/echo", len(body), Content_Type="application/json") + body[:7])
        assert wait_until(lambda: len(served.state.tasks) >= len(stalled), timeout=20)
        # every thread's worth of clients stalled, and more: the app still answers at once
        assert requests.get(f"{served.url}/ping", timeout=10).json() == {"ok": True}
        assert views_run(served) == []
        for sock in stalled:
            sock.sendall(body[7:])
        for sock in stalled:
            answer = read_answer(sock)
            assert answer.status == 200
            got = answer.json()
            assert got["length"] == got["content_length"] == len(body)
            assert got["sha"] == hashlib.sha256(body).hexdigest()
            assert got["thread"].startswith("WSGI")  # the view ran on the front's pool
    finally:
        for sock in stalled:
            sock.close()


def test_a_stalled_body_is_refused_in_the_apps_own_shape_and_its_connection_closed(served):
    served.front.body_wait_s = 0.5
    with connect(served.url) as api, connect(served.url) as page:
        api.sendall(head("POST", "/echo", 100, Content_Type="application/json") + b'{"note": ')
        page.sendall(head("POST", "/pages/form", 100,
                          Content_Type="application/x-www-form-urlencoded") + b"name=")
        refused = until_closed(api)
        assert refused.startswith(b"HTTP/1.1 408 ")
        assert b"connection: close" in refused.lower()
        assert b'"problem"' in refused and b"tiny says 408" in refused  # the app's JSON shape
        assert b"x-app: tiny" in refused.lower()  # through the app's after_request too
        html = until_closed(page)
        assert html.startswith(b"HTTP/1.1 408 ") and html.endswith(b"<h1>408</h1>")
    assert views_run(served) == []
    assert requests.get(f"{served.url}/ping", timeout=10).ok


def test_a_body_over_the_limit_is_refused_by_its_length_unread(served):
    with connect(served.url) as sock:
        sock.sendall(head("POST", "/echo", MOST + 1, Content_Type="application/json"))
        answer = read_answer(sock)  # not one byte of the body was sent
        assert answer.status == 413
        assert answer.json() == {"problem": {"status": 413, "words": "tiny says 413"}}
        sock.sendall(b"x" * (MOST + 1))  # the rest is read away; the connection goes on
        sock.sendall(head("GET", "/ping"))
        assert read_answer(sock).json() == {"ok": True}
    assert views_run(served) == []


def test_a_chunked_body_reaches_the_view_whole_with_its_length(served):
    parts = [b'{"note": "', "慢".encode() * 200, b'"}']
    answer = requests.post(f"{served.url}/echo", data=iter(parts), timeout=10,
                           headers={"Content-Type": "application/json"})
    whole = b"".join(parts)
    assert answer.status_code == 200
    assert answer.json()["length"] == answer.json()["content_length"] == len(whole)
    assert answer.json()["sha"] == hashlib.sha256(whole).hexdigest()
    too_much = iter([b"x" * 1000] * 5)  # 5000 bytes in chunks: refused once past the limit
    refused = requests.post(f"{served.url}/echo", data=too_much, timeout=10)
    assert refused.status_code == 413 and refused.json()["problem"]["status"] == 413
    assert views_run(served) == [len(whole)]


def test_a_chunked_body_that_stalls_is_refused_too(served):
    served.front.body_wait_s = 0.5
    with connect(served.url) as sock:
        sock.sendall(head("POST", "/echo", chunked=True) + b"5\r\nhello\r\n")
        assert until_closed(sock).startswith(b"HTTP/1.1 408 ")
    assert views_run(served) == []


def test_a_client_that_hangs_up_mid_body_costs_nothing(served):
    for _ in range(THREADS + 3):
        with connect(served.url) as sock:
            sock.sendall(head("POST", "/echo", 500) + b"half")
    assert wait_until(lambda: not served.state.tasks, timeout=20)  # each request ended
    assert views_run(served) == []  # and ran no view
    assert requests.get(f"{served.url}/ping", timeout=10).ok


def test_head_and_an_empty_post_are_answered_as_before(served):
    answer = requests.head(f"{served.url}/ping", timeout=10)
    assert answer.status_code == 200 and answer.content == b""
    assert int(answer.headers["content-length"]) == len(b'{"ok":true}\n')
    empty = requests.post(f"{served.url}/echo", timeout=10)
    assert empty.json()["length"] == 0


def test_an_answer_its_client_does_not_read_holds_no_thread(served):
    """The thread puts its whole answer for the loop and is free (12 MB here, more than the
    sockets hold): a client that never reads holds a socket, not a thread."""
    readers = [connect(served.url) for _ in range(THREADS + 1)]
    try:
        for sock in readers:
            sock.sendall(head("GET", "/stream"))
        assert requests.get(f"{served.url}/ping", timeout=10).ok
        status = readers[0].recv(12)
        assert status == b"HTTP/1.1 200"
    finally:
        for sock in readers:
            sock.close()


def test_an_app_without_a_body_limit_is_not_served():
    from web_front import FlaskFront

    with pytest.raises(ValueError, match="MAX_CONTENT_LENGTH"):
        FlaskFront(Flask("unbounded"))


def test_at_shutdown_the_apps_own_stop_runs():
    from web_front import FlaskFront

    stopped: list[str] = []
    server = ServedFront(FlaskFront(tiny_app(), THREADS, on_shutdown=lambda: stopped.append(
        threading.current_thread().name))).start()
    assert requests.get(f"{server.url}/ping", timeout=10).ok
    server.stop()
    assert len(stopped) == 1 and stopped[0] != "MainThread"
