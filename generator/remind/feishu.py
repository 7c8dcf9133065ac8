"""Feishu / Lark (飞书) custom bot: ``POST …/open-apis/bot/v2/hook/<hook id>`` with a text message.

Signature check (签名校验), when ``secret_env`` names the bot's secret: the body carries
``timestamp`` (seconds) and ``sign`` = Base64 of HMAC-SHA256 keyed with ``"{timestamp}\\n{secret}"``
over an empty message, as Feishu documents it. Feishu answers ``{"code": 0, …}`` (older
deployments ``{"StatusCode": 0, …}``); anything else (19021: a wrong signature) is a failure.
Lark: ``url: https://open.larksuite.com/open-apis/bot/v2/hook/``.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

from .channel import DeliveryError, Outgoing, Robot, post_json

API = "https://open.feishu.cn/open-apis/bot/v2/hook/"


def sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class Feishu(Robot):
    def url(self) -> str:
        full = self.address(API)
        if full:
            return full
        return self.api.rstrip("/") + "/" + quote(self.channel.secret("hook") or "", safe="")

    def send(self, out: Outgoing) -> None:
        payload: dict = {"msg_type": "text", "content": {"text": out.text}}
        secret = self.channel.secret("secret")
        if secret:
            timestamp = str(int(time.time()))
            payload = {"timestamp": timestamp, "sign": sign(secret, timestamp), **payload}
        answer = post_json(self.url(), payload, self.timeout)
        code = answer.get("code", answer.get("StatusCode"))
        if code != 0:
            raise DeliveryError(f"Feishu refused the message: code {code} {answer.get('msg', answer.get('StatusMessage', ''))}")
