"""Questions one may not know the answer to wait on 不清楚: OK pressed through a form never
declares what the elder did not choose (低保家庭 was the first option, and focused)."""
from __future__ import annotations

import pytest

from shared_ui.spec import load_spec

from .scripted import Scripted

SPEC = load_spec()
UNSURE_FIELDS = [(sid, f.id) for sid, form in SPEC.forms.items() for f in form.fields
                 if any(str(o.value) == "unknown" for o in (f.options or []))]


def test_every_not_sure_answer_is_spelt_one_way():
    """The rule keys on the value: an option that says 不清楚 must be ``unknown``."""
    odd = [(sid, f.id, o.value) for sid, form in SPEC.forms.items() for f in form.fields
           for o in (f.options or []) if "不清楚" in str(o.label) and str(o.value) != "unknown"]
    assert odd == []
    assert UNSURE_FIELDS  # the applications ask about the household's means


@pytest.mark.parametrize("service, field, channel", [(sid, fid, ch) for sid, fid in UNSURE_FIELDS
                                                     for ch in SPEC.services[sid].channels])
def test_ok_pressed_through_the_form_lands_on_not_sure(channel, service, field):
    s = Scripted(channel, household=[s_elder()] if channel == "miniprogram" else None)
    if channel == "miniprogram":
        s.send("select", s_elder()["id"])
    step = s.step
    path = _path_to(step, service, channel)
    if path:
        for tile in path:
            step = s.send("select", tile)
    else:  # a service with no tile of its own (一件事 opens from 政策查询's 想办理)
        step = s.settle(s.engine._finish(s.session, s.engine.open_service(s.session, SPEC.services[service])))
    for _ in range(20):
        if step.screen.id == f"field:{service}:{field}":
            break
        assert step.screen.kind == "field", step.screen.id  # only questions before it
        step = s.send("select", step.screen.focus)
    else:
        raise AssertionError(f"never reached {field}")
    focused = step.screen.item(step.screen.focus)
    assert focused is not None and "不清楚" in focused.label, (step.screen.focus, [i.label for i in step.screen.items])


def s_elder():
    from .scripted import ELDER

    return ELDER


def _path_to(step, service: str, channel: str) -> list[str]:
    from shared_ui.flow.kinds.menu import services_under

    tiles = {i.id for i in step.screen.items}
    if service in tiles:
        return [service]
    if "menu:more" in tiles and service in services_under(SPEC.menus[channel], "more"):
        return ["menu:more", service]
    return []
