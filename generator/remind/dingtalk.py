"""DingTalk (钉钉) custom robot: ``POST …/robot/send?access_token=TOKEN`` with a text message.

Signed mode (加签), when ``secret_env`` names the robot's secret (``SEC…``): the address also
carries ``timestamp`` (milliseconds) and ``sign`` = URL-encoded Base64 of HMAC-SHA256 with the secret
as key over ``"{timestamp}\\n{secret}"``, as DingTalk documents it. DingTalk answers HTTP 200 with
``{"errcode": 0, "errmsg": "ok"}``; any other ``errcode`` (e.g. 310000, a wrong signature) is a failure.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote, quote_plus

from .channel import DeliveryError, Outgoing, Robot, post_json

API = "https://oapi.dingtalk.com/robot/send"


def sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


class DingTalk(Robot):
    def url(self) -> str:
        url = self.address(API) or f"{self.api}?access_token={quote(self.channel.secret('token') or '', safe='')}"
        secret = self.channel.secret("secret")
        if secret:
            timestamp = str(round(time.time() * 1000))
            url += f"{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign(secret, timestamp)}"
        return url

    def send(self, out: Outgoing) -> None:
        answer = post_json(self.url(), {"msgtype": "text", "text": {"content": out.text}}, self.timeout)
        if answer.get("errcode") != 0:
            raise DeliveryError(f"DingTalk refused the message: errcode {answer.get('errcode')} {answer.get('errmsg', '')}")
