"""Host configs and themes load into strict models with the numbers ELDER_UI.md asks for."""
import pytest
import yaml
from pydantic import ValidationError

from accessibility.hosts import CHANNELS, HOSTS_DIR, load_host, palette_for
from accessibility.themes import FONT_SCALES, THEME_NAMES, load_theme


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_has_a_host_config(channel):
    host = load_host(channel)
    assert host.channel == channel
    assert host.dp(host.text[host.main_text].size) >= 18


def test_tv_numbers():
    tv = load_host("tv")
    assert (tv.viewport.width, tv.viewport.height) == (1920, 1080)
    assert (tv.safe_area.left, tv.safe_area.right, tv.safe_area.top, tv.safe_area.bottom) == (96, 96, 54, 54)
    assert tv.text["body"].size >= 48 and tv.text["headline"].size >= 80
    assert tv.focus.scale == pytest.approx(1.1)
    assert tuple(tv.font_scales) == FONT_SCALES


def test_kiosk_numbers():
    kiosk = load_host("kiosk")
    assert kiosk.targets.primary.width >= 60 and kiosk.targets.primary.height >= 60
    assert kiosk.timing.idle_warning_lead_s >= 20 and kiosk.timing.extendable
    assert kiosk.panel.kivy_density == pytest.approx(0.43, abs=0.01)   # 60 dp ≈ 9.5 mm on a 32" panel
    assert kiosk.speech.reset_after_user and kiosk.speech.volume == "loud"
    assert tuple(kiosk.font_scales) == FONT_SCALES


def test_slip_prints_black_on_white():
    slip = load_host("slip")
    palette = palette_for(slip)
    assert palette.text == "#000000" and palette.background == "#FFFFFF" and palette.danger == "#000000"
    assert set(slip.layouts) == {"thermal_58", "thermal_80", "a5_large"}
    assert slip.layouts["thermal_80"].width_mm == 80


@pytest.mark.parametrize("name", THEME_NAMES)
def test_themes_have_every_role(name):
    theme = load_theme(name)
    for role in ("background", "surface", "text", "text_muted", "primary", "on_primary", "danger", "on_danger",
                 "focus_ring", "success", "warning", "border"):
        assert theme.colours[role].startswith("#")


def test_palette_for_falls_back_to_the_default_theme():
    tv = load_host("tv")
    assert palette_for(tv, "high_contrast").background == "#000000"
    assert palette_for(tv, "no-such-theme") == palette_for(tv)


def test_unknown_keys_are_rejected(tmp_path):
    data = yaml.safe_load((HOSTS_DIR / "tv.yaml").read_text(encoding="utf-8"))
    data["colour_of_the_day"] = "blue"
    (tmp_path / "tv.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_host("tv", tmp_path)


def test_interactive_host_needs_targets(tmp_path):
    data = yaml.safe_load((HOSTS_DIR / "kiosk.yaml").read_text(encoding="utf-8"))
    del data["targets"]
    (tmp_path / "kiosk.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="targets"):
        load_host("kiosk", tmp_path)


def test_theme_colours_must_be_hex(tmp_path):
    data = yaml.safe_load((HOSTS_DIR.parent / "themes" / "standard.yaml").read_text(encoding="utf-8"))
    data["colours"]["text"] = "black"
    (tmp_path / "standard.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_theme("standard", tmp_path)


def test_font_scale_preferences_snap_to_offered_scales():
    from accessibility.themes import nearest_font_scale

    assert nearest_font_scale(None) == 1.0 and nearest_font_scale(1.25) == 1.25
    assert nearest_font_scale(2.5) == 1.5 and nearest_font_scale(1.1) == 1.0 and nearest_font_scale("x") == 1.0
