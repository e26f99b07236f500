"""Login failures as values a person can read: a machine code, a short Chinese sentence, the
HTTP status the back end answers with."""
from __future__ import annotations


class LoginError(Exception):
    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


# WeChat's errcodes (jscode2session, getuserphonenumber, token) → what the member is told.
WECHAT_ERRORS: dict[int, tuple[str, str, int]] = {
    40029: ("invalid_code", "登录凭证无效或已过期，请重新打开小程序再试。", 401),
    40163: ("invalid_code", "登录凭证已经用过了，请重新打开小程序再试。", 401),
    45011: ("rate_limited", "登录太频繁了，请一分钟后再试。", 429),
    40226: ("risky_user", "微信提示这个账号存在风险，暂时不能登录。请联系微信客服，或拨打热线{hotline}。", 403),
    -1: ("wechat_busy", "微信暂时繁忙，请稍后再试。", 503),
    40125: ("wechat_config", "小程序的配置有误，请拨打热线{hotline}。", 502),
    40013: ("wechat_config", "小程序的配置有误，请拨打热线{hotline}。", 502),
}
UNREACHABLE = ("wechat_unreachable", "暂时连不上微信，请稍后再试。", 503)
OTHER = ("wechat_error", "微信登录没有成功，请稍后再试，或拨打热线{hotline}。", 502)


def wechat_error(errcode: int | None, hotline: str) -> LoginError:
    code, message, status = WECHAT_ERRORS.get(errcode, OTHER) if errcode is not None else UNREACHABLE
    return LoginError(code, message.format(hotline=hotline), status)
