"""A trip to a visit (a request's ``linked``) is named in the screen's language: rendered from the
centre's structured words (``said``), the plate as written; a Chinese screen says the centre's
words as before; a centre that sends no ``said`` (an older one) is shown as it wrote."""
from __future__ import annotations

import re
from datetime import timedelta

from call_center import message_words as mw
from call_center.clock import now
from call_center.fulfilment import visits
from call_center.models import ServiceRequest
from shared_ui.flow import FlowEngine
from shared_ui.flow.kinds import records
from shared_ui.message_words import trip
from shared_ui.spec import load_spec

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def linked() -> list[dict]:
    pickup = (now() + timedelta(days=2)).replace(hour=1, minute=30)
    cab = ServiceRequest(id="req_cab", service="taxi", form={"pickup_time": pickup.isoformat()},
                         result={"plate": "沪A·12345", "pickup_time": pickup.isoformat()})
    escort = ServiceRequest(id="req_esc", service="escort", form={},
                            result={"companion_name": "周丽", "meet_time": pickup.isoformat()})
    return [{"id": t.id, "service": t.service, "words": visits.trip_words(t), "said": visits.trip_sentence(t)}
            for t in (cab, escort)]


def test_the_trips_of_a_cancelled_visit_are_said_in_the_screens_language():
    trips = linked()
    assert [mw.chinese(t["said"]) for t in trips] == [t["words"] for t in trips]
    record = {"id": "req_visit", "service": "registration", "linked": trips}
    english = records.cancelled_words(FlowEngine(load_spec(), "tv", locale="en"), record, {"linked": [trips[1]]})
    assert "沪A·12345" in english and "周丽" in english
    assert not CJK.search(english.replace("沪A·12345", "").replace("周丽", "")), english
    chinese = records.cancelled_words(FlowEngine(load_spec(), "tv"), record, {"linked": [trips[1]]})
    assert f"去这次看病的{trips[0]['words']}也一起取消了。" in chinese
    assert f"去这次看病的{trips[1]['words']}还约着" in chinese


def test_a_trip_without_words_is_shown_as_the_centre_wrote_it():
    assert trip({"id": "r", "words": "出租车（车牌沪A·12345）"}, "en") == "出租车（车牌沪A·12345）"
