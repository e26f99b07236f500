"""The H5 pages in Debian's chromium at two phone sizes (375×667, 414×896): sign in through
the 随申办 sandbox, book a registration for a bound parent, see a request's status change,
follow an alarm's timeline live and answer 我马上过去, download the slip; every page at the
WeChat care-mode size and at 200% text with nothing overlapping and no sideways scrolling.
Screenshots go to docs/ with ONEKEY_UPDATE_DOCS=1 (tests/browser/conftest.py)."""
from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from call_center.alarms import hosting
from shared_ui.client import CenterClient
from tests.browser.conftest import phone_tab
from tests.miniprogram_api.servers import backend, centre, fake_ssb, fake_wechat, make_backend  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PHONES = {"375": {"width": 375, "height": 667}, "414": {"width": 414, "height": 896}}
# 张桂兰 and her contacts do not answer; 110 does: the escalation walks on by itself.
SILENT = "13788921546=no_answer;13764561234=no_answer;13585671230=no_answer;110=answered"

NO_OVERLAP = """() => {
  const boxes = [...document.querySelectorAll('a, button, input, select, textarea, h1, h2, p, dt, dd, li, label')]
    .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden'))
    .map(e => ({e, r: e.getBoundingClientRect()}))
    .filter(b => b.r.width > 0 && b.r.height > 0);
  const clash = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
    const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (x > 1 && y > 1) clash.push((a.e.id || a.e.tagName) + ' / ' + (b.e.id || b.e.tagName) + ': ' + (a.e.textContent || '').trim().slice(0, 20));
  }
  const wide = document.documentElement.scrollWidth - window.innerWidth;
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  return {clash, wide, twice};
}"""


# Each visible text node, with the line (its top) every character was set on.
CHARACTER_LINES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.data.trim() || parent.offsetParent === null || parent.closest('.visually-hidden, script, style, option')) continue;
    const tops = [];
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      tops.push(rects.length ? Math.round(rects[0].top) : null);
    }
    const box = (parent.closest('.unit') ? parent.parentElement : parent).getBoundingClientRect();
    out.push({text: node.data, tops, width: box.width,
              size: parseFloat(getComputedStyle(parent).fontSize)});
  }
  return out;
}"""


# Labels set on more lines than they need (a button's 我马上过去 in three rows of one word).
NEEDLESS_LINES = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('.button, button, h1, h2, dt, dd, label, summary, .row')) {
    if (el.offsetParent === null || el.closest('.visually-hidden')) continue;
    const text = el.textContent.replace(/\\s+/g, ' ').trim();
    // Only a plain label (its text and the units' spans): other children may mean more lines.
    if (!text || el.querySelector(':scope *:not(.unit):not(.units):not(input)')) continue;
    const style = getComputedStyle(el);
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + style.font;
    for (const child of el.childNodes) probe.appendChild(child.cloneNode(true));  // a radio too
    el.parentNode.appendChild(probe);
    const natural = probe.getBoundingClientRect().width;
    probe.remove();
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b);
    let lines = tops.length ? 1 : 0;
    for (let i = 1; i < tops.length; i++) if (tops[i] - tops[i - 1] > parseFloat(style.fontSize) * 0.6) lines++;
    if (natural < room * 0.9 && lines > 1) bad.push(text.slice(0, 24));  // (gaps, margins: slack)
  }
  return bad;
}"""


def broken_units(page: Any) -> list[str]:
    """Units (1203室, 主治医师, 12月5日) set across two lines although they fit on one: the
    rules of ``accessibility.line_breaks`` applied to what chromium laid out, node by node."""
    from accessibility.line_breaks import ems, units

    broken = []
    for node in page.evaluate(CHARACTER_LINES):
        at = 0
        for unit in units(node["text"]):
            tops = {t for c, t in zip(unit, node["tops"][at:at + len(unit)]) if t is not None and not c.isspace()}
            at += len(unit)
            if len(tops) > 1 and ems(unit.strip()) * node["size"] < node["width"]:
                broken.append(unit)
    return broken


@pytest.fixture
def escalating_centre(make_live_center) -> Iterator[Any]:
    server = make_live_center(alarm_ack_timeout_s=1, alarm_callback_interval_s=1,
                              alarm_keep_calling_interval_s=60, alarm_sim_calls=SILENT,
                              alarm_sim_call_latency_ms=3500)  # a phone rings a while
    loop = hosting.start_thread(server.app.extensions["onekey_alarms"])
    yield server
    loop.stop()


@pytest.fixture
def h5(escalating_centre, fake_wechat, fake_ssb, tmp_path) -> Iterator[Any]:  # noqa: F811
    from miniprogram_api.app import create_app, stop
    from miniprogram_api.sandbox.serving import Served

    app = create_app({"centre_url": escalating_centre.url, "service_token": escalating_centre.tokens["service"],
                      "db_url": f"sqlite:///{tmp_path / 'mp.db'}", "alerts": False,
                      **fake_ssb.fake.settings(fake_ssb.server.url)})
    served = Served(app).start()
    served.centre = escalating_centre
    yield served
    served.stop()
    stop(app)


def looks_right(page: Any, where: str) -> None:
    found = page.evaluate(NO_OVERLAP)
    assert found["wide"] <= 0, f"{where}: {found['wide']} px of sideways scrolling"
    assert found["clash"] == [], f"{where}: overlapping {found['clash'][:5]}"
    assert found["twice"] == [], f"{where}: ids used more than once"
    assert broken_units(page) == [], f"{where}: a line breaks inside these"
    assert page.evaluate(NEEDLESS_LINES) == [], f"{where}: set on more lines than they need"


def sign_in(page: Any, h5: Any) -> None:
    page.goto(f"{h5.url}/h5/")
    page.click("#login-ssb")
    page.click("#as-ssb-demo-chenjing")  # the sandbox's 随申办 sign-in page
    page.wait_for_url(f"{h5.url}/h5/")
    assert "陈静，您好" in page.inner_text("h1")


@pytest.mark.parametrize("phone", sorted(PHONES))
def test_a_family_member_books_follows_and_answers_on_a_phone(chromium, h5, docs_dir: Path, phone: str):
    centre = h5.centre
    context = chromium.new_context(viewport=PHONES[phone], locale="zh-CN", device_scale_factor=2,
                                   has_touch=True, is_mobile=True, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status == 404 else None)
    zhang = centre.elders["zhang"]
    try:
        sign_in(page, h5)
        assert page.locator(f"#parent-{zhang}").is_visible()
        page.screenshot(path=str(docs_dir / f"h5-home-{phone}.png"), full_page=True)

        # Book a registration for 张桂兰: the engine's review, then 确认办理.
        page.click(f"#parent-{zhang} >> text=办事和进度")
        page.click("#do-registration")
        assert page.locator("#screen").get_attribute("data-screen") == "review:registration"
        assert "心内科" in page.inner_text(".facts")
        page.screenshot(path=str(docs_dir / f"h5-book-{phone}.png"), full_page=True)
        page.click("#item-confirm")
        assert page.locator("#screen").get_attribute("data-screen").startswith("result")
        assert "挂号成功" in page.inner_text("#screen h1") and "心内科" in page.inner_text("#screen .facts")
        page.click("#open-request")
        assert page.inner_text("#request-status") == "已办好"  # the one table (personal_data/status_words.py)
        page.screenshot(path=str(docs_dir / f"h5-request-{phone}.png"), full_page=True)

        # The slip, as the kiosk would print it.
        with page.expect_download() as got:
            page.click("#slip-a5")
        pdf = Path(got.value.path())
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "心内科" in text and "复旦大学附属中山医院" in text

        # A request's status changes at the centre; the page shows it.
        request_id = page.url.rsplit("/", 1)[1]
        agent = requests.Session()
        agent.headers.update(centre.headers("agent"))
        moved = agent.post(f"{centre.url}/v1/requests/{request_id}/transitions",
                           json={"to": "completed", "note": "已就诊"},
                           headers={"Idempotency-Key": uuid.uuid4().hex})
        assert moved.status_code == 200, moved.text
        page.reload()
        assert page.inner_text("#request-status") == "已完成"

        # The button beside today's check-in: an agent phones her (no number reaches the phone).
        page.goto(f"{h5.url}/h5/elders/{zhang}")
        page.click(f"#call-{zhang}")
        assert "已请话务员给老人打电话" in page.inner_text("main")
        queued = agent.get(f"{centre.url}/v1/requests", params={"elder_id": zhang, "service": "help"}).json()
        assert queued and queued[0]["mode"] == "call" and queued[0]["channel"] == "miniprogram"

        # An alarm on 张桂兰's TV: the home page shows it; its timeline moves by itself.
        raised = requests.post(f"{centre.url}/v1/alarms", json={"elder_id": zhang},
                               headers={**centre.headers("tv_zhang"), "Idempotency-Key": uuid.uuid4().hex})
        assert raised.status_code == 201
        alarm_id = raised.json()["id"]
        page.goto(f"{h5.url}/h5/")
        page.click(f"#alarm-{alarm_id}")
        page.wait_for_selector("#alarm-headline")
        first = page.inner_text("#alarm-steps")
        # Without a reload: the call-backs, then the contacts — the first contact is 陈静 herself.
        page.locator("#alarm-headline", has_text="正在联系您").wait_for(timeout=40_000)
        assert page.inner_text("#alarm-steps") != first and "回拨" in page.inner_text("#alarm-steps")
        page.screenshot(path=str(docs_dir / f"h5-alarm-{phone}.png"), full_page=True)
        page.click("#answer-coming")
        assert "您马上过去" in page.inner_text("#alarm-my-answer")
        state = agent.get(f"{centre.url}/v1/alarms/{alarm_id}").json()
        assert state["phase"] == "keep_calling" and any(p["kind"] == "family" for p in state["parties"])
        agent.post(f"{centre.url}/v1/alarms/{alarm_id}/cancel", json={"by": "agent"},
                   headers={"Idempotency-Key": uuid.uuid4().hex})

        # Every page at the care-mode size and at 200%: nothing overlaps, nothing scrolls sideways.
        pages = ["/h5/", f"/h5/elders/{zhang}", f"/h5/requests/{request_id}", f"/h5/alarms/{alarm_id}",
                 f"/h5/elders/{zhang}/notes", f"/h5/elders/{zhang}/contacts", "/h5/bind", "/h5/login"]
        for scale in ("1.32", "2"):
            for path in pages:
                page.goto(f"{h5.url}{path}?fs={scale}")
                looks_right(page, f"{path} at {scale}")
            page.goto(f"{h5.url}/h5/elders/{zhang}/do/taxi?fs={scale}")
            looks_right(page, f"the taxi review at {scale}")
        page.goto(f"{h5.url}/h5/elders/{zhang}?fs=2")
        page.screenshot(path=str(docs_dir / f"h5-elder-200-{phone}.png"), full_page=True)
        page.goto(f"{h5.url}/h5/?fs=1")
    finally:
        context.close()
    assert errors == [], errors


def test_a_slip_qr_link_opens_its_request_after_signing_in(chromium, h5):
    from accessibility.slips.reference import sign_reference
    from accessibility.slips.config import SlipConfig

    centre = h5.centre
    made = requests.post(f"{centre.url}/v1/requests", json={
        "elder_id": centre.elders["chen"], "service": "consultation", "mode": "call",
        "form": {"topic": "医保报销"}}, headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex})
    request_id = made.json()["id"]
    reference = sign_reference(request_id, SlipConfig.from_env().secret)
    context = chromium.new_context(viewport=PHONES["375"], locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{h5.url}/r/{reference}")
        page.click("#login-ssb")
        page.click("#as-ssb-demo-chenjing")
        page.wait_for_url(f"{h5.url}/h5/requests/{request_id}")
        assert "咨询" in page.inner_text("h1")
        page.goto(f"{h5.url}/r/{reference[:-2]}xx")  # an altered reference opens nothing
        assert "核对不上" in page.inner_text("main")
    finally:
        context.close()


# What each page is for: its h1 and its primary action (None: the page's content is the task).
FIRST_SCREEN = """(primary) => {
  const box = (e) => e ? e.getBoundingClientRect() : null;
  const h1 = box(document.querySelector('main h1'));
  const act = primary ? box(document.querySelector(primary)) : null;
  return {h1: h1 && {top: h1.top + scrollY, bottom: h1.bottom + scrollY},
          act: act && {top: act.top + scrollY, bottom: act.bottom + scrollY}, height: innerHeight};
}"""
CHROME_MAX = 0.15  # what stands above a page's h1 (the brand, the way to the text size): ≤ 15% of the screen


def test_the_task_comes_first_at_every_text_size(chromium, h5, docs_dir: Path):
    """At 375×667 and 414×896, at every text size, on every page: the h1 and the primary action
    are on the first screen wherever the page's own content lets them fit; nothing overlaps,
    nothing scrolls sideways."""
    from miniprogram_api.h5.look import FONT_SCALES

    centre = h5.centre
    zhang = centre.elders["zhang"]
    made = requests.post(f"{centre.url}/v1/requests", json={
        "elder_id": zhang, "service": "consultation", "mode": "call", "form": {"topic": "降压药怎么吃"}},
        headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex})
    request_id = made.json()["id"]
    raised = requests.post(f"{centre.url}/v1/alarms", json={"elder_id": zhang},
                           headers={**centre.headers("tv_zhang"), "Idempotency-Key": uuid.uuid4().hex})
    alarm_id = raised.json()["id"]
    for phone in sorted(PHONES):
        context = chromium.new_context(viewport=PHONES[phone], locale="zh-CN", device_scale_factor=1,
                                       has_touch=True, is_mobile=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            sign_in(page, h5)
            page.goto(f"{h5.url}/h5/elders/{zhang}")
            binding = page.get_attribute("a[href^='/h5/bindings/']", "href")
            pages = {
                "/h5/": "#main .parent .button.primary", f"/h5/elders/{zhang}": "#do-registration",
                f"/h5/requests/{request_id}": "#slip-a5", f"/h5/alarms/{alarm_id}": "#answer-coming",
                f"/h5/elders/{zhang}/notes": "#preset-visit_sunday", f"/h5/elders/{zhang}/contacts": None,
                "/h5/bind": "#bind-submit", "/h5/profile": "#profile-save", binding: "#binding-open",
                f"/h5/elders/{zhang}/do/taxi": "#item-confirm", "/r/not-a-slip": "#slip-home",
            }
            wrong = []
            for scale in FONT_SCALES:
                for path, primary in pages.items():
                    page.goto(f"{h5.url}{path}{'&' if '?' in path else '?'}fs={scale}")
                    where = f"{phone} {path} at {scale}"
                    looks_right(page, where)
                    got = page.evaluate(FIRST_SCREEN, primary)
                    if got["h1"] is None or (primary and got["act"] is None):
                        wrong.append(f"{where}: no h1 or no {primary}")
                        continue
                    if got["h1"]["top"] > CHROME_MAX * got["height"]:
                        wrong.append(f"{where}: the h1 starts {got['h1']['top']:.0f} px down")
                    if got["h1"]["bottom"] > got["height"]:
                        wrong.append(f"{where}: the h1 is below the first screen")
                    if primary:
                        fits = got["act"]["bottom"] - got["h1"]["top"] <= got["height"] * (1 - CHROME_MAX)
                        if fits and got["act"]["bottom"] > got["height"]:
                            wrong.append(f"{where}: {primary} at {got['act']['bottom']:.0f} px, below the first screen")
            page.goto(f"{h5.url}/h5/alarms/{alarm_id}?fs=2")
            page.screenshot(path=str(docs_dir / f"h5-alarm-200-{phone}.png"))
            # The picker waits folded at the foot of every page, and is kept once chosen.
            page.goto(f"{h5.url}/h5/")
            page.click("#sizes summary")
            page.click("#fs-1_6")
            assert page.get_attribute("html", "class") == "fs-160"
            page.goto(f"{h5.url}/h5/elders/{zhang}")
            assert page.get_attribute("html", "class") == "fs-160" and "特大" in page.inner_text("#sizes summary")
            page.goto(f"{h5.url}/h5/?fs=1")
            context.clear_cookies()  # and the sign-in page, for someone not signed in
            for scale in FONT_SCALES:
                page.goto(f"{h5.url}/h5/login?fs={scale}")
                looks_right(page, f"{phone} /h5/login at {scale}")
                got = page.evaluate(FIRST_SCREEN, "#login-ssb")
                if got["h1"]["top"] > CHROME_MAX * got["height"] or got["act"]["bottom"] > got["height"]:
                    wrong.append(f"{phone} /h5/login at {scale}: {got}")
            assert wrong == [], "\n".join(wrong)
        finally:
            context.close()


@pytest.mark.parametrize("phone", ["375"])
def test_sos_for_a_parent_is_a_question_and_not_now_sends_nothing(chromium, h5, docs_dir: Path, phone: str):
    """One tap on 紧急求助 raised a real alarm for the parent (review of issue 15): now it asks."""
    centre = h5.centre
    context = chromium.new_context(viewport=PHONES[phone], locale="zh-CN", device_scale_factor=2,
                                   has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    zhang = centre.elders["zhang"]
    agent = CenterClient(centre.url, centre.tokens["agent"])
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/elders/{zhang}/do/emergency")
        assert page.inner_text("#screen h1") == "要为张桂兰呼叫救援吗？"
        assert page.locator("#item-raise").is_visible() and page.locator("#item-not_now").is_visible()
        looks_right(page, "the SOS question")
        page.screenshot(path=str(docs_dir / f"h5-sos-question-{phone}.png"), full_page=True)
        page.reload()  # a reload (or leaving) sends nothing either
        page.click("#item-not_now")
        assert [a for a in agent.open_alarms() if a.get("elder_id") == zhang] == []
        page.goto(f"{h5.url}/h5/elders/{zhang}/do/emergency")
        page.click("#item-raise")
        raised = [a for a in agent.open_alarms() if a.get("elder_id") == zhang]
        assert len(raised) == 1 and "张桂兰" in page.inner_text("#screen")
        agent.cancel_alarm(raised[0]["id"])
    finally:
        context.close()


def test_a_save_from_a_list_someone_changed_shows_the_list_as_it_is_now(chromium, h5, docs_dir: Path):
    """陈静 opens her mother's emergency contacts; meanwhile an agent, on the phone with her
    brother, adds a neighbour. Her 添加 is not saved over it: the page shows the list now with a
    sentence saying so, keeps what she typed, and her second 添加 goes through."""
    centre = h5.centre
    context, page, errors = phone_tab(chromium, PHONES["375"])
    zhang = centre.elders["zhang"]
    agent = CenterClient(centre.url, centre.tokens["agent"])
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/elders/{zhang}/contacts?fs=2")  # at 200% text, kept from here on
        assert "王芳" not in page.inner_text("ol.contacts")
        listed, version = agent.contacts_versioned(zhang)
        agent.replace_contacts(zhang, [*({"id": c["id"]} for c in listed),
                                       {"name": "王芳", "relation": "邻居", "phone": "021-62345678"}], version)
        page.fill("#name", "李梅")
        page.fill("#relation", "其他亲属")
        page.fill("#phone", "13611112222")
        page.click("#contact-add")
        stale = page.locator("#contacts-stale")
        assert stale.is_visible() and "改过紧急联系人" in stale.inner_text() and "没有保存" in stale.inner_text()
        assert "王芳" in page.inner_text("ol.contacts") and "李梅" not in page.inner_text("ol.contacts")
        assert page.input_value("#name") == "李梅" and page.input_value("#phone") == "13611112222"
        assert "没有办成" not in page.inner_text("main")  # the list, not an error page
        looks_right(page, "the contacts someone changed meanwhile, at 200%")
        page.screenshot(path=str(docs_dir / "h5-contacts-changed-375.png"), full_page=True)
        page.click("#contact-add")  # she has looked: the same words, from the list shown now
        page.wait_for_url(f"{h5.url}/h5/elders/{zhang}/contacts")
        assert page.locator("#contacts-stale").count() == 0
        assert [c["name"] for c in agent.contacts(zhang)][-2:] == ["王芳", "李梅"]
        page.goto(f"{h5.url}/h5/?fs=1")
    finally:
        context.close()
    assert errors == [], errors


def test_a_live_alarm_page_that_cannot_refresh_says_so(chromium, h5, docs_dir: Path):
    """The family's live alarm page kept showing old steps, as if current, while nothing could
    be fetched (the phone offline, the back end or the centre down). After two failed refreshes
    it says it may not be the latest (and 120 in an emergency); the next good one hides that."""
    centre = h5.centre
    zhang = centre.elders["zhang"]
    raised = requests.post(f"{centre.url}/v1/alarms", json={"elder_id": zhang},
                           headers={**centre.headers("tv_zhang"), "Idempotency-Key": uuid.uuid4().hex})
    alarm_id = raised.json()["id"]
    context = chromium.new_context(viewport=PHONES["375"], locale="zh-CN", device_scale_factor=1,
                                   has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/alarms/{alarm_id}")
        notice = page.locator("#timeline-stale")
        assert notice.is_hidden()
        for failure in ("offline", "a 503 from the back end"):
            if failure == "offline":
                page.route("**/live", lambda route: route.abort("internetdisconnected"))
            else:
                page.route("**/live", lambda route: route.fulfill(status=503, body="centre down"))
            notice.wait_for(state="visible", timeout=12_000)
            assert "可能不是最新" in notice.inner_text() and "120" in notice.inner_text()
            looks_right(page, f"the alarm page, {failure}")
            if failure == "offline":
                page.screenshot(path=str(docs_dir / "h5-alarm-stale-375.png"), full_page=True)
            page.unroute("**/live")
            notice.wait_for(state="hidden", timeout=12_000)
    finally:
        context.close()
        requests.post(f"{centre.url}/v1/alarms/{alarm_id}/cancel", json={"by": "agent"},
                      headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex})


def test_the_bind_page_shows_only_the_chosen_ways_fields(chromium, h5, docs_dir: Path):
    """绑定老人 asked for a phone, a name and a code at once (new-user trial #20): now the
    fields of the way chosen under 怎样找到老人 are shown, the other way's are not, the button
    says what it does, and back from 在老人电视上显示绑定码 the code's field is the one shown."""
    context = chromium.new_context(viewport=PHONES["375"], locale="zh-CN", device_scale_factor=2,
                                   has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    phone_fields, code_fields = ["#elder_phone", "#elder_name"], ["#code", "#show-elder_phone", "#code-submit"]
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/bind")
        for how, shown, hidden, button in (("phone", phone_fields, code_fields, "请老人同意"),
                                           ("code", code_fields, phone_fields, "用绑定码绑定")):
            page.check("#how-0" if how == "phone" else "#how-1")
            assert [s for s in shown if not page.locator(s).is_visible()] == [], how
            assert [s for s in hidden if page.locator(s).is_visible()] == [], how
            assert page.inner_text("#bind-submit") == button
            looks_right(page, f"the bind page, by {how}")
            page.screenshot(path=str(docs_dir / f"h5-bind-{how}.png"), full_page=True)
        page.fill("#show-elder_phone", "13788921546")
        page.fill("#show-elder_name", "张桂兰")
        page.click("#code-submit")
        page.wait_for_url("**/h5/bind?how=code")
        assert page.locator("#code").is_visible() and not page.locator("#elder_phone").is_visible()
        assert page.is_checked("#how-1")
    finally:
        context.close()


@pytest.fixture
def h5_behind_a_relay(escalating_centre, fake_ssb, tmp_path) -> Iterator[Any]:  # noqa: F811
    """The H5 back end reaching the centre through a relay the test can cut (tests/relay.py)."""
    from miniprogram_api.app import create_app, stop
    from miniprogram_api.sandbox.serving import Served
    from tests.relay import Relay

    relay = Relay(escalating_centre.url)
    app = create_app({"centre_url": relay.url, "service_token": escalating_centre.tokens["service"],
                      "db_url": f"sqlite:///{tmp_path / 'mp.db'}", "alerts": False, "alarm_retry_poll_s": 0.5,
                      **fake_ssb.fake.settings(fake_ssb.server.url)})
    served = Served(app).start()
    served.centre, served.relay = escalating_centre, relay
    yield served
    served.stop()
    stop(app)
    relay.cut()


def test_an_sos_kept_while_the_centre_is_away_shows_received_by_itself(chromium, h5_behind_a_relay, docs_dir: Path):
    """陈静 presses 确定呼救 for her mother while the centre cannot be reached: the page says it
    keeps trying and to call 120, and — with nothing pressed — says 已收到 once the centre is
    back and has the one alarm."""
    h5 = h5_behind_a_relay
    centre = h5.centre
    context = chromium.new_context(viewport=PHONES["375"], locale="zh-CN", device_scale_factor=2,
                                   has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    zhang = centre.elders["zhang"]
    agent = CenterClient(centre.url, centre.tokens["agent"])
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/elders/{zhang}/do/emergency")
        h5.relay.cut()
        page.click("#item-raise")
        shown = page.inner_text("#screen")
        assert "正在反复尝试" in shown and "120" in shown, shown
        looks_right(page, "the kept SOS")
        assert page.locator('#screen-body a[href="tel:120"]').is_visible()  # one tap to the ambulance
        page.screenshot(path=str(docs_dir / "h5-sos-kept-375.png"), full_page=True)
        assert [a for a in agent.open_alarms() if a.get("elder_id") == zhang] == []
        h5.relay.restore()
        page.locator("#screen h1", has_text="已收到").wait_for(timeout=20_000)  # reloaded by itself
        raised = [a for a in agent.open_alarms() if a.get("elder_id") == zhang]
        assert len(raised) == 1 and "张桂兰" in page.inner_text("#screen")
        agent.cancel_alarm(raised[0]["id"])
    finally:
        context.close()


def test_a_taxi_booked_for_her_mother_reads_as_hers_and_the_driver_is_one_tap_away(chromium, h5, docs_dir: Path):
    """The user trial's daughter: what she books for her mother is said about her mother
    (已为张桂兰叫好车, not 已为您叫好车), the driver's number is whole and rings on a tap, and
    办理进度 says when the car comes — at her phone's size and at 200%."""
    centre = h5.centre
    zhang = centre.elders["zhang"]
    context, page, errors = phone_tab(chromium, PHONES["375"])
    try:
        sign_in(page, h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        page.click("#do-taxi")
        assert page.locator("#screen").get_attribute("data-screen") == "review:taxi"
        page.click("#item-confirm")
        assert page.locator("#screen").get_attribute("data-screen") == "result:taxi"
        shown = page.inner_text("#screen")
        assert "张桂兰" in shown and "您" not in shown.replace("为张桂兰办理", ""), shown
        dial = page.locator("#screen .facts a.dial")
        assert dial.count() == 1 and dial.get_attribute("href") == f"tel:{dial.inner_text()}"
        assert len(dial.inner_text()) == 11 and "*" not in dial.inner_text()
        looks_right(page, "the taxi's result")
        page.screenshot(path=str(docs_dir / "h5-taxi-for-another-375.png"), full_page=True)
        page.click("#open-request")
        assert page.inner_text("#request-title").startswith("张桂兰的叫出租车")
        assert "已为张桂兰叫好车" in page.inner_text("#request-said")
        page.goto(f"{h5.url}/h5/elders/{zhang}")
        row = page.inner_text("#progress .row >> nth=0")
        assert "叫出租车" in row and "上车时间" in row, row
        for scale in ("1", "2"):
            page.goto(f"{h5.url}/h5/elders/{zhang}?fs={scale}#progress")
            looks_right(page, f"办理进度 at {scale}")
        page.screenshot(path=str(docs_dir / "h5-progress-200-375.png"), full_page=True)
    finally:
        context.close()
    assert errors == [], errors
