"""The follow-ups every escalation worker runs beside its alarms (``desk.sweeps``): one list for
the API process's worker (call_center/app.py) and the worker on its own (alarms/hosting.py)."""
from __future__ import annotations

from typing import Any, Callable

from .config import Settings
from .db import Database
from .fulfilment import refills, trip_ends
from .patrols import schedule as patrol_schedule
from .policies import offers as policy_offers
from .providers import Providers
from .satisfaction import visits as return_visits


def follow_ups(database: Database, built: Providers, settings: Settings, desk: Any) -> list[Callable[[], object]]:
    return [
        refills.follow_up_for(database, built),  # renewals at the internet hospital, then the courier
        trip_ends.sweep_for(database, built),  # booked trips the platforms say are over
        policy_offers.sweep_for(database, settings.policy_push_every_s,  # 政策找人
                                settings.policy_pushes_per_day),
        return_visits.sweep_for(database, settings.return_visit_every_s),  # 回访
        patrol_schedule.sweep_for(database, desk.now),  # 巡视探访: the visits due
    ]
