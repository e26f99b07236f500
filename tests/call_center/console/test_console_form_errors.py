"""An error belongs under the form that was sent, and under no other: on every console page
with more than one form (a desk a part, a row a request, a binding a row, a box a row, the
several steps of an alarm or a request), a refused form is sent and the page drawn back must
mark exactly that form — its field errors, ``has-error``, ``aria-invalid`` — and leave every
other form clean. A template with more than one form, or a form drawn in a loop, that no case
here covers fails the suite."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import pytest

import call_center.console
from tests.call_center.family_members import ask, family_token

from .test_console_alarms import raise_alarm

TEMPLATES = Path(call_center.console.__file__).parent / "templates" / "console"
FORM = re.compile(r"<form\b(?P<head>[^>]*)>(?P<body>.*?)</form>", re.S)
TARGET = re.compile(r'\b(?:action|formaction)="([^"#]*)')
MARKS = ("field-error", "has-error", 'aria-invalid="true"')


def marked_forms(html: str) -> list[tuple[set[str], bool]]:
    """Each form of the page: where it posts (its action and any button's formaction), and
    whether it shows an error."""
    return [(set(TARGET.findall(m.group(0))), any(mark in m.group(0) for mark in MARKS))
            for m in FORM.finditer(html)]


def joint_at_both_desks(console: Any) -> tuple[str, dict, str]:
    """王秀英's joint application, graded 3: one request at the subsidy's and the admission's
    desks at once. 不通过 with no reason at the subsidy's desk."""
    rid = console.new_request("elder_services", form={"parts": "all", "hukou_shanghai": "true",
                                                       "hardship": "unknown", "phone": "profile"}, mode="self")["id"]
    assert console.post(f"/console/elder-services/{rid}/grade", {"grade-grade": "3"}).status_code == 303
    return "/console/elder-services", {"decision-words": " "}, f"/console/elder-services/{rid}/subsidy/refuse"


def two_applications(console: Any) -> tuple[str, dict, str]:
    """Two 一键通 applications at the street office: 退回 one with no reason."""
    form = {"package": "A", "hukou_shanghai": "true", "living_alone": "false", "hardship": "none", "phone": "profile"}
    first = console.new_request("device_application", token="tv_zhang", elder="zhang", form=form, mode="self")
    console.new_request("device_application", token="tv_zhang", elder="chen", form=form, mode="self")
    return "/console/device-applications", {"return-reason": ""}, f"/console/device-applications/{first['id']}/return"


def family_bindings(console: Any) -> tuple[str, dict, str]:
    """陈志明: a binding waiting for his consent (确认 and 解除 forms) beside the code form; 确认
    with no note of the call."""
    client, demo = console.app.test_client(), console.app.demo
    pending = ask(client, family_token(client, demo), "chen")
    chen = demo.elders["chen"]
    return f"/console/elders/{chen}/family", {"family-note": ""}, f"/console/elders/{chen}/family/{pending['id']}/confirm"


def family_code(console: Any) -> tuple[str, dict, str]:
    client, demo = console.app.test_client(), console.app.demo
    ask(client, family_token(client, demo), "chen")
    chen = demo.elders["chen"]
    return f"/console/elders/{chen}/family", {"family-note": ""}, f"/console/elders/{chen}/family/code"


def alarm_steps(console: Any) -> tuple[str, dict, str]:
    alarm = raise_alarm(console)
    return f"/console/alarms/{alarm['id']}", {"step-kind": "guidance"}, f"/console/alarms/{alarm['id']}/steps"


def alarm_outcome(console: Any) -> tuple[str, dict, str]:
    alarm = raise_alarm(console)
    return f"/console/alarms/{alarm['id']}", {"outcome-outcome": ""}, f"/console/alarms/{alarm['id']}/outcome"


def request_move(console: Any) -> tuple[str, dict, str]:
    req = console.new_request()
    return f"/console/requests/{req['id']}", {"move-to": "confirmed"}, f"/console/requests/{req['id']}/move"


def elder_unbind(console: Any) -> tuple[str, dict, str]:
    from .test_console_devices import _device

    li = console.app.demo.elders["li"]
    box = _device(console.app, "tv_li")
    return f"/console/elders/{li}", {"unbind-note": ""}, f"/console/elders/{li}/devices/{box}/unbind"


def elder_pair(console: Any) -> tuple[str, dict, str]:
    li = console.app.demo.elders["li"]
    return f"/console/elders/{li}", {"pair-code": "12"}, f"/console/elders/{li}/pair"


def elder_preferences(console: Any) -> tuple[str, dict, str]:
    li = console.app.demo.elders["li"]
    return f"/console/elders/{li}", {"prefs-version": "1", "prefs-volume": "150"}, f"/console/elders/{li}/preferences"


def kiosk_unbind(console: Any) -> tuple[str, dict, str]:
    from .test_console_devices import _device

    kiosk = _device(console.app, "kiosk")
    return "/console/kiosks", {"unbind-note": ""}, f"/console/kiosks/{kiosk}/unbind"


# case -> (how to send a refused form: (page, data, path posted), the templates its page draws)
CASES: dict[str, tuple[Callable[[Any], tuple[str, dict, str]], tuple[str, ...]]] = {
    "一件事: 不通过 with no reason at one of two desks": (joint_at_both_desks, ("elder_services.html",)),
    "一键通申请: 退回 with no reason, two rows": (two_applications, ("device_applications.html",)),
    "家属绑定: 确认 with no note": (family_bindings, ("family.html",)),
    "家属绑定: the code with no note": (family_code, ("family.html",)),
    "alarm: a step with no words": (alarm_steps, ("alarm.html",)),
    "alarm: an outcome with no words": (alarm_outcome, ("alarm.html",)),
    "request: an unknown move": (request_move, ("request.html", "_book_registration.html")),
    "elder: unbinding a box with no reason": (elder_unbind, ("elder.html", "_devices.html")),
    "elder: a wrong pairing code": (elder_pair, ("elder.html",)),
    "elder: a volume not offered (显示设置)": (elder_preferences, ("elder.html", "_preferences_card.html")),
    "kiosks: unbinding with no reason": (kiosk_unbind, ("kiosks.html", "_devices.html")),
}
# Pages with several forms whose refusals are the page's banner alone (no field errors to misplace).
BANNER_ONLY = {"policies.html": "推送 and 已享受 take no input: a refusal is the page's banner"}


def several_forms(text: str) -> bool:
    """More than one form, or one drawn in a loop (a row each)."""
    if text.count("<form") > 1:
        return True
    if "<form" not in text:
        return False
    before = text[:text.index("<form")]
    return len(re.findall(r"{%-?\s*for\b", before)) > len(re.findall(r"{%-?\s*endfor\b", before))


def test_every_template_with_several_forms_is_covered():
    covered = {t for _make, templates in CASES.values() for t in templates} | set(BANNER_ONLY)
    found = {p.name for p in TEMPLATES.glob("*.html") if several_forms(p.read_text())}
    assert sorted(found - covered) == []


@pytest.mark.parametrize("case", list(CASES))
def test_an_error_shows_under_the_form_sent_only(console: Any, case: str) -> None:
    page, data, path = CASES[case][0](console)
    shown = console.text(page)  # a fresh CSRF token, and the page as it stands
    assert len(marked_forms(shown)) >= 2, "a page of one form proves nothing"
    refused = console.post(path, data)
    assert refused.status_code == 422, refused.get_data(as_text=True)[:400]
    # Exactly one form shows an error, and it posts where the refused one was sent (two forms
    # of a request post to one path: its moves, and 取消 with its note).
    marked = [sorted(targets) for targets, is_marked in marked_forms(refused.get_data(as_text=True)) if is_marked]
    assert len(marked) == 1 and path in marked[0], (case, marked)
