"""A fake of WeChat's server API, as the mini-program back end uses it.

- ``GET /cgi-bin/token``: an access token that expires (``token_ttl_s``); 40001/42001 after;
- ``GET /sns/jscode2session``: one-time codes made by :meth:`FakeWeChat.login_code`
  (40029 unknown, 40163 used); :meth:`fail_next_login` makes the next call answer 45011,
  40226, -1 …;
- ``POST /wxa/business/getuserphonenumber``: the phone behind a ``getPhoneNumber`` code
  (40029 unknown); :meth:`FakeWeChat.fail_next_phone` makes the next call answer 45011, -1 …;
- ``POST /cgi-bin/message/subscribe/send``: checks the template's fields and their formats
  (47003), the user's opt-in credits (43101), records what was sent.
``down`` answers 503 to everything (or stop the server: connection refused).
"""
from __future__ import annotations

import re
import secrets
import threading
import time
from typing import Any

from flask import Flask, jsonify, request

TEMPLATES = {  # the demo mini-program's templates and their fields
    "tmpl-alarm": ("thing1", "phrase2", "time3", "thing4"),
    "tmpl-booking": ("thing1", "phrase2", "thing3", "time4"),
}
TIME = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?|\d{1,2}:\d{2})$")
CHINESE = re.compile(r"^[\u4e00-\u9fff0-9]+$")


def field_problem(key: str, value: Any) -> str | None:
    """WeChat's checks of one data value (its docs' limits per keyword type)."""
    if not isinstance(value, dict) or not isinstance(value.get("value"), str) or not value["value"]:
        return f"data.{key}.value is missing"
    text = value["value"]
    kind = re.sub(r"\d+$", "", key)
    if kind == "thing" and len(text) > 20:
        return f"data.{key}.value exceeds 20 characters"
    if kind == "phrase" and (len(text) > 5 or not CHINESE.match(text)):
        return f"data.{key}.value must be at most 5 Chinese characters"
    if kind == "time" and not TIME.match(text):
        return f"data.{key}.value is not a time"
    if kind == "name" and len(text) > 10:
        return f"data.{key}.value exceeds 10 characters"
    return None


class FakeWeChat:
    def __init__(self, appid: str = "wx-demo-appid", secret: str = "wx-demo-secret",
                 token_ttl_s: int = 7200):
        self.appid, self.secret, self.token_ttl_s = appid, secret, token_ttl_s
        self.lock = threading.Lock()
        self.codes: dict[str, dict[str, Any]] = {}
        self.phone_codes: dict[str, str] = {}
        self.tokens: dict[str, float] = {}
        self.credits: dict[tuple[str, str], int] = {}
        self.sent: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.token_fetches = 0
        self.login_failures: list[int] = []
        self.phone_failures: list[int] = []
        self.down = False
        self.app = self._make_app()

    # -- what a test (or the demo) sets up ---------------------------------------------------
    def login_code(self, openid: str, unionid: str | None = None) -> str:
        code = "code-" + secrets.token_hex(8)
        with self.lock:
            self.codes[code] = {"openid": openid, "unionid": unionid, "used": False}
        return code

    def phone_code(self, phone: str) -> str:
        code = "phone-" + secrets.token_hex(8)
        with self.lock:
            self.phone_codes[code] = phone
        return code

    def fail_next_login(self, errcode: int) -> None:
        with self.lock:
            self.login_failures.append(errcode)

    def fail_next_phone(self, errcode: int) -> None:
        with self.lock:
            self.phone_failures.append(errcode)

    def subscribe(self, openid: str, template_id: str, times: int = 1) -> None:
        with self.lock:
            key = (openid, template_id)
            self.credits[key] = self.credits.get(key, 0) + times

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # -- the server ----------------------------------------------------------------------------
    def _make_app(self) -> Flask:
        app = Flask("fake_wechat")
        app.json.ensure_ascii = False  # type: ignore[attr-defined]

        @app.before_request
        def _outage():
            self.calls.append(request.path)
            if self.down:
                return "service unavailable", 503
            return None

        @app.get("/cgi-bin/token")
        def token():
            a = request.args
            if a.get("grant_type") != "client_credential" or a.get("appid") != self.appid:
                return jsonify(errcode=40013, errmsg="invalid appid")
            if a.get("secret") != self.secret:
                return jsonify(errcode=40125, errmsg="invalid appsecret")
            value = "tok-" + secrets.token_hex(12)
            with self.lock:
                self.tokens[value] = time.monotonic() + self.token_ttl_s
                self.token_fetches += 1
            return jsonify(access_token=value, expires_in=self.token_ttl_s)

        @app.get("/sns/jscode2session")
        def jscode2session():
            a = request.args
            if a.get("appid") != self.appid or a.get("secret") != self.secret:
                return jsonify(errcode=40125, errmsg="invalid appsecret")
            if "access_token" in a:  # the real API takes none; a client sending one leaks it
                return jsonify(errcode=40097, errmsg="invalid args: access_token not expected")
            with self.lock:
                if self.login_failures:
                    errcode = self.login_failures.pop(0)
                    return jsonify(errcode=errcode, errmsg=f"fake failure {errcode}")
                found = self.codes.get(a.get("js_code", ""))
                if found is None:
                    return jsonify(errcode=40029, errmsg="invalid code")
                if found["used"]:
                    return jsonify(errcode=40163, errmsg="code been used")
                found["used"] = True
            body = {"openid": found["openid"], "session_key": secrets.token_urlsafe(16)}
            if found["unionid"]:
                body["unionid"] = found["unionid"]
            return jsonify(body)

        def token_problem():
            value = request.args.get("access_token", "")
            with self.lock:
                expires = self.tokens.get(value)
            if expires is None:
                return jsonify(errcode=40001, errmsg="invalid credential, access_token is invalid")
            if expires <= time.monotonic():
                return jsonify(errcode=42001, errmsg="access_token expired")
            return None

        @app.post("/wxa/business/getuserphonenumber")
        def phone():
            problem = token_problem()
            if problem is not None:
                return problem
            code = (request.get_json(force=True, silent=True) or {}).get("code", "")
            with self.lock:
                if self.phone_failures:
                    errcode = self.phone_failures.pop(0)
                    return jsonify(errcode=errcode, errmsg=f"fake failure {errcode}")
                number = self.phone_codes.pop(code, None)
            if number is None:
                return jsonify(errcode=40029, errmsg="invalid code")
            return jsonify(errcode=0, errmsg="ok", phone_info={
                "phoneNumber": number, "purePhoneNumber": number, "countryCode": "86",
                "watermark": {"timestamp": int(time.time()), "appid": self.appid}})

        @app.post("/cgi-bin/message/subscribe/send")
        def send():
            problem = token_problem()
            if problem is not None:
                return problem
            body = request.get_json(force=True, silent=True) or {}
            template = body.get("template_id")
            fields = TEMPLATES.get(template)
            if fields is None:
                return jsonify(errcode=40037, errmsg="invalid template_id")
            data = body.get("data") or {}
            if set(data) != set(fields):
                return jsonify(errcode=47003, errmsg=f"argument invalid! data fields {sorted(data)}")
            for key, value in data.items():
                trouble = field_problem(key, value)
                if trouble:
                    return jsonify(errcode=47003, errmsg=f"argument invalid! {trouble}")
            user = body.get("touser", "")
            with self.lock:
                left = self.credits.get((user, template), 0)
                if left <= 0:
                    return jsonify(errcode=43101, errmsg="user refuse to accept the msg")
                self.credits[(user, template)] = left - 1
                msgid = len(self.sent) + 1
                self.sent.append({"touser": user, "template_id": template, "page": body.get("page"),
                                  "data": data, "msgid": msgid, "at": time.time()})
            return jsonify(errcode=0, errmsg="ok", msgid=msgid)

        return app
