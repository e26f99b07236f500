"""What an agent picks from when booking for an elder on the phone: hospital → department →
slot (seed 000 §三(一)1(1): 意向医院、意向医生、预期就诊时间), and the taxi form pre-filled
from the profile (seed 000 §三(一)2(1): 出发时间、地点、到达地点、乘坐人数、联系电话)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now
from ..models import Department, Elder, Hospital, Prescription, ServiceRequest, Slot
from ..present import form_labels
from . import labels
from .forms import (DischargeBookForm, EscortBookForm, HospitalTripForm, RefillBookForm, SpecialVehicleBookForm,
                    TaxiBookForm)

SLOTS_SHOWN = 40


@dataclass
class Choices:
    hospital_id: str = ""
    department_id: str = ""
    hospitals: list[Hospital] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)


def for_request(db: Session, req: ServiceRequest, elder: Elder,
                args: Mapping[str, str]) -> Choices:
    """The page's query string (ids only) wins, then what the elder asked for, then their
    favourite hospital and department, then the hospital's first department."""
    if req.service not in ("registration", *TRIPS):
        return Choices()
    form = req.form or {}
    hospitals = list(db.scalars(select(Hospital).order_by(Hospital.district, Hospital.name)))
    if req.service in TRIPS:  # a hospital is all it picks from
        known = {h.id for h in hospitals}
        chosen = next((h for h in (form.get("hospital_id"), elder.favourite_hospital_id) if h in known), "")
        return Choices(hospital_id=chosen, hospitals=hospitals)
    known = {h.id for h in hospitals}
    hospital_id = next((h for h in (args.get("hospital_id"), form.get("hospital_id"),
                                    elder.favourite_hospital_id) if h in known), "")
    departments = list(db.scalars(select(Department).where(Department.hospital_id == hospital_id)
                                  .order_by(Department.position, Department.name)))
    dep_ids = {d.id for d in departments}
    department_id = next((d for d in (args.get("department_id"), form.get("department_id"),
                                      elder.favourite_department_id) if d in dep_ids),
                         departments[0].id if departments else "")
    slots = list(db.scalars(select(Slot).where(Slot.department_id == department_id,
                                               Slot.start > now())
                            .order_by(Slot.start, Slot.doctor_name).limit(SLOTS_SHOWN)))
    return Choices(hospital_id, department_id, hospitals, departments, slots)


def taxi_form(req: ServiceRequest, elder: Elder) -> TaxiBookForm:
    form = TaxiBookForm(formdata=None)
    given = req.form or {}
    form.pickup_address.data = given.get("pickup_address") or elder.home_address
    form.destination_address.data = given.get("destination_address") or ""
    form.passengers.data = given.get("passengers") or 1
    pickup = given.get("pickup_time")
    if pickup and pickup != "now":
        form.when.data = "later"
        form.pickup_at.data = str(pickup)[:16]
    else:
        form.when.data = "now"
    if given.get("phone"):
        form.phone.data = given["phone"]
    return form


def special_vehicle_form(req: ServiceRequest, elder: Elder) -> SpecialVehicleBookForm | None:
    """特殊用车 pre-filled from what the elder asked for (home as the pick-up, else)."""
    if req.service != "special_vehicle":
        return None
    form = SpecialVehicleBookForm(formdata=None)
    given = req.form or {}
    form.mobility.data = given.get("mobility")
    form.stairs.data = given.get("stairs")
    form.pickup_time.data = str(given.get("pickup_time") or "")[:16]
    form.pickup_address.data = given.get("pickup_address") or elder.home_address
    form.destination_address.data = given.get("destination_address") or ""
    form.companion.data = given.get("companion") or "alone"
    if given.get("phone"):
        form.phone.data = given["phone"]
    return form


TRIPS: dict[str, type[HospitalTripForm]] = {"escort": EscortBookForm, "discharge_transport": DischargeBookForm}


def trip_form(req: ServiceRequest, choices: Choices) -> HospitalTripForm | None:
    """陪诊 / 出院用车 pre-filled from what the elder asked for (the favourite hospital else)."""
    kind = TRIPS.get(req.service)
    if kind is None:
        return None
    form = kind(formdata=None)
    given = req.form or {}
    form.hospital_id.data = choices.hospital_id
    form[kind.TIME_KEY].data = str(given.get(kind.TIME_KEY) or "")[:16]
    if given.get(kind.HOW_KEY):
        form[kind.HOW_KEY].data = given[kind.HOW_KEY]
    if given.get("phone"):
        form.phone.data = given["phone"]
    return form


def refill_form(req: ServiceRequest, elder: Elder, form: RefillBookForm | None = None) -> RefillBookForm | None:
    """续方配药: the elder's standing prescriptions to pick from, home as the address."""
    if req.service != "refill":
        return None
    given = req.form or {}
    if form is None:
        form = RefillBookForm(formdata=None)
        form.prescription_id.data = given.get("prescription_id") or ""
        form.delivery_address.data = given.get("delivery_address") or elder.home_address
        if given.get("phone"):
            form.phone.data = given["phone"]
    form.prescription_id.choices = [
        (p.id, f"{p.medicine} {p.strength}（{p.condition}，{p.quantity}；{p.hospital.name}{p.department}，"
               f"上次面诊{p.last_visit:%Y-%m-%d}）") for p in elder.prescriptions]
    return form


FORM_LABELS = {
    "hospital_id": "医院", "department_id": "科室", "slot_id": "号源",
    "pickup_address": "上车地点", "destination_address": "目的地", "pickup_time": "用车时间",
    "passengers": "乘车人数", "phone": "联系电话", "topic": "事由",
    "callback_window": "方便接电话的时间", "note": "备注", "visit_time": "看病时间", "meet": "在哪见面",
    "mobility": "怎么上车", "prescription_id": "续开的药", "delivery_address": "送药地址",
    "stairs": "上下楼", "companion": "陪同", "need": "要办的事",
    # 申请一键通 and 养老服务一件事 (the phone intake asks them in these words: one_form.py)
    "package": "套餐", "hukou_shanghai": "户籍", "living_alone": "居住情况", "hardship": "家庭经济情况",
    "parts": "申请哪几项",
}
RESULT_LABELS = {
    "hospital_name": "医院", "hospital_address": "医院地址", "department_name": "科室",
    "doctor_name": "医生", "doctor_title": "职称", "start": "就诊时间", "queue_number": "就诊序号",
    "fee_yuan": "挂号费（元）", "provider": "服务平台", "booking_ref": "平台单号",
    "plate": "车牌", "car": "车型", "driver_name": "司机", "driver_phone": "司机电话", "driver_phone_masked": "司机电话",
    "eta_minutes": "预计几分钟到", "pickup_time": "接人时间", "pickup_address": "上车地点",
    "destination_address": "目的地", "passengers": "乘车人数",
    "agent_name": "办理人", "summary": "办理结果",
    "companion_name": "陪诊员", "companion_phone": "陪诊员电话", "companion_phone_masked": "陪诊员电话", "meet_time": "见面时间",
    "meet_address": "见面地点", "visit_time": "看病时间", "vehicle": "车辆", "crew_phone": "随车电话", "crew_phone_masked": "随车电话",
    "medicine": "药品", "quantity": "数量", "decision": "医生意见", "doctor_note": "医生的话",
    "prescription_no": "处方号", "delivery_address": "送药地址", "courier": "快递", "tracking_no": "快递单号",
    "expected_at": "预计送到", "delivered_at": "送到时间",
    "pickup_until": "最晚来接", "arrive_by": "最晚送到", "visit_start": "看病时间", "fare_yuan": "老人付车费（元）", "fare_basis": "车费依据", "stair_aid": "上下楼用具",
}
# A provider's number the agent may have to ring for her (the driver is late, the companion did
# not come): a work number given for this job, not her personal data — shown whole, as her own
# channels show it (shared_ui/contact_phones.py); her own numbers stay masked.
CONTACT_PHONES = {"driver_phone", "companion_phone", "crew_phone"}
TIMES = {"start", "pickup_time", "pickup_until", "arrive_by", "visit_start", "meet_time", "visit_time",
         "expected_at", "delivered_at"}


def describe(db: Session, req: ServiceRequest) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The request's form and result as (label, value) rows, ids resolved to names and
    phone numbers masked."""
    from personal_data.masking import mask_phone

    words = form_labels(req)
    form_rows: list[tuple[str, str]] = []
    for key, value in (req.form or {}).items():
        if value in (None, ""):
            continue
        shown = str(value)
        if key in words and key != "phone":
            shown = words[key]  # the words the elder was shown (养老政策, not policy)
        elif key == "hospital_id":
            hospital = db.get(Hospital, value)
            shown = hospital.name if hospital else shown
        elif key == "department_id":
            department = db.get(Department, value)
            shown = department.name if department else shown
        elif key == "slot_id":
            slot = db.get(Slot, value)
            shown = slot_words(slot) if slot else shown
        elif key == "prescription_id":
            rx = db.get(Prescription, value)
            shown = f"{rx.medicine} {rx.strength}" if rx else shown
        elif key == "phone":
            shown = mask_phone(str(value))
        elif key in TIMES:
            shown = "现在" if value == "now" else str(value).replace("T", " ")[:16]
        elif labels.answer(key, value) is not None:
            shown = labels.answer(key, value) or shown
        form_rows.append((FORM_LABELS.get(key, key), shown))
    from .masked_text import Revealed

    result_rows = [(RESULT_LABELS[k], str(v).replace("T", " ")[:16] if k in TIMES
                    else Revealed(v) if k in CONTACT_PHONES else str(v))
                   for k, v in (req.result or {}).items() if k in RESULT_LABELS]
    return form_rows, result_rows


WEEKDAYS = "一二三四五六日"


def slot_words(slot: Slot) -> str:
    from ..clock import local

    start = local(slot.start)
    return (f"{start:%m-%d} 周{WEEKDAYS[start.weekday()]} {start:%H:%M} {slot.doctor_name}"
            f"（{slot.doctor_title}）")
