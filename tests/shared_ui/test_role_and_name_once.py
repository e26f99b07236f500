"""A sentence that puts a role before a name says the role once (a user trial: the kiosk's
banner read "志愿者志愿者 张建华正在协助。" — the account is named with its role, 志愿者 张建华,
and the sentence said 志愿者 again): read with ``shared_ui.lines.repeated``. The kiosk's own
walk over its banners, captions and speech: tests/kiosk_app/test_kiosk_keypads_and_holds.py."""
from shared_ui.lines import repeated

from .test_start_and_idle import kiosk


def test_the_volunteers_banner_names_the_volunteer_once():
    s = kiosk()
    s.answers["volunteer_sign_in"] = {"id": "vol-1", "name": "志愿者 张建华", "shift_id": "sh-1"}
    s.send("select", "volunteer")
    step = s.send("input", "1357")
    assert step.screen.id == "identify"
    lines = [*step.screen.notes, step.speech, step.screen.body or ""]
    assert any("志愿者张建华正在协助" in line for line in lines), lines
    assert [line for line in lines if repeated(line)] == []

