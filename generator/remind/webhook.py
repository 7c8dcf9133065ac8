"""A generic JSON webhook: ``POST url`` with the whole message as data, for any other system.

The body::

    {"register": "…", "as_of": "…", "to": "工程部", "subject": "…", "text": "…",
     "items": [{"id", "title", "department", "department_name", "milestone", "due", "level",
                "count", "overdue_working_hours", "left_working_hours", "url"}]}

``token_env`` adds ``Authorization: Bearer <token>``; ``secret_env`` adds
``X-Fbreg-Signature: sha256=<hex HMAC-SHA256 of the body>`` (the receiver checks it with the same
secret). Any 2xx answer is a success.
"""
from __future__ import annotations

import hashlib
import hmac
import json

from .channel import Outgoing, Robot, post_json


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class Webhook(Robot):
    MAX_BYTES = 65536

    def __init__(self, channel, timeout: float, settings) -> None:
        super().__init__(channel, timeout)
        self.s = settings

    def payload(self, out: Outgoing) -> dict:
        items = []
        for line, _ in out.message.lines:
            items.append({"id": line.item, "title": line.title, "department": line.department,
                          "department_name": self.s.department_name(line.department, ""),
                          "milestone": line.milestone, "due": line.due.astimezone(self.s.tz).isoformat(),
                          "level": line.level, "count": line.count,
                          "overdue_working_hours": round(line.late.total_seconds() / 3600, 2),
                          "left_working_hours": round(line.left.total_seconds() / 3600, 2), "url": line.url})
        return {"register": self.s.title, "as_of": out.as_of, "to": out.to,
                "subject": out.composed.subject, "text": out.text, "items": items}

    def send(self, out: Outgoing) -> None:
        body = json.dumps(self.payload(out), ensure_ascii=False).encode("utf-8")
        headers = {}
        token = self.channel.secret("token")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        secret = self.channel.secret("secret")
        if secret:
            headers["X-Fbreg-Signature"] = signature(secret, body)
        post_json(self.address("") or self.api, {}, self.timeout, headers, body=body)
