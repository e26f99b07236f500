"""The one strings object shared by the engine and every renderer."""
from shared_ui.strings import Strings


def test_pairing_codes_are_said_digit_by_digit():
    strings = Strings("zh_CN", {"hotline": "12345"})
    assert strings.digit_by_digit("483920") == "四八三，九二零"
    assert Strings("en", {}).digit_by_digit("4839") == "4 8, 3 9"  # digits, never "forty-eight"


def test_the_centres_numbers_are_filled_in_every_sentence():
    strings = Strings("zh_CN", {"hotline": "12345", "ambulance": "120"})
    assert strings.t("请拨打{ambulance}或{hotline}") == "请拨打120或12345"
    assert Strings("en", {"hotline": "12345"}).t("正在为您办理，请稍候。") != "正在为您办理，请稍候。"
