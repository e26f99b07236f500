"""Sentences only the TV says (pairing, key hints); the flow's own live in the spec.

Source text is zh_CN and marked with ``N_`` so ``onekey i18n extract`` (babel.cfg scans
``tv_app/**.py``) puts them in the shared catalogs; the app's one
:class:`shared_ui.strings.Strings` (the engine's) translates and fills them, so screen and
speech use one id per sentence (STYLE.md §8).
"""
from __future__ import annotations

from shared_ui.i18n import N_

PROGRESS = N_("第{step}步，共{of}步")
SOS_HINT = N_("紧急情况请按红色键")
SOS_HINT_SHORT = N_("红色键求助")  # where the hint cannot be whole beside the keys
PAIRING_TITLE = N_("绑定这台电视")
PAIRING_BODY = N_("请打电话给{hotline}，把下面的配对码告诉客服。")
PAIRING_SPEAK = N_("请打电话给{hotline}，把配对码告诉客服。配对码是：{digits}。")
PAIRING_WAITING = N_("正在等待客服确认……")
PAIRING_EXPIRED = N_("配对码过期了，已经换了一个新的。")
PAIRING_DONE = N_("绑定成功，欢迎使用一键通。")
PAIRING_UNBOUND = N_("这台电视已经解除绑定，不能再替您呼叫救援中心了。")
PAIRING_OFFLINE = N_("暂时连不上服务中心，正在重试。情况紧急请直接拨打{ambulance}。")
CONNECTING_TITLE = N_("一键通")
CONNECTING_BODY = N_("正在连接服务中心，请稍候。")
OFFLINE_TITLE = N_("连不上服务中心")
OFFLINE_BODY = N_("暂时连不上服务中心，正在重试。情况紧急请直接拨打{ambulance}，或拨打热线{hotline}。")
HOTLINE_STRIP = N_("急救 {ambulance}　热线 {hotline}")
UNBOUND_SOS_TITLE = N_("紧急情况")
UNBOUND_SOS = N_("这台电视还没有绑定，不能替您呼叫救援中心。情况紧急请直接拨打{ambulance}，或拨打热线{hotline}。按任意键回到配对码。")
REPEAT = N_("重听")
FACTS_PAGE = N_("下一页 {page}/{pages}")
FACTS_FIRST_PAGE = N_("回到第一页 {page}/{pages}")  # on the last page: 下一页 would be a wrong promise
