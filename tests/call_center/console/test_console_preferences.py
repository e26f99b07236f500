"""显示设置 on an elder's console page: what her TV shows her (chosen, or 未选 and the box's own),
changed by an agent through a CSRF form, audited, never over a family change made meanwhile,
and followed by her TV (the profile it reads and the event on her household's stream)."""
from __future__ import annotations

import re
import uuid
from typing import Any

from tests.call_center.family_members import bearer, bound

VERSION = re.compile(r'name="prefs-version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="prefs-version"')


def shown_version(html: str) -> str:
    found = VERSION.search(html)
    assert found, "the form carries no version"
    return found.group(1) or found.group(2)


def form_of(html: str, **changed: str) -> dict[str, str]:
    """The form as the page drew it (each select's selected value), with ``changed``."""
    body = {"prefs-version": shown_version(html)}
    for name in ("font_scale", "theme", "locale", "speech_rate", "volume"):
        select = re.search(rf'<select[^>]*name="prefs-{name}"[^>]*>(.*?)</select>', html, re.S)
        assert select, name
        picked = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select.group(1))
        body[f"prefs-{name}"] = (picked.group(1) or picked.group(2) or "") if picked else ""
    body.update({f"prefs-{k}": v for k, v in changed.items()})
    return body


def events(app: Any, tv: str, after: str) -> list[dict]:
    return app.test_client().get("/v1/devices/me/events", query_string={"after": after, "wait": 0},
                                 headers=bearer(app.demo.tokens[tv])).get_json()["events"]


def head(app: Any, tv: str) -> str:
    return app.test_client().get("/v1/devices/me/events", headers=bearer(app.demo.tokens[tv])).get_json()["next"]


def test_her_page_shows_her_settings_chosen_or_left_to_the_box(console: Any) -> None:
    wang, li = console.app.demo.elders["wang"], console.app.demo.elders["li"]
    page = console.text(f"/console/elders/{wang}")
    assert 'id="prefs"' in page and "显示设置" in page
    now = re.search(r'id="prefs-now".*?</dl>', page, re.S).group(0)
    assert "特大" in now and "高对比度" in now  # 王秀英's own (demo data): 1.5, high contrast
    assert re.search(r'id="prefs-now-locale">未选', now)  # nobody chose her language
    li_page = console.text(f"/console/elders/{li}")
    assert li_page.count("未选") >= 5 and 'id="prefs-form"' in li_page


def test_an_agent_changes_only_what_she_asked_and_her_tv_follows(console: Any) -> None:
    app = console.app
    li = app.demo.elders["li"]
    after = head(app, "tv_li")
    page = console.text(f"/console/elders/{li}")
    r = console.post(f"/console/elders/{li}/preferences", form_of(page, font_scale="1.5", theme="high_contrast"))
    assert r.status_code == 303, r.get_data(as_text=True)[:800]
    done = console.text(f"/console/elders/{li}")
    assert "已保存显示设置（字号：特大；颜色：高对比度）" in done
    # What her TV reads: the profile (with its own token) and the event on her household's stream.
    profile = app.test_client().get(f"/v1/elders/{li}", headers=bearer(app.demo.tokens["tv_li"])).get_json()
    assert profile["preferences"]["font_scale"] == 1.5 and profile["preferences"]["theme"] == "high_contrast"
    assert profile["preferences_set"] == ["font_scale", "theme"]  # language, voice: still the box's own
    told = [e for e in events(app, "tv_li", after) if e["kind"] == "preferences"]
    assert len(told) == 1 and told[0]["data"]["preferences_set"] == ["font_scale", "theme"]
    assert [e.detail for e in console.audit("elder_preferences")] == ["显示设置：字号 未选→特大；颜色 未选→高对比度"]
    assert console.audit("elder_preferences")[0].elder_id == li
    # Saved again as drawn: nothing changed, nothing announced, nothing audited.
    again = console.post(f"/console/elders/{li}/preferences", form_of(done))
    assert again.status_code == 303 and len(console.audit("elder_preferences")) == 1
    assert len([e for e in events(app, "tv_li", after) if e["kind"] == "preferences"]) == 1


def test_a_family_change_made_meanwhile_is_not_overwritten(console: Any) -> None:
    app = console.app
    client, li = app.test_client(), app.demo.elders["li"]
    page = console.text(f"/console/elders/{li}")  # the agent opens her page …
    daughter = bound(client, app.demo, "li")
    r = client.patch(f"/v1/elders/{li}/preferences", json={"font_scale": 1.25},
                     headers={**bearer(daughter), "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200  # … her daughter sets 大 on her phone …
    before = console.domain_counts()
    stale = console.post(f"/console/elders/{li}/preferences", form_of(page, font_scale="1"))
    assert stale.status_code == 409  # … and the agent's 标准 from the older page is not saved
    text = stale.get_data(as_text=True)
    assert "刚才有家人或别的话务员改过老人的设置" in text and "字号 标准" in text
    assert re.search(r'id="prefs-now-font_scale">大<', text)  # what is set now
    assert console.domain_counts() == before
    fresh = console.post(f"/console/elders/{li}/preferences", form_of(text, font_scale="1"))
    assert fresh.status_code == 303
    got = client.get(f"/v1/elders/{li}", headers=bearer(app.demo.tokens["agent"])).get_json()
    assert got["preferences"]["font_scale"] == 1.0
    # The daughter's change is in the log too, by who she is.
    assert [(e.username.split(":")[0], e.detail) for e in console.audit("elder_preferences")] == [
        ("family", "显示设置：字号 未选→大"), ("agent1", "显示设置：字号 大→标准")]


def test_a_value_not_offered_or_no_token_is_refused(console: Any) -> None:
    li = console.app.demo.elders["li"]
    page = console.text(f"/console/elders/{li}")
    before = console.domain_counts()
    bad = console.post(f"/console/elders/{li}/preferences", form_of(page, volume="150"))
    assert bad.status_code == 422 and "没有保存" in bad.get_data(as_text=True)
    assert console.post(f"/console/elders/{li}/preferences", form_of(page, volume="100"), csrf=False).status_code == 400
    assert console.domain_counts() == before
