"""随申办 (Shanghai's government app) sign-in: an OAuth 2.0 authorization-code client with
PKCE (Authlib), endpoints configurable per deployment (the embedded demo points them at the
local sandbox, ``miniprogram_api.sandbox.shensuiban``).

The browser (H5) flow: :meth:`begin` gives the authorization URL, the ``state`` and the PKCE
verifier the caller keeps (a signed cookie); :meth:`finish` exchanges the code and reads the
user. A 随申办 mini-program that obtained a code itself posts it to ``/api/v1/login/ssb``.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError

from .errors import LoginError

UNREACHABLE = LoginError("ssb_unreachable", "暂时连不上随申办，请稍后再试。", 503)
BROKEN = LoginError("ssb_error", "随申办暂时出了问题，请稍后再试。", 502)
BUSY = frozenset({429, 503, 504})  # 随申办 asks to come back later: unavailable, not broken


class _Troubled(Exception):
    """随申办 answered with a server error (raised by a response hook, before Authlib reads
    an error page as a token or a requests JSON error passes for an unreachable host)."""

    def __init__(self, status: int):
        super().__init__(f"随申办 answered {status}")
        self.status = status


def _refuse_server_errors(response: requests.Response, *_args, **_kwargs) -> None:
    if response.status_code >= 500 or response.status_code == 429:
        raise _Troubled(response.status_code)


@dataclass(frozen=True)
class SsbIdentity:
    subject: str
    name: str
    phone: str


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    code_verifier: str


class ShensuibanLogin:
    def __init__(self, client_id: str, client_secret: str, authorize_url: str, token_url: str,
                 userinfo_url: str, scope: str = "openid profile phone", timeout: float = 5.0):
        self.client_id, self.client_secret = client_id, client_secret
        self.authorize_url, self.token_url, self.userinfo_url = authorize_url, token_url, userinfo_url
        self.scope, self.timeout = scope, timeout

    def _session(self, redirect_uri: str | None) -> OAuth2Session:
        session = OAuth2Session(self.client_id, self.client_secret, scope=self.scope,
                                redirect_uri=redirect_uri, code_challenge_method="S256",
                                token_endpoint_auth_method="client_secret_basic",
                                default_timeout=self.timeout)
        session.hooks["response"].append(_refuse_server_errors)
        return session

    def begin(self, redirect_uri: str) -> Authorization:
        verifier = generate_token(48)
        with self._session(redirect_uri) as client:
            url, state = client.create_authorization_url(self.authorize_url, code_verifier=verifier)
        return Authorization(url, state, verifier)

    def finish(self, code: str, redirect_uri: str | None = None, code_verifier: str | None = None,
               state: str | None = None, expected_state: str | None = None) -> SsbIdentity:
        """The code from the redirect → the 随申办 user (sub, name, phone)."""
        if expected_state is not None and not (state and hmac.compare_digest(state, expected_state)):
            raise LoginError("bad_state", "登录页面已过期，请重新登录。", 400)
        if not code or len(code) > 512:
            raise LoginError("invalid_code", "随申办登录没有完成，请重新登录。", 401)
        try:
            with self._session(redirect_uri) as client:
                extra = {"code_verifier": code_verifier} if code_verifier else {}
                client.fetch_token(self.token_url, grant_type="authorization_code", code=code, **extra)
                reply = client.get(self.userinfo_url)
        except _Troubled as exc:
            raise (UNREACHABLE if exc.status in BUSY else BROKEN) from exc
        except OAuthError as exc:
            raise LoginError("invalid_code", "随申办登录没有完成，请重新登录。", 401) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise UNREACHABLE from exc
        except requests.RequestException as exc:  # an answer that is not what OAuth says
            raise BROKEN from exc
        if reply.status_code != 200:
            raise BROKEN  # it refused the token it had just given
        try:
            info = reply.json()
        except ValueError as exc:
            raise BROKEN from exc
        if not isinstance(info, dict):
            raise BROKEN
        subject = str(info.get("sub") or "")
        if not subject:
            raise LoginError("ssb_error", "随申办没有返回用户信息，请重新登录。", 502)
        return SsbIdentity(subject, str(info.get("name") or ""), str(info.get("phone_number") or ""))
