"""WeCom (企业微信) group robot: ``POST …/cgi-bin/webhook/send?key=KEY`` with a text message.

The key is the robot's secret: it comes from the variable ``key_env`` names (or the whole address
from ``url_env``). WeCom answers HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}``; any other
``errcode`` is a failure. A text message holds at most 2048 bytes.
"""
from __future__ import annotations

from urllib.parse import quote

from .channel import DeliveryError, Outgoing, Robot, post_json

API = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"


class WeCom(Robot):
    MAX_BYTES = 2048

    def url(self) -> str:
        return self.address(API) or f"{self.api}?key={quote(self.channel.secret('key') or '', safe='')}"

    def send(self, out: Outgoing) -> None:
        answer = post_json(self.url(), {"msgtype": "text", "text": {"content": out.text}}, self.timeout)
        if answer.get("errcode") != 0:
            raise DeliveryError(f"WeCom refused the message: errcode {answer.get('errcode')} {answer.get('errmsg', '')}")
