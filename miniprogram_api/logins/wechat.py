"""WeChat's server API for the mini-program, through wechatpy 1.8.18.

What wechatpy gets wrong here, and how this module copes (README, dependency table):
- ``fetch_access_token`` ignores ``API_BASE_URL`` (the token URL is written into it), so the
  client subclass fetches from the configured base — a local fake WeChat in tests;
- every call gets ``access_token`` added, even ``sns/jscode2session``, which needs none: a
  login would wait on (and fail with) the token endpoint. ``sns/`` calls are sent without it;
- 1.8.18 has no ``getuserphonenumber``: it is posted through the same client (its token
  handling and errcode checks included);
- its token expiry check is per process: the token lives in the database instead
  (:mod:`.token_storage`), refreshed before it expires; an early 40001/42001 is still
  retried once by wechatpy itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from .errors import LoginError, wechat_error


class OneKeyWeChatClient(WeChatClient):
    """wechatpy's client, every URL under one configurable base."""

    def __init__(self, appid: str, secret: str, api_base: str, session: SessionStorage,
                 timeout: float = 5.0):
        super().__init__(appid, secret, session=session, timeout=timeout)
        self.api_base = api_base if api_base.endswith("/") else api_base + "/"
        self.API_BASE_URL = self.api_base + "cgi-bin/"
        self.wxa.API_BASE_URL = self.api_base

    def fetch_access_token(self) -> dict:
        return self._fetch_access_token(url=self.api_base + "cgi-bin/token", params={
            "grant_type": "client_credential", "appid": self.appid, "secret": self.secret})

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        if url_or_endpoint.startswith("sns/"):  # appid + secret, never the access token
            params = kwargs.setdefault("params", {})
            params.setdefault("access_token", None)  # requests drops None: nothing is sent
        return super()._request(method, url_or_endpoint, **kwargs)


@dataclass(frozen=True)
class WeChatIdentity:
    openid: str
    session_key: str
    unionid: str | None


class WeChatLogin:
    def __init__(self, client: OneKeyWeChatClient, hotline: str = "12345"):
        self.client = client
        self.hotline = hotline

    def _call(self, fn, *args: Any, **kwargs: Any) -> dict:
        try:
            return fn(*args, **kwargs)
        except WeChatClientException as exc:
            errcode = exc.errcode if exc.errcode is not None else None
            raise wechat_error(int(errcode) if errcode is not None else None, self.hotline) from exc
        except requests.RequestException as exc:
            raise wechat_error(None, self.hotline) from exc

    def code_to_session(self, code: str) -> WeChatIdentity:
        """``wx.login()``'s code → the member's openid (and unionid); the session key stays
        on this server."""
        if not code or len(code) > 128:
            raise LoginError("invalid_code", "登录凭证无效，请重新打开小程序再试。", 401)
        result = self._call(self.client.wxa.code_to_session, code)
        openid, key = result.get("openid"), result.get("session_key")
        if not openid or not key:
            raise wechat_error(result.get("errcode", 0) or None, self.hotline)
        return WeChatIdentity(openid, key, result.get("unionid"))

    def phone_number(self, code: str) -> str:
        """The phone number the member agreed to share (``getPhoneNumber``'s code)."""
        wrong = LoginError("invalid_code", "手机号授权无效，请再点一次获取手机号。", 400)
        if not code or len(code) > 128:
            raise wrong
        try:
            result = self._call(self.client.post, "wxa/business/getuserphonenumber",
                                data={"code": code}, api_base_url=self.client.api_base)
        except LoginError as exc:
            if exc.code == "invalid_code":  # the phone's code, not the sign-in: no 401 (that signs the phone out)
                raise wrong from exc
            raise
        info = result.get("phone_info") or {}
        watermark = info.get("watermark") or {}
        if watermark.get("appid") != self.client.appid or not info.get("purePhoneNumber"):
            raise LoginError("wechat_error", "微信返回的手机号无法核对，请再试一次。", 502)
        return str(info["purePhoneNumber"])
