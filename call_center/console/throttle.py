"""Console sign-in: growing delays instead of a lockout.

A lockout lets anyone lock any agent out by typing wrong passwords under their name. Here
failures are counted per source address and per username — known or not, so a name that
does not exist is throttled exactly like one that does — and past a few free tries each
failure makes the next try wait twice as long (1 s, 2 s, 4 s … up to the cap). A try during
the wait is answered at once, without checking any password, the same for every name. The
right password after the wait always gets in; a success clears the name's count.

The account's cap is short (an attacker elsewhere can delay an agent by a minute, no more);
the source's is long (one address guessing many names soon waits a quarter of an hour).
Counts are forgotten ``forget_after`` after the last failure.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..clock import now
from ..models.console import LoginThrottle

SOURCE, ACCOUNT = "source", "account"


@dataclass(frozen=True)
class Schedule:
    free_failures: int = 3
    first_delay_s: float = 1.0
    account_cap_s: float = 60.0
    source_cap_s: float = 900.0
    forget_after: timedelta = timedelta(minutes=30)

    def delay(self, scope: str, failures: int) -> float:
        if failures <= self.free_failures:
            return 0.0
        cap = self.account_cap_s if scope == ACCOUNT else self.source_cap_s
        return min(cap, self.first_delay_s * 2 ** min(failures - self.free_failures - 1, 30))


def keys(address: str, username: str) -> list[tuple[str, str]]:
    """The rows a try counts against. Names are hashed: a mistyped password in the name
    field is never stored as typed."""
    name = hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()
    return [(SOURCE, (address or "unknown")[:64]), (ACCOUNT, name)]


def wait_seconds(db: Session, address: str, username: str, at: datetime | None = None) -> int:
    """How long this source or this name must still wait (0: it may try now)."""
    moment = at or now()
    waits = []
    for scope, key in keys(address, username):
        row = db.get(LoginThrottle, (scope, key))
        if row is not None and row.next_allowed_at > moment:
            waits.append((row.next_allowed_at - moment).total_seconds())
    return int(max(waits, default=0) + 0.999)


def failed(db: Session, address: str, username: str, schedule: Schedule) -> None:
    moment = now()
    for scope, key in keys(address, username):
        row = db.get(LoginThrottle, (scope, key))
        if row is None:
            row = LoginThrottle(scope=scope, key=key, failures=0, last_failure_at=moment,
                                next_allowed_at=moment)
            db.add(row)
        elif moment - row.last_failure_at > schedule.forget_after:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = moment
        row.next_allowed_at = moment + timedelta(seconds=schedule.delay(scope, row.failures))


def succeeded(db: Session, username: str) -> None:
    """The name's count is cleared (the source's is left: it may be guessing other names)."""
    _, key = keys("", username)[1]
    row = db.get(LoginThrottle, (ACCOUNT, key))
    if row is not None:
        db.delete(row)
