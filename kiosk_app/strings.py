"""Sentences only the kiosk says (holding SOS, the keypad, printing, the admin's PIN); the
flow's own live in the spec. ``N_`` marks them for ``onekey i18n extract``; the nav row's words
are the spec's own sentences (same source text, one translation).
"""
from __future__ import annotations

from shared_ui.i18n import N_

HOME = N_("首页")
BACK = N_("返回")
REPEAT = N_("重听")
HELP = N_("找人工")
SOS = N_("紧急求助")
DONE = N_("办完了")
PROGRESS = N_("第{step}步，共{of}步")
FACTS_PAGE = N_("下一页 {page}/{pages}")
HOTLINE_STRIP = N_("急救 {ambulance}　热线 {hotline}")
SOS_HOLD = N_("请按住紧急求助，不要松手，直到进度条走满。")
SOS_LET_GO = N_("松手了，没有呼叫救援。需要帮助请再按住紧急求助。")
# Shown on a held tile itself when it was tapped or let go too soon (said alone, it reached
# nobody who cannot hear): short enough for the fixed row's key.
HOLD_SHOWN = N_("请按住不放")
KEY_DELETE = N_("删除")
KEY_CLEAR = N_("清空")
KEY_OK = N_("确定")
TYPED_NOTHING = N_("还没有输入。")
WELCOME_TITLE = N_("一键通 自助服务")
STARTING = N_("正在连接服务中心，请稍候。")
OFFLINE = N_("暂时连不上服务中心，正在重试。情况紧急请直接拨打{ambulance}，或拨打热线{hotline}。")
UNBOUND_TITLE = N_("这台自助机已停用")
UNBOUND = N_("这台自助机已经和驿站解除绑定，不能在这里办事了。请找驿站工作人员。情况紧急请直接拨打{ambulance}，或拨打热线{hotline}。")
ADMIN_TITLE = N_("管理员退出")
ADMIN_PROMPT = N_("请输入管理员密码。")
ADMIN_WRONG = N_("密码不对。")
