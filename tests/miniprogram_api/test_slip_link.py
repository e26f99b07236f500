"""The QR link on a slip (``/r/<reference>``): each way it can fail has its own page and status —
not a slip of ours, edited, too old, not signed in, a parent not this member's — and a good one
opens the request."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests

from accessibility.slips.config import SlipConfig
from accessibility.slips.reference import REFERENCE_DAYS, sign_reference
from tests.page_text import page_text

pytestmark = pytest.mark.integration
NOW = datetime.now(timezone(timedelta(hours=8)))


def a_request(backend, elder: str = "zhang") -> str:
    c = backend.centre
    made = backend.agent().post(f"{c.url}/v1/requests", json={
        "elder_id": c.elders[elder], "service": "consultation", "mode": "call", "form": {"topic": "医保报销"}},
        headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status_code == 201, made.text
    return made.json()["id"]


def member(backend, openid: str, bound_to: str | None) -> requests.Session:
    token = backend.sign_in(openid, name="陈静", phone=None)
    if bound_to:
        backend.bind(token, bound_to, permissions=["view"])
    browser = requests.Session()
    browser.cookies.set("onekey_mp", token)
    return browser


def opened(browser: requests.Session, backend, reference: str) -> requests.Response:
    return browser.get(f"{backend.url}/r/{reference}", allow_redirects=False, timeout=30)


def test_each_slip_that_cannot_be_opened_says_why(backend):
    secret = SlipConfig.from_env().secret
    request_id = a_request(backend)
    good = sign_reference(request_id, secret)
    daughter = member(backend, "o-slip-daughter", "zhang")
    stranger = member(backend, "o-slip-stranger", None)
    cases = {  # name: (browser, reference, status, words on the page, words never on it)
        "expired": (daughter, sign_reference(request_id, secret, NOW - timedelta(days=400)), 410,
                    "已经过期", "不是一键通"),
        "just_in_time": (daughter, sign_reference(request_id, secret, NOW - timedelta(days=REFERENCE_DAYS - 1)),
                         303, None, None),
        "edited": (daughter, good[:-2] + ("xx" if not good.endswith("xx") else "yy"), 403, "核对不上", "过期"),
        "another_key": (daughter, sign_reference(request_id, "not-our-secret"), 403, "核对不上", "过期"),
        "not_ours": (daughter, "hello-world", 400, "不是一键通的单子", "过期"),
        "cut_off": (daughter, good.rsplit(".", 1)[0], 400, "不是一键通的单子", "过期"),
        "not_bound": (stranger, good, 403, "不是您能看的", "不是一键通"),
        "not_this_parent": (daughter, sign_reference(a_request(backend, "li"), secret), 403, "不是您能看的", None),
        "good": (daughter, good, 303, None, None),
    }
    for name, (browser, reference, status, words, never) in cases.items():
        answer = opened(browser, backend, reference)
        assert answer.status_code == status, (name, answer.status_code, answer.text[:300])
        if words:
            assert words in page_text(answer), name
        if never:
            assert never not in page_text(answer), name
    assert opened(daughter, backend, good).headers["Location"] == f"/h5/requests/{request_id}"
    # Signed out: to sign in first, told why, and back to the request after.
    anonymous = opened(requests.Session(), backend, good)
    assert anonymous.status_code == 303 and "/h5/login" in anonymous.headers["Location"]
    login = requests.get(backend.url + anonymous.headers["Location"], timeout=30)
    assert "请先登录" in page_text(login) and f"/h5/requests/{request_id}" in page_text(login)
    # An expired slip is still told apart when nobody is signed in.
    old = opened(requests.Session(), backend, sign_reference(request_id, secret, NOW - timedelta(days=400)))
    assert old.status_code == 410 and "已经过期" in page_text(old)
