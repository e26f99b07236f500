"""An elder's emergency contacts (seed 000 §三(一)3: called in order when the elder is silent):
read masked, and replaced as a whole list — agents, and family members allowed to book. The
list has a version (``ETag``); a replacement names the version it was made from (``If-Match``),
so two phones saving at once cannot silently undo each other (call_center/versions.py)."""
from __future__ import annotations

from apiflask import APIBlueprint

from personal_data.masking import mask_phone

from .. import versions
from ..auth import elder_for, requires
from ..errors import ApiError
from ..models import Contact, Elder
from ..schemas.family import ContactOut, ContactsIn
from ..unit_of_work import session

bp = APIBlueprint("contacts", __name__, url_prefix="/v1/elders", tag="Elders")


def _out(elder: Elder) -> list[ContactOut]:
    return [ContactOut(id=c.id, name=c.name, relation=c.relation, phone_masked=mask_phone(c.phone),
                       priority=c.priority) for c in elder.contacts]


@bp.get("/<elder_id>/contacts")
@requires("agent", "device")
@versions.reads(versions.CONTACTS)
@bp.output(list[ContactOut])
def list_contacts(elder_id: str) -> list[ContactOut]:
    """In the order they are called; numbers masked (an agent reveals one in the console).
    The ``ETag`` is the list's version: send it back as ``If-Match`` to replace the list."""
    elder = elder_for(session(), elder_id)
    versions.answer(versions.CONTACTS, elder)
    return _out(elder)


@bp.put("/<elder_id>/contacts")
@requires("agent")
@versions.writes(versions.CONTACTS)
@bp.input(ContactsIn, arg_name="body")
@bp.output(list[ContactOut])
def replace_contacts(elder_id: str, body: ContactsIn) -> list[ContactOut]:
    """The whole list in calling order: ``{"id"}`` keeps a contact as it is, a new one gives
    name, relation and phone; a contact left out is removed. ``If-Match`` must name the
    version the list was read at (its ``ETag``): someone else's save since is 412 and nothing
    changes; no ``If-Match`` is 428. An alarm already escalating keeps the order it started
    with for the contact it is calling."""
    db = session()
    elder = elder_for(db, elder_id)
    versions.check(db, versions.CONTACTS, elder)
    existing = {c.id: c for c in elder.contacts}
    kept_ids = [c.id for c in body.contacts if c.id]
    if len(set(kept_ids)) != len(kept_ids) or not set(kept_ids) <= set(existing):
        raise ApiError("validation_error", fields={"contacts": "有联系人不属于这位老人，或重复了。"})
    phones = [existing[c.id].phone if c.id else c.phone for c in body.contacts]
    if len(set(phones)) != len(phones):
        raise ApiError("validation_error", fields={"contacts": "同一个电话不用填两次。"})
    ordered: list[Contact] = []
    for priority, given in enumerate(body.contacts, start=1):
        if given.id:
            contact = existing[given.id]
        else:
            contact = Contact(elder_id=elder.id, name=given.name, relation=given.relation,
                              phone=(given.phone or "").replace("-", ""))
        contact.priority = priority
        ordered.append(contact)
    # Priorities are unique per elder only by convention; reassign in one flush.
    elder.contacts = ordered
    versions.answer(versions.CONTACTS, elder, db)
    return _out(elder)
