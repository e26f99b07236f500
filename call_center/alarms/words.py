"""What the alarm desk says: short Chinese sentences an elder can hear on the TV, and the
labels agents read. One place, so the screen, the voice and the console agree."""
from __future__ import annotations

from typing import Any

from personal_data.names import kin_and_name


def N_(text: str) -> str:
    """Marks a sentence the elder hears for the channels' catalogs (``onekey i18n extract``):
    the centre says it in Chinese, and a channel in another language says its translation."""
    return text


STATUS_WORDS = {
    "raised": "等待接警",
    "acknowledged": "已接警",
    "in_contact": "已联系上老人",
    "escalating": "老人无响应，正在应急联系",
    "responders_on_site": "救援人员已到场",
    "resolved": "已处理完毕",
    "cancelled": "已撤销",
}

# A family member reads them too, and 接警 is the centre's word, not theirs.
FAMILY_STATUS_WORDS = {**STATUS_WORDS, "raised": "已发出，等话务员接听", "acknowledged": "话务员已接听"}

PHASE_WORDS = {
    "": "",
    "callback": "正在回拨老人",
    "contacts": "正在联系紧急联系人",
    "police": "正在联系110",
    "keep_calling": "等待救援人员到达，持续呼叫老人",
}

# Pushed to the elder's TV with each status change (engine.alarm_update's ``message``).
ELDER_MESSAGES = {
    "raised": N_("已经通知话务员，马上有人联系您。请不要着急，保持电话畅通。"),
    "acknowledged": N_("话务员已经收到您的求救，正在联系您。"),
    "in_contact": N_("话务员正在和您通话，请按话务员说的做。"),
    "escalating": N_("我们正在给您打电话，请接听。如果您没事，请按“我没事”。"),
    "responders_on_site": N_("救援人员已经到了。"),
    "resolved": N_("这次求救已经处理完了，祝您平安。"),
    "cancelled": N_("报警已经撤销。我们会告诉已经通知过的人，您没事了。"),
}

# While escalating, what the TV says depends on who is being called.
PHASE_MESSAGES = {
    "callback": ELDER_MESSAGES["escalating"],
    "contacts": N_("正在联系您的家人。如果您没事，请按“我没事”。"),
    "police": N_("正在请民警上门查看。如果您没事，请按“我没事”。"),
    "keep_calling": N_("救援人员正在赶来，我们会一直给您打电话，请接听。"),
}

STEP_WORDS = {
    "raised": "发出求救",
    "repeat_press": "再次按下求救键",
    "acknowledged": "话务员接警",
    "ack_overdue": "超时未接警",
    "elder_answered": "老人有响应",
    "elder_silent": "老人无响应",
    "callback": "回拨老人",
    "contact_call": "联系紧急联系人",
    "police_call": "拨打110请民警上门",
    "keep_calling": "持续呼叫老人",
    "called_120": "已联系120",
    "called_110": "已联系110",
    "called_119": "已联系119",
    "contacted_family": "已联系家属",
    "guidance": "救援指导",
    "responders_arrived": "救援人员到达",
    "outcome": "处置结果",
    "follow_up": "后续回访",
    "cancelled": "报警撤销",
    "cancel_notice": "告知报警撤销",
    "response_started": "启动应急响应",
    "contacts_unreachable": "紧急联系人都联系不上",
    "stale_call": "呼叫结果未采用",
    "step_failed": "系统步骤失败",
    "family_coming": "家属回复：马上过去",
}

CALL_WORDS = {"answered": "接通", "no_answer": "无人接听", "failed": "呼叫失败"}

CHECKIN_PROMPT = N_("今天身体好吗？按确定键报平安。")
CHECKIN_DONE = N_("今天已经报过平安了，谢谢您！")
CHECKIN_THANKS = N_("收到您的平安，谢谢您！祝您今天开心。")
CHECKIN_MISSED = N_("今天还没有报平安，请按确定键报平安，话务员会打电话问候您。")


def contact_told(relation: str, name: str) -> str:
    return f"已经通知您的{kin_and_name(relation, name)}，请保持电话畅通。"


POLICE_TOLD = N_("已经请民警上门查看，请保持电话畅通。")


# What is true depends on more than the status. The system's call-back reaching her is not an
# agent talking to her (in_contact before anyone took the alarm); an alarm withdrawn before
# anyone was told has nobody to tell.
NO_AGENT_YET = N_("已经联系上您了，话务员马上和您通话，请保持电话畅通。")
NOBODY_TOLD = N_("报警已经撤销，没有通知其他人。")


def elder_message(status: str, phase: str = "", *, agent: bool = True, told: bool = True) -> str:
    """``agent``: an agent has taken the alarm; ``told``: someone (a contact, 110, 120) was told."""
    if status == "in_contact" and not agent:
        return NO_AGENT_YET
    if status == "cancelled" and not told:
        return NOBODY_TOLD
    if status == "escalating" and phase in PHASE_MESSAGES:
        return PHASE_MESSAGES[phase]
    return ELDER_MESSAGES.get(status, "")


def elder_words(alarm: Any) -> str:
    """:func:`elder_message` for an alarm as it stands (an ``Alarm`` row)."""
    return elder_message(alarm.status, alarm.phase, agent=alarm.acknowledged_by is not None,
                         told=alarm.status != "cancelled" or any(p.told_at for p in alarm.parties))



LATE_AFTER_S = 30   # a press that took longer than this to arrive was held on the device


def span(seconds: int) -> str:
    """A wait as agents read it: 45秒, 3分05秒, 2小时10分."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}秒"
    if seconds < 3600:
        return f"{seconds // 60}分{seconds % 60:02d}秒"
    return f"{seconds // 3600}小时{seconds % 3600 // 60}分"


def late_words(delay_s: int) -> str:
    """Said on the console's timeline when a device could not reach the centre at once."""
    if delay_s < LATE_AFTER_S:
        return ""
    return f"设备当时连不上中心，老人按下{span(delay_s)}后才送达"
