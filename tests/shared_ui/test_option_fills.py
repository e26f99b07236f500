"""The answers to one question are peers: the engine gives none a fill of its own (a filled one
among plain ones reads as the focused one — 出院回家, which opens 出院用车, was drawn solid yellow
on a high-contrast TV). Only an answer that raises the alarm (急病叫救护车) keeps the SOS colour.
Every option of every form of the spec."""
from __future__ import annotations

from shared_ui.flow import FlowEngine
from shared_ui.flow import choices as ch
from shared_ui.flow.kinds.form import option_item
from shared_ui.spec import load_spec


def test_no_answer_is_filled_unlike_its_peers_but_the_sos_one():
    spec = load_spec()
    flow = FlowEngine(spec, "tv")
    checked = 0
    for form in spec.forms.values():
        for field in form.fields:
            for o in field.options:
                item = option_item(flow, ch.Option(o.value, o.label, opens=o.opens))
                opened = spec.services.get(o.opens or "")
                wanted = opened.colour if opened is not None and opened.kind == "alarm" else None
                assert item.colour == wanted, (form.title, field.id, o.value, item.colour)
                checked += bool(o.opens)
    assert checked >= 2  # 出院回家 and 急病叫救护车 at least
