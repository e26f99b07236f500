"""Sending one outbox row through wechatpy, and what WeChat's answer means for the row."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from wechatpy.exceptions import WeChatClientException

from ..logins.wechat import OneKeyWeChatClient

log = logging.getLogger(__name__)

REFUSED = {43101}            # the member refused, or has no subscription credit left
BROKEN = {47003, 40003, 40037, 41030}  # format, openid, template, page: sending again cannot help
# -1 (busy), 45009 (frequency), HTTP errors and no connection: try again later.


@dataclass(frozen=True)
class Outcome:
    kind: str  # sent | refused | broken | retry
    detail: str = ""
    msgid: str | None = None


class WeChatSender:
    def __init__(self, client: OneKeyWeChatClient):
        self.client = client

    def send(self, openid: str, template_id: str, page: str, data: dict) -> Outcome:
        try:
            result = self.client.wxa.send_subscribe_message(openid, template_id, data, page=page)
        except WeChatClientException as exc:
            code = int(exc.errcode) if exc.errcode is not None else None
            detail = f"errcode {code}: {exc.errmsg}" if code is not None else f"HTTP error: {exc}"
            if code in REFUSED:
                return Outcome("refused", detail)
            if code in BROKEN:
                log.error("subscribe message to %s refused as malformed: %s", openid[:8], detail)
                return Outcome("broken", detail)
            return Outcome("retry", detail)
        except requests.RequestException as exc:
            return Outcome("retry", f"{type(exc).__name__}: {exc}"[:300])
        return Outcome("sent", msgid=str(result.get("msgid") or "") or None)
