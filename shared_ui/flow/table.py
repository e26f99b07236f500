"""Which code handles what: the whole flow engine on one page.

- :data:`BUILD` — frame kind → the function that builds its screen;
- :data:`EVENTS` — (frame kind, event kind) → handler; ``"*"`` is every kind that has no entry
  of its own. While a pop-up is open its frame (kind ``popup``) takes the events;
- :data:`ANSWERS` — an intent's purpose → what its answer does (``load:<field>:<op>`` all go
  to ``load``).
"""
from __future__ import annotations

from typing import Any, Callable

from .kinds import alarm, elders, form, identify, idle, menu, nav, outcome, paper, popup, records, settings, who

Handler = Callable[..., Any]

BUILD: dict[str, Handler] = {
    "menu": menu.build,
    "who": who.build,
    "choose_elder": elders.build,
    "identify": identify.build,
    "form": form.build,
    "list": records.build_list,
    "detail": records.build_detail,
    "confirm": records.build_confirm,
    "result": outcome.build_result,
    "notice": outcome.build_notice,
    "error": outcome.build_error,
    "alarm": alarm.build,
    "settings": settings.build,
}

EVENTS: dict[tuple[str, str], Handler] = {
    # every screen
    ("*", "home"): nav.home,
    ("*", "back"): nav.back,
    ("*", "repeat"): nav.repeat,
    ("*", "focus"): nav.focus,
    ("*", "digit"): nav.digit,
    ("*", "confirm"): nav.confirm,
    ("*", "help"): nav.help_,
    ("*", "sos"): nav.sos,
    ("*", "refresh"): nav.refresh,
    ("*", "timeout"): idle.timeout,
    ("*", "input"): nav.ignore,
    ("*", "select"): nav.ignore,
    # per frame kind
    ("menu", "select"): menu.select,
    ("who", "select"): who.select,
    ("choose_elder", "select"): elders.select,
    ("identify", "select"): identify.select,
    ("identify", "input"): identify.typed,
    ("identify", "back"): identify.back,
    ("identify", "timeout"): identify.timeout,
    ("form", "select"): form.select,
    ("form", "input"): form.typed,
    ("form", "back"): form.back,
    ("list", "select"): records.select_list,
    ("detail", "select"): records.select_detail,
    ("confirm", "select"): records.select_confirm,
    ("result", "select"): outcome.select_result,
    ("notice", "select"): outcome.select_notice,
    ("error", "select"): outcome.select_error,
    ("settings", "select"): settings.select,
    ("settings", "back"): settings.back,
    **{("alarm", kind): alarm.on_event for kind in ("select", "back", "home", "repeat", "focus", "digit",
                                                    "confirm", "help", "sos", "timeout", "input", "refresh")},
    # a pop-up over any of them
    ("popup", "select"): popup.select,
    ("popup", "back"): popup.back,
    ("popup", "home"): popup.then,
    ("popup", "help"): popup.then,
    ("popup", "sos"): popup.sos,
    ("popup", "repeat"): popup.repeat,
    ("popup", "input"): nav.ignore,
    ("popup", "refresh"): nav.ignore,
}

ANSWERS: dict[str, Handler] = {
    "load": form.loaded,
    "precheck": form.prechecked,
    "submit": form.submitted,
    "submit_retry": form.submit_retried,
    "list": records.listed,
    "ack": records.acknowledged,
    "cancel": records.cancelled,
    "cancel_retry": records.cancel_retried,
    "complained": records.complained,
    "help": nav.help_answered,
    "help_retry": nav.help_retried,
    "alarm": alarm.raised,
    "alarm_cancel": alarm.cancel_answered,
    "identified": identify.identified,
    "volunteer": identify.volunteer_signed_in,
    "popup_ack": nav.detached_ack,
    "checked_in": popup.checked_in,
    "answered": popup.answered,
    "answer_detail": records.answered_in_detail,
    "quiet_ack": nav.quiet,
    "grant_ended": nav.quiet,
    "printed": paper.printed,
    "shared": paper.shared,
    "settings_saved": settings.saved,
}


def event_handler(frame_kind: str, event_kind: str) -> Handler:
    return EVENTS.get((frame_kind, event_kind)) or EVENTS[("*", event_kind)]
