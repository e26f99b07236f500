"""Catalog: hospitals, departments, slots, taxi service area."""
from __future__ import annotations

from datetime import timedelta

from apiflask import APIBlueprint
from sqlalchemy import select

from .. import present
from ..auth import requires
from ..centre import centre
from ..clock import at, now
from ..errors import ApiError
from ..models import Department, Hospital, Slot
from ..schemas.catalog import (
    DepartmentOut,
    HospitalOut,
    HospitalsQuery,
    ServiceArea,
    SlotOut,
    SlotsQuery,
)
from ..service_area import CITY
from ..unit_of_work import session

bp = APIBlueprint("catalog", __name__, url_prefix="/v1/catalog", tag="Catalog")


@bp.get("/hospitals")
@requires()
@bp.input(HospitalsQuery, location="query", arg_name="query")
@bp.output(list[HospitalOut])
def hospitals(query: HospitalsQuery) -> list[HospitalOut]:
    stmt = select(Hospital).order_by(Hospital.district, Hospital.name)
    if query.district:
        stmt = stmt.where(Hospital.district == query.district)
    return [present.hospital(h) for h in session().scalars(stmt)]


@bp.get("/hospitals/<hospital_id>/departments")
@requires()
@bp.output(list[DepartmentOut])
def departments(hospital_id: str) -> list[DepartmentOut]:
    db = session()
    if db.get(Hospital, hospital_id) is None:
        raise ApiError("not_found", "没有找到这家医院。")
    rows = db.scalars(select(Department).where(Department.hospital_id == hospital_id)
                      .order_by(Department.position, Department.name))
    return [present.department(d) for d in rows]


@bp.get("/slots")
@requires()
@bp.input(SlotsQuery, location="query", arg_name="query")
@bp.output(list[SlotOut])
def slots(query: SlotsQuery) -> list[SlotOut]:
    """Upcoming slots, earliest first; full ones stay listed with ``remaining`` 0."""
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise ApiError("validation_error", fields={"date_to": "结束日期不能早于开始日期。"})
    stmt = select(Slot).where(Slot.start > now()).order_by(Slot.start, Slot.doctor_name)
    if query.hospital_id:
        stmt = stmt.where(Slot.hospital_id == query.hospital_id)
    if query.department_id:
        stmt = stmt.where(Slot.department_id == query.department_id)
    if query.date_from:
        stmt = stmt.where(Slot.start >= at(query.date_from, 0))
    if query.date_to:
        stmt = stmt.where(Slot.start < at(query.date_to, 0) + timedelta(days=1))
    return [present.slot(s) for s in session().scalars(stmt.limit(query.limit))]


@bp.get("/service-area")
@requires()
@bp.output(ServiceArea)
def service_area() -> ServiceArea:
    """Where a taxi can be sent: the districts of 上海市 this centre covers."""
    return ServiceArea(city=CITY, districts=list(centre().settings.service_area_districts))
