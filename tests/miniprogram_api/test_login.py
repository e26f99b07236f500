"""Signing in against the fake WeChat and the fake 随申办 over HTTP (never patched functions):
success, each of WeChat's errcodes as a clear error, the access token cached and refreshed
before it expires, the phone number, 随申办's OAuth code flow with PKCE and state."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from miniprogram_api.backend import EXTENSION
from miniprogram_api.db import utcnow
from miniprogram_api.models import Login, WechatToken
from tests.page_text import page_text

pytestmark = pytest.mark.integration


def login(backend, code: str) -> requests.Response:
    return requests.post(f"{backend.url}/api/v1/login/wechat", json={"code": code}, timeout=10)


def test_a_wechat_code_becomes_our_own_token_and_the_session_key_stays_here(backend):
    code = backend.wechat.fake.login_code("o-alice", unionid="u-alice")
    answer = login(backend, code)
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"token", "expires_at", "member"} and body["member"]["bindings"] == []
    database = backend.app.extensions[EXTENSION].database
    with database.session(write=False) as db:
        row = db.query(Login).one()
    assert row.subject == "o-alice" and row.unionid == "u-alice" and row.session_key
    assert row.session_key not in page_text(answer) and row.centre_token not in page_text(answer)
    me = backend.api(body["token"]).get(f"{backend.url}/api/v1/me")
    assert me.status_code == 200 and me.json()["id"] == row.family_id
    assert row.session_key not in page_text(me) and row.centre_token not in page_text(me)
    # jscode2session was asked without an access token (it needs none; the fake refuses one).
    assert "/cgi-bin/token" not in backend.wechat.fake.calls


@pytest.mark.parametrize("errcode,status,code,words", [
    (40029, 401, "invalid_code", "登录凭证无效"),
    (45011, 429, "rate_limited", "登录太频繁"),
    (40226, 403, "risky_user", "账号存在风险"),
    (-1, 503, "wechat_busy", "微信暂时繁忙"),
    (40013, 502, "wechat_config", "小程序的配置有误"),
    (99999, 502, "wechat_error", "微信登录没有成功"),
])
def test_each_wechat_errcode_is_a_clear_error(backend, errcode, status, code, words):
    backend.wechat.fake.fail_next_login(errcode)
    answer = login(backend, backend.wechat.fake.login_code("o-bob"))
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["code"] == code and words in error["message"]


def test_an_unknown_a_used_and_an_empty_code(backend):
    assert login(backend, "code-never-issued").json()["error"]["code"] == "invalid_code"
    code = backend.wechat.fake.login_code("o-carol")
    assert login(backend, code).status_code == 201
    used = login(backend, code)
    assert used.status_code == 401 and "已经用过" in used.json()["error"]["message"]
    assert login(backend, "").status_code == 422


def test_wechat_down_or_unreachable_is_said_plainly(backend):
    backend.wechat.fake.down = True
    answer = login(backend, backend.wechat.fake.login_code("o-dave"))
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "wechat_unreachable"
    backend.wechat.fake.down = False
    backend.wechat.server.stop()
    try:
        answer = login(backend, "code-x")
        assert answer.status_code == 503 and "暂时连不上微信" in answer.json()["error"]["message"]
    finally:
        backend.wechat.server.start()


def test_the_access_token_is_shared_reused_and_refreshed_before_it_expires(backend):
    fake = backend.wechat.fake
    token = backend.sign_in("o-erin", phone=None)
    for _ in range(3):
        shared = backend.api(token).post(f"{backend.url}/api/v1/login/phone",
                                         json={"code": fake.phone_code("13900001234")})
        assert shared.status_code == 200
    assert fake.token_fetches == 1  # one token for every call
    database = backend.app.extensions[EXTENSION].database
    # Four minutes before it expires (inside the five-minute margin) it is fetched anew,
    # before WeChat would refuse it.
    with database.session() as db:
        row = db.query(WechatToken).one()
        row.expires_at = utcnow() + timedelta(minutes=4)
    backend.api(token).post(f"{backend.url}/api/v1/login/phone", json={"code": fake.phone_code("13900001234")})
    assert fake.token_fetches == 2
    # A token WeChat dropped early (40001) is fetched again and the call retried, once.
    fake.expire_tokens()
    again = backend.api(token).post(f"{backend.url}/api/v1/login/phone", json={"code": fake.phone_code("13900005678")})
    assert again.status_code == 200 and again.json()["phone_masked"] == "139****5678"
    assert fake.token_fetches == 3


def test_a_phone_code_that_is_wrong_changes_nothing(backend):
    token = backend.sign_in("o-frank", phone=None)
    wrong = backend.api(token).post(f"{backend.url}/api/v1/login/phone", json={"code": "phone-nope"})
    # 400, not 401: the phone stays signed in and is asked to press the button again
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_code"
    assert "手机号授权无效" in wrong.json()["error"]["message"]
    assert backend.api(token).get(f"{backend.url}/api/v1/me").json()["phone_masked"] == ""


def _ssb_round(backend, session: requests.Session, who: str = "ssb-demo-chenjing",
               tamper_state: bool = False) -> requests.Response:
    start = session.get(f"{backend.url}/h5/login/ssb", params={"next": "/h5/"}, allow_redirects=False)
    assert start.status_code == 303
    authorize = start.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"]
    chosen = session.post(authorize, data={"sub": who}, allow_redirects=False)
    back = chosen.headers["Location"]
    if tamper_state:
        back = back.replace("state=", "state=x")
    return session.get(back, allow_redirects=False)


def test_ssb_sign_in_by_the_oauth_code_flow_with_pkce(backend):
    browser = requests.Session()
    done = _ssb_round(backend, browser)
    assert done.status_code == 303 and done.headers["Location"].endswith("/h5/")
    assert "onekey_mp" in browser.cookies and "HttpOnly" in done.headers["Set-Cookie"]
    home = browser.get(f"{backend.url}/h5/")
    assert home.status_code == 200 and "陈静，您好" in page_text(home)  # the name came from 随申办
    # The same code cannot be used twice, and a forged state is refused.
    assert _ssb_round(backend, requests.Session(), tamper_state=True).status_code == 400


def test_ssb_code_from_a_mini_program_and_a_bad_one(backend):
    fake = backend.ssb.fake
    browser = requests.Session()
    authorize = f"{backend.ssb.server.url}/oauth2/authorize"
    redirect_uri = "https://mini.example/cb"
    chosen = browser.post(authorize, params={"response_type": "code", "client_id": fake.client_id,
                                             "redirect_uri": redirect_uri},
                          data={"sub": "ssb-demo-lijuan"}, allow_redirects=False)
    code = parse_qs(urlsplit(chosen.headers["Location"]).query)["code"][0]
    answer = requests.post(f"{backend.url}/api/v1/login/ssb", json={"code": code, "redirect_uri": redirect_uri})
    assert answer.status_code == 201 and answer.json()["member"]["name"] == "李娟"
    again = requests.post(f"{backend.url}/api/v1/login/ssb", json={"code": code, "redirect_uri": redirect_uri})
    assert again.status_code == 401 and again.json()["error"]["code"] == "invalid_code"


def _ssb_code(backend) -> dict[str, str]:
    fake, redirect_uri = backend.ssb.fake, "https://mini.example/cb"
    chosen = requests.post(f"{backend.ssb.server.url}/oauth2/authorize", params={
        "response_type": "code", "client_id": fake.client_id, "redirect_uri": redirect_uri},
        data={"sub": "ssb-demo-lijuan"}, allow_redirects=False)
    return {"code": parse_qs(urlsplit(chosen.headers["Location"]).query)["code"][0],
            "redirect_uri": redirect_uri}


@pytest.mark.parametrize("endpoint", ["token", "userinfo"])
@pytest.mark.parametrize("status, ours, error", [(500, 502, "ssb_error"),
                                                 (502, 502, "ssb_error"),
                                                 (503, 503, "ssb_unreachable")])
def test_ssb_in_trouble_is_its_fault_not_the_members(backend, endpoint, status, ours, error):
    """A 随申办 that breaks is a bad gateway (502), one that is busy unavailable (503); never
    the member's 401 (which tells the phone to sign in again), nor our own 500."""
    backend.ssb.fake.fail_next(endpoint, status)
    answer = requests.post(f"{backend.url}/api/v1/login/ssb", json=_ssb_code(backend))
    assert (answer.status_code, answer.json()["error"]["code"]) == (ours, error), answer.text
    assert requests.post(f"{backend.url}/api/v1/login/ssb",  # and the next sign-in works
                         json=_ssb_code(backend)).status_code == 201


def test_ssb_unreachable_is_said_plainly(backend):
    browser = requests.Session()
    start = browser.get(f"{backend.url}/h5/login/ssb", allow_redirects=False)
    state = parse_qs(urlsplit(start.headers["Location"]).query)["state"][0]
    backend.ssb.server.stop()
    try:
        failed = browser.get(f"{backend.url}/h5/login/ssb/callback", params={"code": "x", "state": state})
        assert failed.status_code == 503 and "暂时连不上随申办" in page_text(failed)
    finally:
        backend.ssb.server.start()


def test_signing_out_ends_the_token_at_once(backend):
    token = backend.sign_in("o-gina")
    assert backend.api(token).post(f"{backend.url}/api/v1/logout").status_code == 204
    gone = backend.api(token).get(f"{backend.url}/api/v1/me")
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "invalid_token"


def test_the_family_token_is_refreshed_ahead_and_a_centre_away_never_signs_anyone_out(backend, make_backend):
    token = backend.sign_in("o-hana")
    database = backend.app.extensions[EXTENSION].database

    def due() -> str:
        with database.session() as db:
            row = db.query(Login).filter(Login.subject == "o-hana", Login.ended_at.is_(None)).one()
            row.centre_token_expires_at = utcnow() + timedelta(minutes=5)  # inside the ten-minute margin
            return row.centre_token

    old = due()
    assert backend.api(token).get(f"{backend.url}/api/v1/me").status_code == 200
    with database.session(write=False) as db:
        assert db.query(Login).filter(Login.subject == "o-hana").one().centre_token != old
    # The same database, the centre's port closed: the refresh fails and the old token is kept;
    # what needs the centre says it is away (503), what does not answers as ever.
    away = make_backend(db_url=backend.app.extensions[EXTENSION].settings.db_url,
                        centre_url="http://127.0.0.1:9")
    kept = due()
    me = away.api(token).get(f"{away.url}/api/v1/me")
    assert me.status_code == 503 and me.json()["error"]["code"] == "centre_unreachable"
    with database.session(write=False) as db:
        assert db.query(Login).filter(Login.subject == "o-hana").one().centre_token == kept
    assert away.api(token).post(f"{away.url}/api/v1/logout").status_code == 204
    assert backend.api(token).get(f"{backend.url}/api/v1/me").status_code == 401


def test_a_service_token_the_centre_refuses_is_our_fault_not_the_members(make_backend):
    """The centre refusing the back end's own token is 502: a 401 would send the phone to sign
    in again, into the same refusal."""
    backend = make_backend(service_token="not-the-service-token")
    answer = login(backend, backend.wechat.fake.login_code("o-ivy"))
    assert answer.status_code == 502 and answer.json()["error"]["code"] == "centre_error"


def test_a_sign_in_retried_after_the_centre_failed_signs_in(backend, make_backend):
    """WeChat's code is good once: the back end used it, the centre was away (503), and the
    phone's retry with the same code was refused as a used code (401: signed out). Now what
    WeChat said is kept for the code's lifetime, in the database every worker shares, until
    the sign-in is done; then the code is spent."""
    fake = backend.wechat.fake
    away = make_backend(db_url=backend.app.extensions[EXTENSION].settings.db_url,
                        centre_url="http://127.0.0.1:9")
    code = fake.login_code("o-retry", unionid="u-retry")
    asked = fake.calls.count("/sns/jscode2session")
    first = login(away, code)
    assert first.status_code == 503 and first.json()["error"]["code"] == "centre_unreachable"
    again = login(backend, code)  # another worker, the centre back
    assert again.status_code == 201, again.text
    assert fake.calls.count("/sns/jscode2session") == asked + 1  # WeChat was asked once
    database = backend.app.extensions[EXTENSION].database
    with database.session(write=False) as db:
        row = db.query(Login).filter(Login.subject == "o-retry").one()
    assert row.unionid == "u-retry" and row.session_key
    spent = login(backend, code)
    assert spent.status_code == 401 and spent.json()["error"]["code"] == "invalid_code"


def test_a_ssb_sign_in_retried_after_the_centre_failed_signs_in_with_its_verifier_only(backend, make_backend):
    away = make_backend(db_url=backend.app.extensions[EXTENSION].settings.db_url,
                        centre_url="http://127.0.0.1:9")
    asked = _ssb_code(backend)
    first = requests.post(f"{away.url}/api/v1/login/ssb", json=asked, timeout=10)
    assert first.status_code == 503
    # The code alone, with another redirect (or verifier), is not who 随申办 vouched for.
    stolen = requests.post(f"{backend.url}/api/v1/login/ssb",
                           json={**asked, "redirect_uri": "https://evil.example/cb"}, timeout=10)
    assert stolen.status_code == 401
    again = requests.post(f"{backend.url}/api/v1/login/ssb", json=asked, timeout=10)
    assert again.status_code == 201 and again.json()["member"]["name"] == "李娟"
    assert requests.post(f"{backend.url}/api/v1/login/ssb", json=asked, timeout=10).status_code == 401
