"""The TV's look, its settings, and the view registry's fallback: no window."""
import logging

import pytest

from tv_app.config import TvSettings
from tv_app.look import build_look, text_role


@pytest.mark.parametrize("theme", ["standard", "high_contrast"])
def test_the_look_keeps_the_tv_numbers_and_the_contrast(theme):
    look = build_look((1920, 1080), "NotoSansSC", theme)
    assert (look.margin_x, look.margin_y) == (96, 54)
    assert look.body >= 48 and look.headline >= 80 and look.detail >= 48 and look.nav_label >= 48
    assert look.focus_scale == pytest.approx(1.1)
    assert look.contrast("focus_ring", "background") >= 3
    assert look.contrast("on_danger", "danger") >= 3  # the ring on the emergency screen
    for role in ("primary", "danger", "success", "warning"):
        assert look.contrast(text_role(role), role) >= 4.5
    assert look.tile_scale(560) == pytest.approx(1.1)
    assert 1.0 < look.tile_scale(1728) < 1.1  # a full-width row grows less, stays in the safe area


def test_a_smaller_window_scales_everything_by_one_factor():
    big, small = build_look((1920, 1080), "f"), build_look((1280, 720), "f")
    assert small.body == pytest.approx(big.body * 2 / 3)
    assert small.margin_x == pytest.approx(64)


def test_line_height_follows_the_font_so_spacing_is_what_the_host_asks():
    look = build_look((1920, 1080), "f", natural_line=1.448)
    assert look.line_px(48) == pytest.approx(48 * 1.4)



def test_settings_from_the_environment_are_read_when_asked(tmp_path):
    env = {"ONEKEY_TV_CONFIG": str(tmp_path / "x.json"), "ONEKEY_CENTER_URL": "http://c:1"}
    settings = TvSettings.from_env(env, locale="en")
    assert settings.config_path == tmp_path / "x.json" and settings.center_url == "http://c:1"
    assert settings.locale == "en" and settings.outbox == tmp_path / "tv-outbox.sqlite3"



def test_an_unknown_screen_kind_is_shown_as_a_notice_and_logged(caplog):
    from tv_app.views.all import REGISTRY
    from tv_app.views.notice import NoticeView

    with caplog.at_level(logging.WARNING):
        assert REGISTRY.view_class("hologram") is NoticeView
    assert "hologram" in caplog.text
    # a view for every kind of screen the engine's schema names
    from shared_ui.flow.screens import ScreenKind
    from typing import get_args

    assert set(REGISTRY.kinds()) == set(get_args(ScreenKind))


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_a_larger_text_size_grows_text_below_the_headline_and_asks_for_fewer_choices(scale):
    base, look = build_look((1920, 1080), "f"), build_look((1920, 1080), "f", font_scale=scale)
    assert look.body == pytest.approx(48 * scale) and look.min_text == 48
    assert look.headline == base.headline == 80  # 40 dp and more stays as it is
    assert max(look.option_label, look.fact_emphasis, look.tile_label) <= look.headline
    paging = look.paging()
    assert paging["field"].fits == 4  # label and detail whole on each tile, at every size
    assert paging["list"].fits == look.list_fits and paging["list"].page_size <= look.list_fits
    # the records the look plans fit between the title and the keys, with their page row
    body = (1080 - 2 * 54 - look.header_height - look.nav_height - 2 * look.key_room_y - 2 * 28
            - 2 * look.list_pad_y)
    assert look.list_fits * look.record_height + (look.list_fits - 1) * look.list_gap <= body
    assert look.list_page * (look.record_height + look.list_gap) + look.row_height <= body
