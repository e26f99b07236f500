"""看得清听得清 (shared_ui/flow/kinds/settings.py) without a window: every choice shows at once
(the step carries the new look) and is saved as hers (``update_preferences``); one press undoes
the page's changes; a kiosk before anyone is identified keeps a change for the session only; a
save the centre does not take is said kindly and the change stays on the device."""
from __future__ import annotations

import pytest

from accessibility.themes import FONT_SCALES, THEME_NAMES
from call_center.schemas.elders import Preferences, PreferencesPatch
from shared_ui.flow import Abilities, Event, IdlePolicy, Paging, Session
from shared_ui.flow.kinds.settings import value_of
from shared_ui.i18n import translate
from shared_ui.spec import load_spec

from .scripted import ELDER, Scripted
from .test_start_and_idle import FOUND, KIOSK, VALID_ID

SPEC = load_spec()
SERVICE = SPEC.services["display_settings"]
FORM = SPEC.forms[SERVICE.form]
MINE = {**ELDER, "preferences": {"font_scale": 1.25, "theme": "standard", "volume": 80, "speech_rate": 190,
                                 "locale": "zh_CN"}, "preferences_set": ["font_scale"]}


class Looking(Scripted):
    """A scripted engine that keeps each step's look (what a host applies) and answers saves
    as the centre would: her profile with the fields merged."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.looks: list[dict] = []
        self.saved: list[dict] = []
        self.answers["update_preferences"] = self._save

    def _save(self, args, key):
        self.saved.append(dict(args["preferences"]))
        return {**MINE, "preferences": {**MINE["preferences"], **args["preferences"]}}

    def settle(self, step):
        if step.look is not None:
            self.looks.append(step.look)
        queue, speech, wipe = list(step.intents), step.speech, step.wipe
        while queue:
            step = self.engine.resolve(self.session, self.answer(queue.pop(0)))
            if step.look is not None:
                self.looks.append(step.look)
            queue.extend(step.intents)
            speech, wipe = step.speech or speech, wipe or step.wipe
        self.step = type(step)(step.screen, step.speech or speech, [], wipe=wipe)
        return self.step


def tv(**kw) -> Looking:
    s = Looking("tv", elder=MINE, **kw)
    s.engine.device_look = {"font_scale": 1.0, "theme": "standard"}
    return s


def open_settings(s: Looking):
    s.send("select", "menu:more")
    step = s.send("select", "display_settings")
    assert step.screen.id == "settings:display_settings"
    return step


def badge(screen) -> str:
    return next(i.id for i in screen.items if i.badge)


# -- the spec: her preferences as the centre stores them, nothing invented ----------------------

def test_the_choices_are_her_preferences_as_the_centre_stores_them():
    assert {f.id for f in FORM.fields} <= set(Preferences.model_fields)
    sizes = next(f for f in FORM.fields if f.id == "font_scale")
    assert tuple(value_of(o.value) for o in sizes.options) == FONT_SCALES  # the steps every screen is drawn at
    themes = next(f for f in FORM.fields if f.id == "theme")
    assert [o.value for o in themes.options] == ["standard", "high_contrast"] and set(THEME_NAMES) >= {"standard", "high_contrast"}
    for f in FORM.fields:
        assert 2 <= len(f.options) <= 4  # few and large
        for o in f.options:
            PreferencesPatch.model_validate({f.id: value_of(o.value)})  # a value the centre accepts
        PreferencesPatch.model_validate({f.id: value_of(f.default)})


def test_the_tv_offers_it_in_more_services_and_the_kiosk_at_its_welcome():
    assert "display_settings" in SPEC.menus["tv"].menus["more"].items
    assert len(SPEC.menus["tv"].menus["more"].items) <= 6
    assert SPEC.menus["kiosk"].welcome == ["display_settings"]
    assert "miniprogram" not in SERVICE.channels  # the family's phone has its own page for her


# -- the TV: every choice, said and shown at once, saved as hers ------------------------------------

def test_the_page_lists_what_she_may_change_and_what_is_in_use():
    s = tv()
    step = open_settings(s)
    assert [i.id for i in step.screen.items] == [f"aspect:{f.id}" for f in FORM.fields]
    size = step.screen.item("aspect:font_scale")
    assert size.label == "字的大小" and size.detail == "现在：大"  # hers (1.25), not the box's 1.0
    assert step.screen.item("aspect:theme").detail == "现在：标准颜色"
    assert "看得清听得清" in step.speech and step.screen.focus == "aspect:font_scale"
    assert not s.calls  # nothing sent by looking


@pytest.mark.parametrize("field_id,option", [(f.id, o.value) for f in FORM.fields for o in f.options])
def test_every_choice_shows_at_once_is_said_and_saved_as_hers(field_id, option):
    s = tv()
    open_settings(s)
    fld = next(f for f in FORM.fields if f.id == field_id)
    step = s.send("select", f"aspect:{field_id}")
    assert step.screen.id == f"settings:display_settings:{field_id}" and step.screen.title == fld.label
    assert len(step.screen.items) == len(fld.options)
    was = badge(step.screen)
    assert step.screen.focus == was  # the focus starts on what is in use
    step = s.send("select", f"set:{option}")
    label = next(o.label for o in fld.options if o.value == option)
    if was == f"set:{option}":  # already in use: said so, nothing changes or is sent
        assert step.speech == f"{fld.label}现在就是{label}。" and not s.looks and not s.saved
        return
    assert s.looks[-1][field_id] == value_of(option)  # the host applies it before drawing and saying
    assert s.saved == [{field_id: value_of(option)}]
    assert s.calls[-1][0] == "update_preferences" and s.calls[-1][1]["elder_id"] == ELDER["id"]
    assert step.speech == f"{fld.label}改成了{label}。"
    assert badge(step.screen) == f"set:{option}" and step.screen.item("undo") is not None
    assert step.screen.body == "已经记下了，以后都是这样。"  # the centre has it
    assert s.session.elder["preferences"][field_id] == value_of(option)
    assert field_id in s.session.elder["preferences_set"]


def test_one_press_undoes_every_change_of_the_page():
    s = tv()
    open_settings(s)
    s.send("select", "aspect:font_scale")
    s.send("select", "set:1.5")
    s.send("back")
    step = s.send("select", "aspect:theme")
    s.send("select", "set:high_contrast")
    assert s.looks[-1]["font_scale"] == 1.5 and s.looks[-1]["theme"] == "high_contrast"
    s.saved.clear()
    step = s.send("select", "undo")
    assert step.speech == "已经改回原来的样子了。"
    assert s.looks[-1]["font_scale"] == 1.25 and s.looks[-1]["theme"] == "standard"
    assert s.saved == [{"font_scale": 1.25, "theme": "standard"}]  # saved back as it was, in one call
    assert step.screen.item("undo") is None and badge(step.screen) == "set:standard"
    assert step.screen.item("set:standard").speak.endswith("现在用的就是这个。")
    s.send("back")
    assert s.screen.item("aspect:font_scale").detail == "现在：大"


def test_undo_of_what_she_never_chose_puts_back_the_box_own_setting():
    s = tv()
    s.session.elder = {**ELDER, "preferences": {"font_scale": 1.25}, "preferences_set": []}  # nothing hers
    open_settings(s)
    assert s.screen.item("aspect:font_scale").detail == "现在：标准"  # the box's own 1.0
    s.send("select", "aspect:font_scale")
    s.send("select", "set:1.5")
    s.send("select", "undo")
    assert s.looks[-1]["font_scale"] == 1.0 and s.saved[-1] == {"font_scale": 1.0}


def test_a_save_the_centre_does_not_take_is_said_kindly_and_the_change_stays_here():
    s = tv()
    down = {"_error": {"code": "network", "status": 0, "message": "网络不通"}}
    s.answers["update_preferences"] = down
    open_settings(s)
    s.send("select", "aspect:font_scale")
    step = s.send("select", "set:1.5")
    sorry = "现在连不上一键通平台，这次没能记下来。先在这台电视上这样用着，过一会儿按再试一次就能记下。"
    # shown and said on a screen of its own (a TV's choices page has no room for a sentence)
    assert step.screen.kind == "error" and step.screen.title == "看得清听得清" and step.screen.body == sorry
    assert sorry in step.speech and step.screen.focus == "retry"
    assert s.looks[-1]["font_scale"] == 1.5 and s.session.elder["preferences"]["font_scale"] == 1.5  # kept here
    step = s.send("select", "retry")  # still down: said again, nothing lost
    assert step.screen.kind == "error" and step.speech == sorry
    s.answers["update_preferences"] = s._save  # the centre is back
    step = s.send("select", "retry")
    assert s.saved[-1] == {"font_scale": 1.5}  # what the device shows now
    assert step.screen.id == "settings:display_settings:font_scale" and step.speech == "已经记下了，以后都是这样。"
    assert badge(step.screen) == "set:1.5" and step.screen.body == "已经记下了，以后都是这样。"


def test_back_from_a_failed_save_is_the_page_and_undo_still_works_on_the_device():
    s = tv()
    s.answers["update_preferences"] = {"_error": {"code": "network", "status": 0, "message": "网络不通"}}
    open_settings(s)
    s.send("select", "aspect:theme")
    s.send("select", "set:high_contrast")
    step = s.send("back")
    assert step.screen.id == "settings:display_settings:theme" and s.looks[-1]["theme"] == "high_contrast"
    s.send("select", "undo")
    assert s.looks[-1]["theme"] == "standard"


def test_a_save_is_not_waited_on_she_may_choose_again_meanwhile():
    s = tv()
    open_settings(s)
    s.send("select", "aspect:font_scale")
    first = s.engine.handle(s.session, Event("select", "set:1.5"))
    assert first.intents and first.look["font_scale"] == 1.5
    second = s.engine.handle(s.session, Event("select", "set:1.0"))  # before the centre answered
    assert second.look["font_scale"] == 1.0 and second.intents


def test_back_goes_from_the_choices_to_the_list_then_out():
    s = tv()
    open_settings(s)
    s.send("select", "aspect:volume")
    step = s.send("back")
    assert step.screen.id == "settings:display_settings" and step.screen.focus == "aspect:volume"
    step = s.send("back")
    assert step.screen.id == "menu:more"


def test_a_device_that_does_not_speak_offers_only_the_look():
    s = tv(abilities=Abilities(speaks=False))
    step = open_settings(s)
    assert [i.id for i in step.screen.items] == ["aspect:font_scale", "aspect:theme"]


def test_the_list_and_each_choices_page_fit_one_screen_at_the_largest_size():
    """A TV at text size 1.5 shows four a screen: her aspects, and each page's choices with 改回原样."""
    s = tv()
    s.session.paging = {"field": Paging(4, 2)}
    step = open_settings(s)
    assert "page:next" not in [i.id for i in step.screen.items]
    for f in FORM.fields:
        s.send("select", f"aspect:{f.id}")
        other = next(o.value for o in f.options if f"set:{o.value}" != badge(s.screen))
        step = s.send("select", f"set:{other}")
        ids = [i.id for i in step.screen.items]
        assert "undo" in ids and "page:next" not in ids, (f.id, ids)
        s.send("back")
    assert s.screen.item("undo") is None  # the list keeps her aspects only


def test_english():
    s = Looking("tv", elder=MINE, locale="en")
    step = s.send("select", "menu:more")
    assert step.screen.item("display_settings").label == "See and hear better"
    step = s.send("select", "display_settings")
    assert step.screen.title == "See and hear better" and step.screen.item("aspect:font_scale").detail == "Now: Large"
    s.send("select", "aspect:font_scale")
    step = s.send("select", "set:1.5")
    assert step.speech == "Text size: now Larger." and step.screen.body == "Saved: it stays like this from now on."
    assert all(translate(t, "en") != t for t in ("改回原样", "现在", "现在用的就是这个。"))


def test_the_session_and_its_settings_page_round_trip_through_json():
    s = tv()
    open_settings(s)
    s.send("select", "aspect:theme")
    s.session.look["volume"] = 60
    again = Session.from_dict(s.session.to_dict())
    assert again.look == {"volume": 60} and again.top.aspect == "theme" and again.top.before == s.session.top.before


# -- the kiosk: a stranger's change lasts the session; an identified elder's is hers, by her grant ----

def kiosk(spec=None) -> Looking:
    s = Looking("kiosk", abilities=KIOSK, spec=spec)
    s.answers["identify_elder"] = {**FOUND, "elder": {**FOUND["elder"], "preferences": {}, "preferences_set": []}}
    s.answers["end_grant"] = {"ended": True}
    s.engine.device_look = {"font_scale": 1.0, "theme": "standard", "volume": 100}
    return s


def test_a_kiosk_change_before_anyone_is_identified_is_for_the_session_only():
    s = kiosk()
    assert s.screen.item("display_settings") is not None  # at the welcome, beside the ways to identify
    step = s.send("select", "display_settings")
    assert step.screen.id == "settings:display_settings" and step.screen.idle_after_s  # the idle wipe watches
    s.send("select", "aspect:font_scale")
    step = s.send("select", "set:1.5")
    assert not s.calls  # nobody to save it for: nothing sent
    assert s.looks[-1] == {"font_scale": 1.5} and s.session.look == {"font_scale": 1.5}
    assert "只在您这次使用时有效" in step.speech and "只在您这次使用时有效" in step.screen.body
    step = s.send("home")
    assert step.screen.id == "identify"
    # she identifies: the size she chose stays for her session (the host lays hers under it)
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    s.send("input", "5678")
    assert s.session.elder is not None and s.session.look == {"font_scale": 1.5}
    step = s.engine.sign_out(s.session)  # 办完了 (or the idle wipe): the session's look ends with it
    assert step.wipe and s.session.look == {} and step.screen.id == "identify"


def test_a_kiosk_undo_before_identification_restores_the_kiosk_own():
    s = kiosk()
    s.send("select", "display_settings")
    s.send("select", "aspect:theme")
    s.send("select", "set:high_contrast")
    s.send("select", "undo")
    assert s.session.look == {} and s.looks[-1] == {} and not s.calls


def test_the_kiosk_idle_wipe_ends_a_session_look():
    s = Looking("kiosk", abilities=Abilities(typed_input=frozenset(), digit_shortcuts=False, start="identify",
                                             identify_by=("id_number",), idle=IdlePolicy(60, 20)))
    s.send("select", "display_settings")
    s.send("select", "aspect:font_scale")
    s.send("select", "set:1.25")
    s.send("timeout")  # the warning
    step = s.send("timeout")  # the wipe
    assert step.wipe and s.session.look == {}


def test_an_identified_elders_change_at_a_kiosk_is_saved_with_her_grant():
    """The kiosk's menus have no room for it after identification today (menus.yaml); a kiosk
    that offers it there saves as her, with the session's grant."""
    spec = SPEC.model_copy(deep=True)
    more = spec.menus["kiosk"].menus["more"]
    object.__setattr__(more, "items", [*more.items[:5], "display_settings"])
    s = kiosk(spec)
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    s.send("input", "5678")
    s.send("select", "menu:more")
    s.send("select", "display_settings")
    s.send("select", "aspect:font_scale")
    step = s.engine.handle(s.session, Event("select", "set:1.5"))
    assert [(i.op, i.grant) for i in step.intents] == [("update_preferences", "g")]
    assert step.intents[0].args == {"elder_id": ELDER["id"], "preferences": {"font_scale": 1.5}}
