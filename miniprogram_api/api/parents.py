"""Acting for a bound parent: status at a glance, requests (cancel, the slip PDF), alarms as
the family sees them (and 我马上过去 / 他没事), notes to the TV, emergency contacts. Each call
goes to the centre as the member; the centre refuses what the binding does not allow."""
from __future__ import annotations

from apiflask import APIBlueprint
from flask import Response, request

from accessibility.slips.renderer import SlipError
from shared_ui.client import new_idempotency_key

from .. import parents, slips
from ..backend import centre_call, member, member_required
from ..errors import ApiError
from ..i18n import current_locale
from ..schemas import AnswerIn, ContactsIn, NoteIn, PreferencesIn, StatusOut

bp = APIBlueprint("parents", __name__, url_prefix="/api/v1", tag="Parents")


@bp.get("/elders")
@member_required
def elders() -> list[dict]:
    """The parents this member may act for now (active bindings)."""
    return parents.active_parents(member())


@bp.get("/elders/<elder_id>/status")
@member_required
@bp.output(StatusOut)
def status(elder_id: str) -> dict:
    """Today's check-in (今天 8:12 已报平安), open alarms, the latest requests."""
    return parents.status(member(), elder_id)


@bp.post("/elders/<elder_id>/call")
@member_required
def call_parent(elder_id: str) -> tuple[dict, int]:
    """请话务员给老人打电话: a call-back request for the parent (needs ``book``); 200 with the
    one already asked while its call is still to be made."""
    found, created = parents.ask_for_a_call(member(), elder_id)
    return found, 201 if created else 200


@bp.get("/elders/<elder_id>/requests")
@member_required
def requests_of(elder_id: str) -> list[dict]:
    return [r.as_dict() for r in centre_call(member().centre.requests_for, elder_id, limit=50)]


@bp.get("/requests/<request_id>")
@member_required
def get_request(request_id: str) -> dict:
    return parents.request_of(member(), request_id)


@bp.post("/requests/<request_id>/cancel")
@member_required
def cancel_request(request_id: str) -> dict:
    return centre_call(member().centre.cancel_request, request_id, new_idempotency_key()).as_dict()


@bp.get("/requests/<request_id>/slip.pdf")
@member_required
def slip(request_id: str) -> Response:
    """The request's slip as PDF (A5 large print by default; ``?layout=80mm`` the roll)."""
    layout = request.args.get("layout", "a5")
    if layout not in slips.LAYOUTS:
        raise ApiError(422, "validation_error", "单子的版式只能是 a5、80mm 或 58mm。")
    record = parents.request_of(member(), request_id)
    elder = centre_call(member().centre.elder, record["elder_id"]).as_dict()
    try:
        pdf = slips.slip_pdf(record, elder, layout, current_locale())
    except SlipError as exc:
        raise ApiError(503, exc.code, exc.message) from exc
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="onekey-{request_id}-{layout}.pdf"'})


@bp.get("/elders/<elder_id>/alarms")
@member_required
def alarms_of(elder_id: str) -> list[dict]:
    return centre_call(member().centre.alarms_of, elder_id, "all", 20)


@bp.get("/alarms/<alarm_id>")
@member_required
def alarm(alarm_id: str) -> dict:
    """Each step as it happens: headline (14:02、14:04 两次回拨您父亲未接通；正在联系您；
    下一步 110), what is happening now, what comes next, and what the family may answer."""
    return centre_call(member().centre.family_alarm, alarm_id)


@bp.post("/alarms/<alarm_id>/answer")
@member_required
@bp.input(AnswerIn, arg_name="body")
def answer_alarm(alarm_id: str, body: AnswerIn) -> dict:
    """我马上过去 (``coming``) or 他没事 (``ok``): recorded by the centre, told to the TV."""
    return centre_call(member().centre.answer_alarm, alarm_id, body.answer, body.note,
                       new_idempotency_key())


@bp.get("/elders/<elder_id>/notes")
@member_required
def notes(elder_id: str) -> list[dict]:
    """This member's notes to the parent's TV, each with when it was heard (read_at)."""
    return centre_call(member().centre.family_messages, elder_id)


@bp.post("/elders/<elder_id>/notes")
@member_required
@bp.input(NoteIn, arg_name="body")
def send_note(elder_id: str, body: NoteIn) -> tuple[dict, int]:
    """A short note (or a preset: 妈，周日我来看您。) that pops up on the TV and is read aloud."""
    if (body.text is None) == (body.preset is None):
        raise ApiError(422, "validation_error", "请写一句话，或者选一句常用的话。")
    return centre_call(member().centre.send_family_message, elder_id, text=body.text,
                       preset=body.preset, idempotency_key=new_idempotency_key()), 201


@bp.get("/elders/<elder_id>/contacts")
@member_required
def contacts(elder_id: str) -> tuple[list[dict], int, dict[str, str]]:
    """In calling order; ``ETag`` is the list's version, for ``If-Match`` when saving it."""
    listed, version = centre_call(member().centre.contacts_versioned, elder_id)
    return listed, 200, _version(version)


@bp.put("/elders/<elder_id>/contacts")
@member_required
@bp.input(ContactsIn, arg_name="body")
def replace_contacts(elder_id: str, body: ContactsIn) -> tuple[list[dict], int, dict[str, str]]:
    """The whole list in calling order (``{"id"}`` keeps one; name, relation, phone add one),
    made from the list read with ``ETag`` — sent back as ``If-Match``. Someone else saved
    since (another phone, an agent): 412 with the centre's sentence and nothing changed; read
    the list again. Without ``If-Match``: 428."""
    listed, version = centre_call(member().centre.replace_contacts, elder_id, body.contacts,
                                  request.headers.get("If-Match"), new_idempotency_key())
    return listed, 200, _version(version)


@bp.get("/elders/<elder_id>/preferences")
@member_required
def preferences(elder_id: str) -> tuple[dict, int, dict[str, str]]:
    """Her text size, colours, language, speech rate and volume (``preferences``) and which of
    them someone chose (``preferences_set``; the others are defaults her TV replaces with its
    own). ``ETag``: the profile's version, for ``If-Match`` when changing them."""
    found, version = centre_call(member().centre.elder_versioned, elder_id)
    return {"preferences": found["preferences"], "preferences_set": found.get("preferences_set", [])}, \
        200, _version(version)


@bp.patch("/elders/<elder_id>/preferences")
@member_required
@bp.input(PreferencesIn, arg_name="body")
def update_preferences(elder_id: str, body: PreferencesIn) -> tuple[dict, int, dict[str, str]]:
    """Change some of them (needs the binding's 代办, ``book``); her TV follows within seconds.
    With ``If-Match`` (the ETag read): someone changed her settings since is 412 and nothing
    changed. Without it the fields sent are merged."""
    found, version = centre_call(member().centre.versioned, "PATCH", f"/v1/elders/{elder_id}/preferences",
                                 json=body.model_dump(exclude_none=True),
                                 version=request.headers.get("If-Match"), idempotency_key=new_idempotency_key())
    return {"preferences": found["preferences"], "preferences_set": found.get("preferences_set", [])}, \
        200, _version(version)


def _version(tag: str | None) -> dict[str, str]:
    return {"ETag": tag} if tag else {}


@bp.get("/elders/<elder_id>/checkin")
@member_required
def checkin(elder_id: str) -> dict:
    state = centre_call(member().centre.checkin, elder_id)
    return {**state, "words": parents.checkin_words(state)}
