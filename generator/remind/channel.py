"""The one small interface of a channel, and the HTTP POST the robots and webhooks share.

A channel is an object with ``max_bytes`` (the longest text it takes, None: no limit) and
``send(outgoing)``, which delivers one message or raises :class:`DeliveryError`. HTTP goes through
``urllib.request`` (the standard library is enough: one JSON POST with a timeout); a robot's own
error (HTTP 200 with ``errcode`` ≠ 0) is a failure like an HTTP error.
"""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from .compose import Composed
from .plan import Message


class DeliveryError(Exception):
    """A send that failed; ``retry``: whether trying again may help (a refused secret will not)."""

    def __init__(self, reason: str, retry: bool = True) -> None:
        super().__init__(reason)
        self.retry = retry


@dataclass(frozen=True)
class Outgoing:
    message: Message            # the plan's message (recipient, item lines)
    composed: Composed          # subject, text, HTML
    text: str                   # the text cut to the channel's max_bytes
    to: str                     # the recipient by name: 工程部, 质检办 (never an address)
    as_of: str                  # ISO time of the run


class Sender(Protocol):
    max_bytes: int | None

    def send(self, out: Outgoing) -> None: ...


class Robot:
    """What the chat robots share: their channel settings, the timeout, the longest text they take
    (``max_bytes``, overridable per channel) and the whole address when it is itself the secret (``url_env``)."""

    MAX_BYTES = 18000

    def __init__(self, channel, timeout: float) -> None:
        self.channel, self.timeout = channel, timeout
        self.max_bytes = int(channel.options.get("max_bytes", self.MAX_BYTES))

    def address(self, api: str) -> str | None:
        """``url_env``'s value, or None: then the robot builds its address from ``api`` (or ``url``)."""
        self.api = self.channel.options.get("url", api)
        return self.channel.secret("url")


def post_json(url: str, payload: dict, timeout: float, headers: dict | None = None,
              body: bytes | None = None) -> dict:
    """POST ``payload`` as UTF-8 JSON; the response's JSON object ({} when it is not JSON)."""
    data = body if body is not None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "feedback-register (fbreg remind)",
        **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:   # noqa: S310 (http/https only: the schema)
            raw = response.read(1 << 20)
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except (socket.timeout, TimeoutError):
        raise DeliveryError(f"no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise DeliveryError(f"no answer within {timeout:g} s") from None
        raise DeliveryError(f"cannot connect: {reason}") from None
    except OSError as exc:
        raise DeliveryError(f"connection failed: {exc}") from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return answer if isinstance(answer, dict) else {}
