"""Every screen of the shared corpus, drawn by the TV at every text size, checked as laid out:
nothing cut or clipped, nothing out of its box or over the title or the keys, nothing (the
focus ring included) in the 5% title-safe margin, every fact shown whole. Screenshots go to
tests/artifacts/corpus/."""
from __future__ import annotations

import pytest

from shared_ui.conformance import load_screens

from .test_tv_ui import ARTIFACTS, bound_tv

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)
CORPUS = load_screens()


def tv_only_screens() -> dict:
    """Screens the TV makes itself, before it has an engine: the pairing code, the numbers to call."""
    from shared_ui.flow.screens import Item
    from shared_ui.strings import Strings
    from tv_app import strings as S

    t = Strings("zh_CN", {"hotline": "12345", "ambulance": "120", "police": "110"}).t
    repeat = [Item("repeat", t(S.REPEAT), t(S.REPEAT))]
    from shared_ui.flow import Screen

    return {
        "tv.pairing": Screen("boot:pairing", "pairing", t(S.PAIRING_TITLE), body="483920",
                             notes=[t(S.PAIRING_BODY), t(S.PAIRING_WAITING)], nav=repeat),
        "tv.unbound_sos": Screen("boot:sos", "notice", t(S.UNBOUND_SOS_TITLE), body=t(S.UNBOUND_SOS), nav=repeat),
        "tv.offline": Screen("boot:notice", "notice", t(S.OFFLINE_TITLE), body=t(S.OFFLINE_BODY), nav=repeat),
    }


CORPUS.update(tv_only_screens())


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-corpus"))
    probe.app.pushes.stop()  # the corpus is drawn by hand: no pop-up of the centre's in between
    probe.app.events.stop()
    yield probe
    probe.stop()


def facts_of(screen) -> list[str]:
    wanted = [f.value for f in screen.facts]
    return wanted + (facts_of(screen.popup) if screen.popup else [])


def tv_problems(probe) -> list[str]:
    from shared_ui.kivy_kit.layout_check import Rect, layout_problems

    look, shell = probe.app.look, probe.app.shell
    safe = Rect(look.margin_x, look.margin_y, shell.width - look.margin_x, shell.height - look.margin_y)
    view = shell.view
    header, body, keys = view.ids.header, view.ids.body, view.ids.key_row
    found = layout_problems(view, safe=safe, regions=[header, body, keys])
    if shell.overlay is not None:
        found += layout_problems(shell.overlay, safe=safe)
    return found


def every_page_shown(probe) -> str:
    """The text of the view, page after page of facts (the view's own 下一页)."""
    from shared_ui.kivy_kit.layout_check import shown_text
    from tv_app.views.parts import FACTS_PAGE

    view = probe.app.shell.view
    texts = [shown_text(view)]
    pages = int(view.facts.page_count) if hasattr(view, "facts") else 1
    for _ in range(pages - 1):
        view.act(FACTS_PAGE)
        probe.frames(3)
        texts.append(shown_text(view))
    return "".join(texts)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_screen_is_drawn_whole_at_every_text_size(tv, name, scale):
    app = tv.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast"})
    app.shell.show(CORPUS[name])
    tv.frames(4)
    problems = tv_problems(tv)
    for direction in ("right", "down", "left", "up", "down", "down"):  # the ring stays in the safe area
        app.shell.move(direction)
        tv.frames(1)
        problems += tv_problems(tv)
    tv.screenshot(ARTIFACTS / "corpus" / f"{name}@{scale}.png")
    shown = every_page_shown(tv)
    from shared_ui.kivy_kit.layout_check import shown_whole

    problems += [f"the fact {fact!r} is never shown whole" for fact in facts_of(CORPUS[name])
                 if not shown_whole(fact, shown)]
    assert not sorted(set(problems)), f"{name} at ×{scale}:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("scale", SCALES)
def test_a_second_line_is_shown_under_a_label_that_takes_two(tv, scale):
    """A date and a time take two lines on a tile; the window under them (8:00到10:00之间) was
    dropped, said but never shown. The tiles have the room: every option's second line shows."""
    from shared_ui.kivy_kit.layout_check import shown_text

    screen = CORPUS["field.special_vehicle_windows"]
    tv.app.apply_preferences({"font_scale": scale, "theme": "high_contrast"})
    tv.app.shell.show(screen)
    tv.frames(4)
    shown = shown_text(tv.app.shell.view)
    assert [i.detail for i in screen.items if i.detail not in shown] == []


def test_the_facts_page_tile_says_what_it_does_on_the_last_page(tv):
    """下一页 2/2 on the last page promised a page there is not: there it goes back to the first,
    and says so."""
    from tv_app.views.parts import FACTS_PAGE

    app = tv.app
    app.apply_preferences({"font_scale": max(SCALES), "theme": "high_contrast"})
    checked = 0
    for name in sorted(CORPUS):
        app.shell.show(CORPUS[name])
        tv.frames(4)
        view = app.shell.view
        pages = int(view.facts.page_count) if hasattr(view, "facts") else 1
        if pages < 2:
            continue
        for page in range(pages):
            label = view.page_tile.label
            assert label.startswith("回到第一页" if page == pages - 1 else "下一页"), (name, page, label)
            view.act(FACTS_PAGE)
            tv.frames(2)
        checked += 1
    assert checked, "no corpus screen needs pages of facts at the largest text"


def test_ok_on_a_long_review_turns_its_pages_before_it_confirms(tv):
    """At her largest text a review showed 2 of 6 facts with OK already on 确认办理: OK now
    turns the pages, each read out, and lands on 确认 once every fact has been shown."""
    from tv_app.views.parts import FACTS_PAGE

    app = tv.app
    app.apply_preferences({"font_scale": max(SCALES), "theme": "high_contrast"})
    checked = 0
    for name in sorted(n for n in CORPUS if CORPUS[n].kind == "review"):
        app.shell.show(CORPUS[name])
        tv.frames(4)
        view = app.shell.view
        pages = int(view.facts.page_count)
        if pages < 2:
            assert app.shell.focused.item_id == CORPUS[name].focus
            continue
        assert app.shell.focused.item_id == FACTS_PAGE, name
        for _ in range(pages - 1):
            app.controller._ok_on = app.shell.focused.item_id  # OK on the ring (past the new-screen guard)
            app.controller._flow_action("ok")
            tv.frames(2)
        assert app.shell.focused.item_id == CORPUS[name].focus == "confirm", name
        checked += 1
    assert checked, "no review needs pages of facts at the largest text"


@pytest.mark.parametrize("kind", ["review", "result", "detail"])
def test_ok_on_facts_with_pages_to_come_turns_them_before_it_leaves(tv, kind):
    """Every screen of facts a page at a time (a review, a result, a request or message opened)
    opens on 下一页, not on its way out: a taxi's result opened on 回到首页 with the car and the
    driver's phone three pages on, so one stray OK left before she had seen them. OK turns the
    pages, and lands on the screen's own focus once every fact has been shown."""
    from tv_app.views.parts import FACTS_PAGE

    app = tv.app
    app.apply_preferences({"font_scale": max(SCALES), "theme": "high_contrast"})
    checked = 0
    for name in sorted(n for n in CORPUS if CORPUS[n].kind == kind and not CORPUS[n].popup):
        screen = CORPUS[name]
        app.shell.show(screen)
        tv.frames(4)
        view = app.shell.view
        pages = int(view.facts.page_count)
        if pages < 2 or not screen.focus:
            continue
        assert app.shell.focused.item_id == FACTS_PAGE, name
        for _ in range(pages - 1):
            app.controller._ok_on = app.shell.focused.item_id  # OK on the ring (past the new-screen guard)
            app.controller._flow_action("ok")
            tv.frames(2)
        assert app.shell.focused.item_id == screen.focus, name
        checked += 1
    assert checked, f"no {kind} needs pages of facts at the largest text"


THEMES = ("standard", "dark", "high_contrast")


def focus_look_problems(shell) -> list[str]:
    """Only the focused tile looks focused: the ring and the growth are its alone, and among the
    answers to one question no tile is filled unlike its peers (a filled one among plain ones is
    read as the chosen one: 出院回家 drawn solid yellow on a high-contrast TV) — bar the SOS
    tile's red, which says 急病叫救护车 in words and is guarded as the SOS tile everywhere."""
    problems = []
    tiles = shell.tiles()
    focused = [t for t in tiles if t.focused]
    if len(focused) != 1 or focused[0] is not shell.focused:
        problems.append(f"{len(focused)} tiles focused")
    for t in tiles:
        if t is not shell.focused and (t.ring_alpha > 0 or t.grow > 1):
            problems.append(f"{t.item_id!r} has the focus ring or growth while not focused")
    screen = shell.screen
    if screen is not None and screen.kind == "field":
        answers = [t for t in tiles if t.group == "items" and not t.item_id.startswith(("page:", "view:"))
                   and t.fill_role != "danger"]
        fills = {t.fill_role for t in answers}
        if len(fills) > 1:
            problems.append("answers filled unlike their peers: " + ", ".join(
                f"{t.item_id}={t.fill_role}" for t in answers))
    return problems


@pytest.mark.parametrize("theme", THEMES)
def test_only_the_focused_tile_looks_focused_on_every_screen(tv, theme):
    app = tv.app
    app.apply_preferences({"font_scale": 1.0, "theme": theme})
    problems = []
    for name in sorted(CORPUS):
        app.shell.show(CORPUS[name])
        tv.frames(2)
        for direction in ("", "right", "down", "down", "left", "up"):
            if direction:
                app.shell.move(direction)
                tv.frames(1)
            problems += [f"{name} after {direction or 'showing'}: {p}" for p in focus_look_problems(app.shell)]
        if name == "field.special_vehicle_fork":
            tv.screenshot(ARTIFACTS / "corpus" / f"focus-look-{name}-{theme}.png")
    assert sorted(set(problems)) == []


def test_the_red_key_hint_is_on_every_screen_but_those_the_red_key_brought_up(tv):
    """紧急情况请按红色键 on every screen — except the alarm, its countdown and an unbound box's
    numbers to call, where it tells her to do what she has just done (a user trial)."""
    app = tv.app
    app.apply_preferences({"font_scale": 1.0, "theme": "dark"})
    wrong = []
    for name in sorted(CORPUS):
        screen = CORPUS[name]
        app.shell.show(screen)
        tv.frames(1)
        hint = app.shell.view.ids.sos_hint.words
        brought_up = screen.kind == "alarm" or screen.id == "boot:sos"
        if bool(hint) == brought_up:
            wrong.append(f"{name} ({screen.kind}): {hint!r}")
    assert any(CORPUS[n].kind == "alarm" for n in CORPUS) and "tv.unbound_sos" in CORPUS
    assert wrong == []
