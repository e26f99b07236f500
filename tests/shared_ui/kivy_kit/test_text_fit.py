"""Text fitting and line breaking, without a window."""
import pytest


def test_labels_shrink_to_fit_but_never_below_body_size():
    import math

    from shared_ui.kivy_kit.text_fit import em_width, fit_font, fits

    assert em_width("心内科") > em_width("10:00")
    assert fit_font("心内科", 800, 60, 48) == 60
    assert fit_font("查看我的服务", 330, 60, 48) == math.floor(330 / em_width("查看我的服务"))  # whole pixels
    assert fit_font("上海交通大学医学院附属瑞金医院", 640, 60, 48) == 48
    assert not fits("上海交通大学医学院附属瑞金医院", 640, 48)


def test_lines_break_after_punctuation_not_inside_a_number_or_a_time():
    from shared_ui.kivy_kit.text_fit import break_softly, fits

    text = "网络不通，请稍后再试，或拨打热线12345。"
    broken = break_softly(text, 800, 72)
    assert broken.replace("\n", "") == text and "12345" in broken.split("\n")[-1]
    assert all(fits(line, 800, 72) for line in broken.split("\n"))
    assert break_softly("11月25日（周三）下午2:00", 700, 72) == "11月25日（周三）\n下午2:00"
    assert break_softly("短句。", 800, 72) == "短句。"


def test_a_latin_word_is_never_cut_by_the_estimate():
    """The estimate is a quarter too wide for "Installation": cut by it, a word that fits as
    drawn was broken ("Install⏎ation"). Words are left whole; Kivy wraps by drawn width."""
    from shared_ui.kivy_kit.text_fit import break_softly, em_width

    assert em_width("Installation") > 6.0
    assert break_softly("Installation visit", 6.0 * 72, 72) == "Installation\nvisit"
    assert break_softly("Not satisfied", 3.0 * 60, 60) == "Not\nsatisfied"
    assert "\n" in break_softly("上海交通大学医学院附属瑞金医院", 4 * 60, 60)  # a Chinese unit still breaks
