"""What the H5 pages and the JSON API promise beside who may do what: CSRF on every form,
security headers, rate limits on sign-in and binding that every worker shares, OpenAPI, the
request's language, and no way to be sent to another site after signing in."""
from __future__ import annotations

import re

import pytest
import requests

from tests.page_text import page_text

pytestmark = pytest.mark.integration

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def browser(backend, openid: str = "o-h5") -> requests.Session:
    token = backend.sign_in(openid)
    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    return session


def test_a_form_without_its_csrf_token_changes_nothing(backend):
    session = browser(backend)
    zhang = backend.centre.elders["zhang"]
    backend.bind(backend.members["o-h5"], "zhang")
    refused = session.post(f"{backend.url}/h5/elders/{zhang}/notes", data={"preset": "call_me"})
    assert refused.status_code == 400 and "页面已过期" in page_text(refused)
    assert backend.api(backend.members["o-h5"]).get(f"{backend.url}/api/v1/elders/{zhang}/notes").json() == []
    page = session.get(f"{backend.url}/h5/elders/{zhang}/notes")
    token = TOKEN.search(page.text).group(1)
    sent = session.post(f"{backend.url}/h5/elders/{zhang}/notes", data={"preset": "call_me", "csrf_token": token})
    assert sent.status_code == 200 and "已发送" in page_text(sent)
    assert backend.api(backend.members["o-h5"]).get(f"{backend.url}/api/v1/elders/{zhang}/notes").json()


def test_headers_protect_every_answer(backend):
    session = browser(backend)
    page = session.get(f"{backend.url}/h5/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    for answer in (page, requests.get(f"{backend.url}/api/v1/health")):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page_text(page) and " style=" not in page_text(page)  # nothing inline for the CSP to allow


def test_sign_in_and_binding_attempts_are_limited_across_workers(make_backend, tmp_path):
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    one = make_backend(db_url=db, login_limit="3 per minute", binding_limit="2 per minute")
    two = make_backend(db_url=db, login_limit="3 per minute", binding_limit="2 per minute")
    answers = [requests.post(f"{b.url}/api/v1/login/wechat", json={"code": "code-wrong"}).status_code
               for b in (one, two, one, two)]
    assert answers == [401, 401, 401, 429]  # one count for both workers
    limited = requests.post(f"{two.url}/api/v1/login/wechat", json={"code": "code-wrong"})
    assert limited.json()["error"]["code"] == "rate_limited" and "Retry-After" in limited.headers
    # Binding attempts count per member, whichever worker, whichever fresh sign-in.
    member = one.api(_sign_in_unlimited(one, "o-guesser"))
    wrong = {"relation": "朋友", "elder_phone": "13900000000", "elder_name": "王大明"}
    assert member.post(f"{one.url}/api/v1/bindings", json=wrong).status_code == 404
    assert member.post(f"{two.url}/api/v1/bindings", json=wrong).status_code == 404
    again = one.api(_sign_in_unlimited(one, "o-guesser"))
    assert again.post(f"{one.url}/api/v1/bindings", json=wrong).status_code == 429


def _sign_in_unlimited(backend, openid: str) -> str:
    """Sign in through the app's own client (the address limit is spent above)."""
    code = backend.wechat.fake.login_code(openid)
    answer = backend.app.test_client().post("/api/v1/login/wechat", json={"code": code},
                                            environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert answer.status_code == 201, answer.get_json()
    token = answer.get_json()["token"]
    backend.api(token).patch(f"{backend.url}/api/v1/me", json={"name": "王小二"})
    return token


def test_openapi_documents_every_json_endpoint_with_bearer_auth(backend):
    spec = requests.get(f"{backend.url}/openapi.json").json()
    assert spec["openapi"].startswith("3") and spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    paths = set(spec["paths"])
    for rule in backend.app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) in paths, rule.rule
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"BearerAuth": []}]


def test_the_request_language_reaches_the_screens(backend):
    token = backend.sign_in("o-en")
    backend.bind(token, "zhang")
    api = backend.api(token)
    english = api.post(f"{backend.url}/api/v1/flow", json={}, headers={"Accept-Language": "en-US,en;q=0.9"}).json()
    assert "Book a doctor" in [i["label"] for i in english["screen"]["items"]]
    chinese = api.post(f"{backend.url}/api/v1/flow?lang=zh_CN", json={}).json()
    assert "预约挂号" in [i["label"] for i in chinese["screen"]["items"]]
    page = requests.get(f"{backend.url}/h5/login", headers={"Accept-Language": "en"})
    assert "Sign in with Suishenban" in page_text(page) and 'lang="en"' in page_text(page)


def test_after_signing_in_the_next_page_is_always_ours(backend):
    start = requests.get(f"{backend.url}/h5/login/ssb", params={"next": "https://evil.example/x"},
                         allow_redirects=False)
    session = requests.Session()
    session.cookies.update(start.cookies)
    chosen = session.post(start.headers["Location"], data={"sub": "ssb-demo-chenjing"}, allow_redirects=False)
    done = session.get(chosen.headers["Location"], allow_redirects=False)
    assert done.status_code == 303 and done.headers["Location"] == "/h5/"


def test_the_relation_is_chosen_never_assumed(backend):
    """The elder hears "您的女儿…" from it: no default, and a form without it starts nothing."""
    session = browser(backend, "o-relation")
    page = session.get(f"{backend.url}/h5/bind").text
    select = re.search(r'<select[^>]*name="relation"[^>]*>(.*?)</select>', page, re.S)
    assert select and "required" in select.group(0)
    first = re.search(r"<option([^>]*)>", select.group(1)).group(1)
    assert 'value=""' in first and ("selected" in first or "selected" not in select.group(1))
    token = TOKEN.search(page).group(1)
    form = {"csrf_token": token, "how": "phone", "elder_phone": "13788921546", "elder_name": "张桂兰", "book": "yes"}
    for relation in (None, "", "女王"):  # untouched (a browser sends the empty choice), empty, not a relation
        sent = session.post(f"{backend.url}/h5/bind", data={**form, **({"relation": relation} if relation is not None else {})})
        assert sent.status_code == 422 and 'id="relation-error"' in page_text(sent), relation
        if relation is not None and relation != "女王":
            assert "请选择您和老人的关系" in page_text(sent)
    me = backend.api(backend.members["o-relation"]).get(f"{backend.url}/api/v1/me").json()
    assert me["bindings"] == []
    chosen = session.post(f"{backend.url}/h5/bind", data={**form, "relation": "儿子"}, allow_redirects=False)
    assert chosen.status_code == 303
    assert backend.consent_message("zhang")["body"].count("儿子") >= 1


@pytest.mark.parametrize("status", ["submitted", "accepted", "in_progress", "confirmed", "completed", "cancelled",
                                    "failed"])
def test_a_history_line_says_its_note_only_when_the_note_adds_something(status):
    from miniprogram_api.flows import engine_for
    from miniprogram_api.h5.look import says_more

    word = engine_for("zh_CN").status_word(status)
    for same in ("", word, f"{word}。", f"系统{word}", f"系统 {word}。", f"客服{word}", f" {word} "):
        assert not says_more(same, word), (status, same)
    for more in ("已就诊", "医院停诊，改约到周三", f"{word}：复旦大学附属中山医院", "老人说不用了", "号源已满"):
        assert says_more(more, word), (status, more)


def test_the_request_history_does_not_repeat_itself(backend):
    session = browser(backend, "o-history")
    backend.bind(backend.members["o-history"], "zhang")
    c = backend.centre
    made = backend.agent().post(f"{c.url}/v1/requests", json={
        "elder_id": c.elders["zhang"], "service": "consultation", "mode": "call", "form": {"topic": "医保报销"}},
        headers={"Idempotency-Key": __import__("uuid").uuid4().hex}).json()
    backend.agent().post(f"{c.url}/v1/requests/{made['id']}/transitions", json={"to": "accepted", "note": "系统已受理"},
                         headers={"Idempotency-Key": __import__("uuid").uuid4().hex})
    backend.agent().post(f"{c.url}/v1/requests/{made['id']}/transitions", json={"to": "in_progress", "note": "医生下午回电"},
                         headers={"Idempotency-Key": __import__("uuid").uuid4().hex})
    backend.agent().post(f"{c.url}/v1/requests/{made['id']}/cancel", json={},
                         headers={"Idempotency-Key": __import__("uuid").uuid4().hex})
    page = page_text(session.get(f"{backend.url}/h5/requests/{made['id']}"))
    steps = re.search(r'<ol class="steps">(.*?)</ol>', page, re.S).group(1)
    assert "系统已受理" not in steps and "已取消：已取消" not in steps and "已取消" in steps
    assert "医生下午回电" in steps


@pytest.mark.parametrize("proxies", [0, 1])
def test_sign_in_limits_count_the_client_behind_as_many_proxies_as_trusted(make_backend, proxies):
    """With no trusted proxy a caller cannot choose its address with X-Forwarded-For (one count
    for all); behind one, each client's own address is counted (the proxy's is not)."""
    b = make_backend(login_limit="2 per minute", trusted_proxies=proxies)

    def attempt(client: str) -> int:
        return requests.post(f"{b.url}/api/v1/login/wechat", json={"code": "code-wrong"},
                             headers={"X-Forwarded-For": client}).status_code

    answers = [attempt(f"203.0.113.{n}") for n in range(1, 5)]
    if proxies:
        assert answers == [401, 401, 401, 401]  # four clients, each under its limit
        assert [attempt("203.0.113.9") for _ in range(3)] == [401, 401, 429]
    else:
        assert answers == [401, 401, 429, 429]  # the header changes nothing


def test_behind_a_trusted_proxy_the_scheme_and_host_are_the_proxys(make_backend):
    b = make_backend(trusted_proxies=1)
    answer = requests.get(f"{b.url}/h5/login/ssb", allow_redirects=False,
                          headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "family.example.cn"})
    assert "redirect_uri=https%3A%2F%2Ffamily.example.cn%2Fh5%2Flogin%2Fssb%2Fcallback" in answer.headers["Location"]


def test_the_bind_page_has_one_id_per_input_and_takes_a_phone_as_people_type_it(backend):
    """Two forms on one page (bind, and show a code on the TV): every id once, every label for
    its own input; a phone typed in groups or with full-width digits is the same number."""
    import re
    from collections import Counter

    session = browser(backend, "o-bind-page")
    page = session.get(f"{backend.url}/h5/bind").text
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', page):
        assert ids[target] == 1, target
    csrf = re.search(r'<input[^>]*name="show-csrf_token"[^>]*value="([^"]+)"', page)
    assert csrf, "the code form's own CSRF field"
    shown = session.post(f"{backend.url}/h5/bind/code", data={
        "show-csrf_token": csrf.group(1), "show-elder_phone": "137 8892 １５４６",
        "show-elder_name": "张桂兰"}, allow_redirects=False)
    assert shown.status_code == 303, shown.text[:300]


@pytest.mark.parametrize("path", ["/h5/nothing", "/h5/elders/eld_x/nowhere", "/h5/requests"])
def test_an_address_no_page_has_is_a_page_in_words(backend, path):
    """A link cut short or an old bookmark under /h5/ gets a Chinese page, not the API's JSON;
    the JSON API's unknown addresses keep their JSON error."""
    page = requests.get(f"{backend.url}{path}", timeout=10, headers={"Accept-Language": "zh-CN"})
    assert page.status_code in (404, 405) and page.headers["content-type"].startswith("text/html")
    assert "没有找到" in page_text(page) or "不能" in page_text(page), page_text(page)[:200]
    api = requests.get(f"{backend.url}/api/v1/nothing", timeout=10)
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_cancelling_is_asked_again_and_a_cancelled_booking_offers_no_slip(backend):
    """取消这项服务 opens 确定要取消吗？ with what would be cancelled (不取消 first and safe); only
    确定取消 cancels; then the page offers no slip of a booking that no longer stands."""
    import uuid

    session = browser(backend)
    backend.bind(backend.members["o-h5"], "zhang")
    made = backend.agent().post(f"{backend.centre.url}/v1/requests", json={
        "elder_id": backend.centre.elders["zhang"], "service": "consultation", "mode": "call",
        "form": {"topic": "降压药怎么吃"}}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status_code == 201, made.text
    request_id = made.json()["id"]
    page = session.get(f"{backend.url}/h5/requests/{request_id}")
    assert 'id="request-cancel"' in page.text and 'id="slip-a5"' in page.text
    asked = session.get(f"{backend.url}/h5/requests/{request_id}/cancel")
    assert asked.status_code == 200 and "确定要取消吗？" in page_text(asked)
    assert 'id="cancel-no"' in asked.text and 'id="cancel-yes"' in asked.text
    still = session.get(f"{backend.url}/h5/requests/{request_id}")  # asking changed nothing
    assert 'id="request-cancel"' in still.text
    token = TOKEN.search(asked.text).group(1)
    done = session.post(f"{backend.url}/h5/requests/{request_id}/cancel", data={"csrf_token": token},
                        allow_redirects=False)
    assert done.status_code == 303
    after = session.get(f"{backend.url}/h5/requests/{request_id}")
    assert "已取消" in page_text(after)
    assert 'id="slip-a5"' not in after.text and 'id="request-cancel"' not in after.text


@pytest.mark.parametrize("service", ["registration", "taxi", "refill", "escort", "special_vehicle", "policies",
                                     "nearby", "device_application"])
def test_every_step_of_a_service_names_the_parent_it_is_for(backend, service):
    """A member with two parents could not tell on a step whom it books for (new-user trial
    #7): every step of every service's flow says 为张桂兰办理, up to its review or result."""
    session = browser(backend, f"o-whom-{service}")
    backend.bind(backend.members[f"o-whom-{service}"], "zhang")
    zhang = backend.centre.elders["zhang"]
    page = session.get(f"{backend.url}/h5/elders/{zhang}/do/{service}", timeout=30)
    for _ in range(8):
        assert page.status_code == 200, page_text(page)[:200]
        whom = re.search(r'id="for-whom">(.*?)</p>', page.text, re.S)
        assert whom and re.sub(r"<[^>]+>", "", whom.group(1)) == "为张桂兰办理", (service, page_text(page)[:200])
        kind = re.search(r'class="card screen kind-(\w+)"', page.text).group(1)
        if kind in ("review", "result", "error", "notice"):
            break
        values = re.findall(r'<button type="submit" name="value" value="([^"]+)"[^>]*class="[^"]*suggested', page.text) or \
            re.findall(r'<button type="submit" name="value" value="([^"]+)"', page.text)
        if not values:
            break
        page = session.post(page.url, data={"csrf_token": TOKEN.search(page.text).group(1), "kind": "select",
                                            "value": values[0]}, timeout=30)


def test_a_question_with_answers_and_a_box_offers_the_answers_first(backend):
    """申请一键通's phone: 本人电话 and the other numbers on file come first, then 或者输入别的;
    an empty 请输入/确定 box on top read as the first answer (the new-user trial #17)."""
    session = browser(backend)
    zhang = backend.centre.elders["zhang"]
    backend.bind(backend.members["o-h5"], "zhang")
    page = session.get(f"{backend.url}/h5/elders/{zhang}/do/device_application")
    for _ in range(12):
        if 'id="typed"' in page.text:
            break
        token = TOKEN.search(page.text).group(1)
        first = re.search(r'<button type="submit" name="value" value="([^"]+)"', page.text).group(1)
        page = session.post(page.url, data={"csrf_token": token, "kind": "select", "value": first})
    assert 'id="typed"' in page.text, page_text(page)
    html = page.text
    assert html.index('class="actions items"') < html.index('id="typed"')
    assert "或者输入别的" in page_text(page)
    assert 'class="button primary" type="submit" id="typed-submit"' not in html  # the answers lead
