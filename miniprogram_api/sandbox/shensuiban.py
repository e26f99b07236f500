"""A fake 随申办 OAuth 2.0 / OpenID provider for the demo and the tests.

``/oauth2/authorize`` shows a sign-in page listing the demo users (the demo's "fake OAuth"),
and on a choice redirects back with a one-time code; ``/oauth2/token`` checks the client's
credentials (HTTP Basic), the redirect URI and the PKCE S256 verifier; ``/oauth2/userinfo``
answers the user for a bearer token. Codes live 60 s, tokens an hour.
:meth:`FakeShensuiban.fail_next` makes the next call of an endpoint answer an error page with a
status (500: the server broke, 503: it is busy), as a real server in trouble does.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, render_template_string, request

DEMO_USERS = [
    {"sub": "ssb-demo-chenjing", "name": "陈静", "phone_number": "13764561234"},
    {"sub": "ssb-demo-lijuan", "name": "李娟", "phone_number": "13817306612"},
]

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>随申办 登录（演示）</title></head>
<body style="font: 20px/1.6 sans-serif; margin: 16px">
<h1 style="font-size: 1.4em">随申办 登录（演示）</h1>
<p>一键通 亲友代办 想获取您的姓名和手机号。</p>
{% for u in users %}
<form method="post" action="/oauth2/authorize?{{ query }}">
  <input type="hidden" name="sub" value="{{ u.sub }}">
  <button type="submit" id="as-{{ u.sub }}" style="font-size: 1em; min-height: 60px; width: 100%; margin: 8px 0">
    以 {{ u.name }}（{{ u.phone_number[:3] }}****{{ u.phone_number[-4:] }}）登录</button>
</form>
{% endfor %}
</body></html>"""


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class FakeShensuiban:
    def __init__(self, client_id: str = "onekey-demo", client_secret: str = "onekey-demo-secret",
                 users: list[dict[str, str]] | None = None):
        self.client_id, self.client_secret = client_id, client_secret
        self.users = {u["sub"]: dict(u) for u in (users or DEMO_USERS)}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, tuple[str, float]] = {}
        self.lock = threading.Lock()
        self.failures: dict[str, list[int]] = {}
        self.app = self._make_app()

    def fail_next(self, endpoint: str, status: int) -> None:
        """The next call of ``endpoint`` ("token" or "userinfo") answers ``status``."""
        with self.lock:
            self.failures.setdefault(endpoint, []).append(status)

    def _failure(self, endpoint: str) -> tuple[str, int] | None:
        with self.lock:
            waiting = self.failures.get(endpoint)
            status = waiting.pop(0) if waiting else None
        return None if status is None else (f"<html><body>{status}</body></html>", status)

    def _make_app(self) -> Flask:
        app = Flask("fake_shensuiban")
        app.json.ensure_ascii = False  # type: ignore[attr-defined]

        @app.route("/oauth2/authorize", methods=["GET", "POST"])
        def authorize():
            a = request.args
            if a.get("response_type") != "code" or a.get("client_id") != self.client_id \
                    or not a.get("redirect_uri"):
                return "invalid_request", 400
            if request.method == "GET":
                return render_template_string(PAGE, users=list(self.users.values()),
                                              query=urlencode(a))
            sub = request.form.get("sub", "")
            if sub not in self.users:
                return "unknown user", 400
            code = "ssb-" + secrets.token_urlsafe(16)
            with self.lock:
                self.codes[code] = {"sub": sub, "redirect_uri": a["redirect_uri"],
                                    "challenge": a.get("code_challenge"),
                                    "method": a.get("code_challenge_method"),
                                    "expires": time.monotonic() + 60}
            back = {"code": code}
            if a.get("state"):
                back["state"] = a["state"]
            sep = "&" if "?" in a["redirect_uri"] else "?"
            return redirect(a["redirect_uri"] + sep + urlencode(back), 302)

        @app.post("/oauth2/token")
        def token():
            failed = self._failure("token")
            if failed:
                return failed
            auth = request.authorization
            cid = auth.username if auth else request.form.get("client_id")
            secret = auth.password if auth else request.form.get("client_secret")
            if cid != self.client_id or secret != self.client_secret:
                return jsonify(error="invalid_client"), 401
            if request.form.get("grant_type") != "authorization_code":
                return jsonify(error="unsupported_grant_type"), 400
            with self.lock:
                found = self.codes.pop(request.form.get("code", ""), None)
            if found is None or found["expires"] < time.monotonic():
                return jsonify(error="invalid_grant", error_description="code unknown, used or expired"), 400
            if found["redirect_uri"] != request.form.get("redirect_uri"):
                return jsonify(error="invalid_grant", error_description="redirect_uri mismatch"), 400
            if found["challenge"]:
                verifier = request.form.get("code_verifier", "")
                if found["method"] != "S256" or s256(verifier) != found["challenge"]:
                    return jsonify(error="invalid_grant", error_description="PKCE verification failed"), 400
            value = "ssbtok-" + secrets.token_urlsafe(16)
            with self.lock:
                self.tokens[value] = (found["sub"], time.monotonic() + 3600)
            return jsonify(access_token=value, token_type="Bearer", expires_in=3600,
                           scope="openid profile phone")

        @app.get("/oauth2/userinfo")
        def userinfo():
            failed = self._failure("userinfo")
            if failed:
                return failed
            header = request.headers.get("Authorization", "")
            value = header[7:] if header.startswith("Bearer ") else ""
            with self.lock:
                found = self.tokens.get(value)
            if found is None or found[1] < time.monotonic():
                return jsonify(error="invalid_token"), 401
            return jsonify(self.users[found[0]])

        return app

    def settings(self, base_url: str) -> dict[str, str]:
        """The back end's settings that point at this server."""
        return {"ssb_client_id": self.client_id, "ssb_client_secret": self.client_secret,
                "ssb_authorize_url": f"{base_url}/oauth2/authorize",
                "ssb_token_url": f"{base_url}/oauth2/token",
                "ssb_userinfo_url": f"{base_url}/oauth2/userinfo"}
