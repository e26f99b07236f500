"""Sentences only the TV says (pairing, pop-ups, key hints); the flow's own live in the spec.

Source text is zh_CN and marked with ``N_`` so ``onekey i18n extract`` (babel.cfg scans
``tv_app/**.py``) puts them in the shared catalogs; :func:`shared_ui.i18n.translate` does the
rest, so screen and speech use one id per sentence (STYLE.md §8).
"""
from __future__ import annotations

from shared_ui.i18n import N_, translate

PROGRESS = N_("第{step}步，共{of}步")
SOS_HINT = N_("紧急情况请按红色键")
PAIRING_TITLE = N_("绑定这台电视")
PAIRING_BODY = N_("请打电话给{hotline}，把下面的配对码告诉客服。")
PAIRING_SPEAK = N_("请打电话给{hotline}，把配对码告诉客服。配对码是：{digits}。")
PAIRING_WAITING = N_("正在等待客服确认……")
PAIRING_EXPIRED = N_("配对码过期了，已经换了一个新的。")
PAIRING_DONE = N_("绑定成功，欢迎使用一键通。")
PAIRING_OFFLINE = N_("暂时连不上服务中心，正在重试。情况紧急请直接拨打{ambulance}。")
CONNECTING_TITLE = N_("一键通")
CONNECTING_BODY = N_("正在连接服务中心，请稍候。")
OFFLINE_TITLE = N_("连不上服务中心")
OFFLINE_BODY = N_("暂时连不上服务中心，正在重试。情况紧急请直接拨打{ambulance}，或拨打热线{hotline}。")
MESSAGE_ACK = N_("知道了")
CHECKIN_ACK = N_("报平安")
MESSAGE_HINT = N_("按确定键表示知道了")
MESSAGE_NEW = N_("您有一条新消息。")
HOTLINE_STRIP = N_("急救 {ambulance}　热线 {hotline}")
REPEAT = N_("重听")
DIGITS = "零一二三四五六七八九"


class TvStrings:
    def __init__(self, locale: str, contact: dict[str, str]):
        self.locale = locale
        self.contact = contact

    def t(self, text: str, **kw: object) -> str:
        out = translate(text, self.locale)
        return out.format(**{**self.contact, **kw}) if "{" in out else out

    def progress(self, step: int, of: int) -> str:
        return self.t(PROGRESS, step=step, of=of)

    def sos_hint(self) -> str:
        return self.t(SOS_HINT)

    def spoken_digits(self, code: str) -> str:
        """A pairing code said digit by digit (四八三，九二零), never as one big number."""
        if self.locale.startswith("zh"):
            said = [DIGITS[int(c)] if c.isdigit() else c for c in code]
        else:
            said = list(code)
        half = len(said) // 2
        return "".join(said[:half]) + "，" + "".join(said[half:]) if half else "".join(said)
