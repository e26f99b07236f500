"""ORM rows → the contract's output shapes (masked where the contract says so)."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from personal_data.masking import mask_id_number, mask_name, mask_phone

from .clock import age_on, now, today
from .shown_text import masked
from .models import Department, Device, Elder, Hospital, Message, Prescription, ServiceRequest, Slot
from .schemas.access import DeviceOut, DeviceStateOut
from .schemas.catalog import DepartmentOut, HospitalOut, SlotOut
from .schemas.elders import ContactOut, ElderOut, ElderSummary, Favourites, Preferences, PrescriptionOut
from .models.family import ANSWER_WORDS
from .schemas.messages import MessageAnswer, MessageOut
from .schemas.policies import PolicyOfferOut, PolicyOut, ResourceOut
from .speech_text import message_speech
from .schemas.service_requests import AssistedBy, EventOut, Failure, LinkedRequestOut, ServiceRequestOut

if TYPE_CHECKING:
    from .models.device_event_log import LogRow
    from .policies.nearby import Place
    from .policies.offers import Standing


def elder_summary(elder: Elder) -> ElderSummary:
    return ElderSummary(id=elder.id, name_masked=mask_name(elder.name),
                        household_id=elder.household_id)


def elder(e: Elder) -> ElderOut:
    return ElderOut(
        id=e.id, name=e.name, name_masked=mask_name(e.name), gender=e.gender,  # type: ignore[arg-type]
        age=age_on(e.birth_date, today()),
        id_number_masked=mask_id_number(e.id_number), phone_masked=mask_phone(e.phone),
        district=e.district, street=e.street, home_address=e.home_address,
        household_id=e.household_id, hukou_shanghai=e.hukou_shanghai,
        living_alone=e.living_alone, economic_hardship=e.economic_hardship,
        care_level=e.care_level, service_package=e.service_package,  # type: ignore[arg-type]
        contacts=[ContactOut(name=c.name, relation=c.relation, phone_masked=mask_phone(c.phone),
                             priority=c.priority) for c in e.contacts],
        favourites=Favourites(hospital_id=e.favourite_hospital_id,
                              department_id=e.favourite_department_id),
        health_notes=e.health_notes,
        preferences=Preferences.model_validate(e.preferences or {}),
        preferences_set=sorted(k for k, v in (e.preferences or {}).items()
                               if k in Preferences.model_fields and v is not None),
        prescriptions=[prescription(p) for p in e.prescriptions],
        family_receives_slips=_family_receives_slips(e),
    )


def _family_receives_slips(e: Elder) -> bool:
    """Whether 发给家人 (call_center/family/sharing.py) would reach anyone now."""
    from sqlalchemy.orm import object_session

    from .family.bindings import members_allowed

    db = object_session(e)
    return bool(db is not None and members_allowed(db, e.id, "view"))


def prescription(p: "Prescription") -> PrescriptionOut:
    return PrescriptionOut(id=p.id, medicine=p.medicine, strength=p.strength, dosage=p.dosage,
                           quantity=p.quantity, condition=p.condition, hospital_id=p.hospital_id,
                           hospital_name=p.hospital.name, department=p.department, last_visit=p.last_visit,
                           supplied_until=p.supplied_until, renewable_from=p.renewable_from())


def device(d: Device) -> DeviceOut:
    return DeviceOut(id=d.id, kind=d.kind, name=d.name, household_id=d.household_id,  # type: ignore[arg-type]
                     station=d.station, station_address=d.station_address)


def device_state(d: Device) -> DeviceStateOut:
    return DeviceStateOut(**device(d).model_dump(), bound=d.active, bound_at=d.created_at,
                          unbound_at=d.unbound_at, unbound_by=d.unbound_by, unbound_note=d.unbound_note)


def hospital(h: Hospital) -> HospitalOut:
    return HospitalOut(id=h.id, name=h.name, short_name=h.short_name, district=h.district,
                       address=h.address, level=h.level)


def department(d: Department) -> DepartmentOut:
    return DepartmentOut(id=d.id, hospital_id=d.hospital_id, name=d.name)


def slot(s: Slot) -> SlotOut:
    return SlotOut(id=s.id, hospital_id=s.hospital_id, department_id=s.department_id,
                   doctor_name=s.doctor_name, doctor_title=s.doctor_title, start=s.start,
                   end=s.end, capacity=s.capacity, remaining=s.remaining,
                   fee_yuan=float(s.fee_yuan))


def masked_form(form: dict) -> dict:
    """A form as answers show it: a phone given for the driver, a number typed into a note,
    masked like every other personal number (the centre keeps them whole to book with)."""
    return {k: masked(v) if isinstance(v, str) else v for k, v in form.items()}


def service_request(r: ServiceRequest) -> ServiceRequestOut:
    failure = (Failure(code=r.failure_code, message=r.failure_message or "")
               if r.failure_code else None)
    return ServiceRequestOut(
        id=r.id, elder_id=r.elder_id, service=r.service, mode=r.mode,  # type: ignore[arg-type]
        channel=r.channel, status=r.status, form=masked_form(r.form or {}), result=r.result,  # type: ignore[arg-type]
        failure=failure, created_at=r.created_at, updated_at=r.updated_at,
        events=[EventOut(status=e.status, at=e.at, actor=e.actor, note=masked(e.note))  # type: ignore[arg-type]
                for e in r.events],
        assisted_by=assisted_by(r), cancellable=cancellable(r), form_labels=form_labels(r),
        linked=linked(r),
    )


def linked(r: ServiceRequest) -> list[LinkedRequestOut]:
    """An open registration's trips to its visit (fulfilment/visits.py)."""
    from sqlalchemy.orm import object_session

    from .fulfilment import visits

    db = object_session(r)
    # A cancelled visit too: a car still coming for it is said, never left unsaid.
    if db is None or r.service != "registration" or r.status in ("completed", "failed"):
        return []
    return [LinkedRequestOut(id=t.id, service=t.service, words=visits.trip_words(t), said=visits.trip_sentence(t))
            for t in visits.trips_for(db, r)]


def form_labels(r: ServiceRequest) -> dict[str, str]:
    """What the elder chose, in words: where the form keeps an id (hospital_id → 上海市第六人民
    医院) the centre's name, which only it knows; where it keeps a code (topic policy) the words
    the channel showed. A receipt, a page or the console shows these, never the id or code."""
    from sqlalchemy.orm import object_session

    from .models import Department, Hospital, Prescription

    db = object_session(r)
    if db is None or not r.form:
        return {}
    # What the channel showed; the centre's own names for ids below win over it.
    labels = {key: word for key in (r.form_shown or {}) if (word := shown_word(r, key))}
    named: dict[str, tuple[Any, Any]] = {
        "hospital_id": (Hospital, lambda h: h.name), "department_id": (Department, lambda d: d.name),
        "prescription_id": (Prescription, lambda p: f"{p.medicine} {p.strength}".strip())}
    for key, (model, name) in named.items():
        value = r.form.get(key)
        found = db.get(model, value) if isinstance(value, str) and value else None
        if found is not None:
            labels[key] = name(found)
    return labels


def shown_word(r: ServiceRequest, key: str) -> str | None:
    """The words the channel showed for the form's ``key``, while the form still holds the
    value they named (an agent may have changed it); masked like the form."""
    shown = (r.form_shown or {}).get(key)
    if not (isinstance(shown, list) and len(shown) == 2) or (r.form or {}).get(key) != shown[0]:
        return None
    return masked(str(shown[1])) or None


def cancellable(r: ServiceRequest) -> bool:
    from .fulfilment import refills
    from .fulfilment.registry import handling_of

    if r.status == "confirmed" and handling_of(r.service).done_when_confirmed:
        return False
    return r.status in ("submitted", "accepted", "in_progress", "confirmed") and refills.cancellable(r)


def assisted_by(r: ServiceRequest) -> AssistedBy | None:
    if not r.assisted_by:
        return None
    from sqlalchemy.orm import object_session

    from .models import Volunteer

    volunteer = object_session(r).get(Volunteer, r.assisted_by) if object_session(r) else None
    return AssistedBy(id=r.assisted_by, name=volunteer.name if volunteer else "")


def policy(s: "Standing") -> PolicyOut:
    """One policy as it stands for one elder (政策查询); one applied for through a service of
    her own (catalog ``applies_through``) opens it, unless she plainly does not qualify."""
    from .policies.catalog import applies_through
    from .policies.offers import OFFER_WORDS

    p, o = s.policy, s.offer
    if s.held:
        standing = "已享受"
    elif o is not None and o.status == "applied":
        standing = "已登记，养老顾问会来电"
    elif o is not None and o.status == "declined":
        standing = "说过不需要"
    elif s.qualifies:
        standing = "可以办理"
    else:
        standing = f"需要：{s.needs}" if s.needs else "请问养老顾问"
    offered = None if o is None else PolicyOfferOut(
        status=o.status, status_label=OFFER_WORDS[o.status], message_id=o.message_id,  # type: ignore[arg-type]
        request_id=o.request_id, created_by=o.created_by, created_at=o.created_at, answered_at=o.answered_at)
    return PolicyOut(id=p.id, title=p.title, summary=p.summary, offer=p.offer, qualifies=s.qualifies,
                     held=s.held, standing=standing, reasons=s.reasons, needs=s.needs,
                     speech=message_speech(p.title, f"{standing}。{p.summary}"),
                     apply_where=p.apply_where, bring=list(p.bring or []), source=p.source, offered=offered,
                     opens=_opens(applies_through(p.id), s))


def _opens(through: str | None, s: "Standing") -> str | None:
    """Not for one she plainly does not qualify for, nor one she has — but an assessment on
    file may be made anew (seed 003 §一(一): 评估结论有效期满，再次提出申请)."""
    if through is None or s.qualifies is False or (s.held and through != "elder_services"):
        return None
    return through


def place(p: "Place") -> ResourceOut:
    """A place near her (身边服务), with how far it is when her home is located."""
    from .models.resources import KIND_WORDS
    from .policies.nearby import distance_words

    r = p.resource
    far = distance_words(p.metres)
    said = "，".join(x for x in (f"离您家{far}" if far else "", f"在{r.address}", f"开放时间{r.hours}") if x)
    return ResourceOut(id=r.id, kind=r.kind, kind_label=KIND_WORDS[r.kind], name=r.name,  # type: ignore[arg-type]
                       district=r.district, address=r.address, hours=r.hours, phone=r.phone, summary=r.summary,
                       distance_m=p.metres, distance_words=far, speech=message_speech(r.name, f"{said}。{r.summary}"))


# A reminder due within this of being written is news now; a later one waits in the inbox,
# which shows it when due (``GET …/messages?due=true``).
DUE_SOON = timedelta(minutes=1)


def message_event_row(db: Session, obj: Any) -> "LogRow | None":
    """A new message due now, for its household's devices (a device event log row maker),
    in the shape the inbox gives it: a box decides from ``created_at`` whether it is news or
    what it has just shown her (shared_ui/flow/kinds/popup.py), and an event without it
    popped up 已受理 again after she had read the result."""
    if not isinstance(obj, Message) or obj.withdrawn_at is not None:
        return None
    created = obj.created_at or now()
    if obj.due_at is not None and obj.due_at > created + DUE_SOON:
        return None
    with db.no_autoflush:  # this runs in a flush
        shown = message(obj).model_dump(mode="json")
    return (2, 0), dict(at=created, audience="household", elder_id=obj.elder_id, kind="message",
                        ref_id=obj.id, data={"message": shown, "speech": obj.speech})


def message(m: Message) -> MessageOut:
    from sqlalchemy.orm import object_session

    from .people import named_in

    opens = _answer_opens(m)
    return MessageOut(id=m.id, elder_id=m.elder_id, kind=m.kind, title=m.title,  # type: ignore[arg-type]
                      body=m.body, speech=m.speech, request_id=m.request_id, people=named_in(object_session(m), m),
                      created_at=m.created_at, due_at=m.due_at, read_at=m.read_at,
                      answers=[MessageAnswer(id=a, label=ANSWER_WORDS.get(a, a), opens=opens.get(a))
                               for a in (m.answers or [])],
                      words=m.words, title_words=m.title_words)


def _answer_opens(m: Message) -> dict[str, str]:
    """想办理 on a policy she applies for through a service of her own (一键通 → 申请一键通)."""
    if m.kind != "policy" or "apply" not in (m.answers or []):
        return {}
    from sqlalchemy import select
    from sqlalchemy.orm import object_session

    from .models import PolicyOffer
    from .policies.catalog import applies_through

    db = object_session(m)
    policy_id = db.scalar(select(PolicyOffer.policy_id).where(PolicyOffer.message_id == m.id)) if db else None
    through = applies_through(policy_id) if policy_id else None
    return {"apply": through} if through else {}
