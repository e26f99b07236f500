"""Nothing left behind: after the idle warning and the wipe, nothing of the person who was
served is on screen, in the app's objects (everything reachable from the app), or in any file
the kiosk wrote; the outbox is the one file it keeps (0600), and a spoken sentence's audio is
kept only in a private folder that the wipe empties."""
from __future__ import annotations

import gc
import stat
import types
from pathlib import Path

import pytest

from shared_ui.client import CenterError

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SKIP_TYPES = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.CodeType,
              types.FrameType)


def strings_reachable_from(root: object, limit: int = 400_000) -> list[str]:
    """Every str reachable from ``root`` through object references (not through modules,
    classes or code: those hold the program, not a person)."""
    seen, out, todo = {id(root)}, [], [root]
    while todo and len(seen) < limit:
        obj = todo.pop()
        try:
            if isinstance(obj, str):
                out.append(obj)
                continue
        except ReferenceError:  # a weak proxy whose object is gone holds nothing any more
            continue
        if isinstance(obj, SKIP_TYPES) or type(obj).__module__.startswith(("sqlalchemy", "werkzeug", "flask")):
            continue
        for ref in gc.get_referents(obj):
            if id(ref) not in seen:
                seen.add(ref) if False else seen.add(id(ref))
                todo.append(ref)
    return out


def personal(live_center) -> list[str]:
    return [live_center.id_numbers["wang"], "13916205871", "5871", "王秀英", "王*英", "仙霞路650弄"]


def files_under(*roots: Path) -> list[Path]:
    return [p for root in roots if root and root.exists() for p in root.rglob("*") if p.is_file()]


def test_the_idle_wipe_leaves_nothing_of_the_person(new_kiosk, live_center):
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.tap("registration")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result"
    assert kiosk.app.host.session.grant, "identification gave a grant scoped to her"
    grant = dict(kiosk.app.host.session.grant)
    host = kiosk.app.host
    host._timed_out()                         # the idle timer: the warning (20 s ahead)
    kiosk.settle()
    assert kiosk.screen.popup is not None and kiosk.screen.popup.id == "popup:idle"
    assert "继续" in [i.label for i in kiosk.screen.popup.items]
    kiosk.screenshot(ARTIFACTS / "idle-warning.png")
    # The seconds left count down where she reads them (the warning's own timer acts at 0).
    countdown = kiosk.app.shell.overlay.countdown
    assert countdown.text == "还剩20秒"
    kiosk.pause(2.2)
    assert countdown.text in ("还剩18秒", "还剩17秒")
    kiosk.tap("continue")                     # 继续: once, twice — it can be extended again and again
    assert kiosk.screen.popup is None and kiosk.app.host.session.elder
    host._timed_out()
    kiosk.settle()
    host._timed_out()                         # nobody answered: the wipe
    kiosk.settle()
    assert kiosk.screen.id == "identify" and kiosk.app.wipes == 1
    session = kiosk.app.host.session
    assert session.elder is None and session.grant is None and session.household == []

    words = personal(live_center)
    from shared_ui.kivy_kit.layout_check import shown_text

    on_screen = shown_text(kiosk.app.shell)
    assert not [w for w in words if w in on_screen]
    reachable = "\x00".join(strings_reachable_from(kiosk.app))
    assert not [w for w in words if w in reachable], [w for w in words if w in reachable]
    from personal_data.names import PEOPLE

    kept = "\x00".join(PEOPLE.names())  # the names the line breaker kept whole went with her
    assert not [w for w in words if w in kept], [w for w in words if w in kept]
    assert kiosk.speech.forgotten == 1
    assert kiosk.app.look.font_scale == 1.0 and kiosk.app.look.theme == "standard"   # her look went with her

    written = files_under(kiosk.app.settings.data_dir, kiosk.app.private_dir)
    assert written, "the kiosk wrote its outbox"
    for path in written:
        data = path.read_bytes()
        found = [w for w in words if w.encode() in data]
        assert not found, f"{path} keeps {found}"
    outbox = kiosk.app.settings.outbox
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600
    assert stat.S_IMODE(kiosk.app.settings.data_dir.stat().st_mode) == 0o700
    # the centre ended her grant, and every call beside the engine goes without one now
    client = kiosk.app.host.client
    assert client.grant is None
    for caller, code in ((client, "grant_required"), (client.with_grant(grant["token"]), "grant_expired")):
        with pytest.raises(CenterError) as refused:
            caller.elder(live_center.elders["wang"])
        assert refused.value.code == code
