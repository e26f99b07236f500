"""Demo console logins, printed by ``onekey center --seed-demo``: one agent, one supervisor.

The agent login belongs to the demo agent that already has the API token ``demo-agent``,
so events recorded from the console and from the API name the same person.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import hash_token
from ..models import Agent
from . import accounts

# username -> (password, role, display name); demo only — real logins come from
# ``python -m call_center.console.accounts add`` with werkzeug's full-strength scrypt.
# These passwords are printed on the terminal, so a slow hash would protect nothing; a light
# one keeps every test login (hundreds per suite run) fast.
DEMO_HASH = "scrypt:4096:8:1"
DEMO_LOGINS: dict[str, tuple[str, str, str]] = {
    "agent1": ("onekey-demo-agent", "agent", "话务员 李敏"),
    "super1": ("onekey-demo-super", "supervisor", "值班长 周建国"),
}


def seed_logins(db: Session, agent_token: str) -> None:
    """Idempotent: adds the demo logins that are missing."""
    for username, (password, role, name) in DEMO_LOGINS.items():
        if accounts.find(db, username) is not None:
            continue
        agent_id = None
        if role == "agent":
            agent_id = db.scalar(select(Agent.id).where(Agent.token_hash == hash_token(agent_token)))
        accounts.create(db, username, password, name, role, agent_id=agent_id,
                        hash_method=DEMO_HASH)


def banner(url: str) -> str:
    logins = "  ".join(f"{u} / {p} ({r})" for u, (p, r, _n) in DEMO_LOGINS.items())
    return f"Agent console: {url}/console/   demo logins: {logins}"
