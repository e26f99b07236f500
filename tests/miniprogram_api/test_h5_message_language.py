"""A message the family page shows itself (the 回访 card on a parent's page) is in the page's
language: rendered from the centre's structured words like every screen of the engine, the
centre's Chinese body on a Chinese page."""
from __future__ import annotations

import re

import pytest

from call_center.satisfaction import visits
from tests.completed_services import last_daytime, taxi_done_yesterday

from .test_h5_pages import browser

pytestmark = pytest.mark.integration

CARD = re.compile(r'<section class="card" id="return-visits">(.*?)</section>', re.S)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def asked(page: str) -> str:
    """The card's question, as the page shows it (its words wrapped in units, without tags)."""
    card = CARD.search(page).group(1)
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="lead">(.*?)</p>', card, re.S).group(1))


def test_the_return_visit_card_is_in_the_pages_language(backend):
    zhang = backend.centre.elders["zhang"]
    session = browser(backend)
    backend.bind(backend.members["o-h5"], "zhang")
    taxi_done_yesterday(backend.centre, "zhang")
    assert visits.sweep(backend.centre.app.extensions["onekey"].db, last_daytime()) == 1
    chinese, english = (asked(session.get(f"{backend.url}/h5/elders/{zhang}?lang={lang}").text)
                        for lang in ("zh_CN", "en"))
    assert "这次服务您满意吗" in chinese
    assert "这次服务您满意吗" not in english and not CJK.search(english.replace("张桂兰", "").replace("申程出行", "")), english
