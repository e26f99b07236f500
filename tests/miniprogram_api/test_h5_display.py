"""显示设置 for a parent on the family's H5 pages and the mini-program API: her text size,
colours, language and voice shown to a bound member, changed by one whose binding lets them act
(代办) — the change reaches the profile her TV reads and the event her TV listens for — refused
with the reason to one who may only look, and never saved over a change made meanwhile."""
from __future__ import annotations

import html
import re

import pytest
import requests

from tests.page_text import page_text

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="version"')


def browser(token: str, lang: str | None = None) -> requests.Session:
    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    if lang:
        session.cookies.set("lang", lang)
    return session


def form_of(page: str, **chosen: str) -> dict[str, str]:
    """The form as drawn (each radio group's checked value), with ``chosen``."""
    found = VERSION.search(page)
    body = {"csrf_token": TOKEN.search(page).group(1), "version": html.unescape(found.group(1) or found.group(2))}
    for name in ("font_scale", "theme", "locale", "speech_rate", "volume"):
        checked = re.search(rf'<input[^>]*checked[^>]*name="{name}"[^>]*value="([^"]*)"|'
                            rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page)
        body[name] = (checked.group(1) if checked.group(1) is not None else checked.group(2)) if checked else ""
    return {**body, **chosen}


def tv_head(backend, key: str) -> str:
    return backend.tv(key).get(f"{backend.centre.url}/v1/devices/me/events").json()["next"]


def tv_events(backend, key: str, after: str) -> list[dict]:
    return backend.tv(key).get(f"{backend.centre.url}/v1/devices/me/events",
                               params={"after": after, "wait": 0}).json()["events"]


def test_a_daughter_changes_her_text_size_and_language_and_her_tv_follows(backend):
    daughter = backend.sign_in("o-daughter", name="陈静", phone="13764561234")
    backend.bind(daughter, "zhang")
    zhang = backend.centre.elders["zhang"]
    phone = browser(daughter)
    assert 'id="open-display"' in phone.get(f"{backend.url}/h5/elders/{zhang}").text
    url = f"{backend.url}/h5/elders/{zhang}/display"
    opened = phone.get(url)
    assert opened.status_code == 200
    text = page_text(opened)
    assert "张桂兰的显示设置" in text and "未选（电视用自己的设置）" in text and 'id="display-form"' in opened.text
    after = tv_head(backend, "zhang")
    saved = phone.post(url, data=form_of(opened.text, font_scale="1.5", locale="en"), allow_redirects=False)
    assert saved.status_code == 303, saved.text[:600]
    shown = phone.get(url).text
    assert "的电视几秒内会换成新的设置" in page_text(shown)
    assert re.search(r'id="display-now-font_scale">特大<', page_text(shown))
    assert re.search(r'id="display-now-locale">English<', page_text(shown))
    # What her TV reads: her profile with its own token, and the event on its stream.
    profile = backend.tv("zhang").get(f"{backend.centre.url}/v1/elders/{zhang}").json()
    assert profile["preferences"]["font_scale"] == 1.5 and profile["preferences"]["locale"] == "en"
    assert profile["preferences_set"] == ["font_scale", "locale"]  # the rest stay the box's own
    told = [e for e in tv_events(backend, "zhang", after) if e["kind"] == "preferences" and e["elder_id"] == zhang]
    assert len(told) == 1 and told[0]["data"]["preferences"]["font_scale"] == 1.5
    # Saved again as shown: nothing to change, nothing sent to her TV.
    assert phone.post(url, data=form_of(shown), allow_redirects=False).status_code == 303
    assert len([e for e in tv_events(backend, "zhang", after) if e["kind"] == "preferences"]) == 1


def test_one_who_may_only_look_sees_them_and_is_told_why_not(backend):
    son = backend.sign_in("o-son", name="陈伟", phone="13585671230")
    backend.bind(son, "zhang", relation="儿子", permissions=["view", "alerts"])
    zhang = backend.centre.elders["zhang"]
    url = f"{backend.url}/h5/elders/{zhang}/display"
    phone = browser(son)
    page = phone.get(url)
    assert page.status_code == 200
    assert 'id="display-form"' not in page.text and 'id="display-view-only"' in page.text
    assert "绑定时您选了“只查看”，不能修改老人的设置" in page_text(page)
    token = TOKEN.search(phone.get(f"{backend.url}/h5/bind").text).group(1)  # a form of another page
    refused = phone.post(url, data={"csrf_token": token, "version": '"elder-1"', "font_scale": "1.5"},
                                allow_redirects=False)
    assert refused.status_code == 403 and "只查看" in page_text(refused)
    api = backend.api(son).patch(f"{backend.url}/api/v1/elders/{zhang}/preferences", json={"font_scale": 1.5})
    assert api.status_code == 403
    assert backend.agent().get(f"{backend.centre.url}/v1/elders/{zhang}").json()["preferences_set"] == []


@pytest.mark.parametrize("lang,words", [("zh_CN", "刚才有家人或客服改过老人的设置"),
                                        ("en", "Someone in the family or an agent has just changed")])
def test_a_change_made_meanwhile_is_not_overwritten(backend, lang, words):
    daughter = backend.sign_in("o-daughter", name="陈静", phone="13764561234")
    son = backend.sign_in("o-son", name="陈伟", phone="13585671230")
    backend.bind(daughter, "zhang")
    backend.bind(son, "zhang", relation="儿子")
    zhang = backend.centre.elders["zhang"]
    url = f"{backend.url}/h5/elders/{zhang}/display"
    son_phone = browser(son, lang)
    opened = son_phone.get(url)
    # Meanwhile his sister sets 大 through the mini-program API, naming the version she read.
    api = f"{backend.url}/api/v1/elders/{zhang}/preferences"
    seen = backend.api(daughter).get(api)
    assert seen.status_code == 200 and seen.headers["ETag"].startswith('"elder-')
    done = backend.api(daughter).patch(api, json={"font_scale": 1.25}, headers={"If-Match": seen.headers["ETag"]})
    assert done.status_code == 200 and done.json()["preferences_set"] == ["font_scale"]
    stale_api = backend.api(son).patch(api, json={"font_scale": 1.0}, headers={"If-Match": seen.headers["ETag"]})
    assert stale_api.status_code == 412
    # He saves 标准 from the page he opened before: not saved; the page shows what is set now.
    answer = son_phone.post(url, data=form_of(opened.text, font_scale="1"), allow_redirects=False)
    assert answer.status_code == 409 and words in page_text(answer)
    assert 'id="display-stale"' in answer.text
    assert backend.api(son).get(api).json()["preferences"]["font_scale"] == 1.25
    # From the page he is shown now, it is saved.
    again = son_phone.post(url, data=form_of(answer.text, font_scale="1"), allow_redirects=False)
    assert again.status_code == 303
    assert backend.api(son).get(api).json()["preferences"]["font_scale"] == 1.0


def test_the_page_in_english(backend):
    daughter = backend.sign_in("o-daughter", name="陈静", phone="13764561234")
    backend.bind(daughter, "zhang")
    text = page_text(browser(daughter, "en").get(f"{backend.url}/h5/elders/{backend.centre.elders['zhang']}/display"))
    for words in ("Text size", "Language", "Volume", "Not chosen"):
        assert words in text, words
