"""The family and the elder's TV, end to end with real servers and the real TV app (Kivy,
offscreen) driven by its remote: a binding asked on the phone pops up on the TV and is read
aloud, OK agrees; a note from the phone pops up and is read aloud, and the phone sees when it
was heard; in 消息 the elder ends the binding with 解除绑定 — the phone is refused at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.tv_app.test_tv_ui import ARTIFACTS, bound_tv, check_focus, focus_on

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_consent_a_note_and_revocation_on_the_tv(backend, tmp_path: Path):
    centre = backend.centre
    tv = bound_tv(centre, "tv_zhang", tmp_path)
    try:
        tv.after_key = check_focus
        token = backend.sign_in("o-chenjing")
        api = backend.api(token)
        binding = backend.bind(token, "zhang", agree=False)
        assert binding["status"] == "pending"

        # The question pops up on the TV and is read aloud, on 重听: a stray OK grants nothing;
        # she moves to 同意 and presses OK.
        tv.wait_until(lambda: tv.app.controller.popup is not None, 15, "the consent pop-up")
        popup = tv.app.controller.popup
        assert popup.title == "家人想帮您办事" and tv.focused == "repeat"
        assert [i.label for i in popup.items] == ["同意", "不同意", "重听"]
        assert "您的女儿陈静（手机尾号1234）想帮您办事" in tv.speech.last
        tv.screenshot(ARTIFACTS / "tv-consent.png")
        tv.press("ok")  # 重听: said again, nothing granted
        assert backend.api(token).get(f"{backend.url}/api/v1/bindings/{binding['id']}").json()["status"] == "pending"
        tv.press("left")
        tv.press("left")
        assert tv.focused == "answer:agree"
        tv.press("ok")
        tv.wait_until(lambda: "可以帮您办事了" in tv.speech.last, 10, "the centre's thanks")
        state = api.get(f"{backend.url}/api/v1/bindings/{binding['id']}").json()
        assert state["status"] == "active" and state["answered_by"].startswith("tv:")
        zhang = centre.elders["zhang"]
        assert api.get(f"{backend.url}/api/v1/elders/{zhang}/status").status_code == 200

        # A note from the phone: it pops up, is read aloud, and the phone sees it heard.
        sent = api.post(f"{backend.url}/api/v1/elders/{zhang}/notes", json={"preset": "visit_sunday"})
        assert sent.status_code == 201
        tv.wait_until(lambda: tv.app.controller.popup is not None, 15, "the note")
        assert tv.app.controller.popup.title == "女儿陈静的留言"
        assert tv.speech.last == "您有一条新消息。女儿陈静的留言。妈，周日我来看您。"
        tv.screenshot(ARTIFACTS / "tv-family-note.png")
        assert api.get(f"{backend.url}/api/v1/elders/{zhang}/notes").json()[0]["read_at"] is None
        tv.press("ok")  # 知道了
        tv.wait_until(lambda: api.get(f"{backend.url}/api/v1/elders/{zhang}/notes").json()[0]["read_at"],
                      10, "the phone to see it heard")

        # 消息 → the binding's message → 解除绑定: refused from the next call on.
        tv.press("home")
        focus_on(tv, "messages", "right")
        tv.press("ok")
        tv.wait_until(lambda: tv.screen.kind == "list", 10, "消息")
        row = next(i.id for i in tv.screen.items if i.label in ("家人想帮您办事",))
        focus_on(tv, row, "down")
        tv.press("ok")
        assert tv.screen.kind == "detail" and [i.id for i in tv.screen.items][:1] == ["answer:revoke"]
        assert tv.focused == "ack"  # OK alone never ends it
        for direction in ("up", "left"):  # the detail's actions stand in a column or a row
            for _ in range(3):
                if tv.focused != "answer:revoke":
                    tv.press(direction)
        assert tv.focused == "answer:revoke"
        tv.press("ok")
        tv.wait_until(lambda: "不能再帮您办事" in tv.speech.last, 10, "the revocation")
        refused = api.get(f"{backend.url}/api/v1/elders/{zhang}/status")
        assert refused.status_code == 403
        assert api.get(f"{backend.url}/api/v1/bindings/{binding['id']}").json()["status"] == "revoked"
    finally:
        tv.stop()
