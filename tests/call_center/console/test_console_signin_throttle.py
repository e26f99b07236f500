"""Console sign-in (issue 12 §5): no lockout anyone can trigger, growing delays per source
and per name — known or not — no timing difference between known and unknown names, and
refused actions are audited."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from call_center.clock import now
from call_center.console import accounts
from call_center.models.console import LoginThrottle


def _waited(app: Any) -> None:
    """Time passes: every wait is over (the counts stay)."""
    with app.extensions["onekey"].db.session(write=True) as s:
        s.execute(update(LoginThrottle).values(next_allowed_at=now() - timedelta(seconds=1)))
        s.commit()


def _throttles(app: Any) -> dict[str, LoginThrottle]:
    with app.extensions["onekey"].db.session(write=False) as s:
        return {t.scope: t for t in s.scalars(select(LoginThrottle))}


def test_wrong_passwords_slow_down_but_never_lock_the_agent_out(anonymous: Any) -> None:
    answers = []
    for _ in range(5):
        _waited(anonymous.app)
        answers.append(anonymous.login(password="wrong-password").status_code)
    assert answers == [401] * 5
    refused = anonymous.login()  # the right password, during the wait: not even checked
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "秒后再试" in refused.get_data(as_text=True)
    _waited(anonymous.app)
    assert anonymous.login().status_code == 303  # after the wait: in (before: locked 10 min)
    assert "account" not in _throttles(anonymous.app)  # a success clears the name's count


def test_delays_grow_and_an_attacker_elsewhere_delays_an_account_a_minute_at_most(make_center_app: Any,
                                                                                 make_console: Any) -> None:
    app = make_center_app()
    attacker = make_console(app, base_url="http://localhost")
    waits = []
    for _ in range(12):
        _waited(app)
        assert attacker.login(password="guessing-1").status_code == 401
        row = _throttles(app)["account"]
        waits.append(round((row.next_allowed_at - now()).total_seconds()))
    assert waits[:3] == [0, 0, 0] and waits[3:6] == [1, 2, 4]  # doubling after three free tries
    assert max(waits) <= 60  # the account's cap
    assert (_throttles(app)["source"].next_allowed_at - now()).total_seconds() > 60  # the source's is longer


def test_unknown_names_are_throttled_like_known_ones(anonymous: Any) -> None:
    answers = []
    for n in range(40):
        answers.append(anonymous.login(username=f"nobody{n}", password="whatever-1").status_code)
    assert answers[:3] == [401, 401, 401]
    assert answers.count(429) >= 35  # before: 40 tries in 4.6 s, none refused
    assert len(anonymous.audit("login_failed")) == 40  # each is audited, throttled or not
    one = anonymous.app  # the same schedule for one unknown name as for a known one
    _waited(one)
    with one.extensions["onekey"].db.session(write=True) as s:
        s.query(LoginThrottle).delete()
        s.commit()
    for name in ("agent1", "nobody"):
        for _ in range(4):
            _waited(one)
            anonymous.login(username=name, password="wrong-password")
    with one.extensions["onekey"].db.session(write=False) as s:
        counts = sorted(t.failures for t in s.scalars(select(LoginThrottle).where(LoginThrottle.scope == "account")))
    assert counts == [4, 4]


def test_known_and_unknown_names_cost_the_same_hash_work(anonymous: Any, monkeypatch: Any) -> None:
    """Before: an unknown name was checked against a full-strength scrypt hash and a demo name
    against a light one — timing told which names exist. Counted, not timed: one check each,
    with the same method."""
    checked: list[str] = []
    real = accounts.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(accounts.hash_method(stored))
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    db = anonymous.app.extensions["onekey"].db
    with db.session(write=False) as s:
        for name in ("agent1", "super1", "nobody", "AGENT1 "):
            checked.clear()
            assert not accounts.check(s, name, "wrong-password").ok
            assert len(checked) == 1, name
            method = checked[0]
            assert method == accounts.hash_method(accounts.find(s, "agent1").password_hash), name


def test_refused_console_actions_are_audited(console: Any) -> None:
    req = console.new_request()
    assert console.post(f"/console/requests/{req['id']}/move", {"move-to": "completed"}).status_code == 409
    assert console.post(f"/console/requests/{req['id']}/move", {"move-to": "confirmed"}).status_code == 422
    refused = console.audit("refused_action")
    assert [e.detail.rsplit(" ", 1)[-1] for e in refused] == ["409", "422"]
    assert all(e.username == "agent1" and e.target_id == "console.request_move" for e in refused)
