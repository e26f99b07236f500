"""The live queue page and the small JSON it polls (every few seconds, plain ``fetch``)."""
from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, render_template, request, url_for
from sqlalchemy import func, select

from ...lifecycle import STATUSES
from ...models import Elder, ServiceRequest
from ...unit_of_work import session as db_session
from .. import alarm_link, labels, logins
from .. import queue as live_queue
from ..blueprint import bp, epoch_ms

PAGE_SIZE = 50


@bp.get("/")
def queue() -> Any:
    q = live_queue.build(db_session())
    return render_template("console/queue.html", q=q, version=q.version())


@bp.get("/queue.json")
@logins.passive
@logins.answers_json
def queue_json() -> Any:
    """What changed: alarm ids (for the new-alarm cue on every page) and, for the queue page
    (``?html=1``), the re-rendered lists when their version differs from ``since``."""
    q = live_queue.build(db_session())
    version = q.version()
    body: dict[str, Any] = {
        "version": version, "server_now": epoch_ms(alarm_link.now()),
        "seconds_left": int(logins.seconds_left()), **q.summary(),
    }
    if request.args.get("html") and request.args.get("since") != version:
        body["html"] = {
            "alarms": render_template("console/_queue_alarms.html", q=q),
            "requests": render_template("console/_queue_requests.html", q=q),
            "care": render_template("console/_queue_care.html", q=q),
            "complaints": render_template("console/_queue_complaints.html", q=q),
            "visits": render_template("console/_queue_visits.html", q=q),
        }
    return jsonify(body)


@bp.get("/requests")
def request_list() -> Any:
    """Every request, newest first, filtered by status / service / channel (no personal data
    in the query string: these are codes)."""
    status = request.args.get("status", "")
    service = request.args.get("service", "")
    channel = request.args.get("channel", "")
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    if status and status not in STATUSES or service and service not in labels.SERVICE_WORDS \
            or channel and channel not in labels.CHANNEL_WORDS:
        return redirect(url_for("console.request_list"), 303)
    stmt = select(ServiceRequest, Elder).join(Elder, Elder.id == ServiceRequest.elder_id)
    count = select(func.count()).select_from(ServiceRequest)
    for column, value in ((ServiceRequest.status, status), (ServiceRequest.service, service),
                          (ServiceRequest.channel, channel)):
        if value:
            stmt = stmt.where(column == value)
            count = count.where(column == value)
    db = db_session()
    total = db.scalar(count) or 0
    rows = [live_queue.request_row(r, e) for r, e in db.execute(
        stmt.order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))]
    return render_template("console/requests.html", rows=rows, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), status=status,
                           service=service, channel=channel, statuses=STATUSES)
