"""A member is offered only what their binding allows: for each permission set a family member
may hold (view; view+alerts; view+book; all), every H5 page reachable from the home page is
visited, every form on it submitted with each of its buttons (as a browser would, CSRF token and
all), and every screen of the JSON flow is walked through each item it offers — nothing offered
may end in a refusal (403, "您没有权限"). And what ``book`` allows must be offered to who has it."""
from __future__ import annotations

import html
import re
import uuid
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import tinyhtml5

from tests.page_text import page_text

pytestmark = pytest.mark.integration

PERMISSION_SETS = {"view": ["view"], "view_alerts": ["view", "alerts"], "view_book": ["view", "book"],
                   "all": ["view", "book", "alerts"]}
REFUSED = ("您没有权限", "不能替老人办理")
LAST = ("/logout", "/revoke")  # forms that end what the rest needs: submitted after all others
VERSION = re.compile(r'name="version" value="([^"]*)"')  # the contacts list a form was made from


def _parse(text: str) -> Any:
    return tinyhtml5.parse(text, namespace_html_elements=False)


def links_and_forms(base: str, text: str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """Same-site GET links, and each form × each of its submit buttons as a browser sends it."""
    root = _parse(text)
    links = []
    for a in root.iter("a"):
        href = a.get("href") or ""
        if href.startswith("/") and not href.startswith("//") and "tel:" not in href:
            links.append(urlsplit(urljoin(base, href)).path + (f"?{urlsplit(href).query}" if "?" in href else ""))
    forms = []
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or urlsplit(base).path
        fields = {i.get("name"): i.get("value") or "" for i in form.iter("input")
                  if i.get("name") and i.get("type") in ("hidden", None, "text", "tel")}
        for t in form.iter("textarea"):
            fields[t.get("name")] = "周日我来看您"
        for sel in form.iter("select"):
            options = [o.get("value") for o in sel.iter("option") if o.get("value")]
            fields[sel.get("name")] = options[0] if options else ""
        buttons = [b for b in form.iter("button") if (b.get("type") or "submit") == "submit"]
        for b in buttons or [None]:
            data = dict(fields)
            if b is not None and b.get("name"):
                data[b.get("name")] = b.get("value") or ""
            forms.append((action, data))
    return links, forms


def refused(answer: requests.Response) -> bool:
    return answer.status_code == 403 or any(word in page_text(answer) for word in REFUSED)


def fill(path: str, data: dict[str, str]) -> dict[str, str]:
    """What a member types into the forms that need words (the rest are buttons)."""
    if path.endswith("/contacts"):
        return {**data, "name": "王芳", "relation": "邻居", "phone": f"135{uuid.uuid4().int % 10**8:08d}"}
    if path.endswith("/profile"):
        return {**data, "name": "陈静"}
    if path.endswith("/bind"):
        return {**data, "how": "phone", "elder_phone": "13621873305", "elder_name": "李国强", "book": "no"}
    if path.endswith("/bind/code"):  # the second form on the page: its own field names
        return {**data, "show-elder_phone": "13621873305", "show-elder_name": "李国强"}
    return data


@pytest.fixture
def open_things(backend) -> dict[str, str]:
    """张桂兰 with a request still open (cancellable) and an alarm going on."""
    c = backend.centre
    made = backend.agent().post(f"{c.url}/v1/requests", json={
        "elder_id": c.elders["zhang"], "service": "consultation", "mode": "call",
        "form": {"topic": "降压药怎么吃"}}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status_code == 201, made.text
    return {"request": made.json()["id"], "alarm": backend.raise_alarm("zhang")["id"]}


@pytest.mark.parametrize("perms", sorted(PERMISSION_SETS))
def test_no_h5_page_offers_what_the_binding_refuses(backend, open_things, perms):
    token = backend.sign_in(f"o-offer-{perms}", name="陈静", phone=None)
    backend.bind(token, "zhang", permissions=PERMISSION_SETS[perms])
    browser = requests.Session()
    browser.cookies.set("onekey_mp", token)
    zhang = backend.centre.elders["zhang"]
    start = ["/h5/", f"/h5/requests/{open_things['request']}", f"/h5/alarms/{open_things['alarm']}"]
    seen: set[str] = set()
    todo = deque(start)
    forms: dict[tuple[str, tuple], dict[str, str]] = {}
    wrong = []
    while todo:
        path = todo.popleft()
        if path.split("?")[0] in seen or "slip.pdf" in path:
            continue
        seen.add(path.split("?")[0])
        page = browser.get(backend.url + path, timeout=30)
        if refused(page):
            wrong.append(f"GET {path} offered but refused")
            continue
        if "text/html" not in page.headers.get("Content-Type", ""):
            continue
        here = urlsplit(page.url).path
        links, found = links_and_forms(page.url, page.text)
        todo.extend(link for link in links if link.startswith(("/h5/", "/r/")) and "/login" not in link)
        for action, data in found:
            forms.setdefault((action, tuple(sorted((k, v) for k, v in data.items() if k != "csrf_token"))),
                             {"__from": here, **data})
    assert seen >= {"/h5/", f"/h5/elders/{zhang}", f"/h5/elders/{zhang}/contacts", f"/h5/elders/{zhang}/notes"}
    may_book = "book" in PERMISSION_SETS[perms]
    # Booking is offered exactly to those who may book.
    elder_page = browser.get(f"{backend.url}/h5/elders/{zhang}").text
    for service in ("registration", "taxi", "refill", "escort", "special_vehicle", "policies", "nearby",
                    "device_application"):  # a sub-menu's too
        assert (f'id="do-{service}"' in elder_page) == may_book, service
    request_page = browser.get(f"{backend.url}/h5/requests/{_open_request(backend)}").text
    assert ("request-cancel" in request_page) == may_book
    contacts_page = browser.get(f"{backend.url}/h5/elders/{zhang}/contacts").text
    assert ("contact-add" in contacts_page) == may_book and ("上移" in contacts_page) == may_book
    walked = browser.get(f"{backend.url}/h5/elders/{zhang}/do/registration", allow_redirects=False)
    assert walked.status_code == (303 if may_book else 403)
    if not may_book:  # a typed address is refused at once, not after the whole form
        assert "不能替老人办理" in page_text(walked) and "确认办理" not in page_text(walked)
    ordered = sorted(forms.items(), key=lambda kv: kv[0][0].endswith(LAST))
    for (action, _), data in ordered:
        sent = fill(action, {k: v for k, v in data.items() if k != "__from"})
        if "version" in sent:  # a form made from a list: as a person would, look at it again first
            sent["version"] = html.unescape(VERSION.search(browser.get(backend.url + data["__from"]).text).group(1))
        answer = browser.post(backend.url + action, data=sent, timeout=30)
        if refused(answer):
            wrong.append(f"POST {action} {sent.get('kind') or sent.get('value') or ''} (from {data['__from']}) "
                         f"offered but refused: {answer.status_code}")
        elif answer.status_code >= 400 and answer.status_code != 422:
            wrong.append(f"POST {action} from {data['__from']}: HTTP {answer.status_code}")
    assert wrong == [], "\n".join(wrong)


def _open_request(backend) -> str:
    c = backend.centre
    made = backend.agent().post(f"{c.url}/v1/requests", json={
        "elder_id": c.elders["zhang"], "service": "consultation", "mode": "call",
        "form": {"topic": "医保报销"}}, headers={"Idempotency-Key": uuid.uuid4().hex})
    return made.json()["id"]


def _events(screen: dict[str, Any]) -> list[dict[str, Any]]:
    top = screen.get("popup") or screen
    events = [{"kind": "select", "value": i["id"]} for i in top.get("items") or []]
    events += [{"kind": i["id"]} for i in screen.get("nav") or [] if i["id"] != "home"]
    if screen.get("input") and not screen.get("popup"):
        events.append({"kind": "input", "value": "医保报销"})
    return events


@pytest.mark.parametrize("perms", sorted(PERMISSION_SETS))
def test_no_flow_screen_offers_what_the_binding_refuses(backend, open_things, perms):
    """Every screen of the JSON flow within four steps of home, every item and nav key on it."""
    token = backend.sign_in(f"o-flow-{perms}", name="陈静", phone=None)
    backend.bind(token, "zhang", permissions=PERMISSION_SETS[perms])
    api = backend.api(token)
    url = f"{backend.url}/api/v1/flow"
    zhang = backend.centre.elders["zhang"]

    def replay(path: list[dict[str, Any]]) -> dict[str, Any]:
        step = api.post(url, json={"elder_id": zhang})
        assert step.status_code == 201, step.text
        body = step.json()
        for event in path:
            answer = api.post(f"{url}/{body['session']}", json=event)
            assert answer.status_code == 200, (path, answer.text)
            body = answer.json()
            assert body["elder"] == {"id": zhang, "name": "张桂兰"}, path
        return body

    home = replay([])
    assert home["elder"] == {"id": zhang, "name": "张桂兰"}  # whom the steps act for, to name on each
    tiles = {i["id"] for i in home["screen"]["items"]}
    may_book = "book" in PERMISSION_SETS[perms]
    assert ({"registration", "taxi", "menu:more", "emergency"} <= tiles) == may_book
    assert not may_book or "help" in {i["id"] for i in home["screen"]["nav"]}
    assert {"my_requests", "messages"} <= tiles
    assert "repeat" not in {i["id"] for i in home["screen"]["nav"]}  # a silent page: no 重听
    seen = {home["screen"]["id"]}
    todo = deque([([], home)])
    wrong = []
    while todo:
        path, body = todo.popleft()
        if len(path) >= 4:
            continue
        for event in _events(body["screen"]):
            if event.get("value") in ("confirm", "emergency") or event["kind"] == "sos":
                continue  # a real booking or alarm each time: the centre's refusal is what is checked below
            after = replay(path + [event])
            screen = after["screen"]
            if screen["id"] == "error:forbidden" or "您没有权限" in str(screen):
                wrong.append(f"{[e.get('value') or e['kind'] for e in path + [event]]}: {screen['id']}")
            if "repeat" in {i["id"] for i in screen.get("nav") or []}:
                wrong.append(f"{screen['id']} offers 重听")
            if screen["id"] not in seen:
                seen.add(screen["id"])
                todo.append((path + [event], after))
    assert wrong == [], "\n".join(wrong)
    assert any(s.startswith("detail:request") for s in seen)
    assert any(s.startswith("review:") for s in seen) == may_book
