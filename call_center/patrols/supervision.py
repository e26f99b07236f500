"""The supervision view (seed 001 §五(三) 服务监管: 区民政局…定期对服务内容、服务质量…进行抽查; §六(五)
各街道…做好服务质量监管): for one month, per street and provider (a volunteer's station, or the
provider's own staff), how many visits were planned, done, done on time, found nobody home, and
missed (still not done after their period's last day). A visit counts in the month it was planned
for; a cancelled one (the plan ended) is not counted."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import local
from ..models.patrols import PatrolVisit


@dataclass
class Row:
    street: str
    provider: str
    planned: int = 0
    done: int = 0
    on_time: int = 0
    not_home: int = 0
    missed: int = 0
    overdue_ids: list[str] = field(default_factory=list)

    @property
    def on_time_rate(self) -> str:
        return f"{round(100 * self.on_time / self.planned)}%" if self.planned else "—"


def month_rows(db: Session, month: date, today: date) -> tuple[list[Row], Row]:
    """The month's rows (by street, then provider) and their total."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    rows: dict[tuple[str, str], Row] = {}
    total = Row("合计", "")
    for v in db.scalars(select(PatrolVisit).where(PatrolVisit.planned_on >= first,
                                                  PatrolVisit.planned_on <= last,
                                                  PatrolVisit.status != "cancelled")):
        row = rows.setdefault((v.street, v.provider), Row(v.street, v.provider))
        for r in (row, total):
            r.planned += 1
            if v.status in ("visited", "not_home"):
                r.done += v.status == "visited"
                r.not_home += v.status == "not_home"
                r.on_time += v.visited_at is not None and local(v.visited_at).date() <= v.due_by
            elif v.status == "planned" and v.due_by < today:
                r.missed += 1
                r.overdue_ids.append(v.id)
    return [rows[k] for k in sorted(rows)], total
