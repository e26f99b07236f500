"""No console page shows a machine value where a word belongs (a user trial found 事由 ``help``):
for every service × channel × mode × status × stage, a request whose form holds the codes a
channel sends (with no words beside them, as an older channel or a retried one sends it), the
queue, the list, the elder's page and the request's page read no value of any of the centre's
enums (statuses, stages, services, channels, modes, actor kinds, the spec's option values, the
form's field names) — nor any other snake_case token."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta
from typing import Any

import pytest

from call_center import lifecycle
from call_center.clock import now
from call_center.console import labels
from call_center.fulfilment.registry import SERVICE_WORDS
from call_center.models import ServiceRequest
from call_center.models.ids import new_id
from personal_data.status_words import STAGE_WORDS
from shared_ui.spec.loader import load_spec
from tests.page_text import page_text

CHANNELS = sorted(labels.CHANNEL_WORDS)
MODES = sorted(labels.MODE_WORDS)


def coded_form(service: str) -> dict[str, Any]:
    """The form as a channel sends it: each choice as its code (the spec's option values)."""
    spec = load_spec()
    svc = spec.services.get(service)
    form: dict[str, Any] = {}
    if svc and svc.form:
        for field in spec.forms[svc.form].fields:
            form[field.id] = field.options[0].value if field.options else (field.default or "1")
    if service == "help":
        form = {"topic": "help", "callback_window": "asap", "note": "在“叫出租车”这一页按了找人工。"}
    if service == "consultation":
        form["topic"] = "policy"
    return form


def codes() -> set[str]:
    """Every machine value the console could print: the enums and the spec's option values."""
    from call_center.alarms import words as alarm_words

    spec = load_spec()
    found = set(lifecycle.STATUSES) | set(SERVICE_WORDS) | set(labels.CHANNEL_WORDS) | set(labels.MODE_WORDS)
    found |= set(labels.ACTOR_KINDS) | {s for stages in STAGE_WORDS.values() for s in stages}
    found |= set(alarm_words.STATUS_WORDS) | set(alarm_words.PHASE_WORDS) | set(alarm_words.STEP_WORDS)
    for form in spec.forms.values():
        for field in form.fields:
            found.add(field.id)
            found |= {str(o.value) for o in field.options}
    return {c for c in found if re.fullmatch(r"[a-z][a-z_]+", c)}


def cases() -> list[tuple[str, str, str, str, str | None]]:
    """(service, channel, mode, status, stage) — every status of every service, every stage of a
    service that has them; channels and modes turn round so each is met."""
    out = []
    turn = itertools.cycle(itertools.product(CHANNELS, MODES))
    for service in sorted(SERVICE_WORDS):
        for status in lifecycle.STATUSES:
            for stage in [None, *STAGE_WORDS.get(service, {})]:
                channel, mode = next(turn)
                out.append((service, channel, mode, status, stage))
    return out


# Who files a request from each channel (call_center/auth.py's actors).
FILED_BY = {"tv": "tv:dev_x", "kiosk": "kiosk:dev_x", "miniprogram": "family:fam_x", "phone": "agent:agt_x",
            "console": "agent:agt_x"}


def _file(app: Any, service: str, channel: str, mode: str, status: str, stage: str | None) -> str:
    db = app.extensions["onekey"].db
    with db.writing() as s:
        at = now() - timedelta(minutes=5)
        req = ServiceRequest(id=new_id("req"), elder_id=app.demo.elders["wang"], service=service, mode=mode,
                             channel=channel, status="submitted", form=coded_form(service),
                             result={"stage": stage} if stage else None,
                             created_by=FILED_BY[channel], created_at=at, updated_at=at)
        lifecycle.start(req, FILED_BY[channel])
        if status != "submitted":
            lifecycle.record(req, status, "agent:nobody")
        if status == "failed":
            req.failure_code, req.failure_message = "provider_down", "平台暂时不能办理。"
        s.add(req)
        s.commit()
        return req.id


def visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", page_text(html), flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"&\w+;", " ", html)


def raw_codes(text: str, known: set[str]) -> set[str]:
    """Machine values in the text a person reads: a known code, or any snake_case word (ids such
    as req_… and eld_… are the console's references and are allowed)."""
    words = set(re.findall(r"(?<![A-Za-z0-9_./:-])[a-z][a-z_]*[a-z](?![A-Za-z0-9_./-])", text))
    return {w for w in words if w in known or ("_" in w and not re.fullmatch(r"[a-z]{2,4}_", w[:5]))}


def raw_codes_on(console: Any, pages: list[str], known: set[str]) -> dict[str, list[str]]:
    """Each page (it must answer 200) with the raw codes a person would read on it; none: {}."""
    found = {}
    for path in pages:
        response = console.get(path)
        assert response.status_code == 200, path
        left = raw_codes(visible(response.get_data(as_text=True)), known)
        if left:
            found[path] = sorted(left)
    return found


def test_no_console_page_shows_a_raw_code_for_any_status_service_channel_or_form_value(center_app):
    from tests.call_center.console.conftest import Console

    console = Console(center_app)
    assert console.login("super1").status_code == 303  # a supervisor sees every page (the audit log)
    known = codes()
    made = {case: _file(console.app, *case) for case in cases()}
    from call_center.elder_services.demo import seed_showcase

    seed_showcase(console.app.extensions["onekey"].db, console.app.demo.elders["wang"])  # a joint one, graded
    elders = console.app.demo.elders.values()
    pages = ["/console/", "/console/requests", "/console/audit", "/console/device-applications",
             "/console/elder-services", "/console/kiosks", "/console/policies"]
    pages += [f"/console/elders/{e}{tail}" for e in elders for tail in ("", "/family", "/policies")]
    pages += [f"/console/requests?page={n}" for n in range(2, 2 + len(made) // 20 + 1)]
    pages += [f"/console/requests/{rid}" for rid in made.values()]
    assert raw_codes_on(console, pages, known) == {}


@pytest.mark.parametrize("key, words", [("topic", labels.TOPIC_WORDS), ("callback_window", labels.CALLBACK_WORDS),
                                        ("need", labels.NEED_WORDS)])
def test_the_console_words_every_code_a_channel_sends_as_the_channel_showed_it(key, words):
    """Each option of every spec form asking ``key`` has the console's word, the spec's label
    (找人工's topic is the kit's own: 找人工)."""
    spec = load_spec()
    options = {str(o.value): o.label for form in spec.forms.values() for f in form.fields if f.id == key
               for o in f.options}
    assert options
    assert {code: words.get(code) for code in options} == options
    if key == "topic":
        assert words["help"] == spec.strings["nav.help"]


def _alarm_cases() -> list[tuple[str, str, str]]:
    """(status, phase, channel): every status, every phase while escalating; channels turn round."""
    from call_center.alarms import words as alarm_words

    turn = itertools.cycle(CHANNELS)
    return [(status, phase, next(turn)) for status in alarm_words.STATUS_WORDS
            for phase in (alarm_words.PHASE_WORDS if status == "escalating" else [""])]


def _raise(app: Any, n: int, status: str, phase: str, channel: str) -> str:
    """An alarm in ``status``/``phase`` whose timeline has every step kind (with a call's result
    and a party's kind as codes), written as the desk stores them."""
    from call_center.alarms import words as alarm_words
    from call_center.models import Elder
    from call_center.models.alarms import Alarm, AlarmEvent, AlarmParty

    db = app.extensions["onekey"].db
    keys = sorted(app.demo.elders)
    with db.writing() as s:
        elder = s.get(Elder, app.demo.elders[keys[n % len(keys)]])
        at = now() - timedelta(minutes=30)
        alarm = Alarm(id=new_id("alm"), elder_id=elder.id, household_id=elder.household_id, channel=channel,
                      status=status, phase=phase, raised_by=FILED_BY[channel], raised_at=at, pressed_at=at,
                      updated_at=at, outcome="老人摔倒，已送医" if status == "resolved" else None)
        s.add(alarm)
        results = itertools.cycle(alarm_words.CALL_WORDS)
        for seq, kind in enumerate(alarm_words.STEP_WORDS):
            s.add(AlarmEvent(alarm_id=alarm.id, seq=seq, kind=kind, at=at + timedelta(seconds=seq),
                             actor="system" if seq % 2 else FILED_BY[channel],
                             data={"result": next(results), "attempt": 1}))
        for kind in ("contact", "police", "ambulance", "fire", "family"):
            s.add(AlarmParty(alarm_id=alarm.id, kind=kind, name="陈静", number="13916612345", told_at=at,
                             told_by="system"))
        s.commit()
        return alarm.id


def _care_task(app: Any, n: int, kind: str, status: str, result: str | None, alarm_id: str | None) -> str:
    from call_center.models.care import CareTask

    db = app.extensions["onekey"].db
    keys = sorted(app.demo.elders)
    with db.writing() as s:
        at = now() - timedelta(hours=1)
        task = CareTask(key=f"raw-codes-{n}", elder_id=app.demo.elders[keys[n % len(keys)]], kind=kind,
                        status=status, title="主动关爱电话", detail="", alarm_id=alarm_id, due_at=at,
                        created_at=at, created_by="system",
                        completed_at=at if status == "done" else None,
                        completed_by="agent:agt_x" if status == "done" else None,
                        result=result if status == "done" else None)
        s.add(task)
        s.commit()
        return task.id


def test_no_console_page_shows_a_raw_code_for_any_alarm_or_care_task(center_app):
    """The same reading over the alarm desk: an alarm of every status and phase from every
    channel, each with a step of every kind, a call of every result and a party of every kind;
    a care task of every kind, status and result — on the queue, the elders' pages, and each
    alarm's and task's own page."""
    from call_center.alarms import care
    from call_center.alarms import words as alarm_words
    from tests.call_center.console.conftest import Console

    console = Console(center_app)
    assert console.login("super1").status_code == 303
    known = codes() | set(alarm_words.CALL_WORDS) | set(care.KIND_WORDS) | set(care.RESULT_WORDS)
    known |= {"contact", "police", "ambulance", "fire", "family", "open", "done", "cancelled"}
    known = {c for c in known if re.fullmatch(r"[a-z][a-z_]+", c)}
    alarms = [_raise(console.app, n, *case) for n, case in enumerate(_alarm_cases())]
    tasks = [_care_task(console.app, n, kind, status, result, alarms[n % len(alarms)] if n % 2 else None)
             for n, (kind, status, result) in enumerate(itertools.product(
                 care.KIND_WORDS, ("open", "done", "cancelled"), care.RESULT_WORDS))]
    pages = ["/console/", "/console/audit"]
    pages += [f"/console/elders/{e}" for e in console.app.demo.elders.values()]
    pages += [f"/console/alarms/{a}" for a in alarms] + [f"/console/care/{t}" for t in tasks]
    found = {}
    for path in pages:
        response = console.get(path)
        assert response.status_code == 200, path
        text = visible(response.get_data(as_text=True))
        left = raw_codes(text, known)
        if left:  # each with where it stands, so the page to fix is plain
            found[path] = {code: " ".join(text[max(0, m.start() - 30):m.end() + 10].split())
                           for code in sorted(left) for m in [re.search(rf"\b{code}\b", text)] if m}
    assert found == {}
