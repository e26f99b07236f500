"""The locked URL fetcher: packaged assets and small inline images load; nothing else does."""
from __future__ import annotations

import base64
import http.server
import threading

import pytest

from accessibility.slips.fetcher import LockedURLFetcher, SlipURLRefused
from accessibility.slips.renderer import SLIP_ASSETS
from tests.page_text import page_text

from .conftest import NOW, load_sample, pdf_text


@pytest.fixture
def fetcher():
    return LockedURLFetcher([SLIP_ASSETS], max_data_uri=2048)


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b"body { color: red } @import url(x.css);"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_serves_packaged_assets(fetcher):
    response = fetcher.fetch((SLIP_ASSETS / "slip.css").as_uri())
    assert response.content_type == "text/css"
    assert b"font-family" in response.read()


def test_small_inline_png_is_allowed(fetcher):
    payload = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()
    assert fetcher.fetch(f"data:image/png;base64,{payload}").read().startswith(b"\x89PNG")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.css",
    "https://example.com/a.png",
    "ftp://example.com/a.png",
    "file:///etc/passwd",
    "file:///etc/hostname",
    "file://otherhost/share/a.png",
    "data:text/html;base64,PHNjcmlwdD4=",
    "data:image/svg+xml,<svg/>",
    "data:image/png;base64," + "A" * 4096,  # over the bound
    "javascript:alert(1)",
])
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(SlipURLRefused):
        fetcher.fetch(url)
    assert fetcher.refused


def test_refuses_path_tricks_and_symlinks_out_of_the_assets(fetcher, tmp_path):
    escape = (SLIP_ASSETS / ".." / ".." / "pyproject.toml").as_uri()
    with pytest.raises(SlipURLRefused):
        fetcher.fetch(escape)
    link_root = tmp_path / "assets"
    link_root.mkdir()
    (link_root / "evil.css").symlink_to("/etc/passwd")
    with pytest.raises(SlipURLRefused):
        LockedURLFetcher([link_root]).fetch((link_root / "evil.css").as_uri())


def test_hostile_template_loads_nothing_from_outside(renderer, http_server, tmp_path):
    """A template that tries to pull a file and a remote stylesheet still prints, without them."""
    base, hits = http_server
    source = (
        '{% extends "base.html" %}{% block extra %}'
        '<img src="file:///etc/passwd" alt="">'
        f'<link rel="stylesheet" href="{base}/evil.css">'
        f'<img src="{base}/pixel.png" alt="">'
        '<p style="background: url(file:///etc/shadow)">模板测试</p>'
        '{% endblock %}'
    )
    record, elder = load_sample("registration")
    layout = "80mm"
    content = renderer.content(record, elder)
    from accessibility.slips.layouts import layout_named

    html = renderer.html(content, layout_named(layout), NOW, source=source)
    renderer.fetcher.refused.clear()
    slip = renderer.render_html(html, layout, record_id=record["id"], kind="test")
    assert hits == []  # nothing reached the network
    refused = list(renderer.fetcher.refused)
    assert any("passwd" in u for u in refused)
    assert any(u.startswith(base) for u in refused)
    text = pdf_text(slip.pdf, tmp_path)
    assert "模板测试" in text and "root:" not in text
    assert slip.pages == 1


def test_html_in_data_prints_as_text(renderer, http_server, tmp_path):
    """Names, notes and addresses are escaped by Jinja: markup in them is shown, never run."""
    base, hits = http_server
    record, elder = load_sample("registration")
    elder["name"] = elder["name_masked"] = f'<img src="{base}/n.png">'
    record["result"]["hospital_name"] = f'<link rel=stylesheet href="{base}/h.css">第六人民医院'
    record["result"]["bring"] = ['<img src="file:///etc/passwd">身份证']
    content = renderer.content(record, elder)
    from accessibility.slips.layouts import layout_named

    html = renderer.html(content, layout_named("80mm"), NOW)
    assert "<link" not in html and "&lt;link rel=stylesheet" in page_text(html)
    renderer.fetcher.refused.clear()
    slip = renderer.render(record, elder, "80mm", now=NOW)
    assert hits == [] and list(renderer.fetcher.refused) == []  # nothing was even attempted
    text = "".join(pdf_text(slip.pdf, tmp_path).split())  # line wraps fall anywhere
    assert f'<linkrel=stylesheethref="{base}/h.css">第六人民医院' in text
    assert '<imgsrc="file:///etc/passwd">身份证' in text
    assert "老人：<****" in text and "png\">" not in text  # the "name", masked, printed as text
