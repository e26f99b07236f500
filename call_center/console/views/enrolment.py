"""新增老人: an agent enrols an elder who is not on file (a call from someone the roster
missed), then pairs her TV from her profile. An ID number already on file opens that file
instead: the roster (``onekey enrol``) is what updates an elder."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from ...enrolment.homes import alone_problem, living_with
from ...enrolment.records import checked, enrol
from ...models import Elder
from ...sealed import normalise, number_hash
from ...unit_of_work import session as db_session
from .. import audit
from ..blueprint import bp
from ..enrol_form import EnrolForm


@bp.route("/elders/new", methods=["GET", "POST"])
def enrol_elder() -> Any:
    form = EnrolForm()
    if request.method == "GET":
        return render_template("console/enrol.html", form=form, on_file=None)
    db = db_session()
    given = form.given()
    on_file = db.scalar(select(Elder.id).where(
        Elder.id_number_hash == number_hash(db, normalise(given["id_number"]))))
    if on_file is not None:
        return render_template("console/enrol.html", form=form, on_file=on_file), 409
    record, problems = checked(given)
    if record is not None and record.living_alone and (others := living_with(db, record)):
        record, problems = None, {"living_alone": alone_problem(others)}
    if record is None:
        form.show(problems)
        return render_template("console/enrol.html", form=form, on_file=None), 422
    enrolled = enrol(db, record)
    audit.record("enrol_elder", "elder", enrolled.elder_id,
                 "新建档案" + ("（新建一户）" if enrolled.household_created else "（归入同住的一户）"),
                 elder_id=enrolled.elder_id)
    return redirect(url_for("console.elder_detail", elder_id=enrolled.elder_id), 303)
