"""A centre on a fake clock (the alarm desk's: the patrol sweep and the API read it) and the
calls the patrol tests make."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from call_center.alarms.clocks import FakeClock
from call_center.clock import at
from call_center.models import Volunteer
from call_center.patrols import schedule

MONDAY = date(2026, 12, 7)  # a Monday in the first half of December


def clock_at(day: date = MONDAY, hour: int = 9) -> FakeClock:
    return FakeClock(at(day, hour))


def sweep(app: Any) -> int:
    """One run of the sweep as the worker runs it (its own transaction, the desk's clock)."""
    desk = app.extensions["onekey_alarms"]
    return schedule.sweep_for(app.extensions["onekey"].db, desk.now)()


def agent_headers(app: Any, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {app.demo.tokens['agent']}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def api(app: Any, method: str, path: str, body: Any = None, key: str | None = None, **params: Any) -> Any:
    return app.test_client().open(path, method=method, json=body, headers=agent_headers(app, key),
                                  query_string=params)


def volunteer_id(app: Any) -> str:
    with app.extensions["onekey"].db.reading() as db:
        return db.scalar(select(Volunteer.id).where(Volunteer.name == "志愿者 张建华"))


def visits_of(app: Any, elder: str, status: str = "all") -> list[dict]:
    r = api(app, "GET", "/v1/visits", status=status, elder_id=app.demo.elders[elder])
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def record_body(moment: datetime, **values: Any) -> dict[str, Any]:
    return {"visited_at": moment.isoformat(), "found_home": True, "health": "good", "home": "safe",
            **values}
