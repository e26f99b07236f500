"""H5: cancelling a parent's visit names the taxi going to it, and cancels it along — the
daughter is never left with a car coming for a visit she cancelled."""
from __future__ import annotations

import re

import pytest

from tests.page_text import page_text

from .visit_and_taxi import visit_and_taxi

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_cancelling_a_visit_on_h5_cancels_the_taxi_going_to_it(backend):
    made = visit_and_taxi(backend, "o-h5")
    session, agent, centre, visit, cab = made.session, made.agent, backend.centre.url, made.visit, made.cab

    asked = session.get(f"{backend.url}/h5/requests/{visit['id']}/cancel")
    text = page_text(asked)
    assert visit["result"]["department_name"] in text and "出租车" in text and cab["result"]["plate"] in text, text
    done = session.post(f"{backend.url}/h5/requests/{visit['id']}/cancel",
                        data={"csrf_token": TOKEN.search(asked.text).group(1), "also": [cab["id"]]})
    assert "也一起取消了" in page_text(done), page_text(done)
    assert agent.get(f"{centre}/v1/requests/{cab['id']}").json()["status"] == "cancelled"


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LINKED = re.compile(r'<p id="cancel-linked">(.*?)</p>', re.S)


def test_an_english_page_names_the_taxi_in_english_asked_and_cancelled(backend):
    """The trip is sent as the centre's words beside its Chinese: an English page names it in
    English (the plate as written), before she says yes and after; a Chinese page as before."""
    made = visit_and_taxi(backend, "o-h5")
    session, visit, plate = made.session, made.visit, made.cab["result"]["plate"]
    chinese = session.get(f"{backend.url}/h5/requests/{visit['id']}/cancel?lang=zh_CN")
    assert "去这次看病的出租车（车牌" in page_text(chinese)
    asked = session.get(f"{backend.url}/h5/requests/{visit['id']}/cancel?lang=en")
    linked = re.sub(r"<[^>]+>", "", LINKED.search(asked.text).group(1))
    assert plate in linked and not CJK.search(linked.replace(plate, "")), linked
    done = session.post(f"{backend.url}/h5/requests/{visit['id']}/cancel?lang=en",
                        data={"csrf_token": TOKEN.search(asked.text).group(1), "also": [made.cab["id"]]})
    told = page_text(done)
    assert plate in told and "也一起取消了" not in told, told
    said = next(line for line in told.splitlines() if plate in line)
    assert not CJK.search(said.replace(plate, "")), said
