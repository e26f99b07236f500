"""看得清听得清: her look and voice changed on the device itself (a ``settings`` service).

One page lists what she may change (text size, colours and, on a device that speaks, its
volume and pace: her preferences as the centre stores them, the spec's form of the service);
each opens its few choices. A choice is applied at once — the step carries the new look
(``Reply.look``), which the host applies before it draws the screen and says the sentence, so
she sees the bigger text and hears the new voice as the change is said — and is saved as hers
at the centre (``update_preferences``, as the device: a TV's token, a kiosk's grant), so her
family's page and her other devices follow. 改回原样 puts back, in one press, everything
changed since the page opened.

Not waited on: a save runs beside the screen (she may choose again, or undo, while the centre
answers), and a centre that cannot be reached is said kindly — the change stays on this device
for now. A kiosk before anyone is identified acts for nobody: a change is kept in the session
(``Session.look``) and ends with it (the idle wipe, 办完了).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ...preferences import own_preferences
from ...spec.models import FormField, Service
from ..build import Outcome, Reply, focus_of, nav, numbered, paginate, paging, spoken
from ..events import Answer, Event
from ..frames import ErrorFrame, SettingsFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

ASPECT = "aspect:"
CHOICE = "set:"
UNDO = "undo"
SPEECH_ONLY = "x-speech"  # a field offered only on a device that speaks


def value_of(text: str) -> Any:
    """An option's value as the centre stores it: 190 (characters a minute), 1.25, "standard"."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def fields(flow: "FlowEngine", service: Service) -> list[FormField]:
    """What this device lets her change: the form's fields, the voice's only where it speaks."""
    return [f for f in flow.spec.forms[service.form or ""].fields
            if flow.abilities.speaks or not f.extensions.get(SPEECH_ONLY)]


def in_effect(flow: "FlowEngine", session: Session, fld: FormField) -> Any:
    """What the device shows for ``fld`` now: chosen for this session only (a kiosk's stranger),
    else hers, else the device's own setting, else the spec's default."""
    if fld.id in session.look:
        return session.look[fld.id]
    own = own_preferences(session.elder)
    if fld.id in own:
        return own[fld.id]
    if fld.id in flow.device_look and flow.device_look[fld.id] is not None:
        return flow.device_look[fld.id]
    return value_of(fld.default) if fld.default is not None else None


def option_shown(fld: FormField, value: Any) -> str | None:
    """The option ``value`` is drawn as: the same one, or for a number the nearest step (a
    text size of 1.3 set through the API is drawn at 1.25); None when none is (a dark theme)."""
    values = [value_of(o.value) for o in fld.options]
    if value in values:
        return fld.options[values.index(value)].value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and \
            all(isinstance(v, (int, float)) for v in values):
        return min(fld.options, key=lambda o: (abs(value_of(o.value) - value), value_of(o.value))).value
    return None


def look_of(session: Session) -> dict[str, Any]:
    """The preferences the device applies: hers (those she chose), under this session's own."""
    return {**own_preferences(session.elder), **session.look}


def open_(flow: "FlowEngine", session: Session, service: Service) -> Outcome:
    frame = SettingsFrame(service_id=service.id)
    frame.before = {f.id: in_effect(flow, session, f) for f in fields(flow, service)}
    frame.before_look = dict(session.look)
    session.stack.append(frame)
    return []


def _service(flow: "FlowEngine", frame: SettingsFrame) -> Service:
    return flow.spec.services[frame.service_id]


def _field(flow: "FlowEngine", frame: SettingsFrame, field_id: str | None) -> FormField | None:
    return next((f for f in fields(flow, _service(flow, frame)) if f.id == field_id), None)


def changed(flow: "FlowEngine", session: Session, frame: SettingsFrame) -> dict[str, Any]:
    """Each field changed since the page opened, and what it was then."""
    return {f.id: frame.before[f.id] for f in fields(flow, _service(flow, frame))
            if f.id in frame.before and option_shown(f, in_effect(flow, session, f)) != option_shown(f, frame.before[f.id])}


def _word(flow: "FlowEngine", fld: FormField, value: Any) -> str | None:
    shown = option_shown(fld, value)
    option = next((o for o in fld.options if o.value == shown), None)
    return flow.t(option.label) if option else None


def build(flow: "FlowEngine", session: Session, frame: SettingsFrame) -> tuple[Screen, str]:
    service = _service(flow, frame)
    fld = _field(flow, frame, frame.aspect)
    items: list[Item] = []
    if fld is None:
        for f in fields(flow, service):
            word = _word(flow, f, in_effect(flow, session, f))
            now = flow.s("settings.now", value=word) if word else None
            items.append(Item(ASPECT + f.id, flow.t(f.label), flow.marks.sentences(flow.t(f.label), now or ""),
                              kind="option", detail=now))
        title, lead, preferred = flow.t(service.title), flow.marks.sentences(flow.t(service.title),
                                                                             flow.s("settings.speak")), None
        screen_id = f"settings:{service.id}"
    else:
        current = option_shown(fld, in_effect(flow, session, fld))
        for o in fld.options:
            now = o.value == current
            items.append(Item(CHOICE + o.value, flow.t(o.label),
                              flow.marks.sentences(flow.t(o.speak or o.label), flow.s("settings.current.speak") if now else ""),
                              kind="option", badge=flow.s("settings.current") if now else None))
        title, lead, preferred = flow.t(fld.label), flow.t(fld.prompt), CHOICE + (current or "")
        screen_id = f"settings:{service.id}:{fld.id}"
    # 改回原样 where a change is made (each choices page): the list keeps her four aspects, one
    # screen at every text size.
    if fld is not None and changed(flow, session, frame):
        items.append(Item(UNDO, flow.s("settings.undo"), flow.s("settings.undo"), colour="primary"))
    items = numbered(flow, paginate(flow, items, frame.page, paging(flow, session, "field")))
    screen = Screen(screen_id, "field", title, items, focus_of(frame, items, preferred), body=frame.said or None,
                    service=service.id, nav=nav(flow, True))
    return screen, spoken(flow, screen, lead)


def select(flow: "FlowEngine", session: Session, frame: SettingsFrame, event: Event) -> Outcome:
    value = event.value
    if value in ("page:next", "page:prev"):
        frame.page = max(0, frame.page + (1 if value == "page:next" else -1))
        frame.focus = None
        return []
    if value.startswith(ASPECT):
        frame.aspect, frame.page, frame.focus, frame.said = value[len(ASPECT):], 0, None, ""
        return []
    if value == UNDO:
        return undo(flow, session, frame)
    fld = _field(flow, frame, frame.aspect)
    option = next((o for o in fld.options if CHOICE + o.value == value), None) if fld else None
    if option is None:
        return Reply(speech="")
    what, word = flow.t(fld.label), flow.t(option.label)
    if option_shown(fld, in_effect(flow, session, fld)) == option.value:
        frame.said = flow.s("settings.same", what=what, value=word)
        return Reply(speech=frame.said)
    intents = _set(flow, session, {fld.id: value_of(option.value)})
    frame.touched = sorted(set(frame.touched) | {fld.id})
    frame.said = flow.marks.sentences(flow.s("settings.changed", what=what, value=word),
                                      "" if intents else flow.s("settings.session_only"))
    return Reply(intents, speech=frame.said, look=look_of(session))


def undo(flow: "FlowEngine", session: Session, frame: SettingsFrame) -> Outcome:
    """Everything changed since the page opened, as it was — in one press (改回原样)."""
    was = changed(flow, session, frame)
    intents = _set(flow, session, was) if was and session.elder is not None else []
    frame.touched = sorted(set(frame.touched) | set(was))
    session.look.clear()
    session.look.update(frame.before_look)
    frame.said, frame.page, frame.focus = flow.s("settings.undone"), 0, None
    return Reply(intents, speech=frame.said, look=look_of(session))


def _set(flow: "FlowEngine", session: Session, values: dict[str, Any]) -> list:
    """``values`` in effect on this device now, and saved as hers at the centre (none for a
    kiosk's stranger: kept for the session only)."""
    elder = session.elder
    if elder is None:
        session.look.update(values)
        return []
    prefs = {**(elder.get("preferences") or {}), **values}
    chosen = elder.get("preferences_set")
    mine = {**elder, "preferences": prefs}
    if chosen is not None:   # a centre that names them (else every one is hers already)
        mine["preferences_set"] = sorted(set(chosen) | set(values))
    session.elder = mine
    session.household = [mine if e.get("id") == elder.get("id") else e for e in session.household]
    for name in values:
        session.look.pop(name, None)   # hers now, not the session's
    return [flow.intent(session, None, "update_preferences", "settings_saved", new_idempotency_key(),
                        elder_id=elder["id"], preferences=dict(values))]


def back(flow: "FlowEngine", session: Session, frame: SettingsFrame, event: Event) -> Outcome:
    if frame.aspect is not None:   # from a field's choices to the list of them
        frame.focus, frame.aspect, frame.page = ASPECT + frame.aspect, None, 0
        return []
    from .nav import back as leave

    return leave(flow, session, frame, event)


def saved(flow: "FlowEngine", session: Session, owner: Any, answer: Answer) -> Outcome:
    """The centre's answer to a save. Kept: said on the page (nothing new aloud — the change was
    said as it was made). Not kept: said kindly on a screen of its own over the page (shown and
    said on every channel), with 再试一次 — which saves what this device shows now — and 返回
    to the page; the change stays on this device meanwhile."""
    frame = next((f for f in reversed(session.stack) if isinstance(f, SettingsFrame)), None)
    retried = isinstance(owner, ErrorFrame)
    if answer.ok:
        if retried and owner in session.stack:
            session.stack.remove(owner)
        if frame is not None:
            frame.said = flow.s("settings.saved")
        return Reply(speech=flow.s("settings.saved") if retried else "")
    sorry = flow.s("settings.save_failed")
    if retried:
        return Reply(speech=sorry)   # still not: the screen says so again
    if frame is None or session.top is not frame or session.elder is None:
        return Reply(speech="")   # she has left the page: the change stays here, nothing said over another
    frame.said = sorry
    session.stack.append(ErrorFrame(message=sorry, code="not_saved", focus="retry",
                                    retry=retry_of(flow, session, frame), service_id=frame.service_id))
    return []


def retry_of(flow: "FlowEngine", session: Session, frame: SettingsFrame) -> dict[str, Any]:
    """再试一次: what this device shows now, of every field the page changed (an undo too)."""
    touched = {f.id: in_effect(flow, session, f) for f in fields(flow, _service(flow, frame)) if f.id in frame.touched}
    return {"op": "update_preferences", "purpose": "settings_saved", "key": new_idempotency_key(),
            "args": {"elder_id": (session.elder or {}).get("id"), "preferences": touched}}
