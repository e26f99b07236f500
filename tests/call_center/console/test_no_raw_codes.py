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
    found = {}
    for path in pages:
        response = console.get(path)
        assert response.status_code == 200, path
        left = raw_codes(visible(response.get_data(as_text=True)), known)
        if left:
            found[path] = sorted(left)
    assert found == {}


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
