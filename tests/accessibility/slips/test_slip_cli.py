"""`onekey slip render|print` from a saved JSON file and from the central API over HTTP."""
from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest
from click.testing import CliRunner

from onekey_cli.main import main

from .conftest import SAMPLES, load_sample, pdf_text


@pytest.fixture
def center():
    """A real HTTP server on 127.0.0.1 answering the two /v1 reads the command makes."""
    record, elder = load_sample("registration")
    seen: list[tuple[str, str | None]] = []

    class Center(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append((self.path, self.headers.get("Authorization")))
            routes = {f"/v1/requests/{record['id']}": record, f"/v1/elders/{elder['id']}": elder}
            if self.headers.get("Authorization") != "Bearer kiosk-token":
                status, body = 401, {"error": {"code": "unauthorized", "message": "请先登录。"}}
            elif self.path in routes:
                status, body = 200, routes[self.path]
            else:
                status, body = 404, {"error": {"code": "not_found", "message": "没有找到这项服务。"}}
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Center)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", record, seen
    server.shutdown()
    server.server_close()


def test_render_from_json(tmp_path):
    out = tmp_path / "slip.pdf"
    result = CliRunner().invoke(main, ["slip", "render", "--json", str(SAMPLES / "taxi.json"),
                                       "--layout", "58mm", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "taxi, 58mm" in result.output
    assert "沪A·D3721" in pdf_text(out.read_bytes(), tmp_path)


def test_render_fetches_the_request_and_elder_from_the_centre(center, tmp_path, monkeypatch):
    base, record, seen = center
    monkeypatch.setenv("ONEKEY_CENTER_URL", base)
    monkeypatch.setenv("ONEKEY_TOKEN", "kiosk-token")
    out = tmp_path / "slip.pdf"
    result = CliRunner().invoke(main, ["slip", "render", record["id"], "--layout", "a5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [path for path, _ in seen] == [f"/v1/requests/{record['id']}", f"/v1/elders/{record['elder_id']}"]
    text = "".join(pdf_text(out.read_bytes(), tmp_path).split())
    assert "挂号成功" in text and "18号" in text and "张*明" in text


def test_unknown_request_is_a_speakable_error(center, monkeypatch, tmp_path):
    base, _, _ = center
    monkeypatch.setenv("ONEKEY_CENTER_URL", base)
    monkeypatch.setenv("ONEKEY_TOKEN", "kiosk-token")
    result = CliRunner().invoke(main, ["slip", "render", "req_nope", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "没有找到这项服务。" in result.output and "not_found" in result.output


def test_print_without_printer_says_so_and_offers_the_qr(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{port}")
    monkeypatch.delenv("ONEKEY_PRINTER", raising=False)
    result = CliRunner().invoke(main, ["slip", "print", "--json", str(SAMPLES / "registration.json")])
    assert result.exit_code == 3
    assert "没有连接打印机" in result.output
    assert "/r/req_20261124_0042." in result.output


def test_json_that_is_not_a_record_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = CliRunner().invoke(main, ["slip", "render", "--json", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "expected a JSON object" in result.output


def test_without_a_centre_url_it_asks_the_local_centre_and_says_what_token_is_missing(monkeypatch, tmp_path):
    """Like every other command, the local ``onekey center`` by default; what is missing then is
    a token, and the message says which and where."""
    monkeypatch.delenv("ONEKEY_CENTER_URL", raising=False)
    monkeypatch.delenv("ONEKEY_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["slip", "render", "req_1", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "ONEKEY_TOKEN" in result.output and "http://127.0.0.1:8800" in result.output
