"""Both stand-ins started together for the demo (``onekey miniprogram --sandbox``), with the
back end's settings that point at them and the demo mini-program's template ids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import jsonify, request

from .serving import Served
from .shensuiban import FakeShensuiban
from .wechat import FakeWeChat


@dataclass
class Sandbox:
    wechat: FakeWeChat
    shensuiban: FakeShensuiban
    wechat_server: Served
    ssb_server: Served

    def settings(self) -> dict[str, Any]:
        return {"wechat_appid": self.wechat.appid, "wechat_secret": self.wechat.secret,
                "wechat_api_base": self.wechat_server.url + "/", "alarm_template": "tmpl-alarm",
                "booking_template": "tmpl-booking",
                **self.shensuiban.settings(self.ssb_server.url)}

    def stop(self) -> None:
        self.wechat_server.stop()
        self.ssb_server.stop()


def start_sandbox(host: str = "127.0.0.1") -> Sandbox:
    wechat, ssb = FakeWeChat(), FakeShensuiban()

    @wechat.app.post("/sandbox/login-code")
    def _demo_code():
        """The demo only: a wx.login() code for an openid (a phone would get one from WeChat)."""
        openid = str((request.get_json(force=True, silent=True) or {}).get("openid") or "o-demo-user")
        wechat.subscribe(openid, "tmpl-alarm", 100)
        wechat.subscribe(openid, "tmpl-booking", 100)
        return jsonify(code=wechat.login_code(openid))

    @wechat.app.get("/sandbox/sent")
    def _sent():
        """The demo and the benchmark: the subscribe messages this WeChat received."""
        with wechat.lock:
            return jsonify(sent=list(wechat.sent))

    return Sandbox(wechat, ssb, Served(wechat.app, host).start(), Served(ssb.app, host).start())
