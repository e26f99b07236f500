"""Fixtures (used by tests/miniprogram_api and tests/browser): the mini-program back end against real servers on 127.0.0.1: a private centre, the fake
WeChat and the fake 随申办 (``miniprogram_api.sandbox``), and the back end itself served as
``onekey miniprogram`` serves it — the shared front (``web_front``) on uvicorn — on a random
port. Every test gets fresh ones (bindings must not leak between tests).

- ``backend``: a running back end (alerts off) with helpers ``sign_in``, ``bind``, ``api``;
- ``make_backend(body_wait_s=30, **settings)``: the same with settings (``alerts=True``, another
  database …) and the front's wait for a body;
- ``fake_wechat`` / ``fake_ssb``: the stand-ins and their servers (``.fake``, ``.server``);
- ``run_cli`` / ``stop_cli``: the real ``onekey miniprogram`` in a process of its own.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import requests

from miniprogram_api.sandbox.serving import Served
from miniprogram_api.sandbox.shensuiban import FakeShensuiban
from miniprogram_api.sandbox.wechat import FakeWeChat
from tests.call_center.family_members import ELDER_LOGIN
from tests.web_front.served import ServedFront, free_port

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8  # the front's pool in tests (the CLI's default is 16 a process)

@dataclass
class Stand:
    fake: Any
    server: Served


@pytest.fixture
def fake_wechat() -> Iterator[Stand]:
    fake = FakeWeChat()
    served = Served(fake.app).start()
    yield Stand(fake, served)
    served.stop()


@pytest.fixture
def fake_ssb() -> Iterator[Stand]:
    fake = FakeShensuiban()
    served = Served(fake.app).start()
    yield Stand(fake, served)
    served.stop()


@pytest.fixture
def centre(make_live_center: Callable[..., Any]) -> Any:
    return make_live_center()


@dataclass
class Backend:
    """A running back end and what a test needs to act as phones, TVs and agents."""

    app: Any
    server: ServedFront
    centre: Any
    wechat: Stand
    ssb: Stand
    members: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def api(self, token: str | None = None) -> requests.Session:
        session = requests.Session()
        if token:
            session.headers["Authorization"] = f"Bearer {token}"
        return session

    def sign_in(self, openid: str = "o-chenjing", name: str | None = "陈静",
                phone: str | None = "13764561234") -> str:
        """A member signed in through WeChat (the fake), named, with the phone shared."""
        code = self.wechat.fake.login_code(openid, unionid=f"u-{openid}")
        answer = requests.post(f"{self.url}/api/v1/login/wechat", json={"code": code}, timeout=10)
        assert answer.status_code == 201, answer.text
        token = answer.json()["token"]
        if name:
            assert self.api(token).patch(f"{self.url}/api/v1/me", json={"name": name}).status_code == 200
        if phone:
            shared = self.api(token).post(f"{self.url}/api/v1/login/phone",
                                          json={"code": self.wechat.fake.phone_code(phone)})
            assert shared.status_code == 200, shared.text
        self.members[openid] = token
        return token

    def tv(self, elder_key: str) -> requests.Session:
        session = requests.Session()
        session.headers.update(self.centre.headers(ELDER_LOGIN[elder_key][2]))
        return session

    def agent(self) -> requests.Session:
        session = requests.Session()
        session.headers.update(self.centre.headers("agent"))
        return session

    def consent_message(self, elder_key: str) -> dict:
        inbox = self.tv(elder_key).get(f"{self.centre.url}/v1/elders/{self.centre.elders[elder_key]}/messages",
                                       params={"unread": "true"}).json()
        return next(m for m in inbox if m["kind"] == "consent" and m["answers"])

    def bind(self, token: str, elder_key: str, relation: str = "女儿",
             permissions: list[str] | None = None, agree: bool = True) -> dict:
        """Ask through the back end, then the elder answers on the household's TV."""
        phone, name, _tv = ELDER_LOGIN[elder_key]
        body: dict[str, Any] = {"relation": relation, "elder_phone": phone, "elder_name": name}
        if permissions is not None:
            body["permissions"] = permissions
        started = self.api(token).post(f"{self.url}/api/v1/bindings", json=body)
        assert started.status_code in (200, 201), started.text
        binding = started.json()
        if agree and binding["status"] == "pending":
            message = self.consent_message(elder_key)
            answered = self.tv(elder_key).post(f"{self.centre.url}/v1/messages/{message['id']}/answer",
                                               json={"answer": "agree"})
            assert answered.status_code == 200, answered.text
            binding = self.api(token).get(f"{self.url}/api/v1/bindings/{binding['id']}").json()
        return binding

    def raise_alarm(self, elder_key: str) -> dict:
        raised = self.tv(elder_key).post(f"{self.centre.url}/v1/alarms",
                                         json={"elder_id": self.centre.elders[elder_key]},
                                         headers={"Idempotency-Key": uuid.uuid4().hex})
        assert raised.status_code in (200, 201), raised.text
        return raised.json()


@pytest.fixture
def make_backend(centre: Any, fake_wechat: Stand, fake_ssb: Stand,
                 tmp_path: Path) -> Iterator[Callable[..., Backend]]:
    from miniprogram_api.app import create_app, stop
    from web_front import BODY_WAIT_S, FlaskFront

    made: list[Backend] = []

    def build(body_wait_s: float = BODY_WAIT_S, **config: Any) -> Backend:
        settings = {
            "centre_url": centre.url, "service_token": centre.tokens["service"],
            "db_url": f"sqlite:///{tmp_path / f'mp-{len(made)}.db'}",
            "wechat_appid": fake_wechat.fake.appid, "wechat_secret": fake_wechat.fake.secret,
            "wechat_api_base": fake_wechat.server.url + "/",
            "alarm_template": "tmpl-alarm", "booking_template": "tmpl-booking",
            "alerts": False, "login_limit": "1000 per minute", "binding_limit": "1000 per minute",
            "alert_retry_s": 0.2, "alert_retry_max_s": 0.5, "stream_wait_s": 2,
            **fake_ssb.fake.settings(fake_ssb.server.url), **config}
        app = create_app(settings)
        server = ServedFront(FlaskFront(app, THREADS, body_wait_s)).start()
        backend = Backend(app, server, centre, fake_wechat, fake_ssb)
        made.append(backend)
        return backend

    yield build
    for backend in made:
        backend.server.stop()
        stop(backend.app)


@pytest.fixture
def backend(make_backend: Callable[..., Backend]) -> Backend:
    return make_backend()


def run_cli(centre: Any, tmp_path: Path, *extra: str,
            env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """``onekey miniprogram`` on a random port with the sandbox, once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "onekey_cli", "miniprogram", "--port", str(port),
                             "--db", str(tmp_path / "mp.db"), "--center", centre.url,
                             "--service-token", centre.tokens["service"], "--sandbox", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                return proc, url
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the back end did not start")


def stop_cli(proc: subprocess.Popen, signum: int = signal.SIGINT) -> str:
    """Its output, once it has stopped (killed if it does not within 20 s)."""
    proc.send_signal(signum)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def wait_until(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    """``check()``'s first truthy answer, asked every 50 ms (never a blind sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")
