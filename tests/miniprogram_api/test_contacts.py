"""Two phones changing a parent's emergency contacts at once, through the mini-program back end:
the JSON API passes the list's version through (``ETag`` out, ``If-Match`` in) and the centre's
412 back; the H5 page carries it in every form and, when someone saved meanwhile, shows the
list as it is now with a sentence saying so — never an error page, never a silent overwrite."""
from __future__ import annotations

import html
import re

import pytest
import requests

from tests.page_text import page_text

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]*)"')


def family(backend) -> tuple[str, str, str]:
    """The daughter's and the son's tokens, both bound to 张桂兰 with every permission."""
    daughter = backend.sign_in("o-daughter", name="陈静", phone="13764561234")
    son = backend.sign_in("o-son", name="陈伟", phone="13585671230")
    backend.bind(daughter, "zhang")
    backend.bind(son, "zhang", relation="儿子")
    return daughter, son, backend.centre.elders["zhang"]


def browser(token: str) -> requests.Session:
    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    return session


def form_fields(page: str) -> tuple[str, str]:
    return TOKEN.search(page).group(1), html.unescape(VERSION.search(page).group(1))


def test_the_json_api_passes_the_version_through_and_refuses_a_stale_save(backend):
    daughter, son, zhang = family(backend)
    url = f"{backend.url}/api/v1/elders/{zhang}/contacts"
    seen = backend.api(daughter).get(url)
    son_seen = backend.api(son).get(url)
    assert seen.status_code == 200 and seen.headers["ETag"] == son_seen.headers["ETag"]
    listed = [{"id": c["id"]} for c in seen.json()]
    saved = backend.api(daughter).put(url, json={"contacts": [*listed, {"name": "王芳", "relation": "邻居",
                                                                       "phone": "021-62345678"}]},
                                      headers={"If-Match": seen.headers["ETag"]})
    assert saved.status_code == 200 and saved.headers["ETag"] != seen.headers["ETag"]
    stale = backend.api(son).put(url, json={"contacts": list(reversed(listed))},
                                 headers={"If-Match": son_seen.headers["ETag"]})
    assert stale.status_code == 412
    error = stale.json()["error"]
    assert error["code"] == "precondition_failed" and "改过紧急联系人" in error["message"]
    blind = backend.api(son).put(url, json={"contacts": list(reversed(listed))})
    assert blind.status_code == 428 and blind.json()["error"]["code"] == "precondition_required"
    now = backend.api(son).get(url)
    assert [c["name"] for c in now.json()][-1] == "王芳" and now.headers["ETag"] == saved.headers["ETag"]
    spec = backend.app.test_client().get("/openapi.json").get_json()
    put = spec["paths"]["/api/v1/elders/{elder_id}/contacts"]["put"]
    assert {"412", "428"} <= set(put["responses"])
    assert next(p for p in put["parameters"] if p["name"] == "If-Match")["required"] is True
    assert "ETag" in spec["paths"]["/api/v1/elders/{elder_id}/contacts"]["get"]["responses"]["200"]["headers"]


@pytest.mark.parametrize("lang,words", [("zh_CN", "刚才有家人或客服改过紧急联系人"),
                                        ("en", "Someone in the family or an agent has just changed")])
def test_the_page_shows_the_list_as_it_is_now_when_someone_saved_meanwhile(backend, lang, words):
    daughter, son, zhang = family(backend)
    page_url = f"{backend.url}/h5/elders/{zhang}/contacts"
    son_browser = browser(son)
    son_browser.cookies.set("lang", lang)
    opened = son_browser.get(page_url)
    assert opened.status_code == 200
    csrf, version = form_fields(opened.text)
    assert version.startswith('"contacts-') and opened.text.count('name="version"') >= 3  # add, 上移, 删除
    # Meanwhile his sister adds a neighbour from her phone.
    api = f"{backend.url}/api/v1/elders/{zhang}/contacts"
    seen = backend.api(daughter).get(api)
    backend.api(daughter).put(api, json={"contacts": [*({"id": c["id"]} for c in seen.json()),
                                                      {"name": "王芳", "relation": "邻居", "phone": "021-62345678"}]},
                              headers={"If-Match": seen.headers["ETag"]}).raise_for_status()
    # He adds their aunt from the page he opened: not saved; the page shows the list now.
    typed = {"name": "李梅", "relation": "其他亲属", "phone": "13611112222"}
    answer = son_browser.post(page_url, data={"csrf_token": csrf, "version": version, **typed},
                              allow_redirects=False)
    shown = page_text(answer)
    assert answer.status_code == 409 and words in shown
    assert 'id="contacts-stale"' in shown and "没有办成" not in shown and "It did not go through" not in shown
    assert "王芳" in shown and "李梅" not in shown.split('id="contact-form"')[0]
    assert 'value="李梅"' in shown  # what he typed is still in the form
    names = [c["name"] for c in backend.api(son).get(api).json()]
    assert "王芳" in names and "李梅" not in names
    # 上移 from the old page is refused the same way, and changes nothing.
    first = seen.json()[1]["id"]
    moved = son_browser.post(f"{page_url}/{first}/up", data={"csrf_token": csrf, "version": version},
                             allow_redirects=False)
    assert moved.status_code == 409 and words in page_text(moved)
    assert [c["name"] for c in backend.api(son).get(api).json()] == names
    # He looks at the list he is shown now and adds her again: saved.
    csrf, version = form_fields(answer.text)
    again = son_browser.post(page_url, data={"csrf_token": csrf, "version": version, **typed}, allow_redirects=False)
    assert again.status_code == 303
    assert [c["name"] for c in backend.api(son).get(api).json()] == [*names, "李梅"]
