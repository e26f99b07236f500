"""服务监管 by month and provider (seed 001 §（三）: 定期对服务内容、服务质量、服务满意度等进行监管 …
客户满意度、投诉率): what the console's supervision page shows and exports.

The definitions are on the page beside the numbers (:data:`DEFINITIONS`); each is counted here
and nowhere else.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import at as at_hour
from ..models import Complaint, RequestEvent, ReturnVisit, ServiceRequest

DEFINITIONS = [
    ("完成服务", "本月办完（状态改为“已完成”）的、有服务商的请求数；一键通装好了，算在上门安装的服务商名下。"),
    ("回访已答", "本月办完的服务中，老人或家属回答了回访的单数（未答、已过期的不算）。"),
    ("满意率", "回访已答中选“满意”的比例；选“一般”“不满意”的另列。没有已答回访时不计算。"),
    ("投诉数", "本月提出的投诉（异议）数，不论关于哪个月的服务。"),
    ("投诉率", "投诉数 ÷ 完成服务；没有完成服务时不计算。"),
    ("待处理投诉", "本月提出、至今还没有处理结果的投诉数。"),
]


@dataclass
class ProviderMonth:
    provider: str
    completed: int = 0
    answered: int = 0
    satisfied: int = 0
    so_so: int = 0
    dissatisfied: int = 0
    complaints: int = 0
    open_complaints: int = 0

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None

    @property
    def complaint_rate(self) -> float | None:
        return self.complaints / self.completed if self.completed else None


def month_of(text: str | None, today: date) -> date:
    """``2026-12`` → its first day; anything else → this month's."""
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def bounds(first: date) -> tuple[datetime, datetime]:
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return at_hour(first, 0), at_hour(nxt, 0)


def by_provider(db: Session, first: date) -> list[ProviderMonth]:
    start, end = bounds(first)
    rows: dict[str, ProviderMonth] = {}

    def row(provider: str | None) -> ProviderMonth:
        name = provider or "（未记录服务商）"
        return rows.setdefault(name, ProviderMonth(name))

    for provider, n in db.execute(
            select(ServiceRequest.provider, func.count(func.distinct(ServiceRequest.id)))
            .join(RequestEvent, RequestEvent.request_id == ServiceRequest.id)
            .where(RequestEvent.status == "completed", RequestEvent.at >= start, RequestEvent.at < end,
                   ServiceRequest.provider.is_not(None))
            .group_by(ServiceRequest.provider)):
        row(provider).completed = n
    for provider, rating, n in db.execute(
            select(ReturnVisit.provider, ReturnVisit.rating, func.count())
            .where(ReturnVisit.status == "answered", ReturnVisit.completed_at >= start,
                   ReturnVisit.completed_at < end)
            .group_by(ReturnVisit.provider, ReturnVisit.rating)):
        r = row(provider)
        r.answered += n
        setattr(r, rating, getattr(r, rating) + n)
    for provider, status, n in db.execute(
            select(Complaint.provider, Complaint.status, func.count())
            .where(Complaint.filed_at >= start, Complaint.filed_at < end)
            .group_by(Complaint.provider, Complaint.status)):
        r = row(provider)
        r.complaints += n
        if status == "open":
            r.open_complaints += n
    return sorted(rows.values(), key=lambda r: r.provider)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


COLUMNS = ["服务商", "完成服务", "回访已答", "满意", "一般", "不满意", "满意率", "投诉数", "投诉率", "待处理投诉"]


def as_csv(first: date, rows: list[ProviderMonth]) -> str:
    """UTF-8 with a BOM, so a spreadsheet opened on a Chinese Windows reads it right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["月份", *COLUMNS])
    for r in rows:
        writer.writerow([f"{first:%Y-%m}", r.provider, r.completed, r.answered, r.satisfied, r.so_so,
                         r.dissatisfied, percent(r.satisfaction_rate), r.complaints, percent(r.complaint_rate),
                         r.open_complaints])
    return out.getvalue()
