"""Agent logins: passwords (werkzeug's scrypt hashes) and creating accounts
(``python -m call_center.console.accounts add …``); repeated failures are throttled in
:mod:`call_center.console.throttle`.

Elders never have passwords (ELDER_UI: no memory tests); only centre staff log in here.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..auth import hash_token
from ..clock import now
from ..models import Agent
from ..models.console import ROLES, ConsoleCredential

MIN_PASSWORD_LENGTH = 10


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when the username is unknown, made with the same method (scrypt's
    cost parameters) as the stored hashes: a wrong name costs exactly what a wrong password
    does, so names cannot be discovered by timing — the demo's light hashes included."""
    return generate_password_hash("onekey-console-no-such-user", method=method)


def hash_method(password_hash: str) -> str:
    """``scrypt:32768:8:1$salt$hash`` → ``scrypt:32768:8:1``."""
    return password_hash.split("$", 1)[0]


def _usual_method(db: Session) -> str:
    newest = db.scalar(select(ConsoleCredential.password_hash)
                       .order_by(ConsoleCredential.id.desc()).limit(1))
    return hash_method(newest) if newest else hash_method(generate_password_hash("x"))


@dataclass(frozen=True)
class LoginVerdict:
    credential: ConsoleCredential | None
    reason: str  # "ok" | "bad_credentials" | "inactive"

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find(db: Session, username: str) -> ConsoleCredential | None:
    return db.scalar(select(ConsoleCredential).where(
        ConsoleCredential.username == normalise_username(username)))


def check(db: Session, username: str, password: str) -> LoginVerdict:
    """Decide a login attempt without writing anything (the caller records the outcome).
    Known and unknown names cost one password check each, with the same hash method."""
    usual = _usual_method(db)  # asked for every name, so both paths do the same work
    credential = find(db, username)
    if credential is None:
        check_password_hash(_dummy_hash(usual), password)
        return LoginVerdict(None, "bad_credentials")
    if not check_password_hash(credential.password_hash, password):
        return LoginVerdict(credential, "bad_credentials")
    if not credential.active or not credential.agent.active:
        return LoginVerdict(credential, "inactive")
    return LoginVerdict(credential, "ok")


def note_success(credential: ConsoleCredential) -> None:
    credential.last_login_at = now()


def create(db: Session, username: str, password: str, name: str, role: str = "agent",
           agent_id: str | None = None, hash_method: str | None = None) -> ConsoleCredential:
    """A console login for an existing agent (``agent_id``) or a new agent row.
    ``hash_method`` is werkzeug's (default: its current scrypt parameters)."""
    username = normalise_username(username)
    if not username.isascii() or not username.replace("_", "").replace("-", "").isalnum():
        raise ValueError("username: letters, digits, - and _ only")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    if role not in ROLES:
        raise ValueError(f"role: one of {', '.join(ROLES)}")
    if db.scalar(select(func.count()).select_from(ConsoleCredential)
                 .where(ConsoleCredential.username == username)):
        raise ValueError(f"username {username!r} exists")
    if agent_id is None:
        # An agent without an API token: store the hash of a token nobody ever sees.
        agent = Agent(kind="agent", name=name, token_hash=hash_token(secrets.token_urlsafe(32)))
        db.add(agent)
        db.flush()
        agent_id = agent.id
    hashed = (generate_password_hash(password, method=hash_method) if hash_method
              else generate_password_hash(password))
    credential = ConsoleCredential(agent_id=agent_id, username=username, role=role,
                                   password_hash=hashed)
    db.add(credential)
    db.flush()
    return credential


def main(argv: list[str] | None = None) -> int:
    import argparse
    import getpass

    from ..config import Settings
    from ..migrate import open_database

    parser = argparse.ArgumentParser(prog="python -m call_center.console.accounts",
                                     description="Create console logins for call-centre staff.")
    parser.add_argument("--db", default=None, help="database URL (default: ONEKEY_DB_URL)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("add", help="add a login (asks for the password)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the agent's display name, e.g. 话务员 张丽")
    add.add_argument("--role", choices=ROLES, default="agent")
    args = parser.parse_args(argv)
    database = open_database(Settings.load({"db_url": args.db} if args.db else None))
    password = getpass.getpass("password: ")
    if password != getpass.getpass("again: "):
        print("the passwords differ")
        return 1
    with database.session(write=True) as db:
        try:
            create(db, args.username, password, args.name, args.role)
        except ValueError as exc:
            print(exc)
            return 1
        db.commit()
    print(f"added {normalise_username(args.username)} ({args.role})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
