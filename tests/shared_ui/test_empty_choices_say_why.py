"""A list of choices that is empty says why, and what to do instead — never "请稍后再试" for a
reason waiting does not change (the new-user trial: an elder enrolled with no prescriptions on
file opened 续方配药 on "现在没有可选的项目，请稍后再试").

Every field of every form whose choices come from a source is shown with that source giving
nothing, on every channel and in English: its own reason is shown and said."""
from __future__ import annotations

import pytest

from shared_ui.flow import choices
from shared_ui.flow.frames import FormFrame
from shared_ui.flow.kinds import form as form_kind
from shared_ui.spec.loader import load_spec

from .scripted import ELDER, Scripted

SPEC = load_spec()
SOURCED = [(f.id, fld.id) for f in SPEC.forms.values() for fld in f.fields if fld.source]
WAIT = ("稍后再试", "later", "现在没有可选的项目")


def test_every_field_with_a_source_has_its_reason():
    assert SOURCED, "the spec's forms have sourced fields"
    for form_id, field_id in SOURCED:
        fld = next(f for f in SPEC.forms[form_id].fields if f.id == field_id)
        assert fld.empty, (form_id, field_id)
        assert not any(w in fld.empty for w in WAIT), (form_id, field_id)
        assert "人工" in fld.empty, (form_id, field_id)  # what to do instead


def _service_of(form_id: str) -> str:
    return next(s.id for s in SPEC.services.values() if getattr(s, "form", None) == form_id)


@pytest.mark.parametrize("channel, locale", [("tv", "zh_CN"), ("kiosk", "zh_CN"), ("tv", "en")])
@pytest.mark.parametrize("form_id, field_id", SOURCED)
def test_an_empty_source_shows_and_says_its_own_reason(monkeypatch, channel, locale, form_id, field_id):
    form = SPEC.forms[form_id]
    fld = next(f for f in form.fields if f.id == field_id)
    source = choices.SOURCES[fld.source.endpoint]
    monkeypatch.setitem(choices.SOURCES, fld.source.endpoint,
                        choices.Source(source.reads, lambda *a, **k: []))
    s = Scripted(channel, locale=locale)
    frame = FormFrame(service_id=_service_of(form_id), index=[f.id for f in form.fields].index(field_id),
                      elder=ELDER)
    screen, speech = form_kind.build(s.engine, s.session, frame)
    if screen.input is not None:
        return  # she can type the answer: the keypad is the choice
    reason = s.engine.t(fld.empty)
    assert screen.body == reason and reason in speech, (screen.body, speech)
    if locale == "en":
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in reason), reason


def test_refill_with_no_prescriptions_on_file_says_why(monkeypatch):
    s = Scripted("kiosk", elder={**ELDER, "prescriptions": []})
    s.send("select", "menu:more")
    step = s.send("select", "refill")
    assert step.screen.id == "field:refill:prescription_id", step.screen
    assert "长期处方" in step.screen.body and "家庭医生" in step.screen.body
    assert "稍后再试" not in step.speech and "长期处方" in step.speech
