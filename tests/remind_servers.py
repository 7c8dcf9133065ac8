"""Real local servers for the reminder tests: an SMTP server (aiosmtpd) and one HTTP server standing in
for the chat robots' APIs, each checking what the real service checks.

* ``/wecom/send?key=KEY`` — WeCom group robot: the key must be the robot's;
* ``/dingtalk/send?access_token=T&timestamp=MS&sign=S`` — DingTalk, signed mode: ``sign`` must be the
  URL-encoded Base64 of HMAC-SHA256(secret, "{timestamp}\\n{secret}") and the timestamp within an hour;
* ``/feishu/hook/<id>`` — Feishu: the body's ``sign`` must be Base64 of HMAC-SHA256 keyed with
  "{timestamp}\\n{secret}" over an empty message, the timestamp within an hour;
* ``/webhook`` — generic: ``Authorization: Bearer`` and ``X-Fbreg-Signature: sha256=<hex HMAC of the body>``.

They answer as the services do (HTTP 200 with ``errcode``/``code`` ≠ 0 for a bad key or signature).
``fail`` makes a path answer 500 a number of times (or always), ``slow`` makes it wait before answering.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.server
import json
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

WECOM_KEY = "wecom-key-3b1f"
DINGTALK_TOKEN = "dingtalk-token-77aa"
DINGTALK_SECRET = "SEC" + "5a" * 32
FEISHU_HOOK = "feishu-hook-0c9d"
FEISHU_SECRET = "feishu-secret-e21"
WEBHOOK_TOKEN = "webhook-bearer-91"
WEBHOOK_SECRET = "webhook-secret-4d"
SMTP_USER, SMTP_PASSWORD = "register@example.org", "smtp-password-x1"
# the environment variables the test register's settings name (tests/remind_register.py), as CI would set them
SECRETS = {"TEST_WECOM_KEY": WECOM_KEY, "TEST_DINGTALK_TOKEN": DINGTALK_TOKEN, "TEST_DINGTALK_SECRET": DINGTALK_SECRET,
           "TEST_FEISHU_HOOK": FEISHU_HOOK, "TEST_FEISHU_SECRET": FEISHU_SECRET, "TEST_WEBHOOK_TOKEN": WEBHOOK_TOKEN,
           "TEST_WEBHOOK_SECRET": WEBHOOK_SECRET, "TEST_SMTP_PASSWORD": SMTP_PASSWORD}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    body: dict
    raw: bytes


@dataclass
class Robots:
    """What arrived (accepted messages only, in ``received``; refused ones in ``refused``)."""

    received: list[Received] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    fail: dict[str, int] = field(default_factory=dict)       # path prefix -> 500s still to give (-1: always)
    slow: dict[str, float] = field(default_factory=dict)     # path prefix -> seconds to wait
    hits: dict[str, int] = field(default_factory=dict)       # path prefix -> requests seen
    url: str = ""

    def texts(self, prefix: str) -> list[str]:
        out = []
        for r in self.received:
            if r.path.startswith(prefix):
                body = r.body
                out.append(body.get("text", {}).get("content") or body.get("content", {}).get("text")
                           or body.get("text") or "")
        return out


def _check(robots: Robots, path: str, query: dict, headers, raw: bytes, body: dict) -> tuple[int, dict]:
    now = time.time()
    if path == "/wecom/send":
        if query.get("key") != [WECOM_KEY]:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        return 200, {"errcode": 0, "errmsg": "ok"}
    if path == "/dingtalk/send":
        if query.get("access_token") != [DINGTALK_TOKEN]:
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        ts, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
        expected = base64.b64encode(hmac.new(DINGTALK_SECRET.encode(), f"{ts}\n{DINGTALK_SECRET}".encode(),
                                             hashlib.sha256).digest()).decode()
        if not ts.isdigit() or abs(now * 1000 - int(ts)) > 3600_000 or sign != expected:
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, {"errcode": 0, "errmsg": "ok"}
    if path.startswith("/feishu/hook/"):
        if unquote(path.rsplit("/", 1)[1]) != FEISHU_HOOK:
            return 404, {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        ts = str(body.get("timestamp", ""))
        expected = base64.b64encode(hmac.new(f"{ts}\n{FEISHU_SECRET}".encode(), b"", hashlib.sha256).digest()).decode()
        if not ts.isdigit() or abs(now - int(ts)) > 3600 or body.get("sign") != expected:
            return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        return 200, {"code": 0, "msg": "success", "data": {}}
    if path == "/webhook":
        expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        if headers.get("Authorization") != f"Bearer {WEBHOOK_TOKEN}" or headers.get("X-Fbreg-Signature") != expected:
            return 401, {"error": "bad token or signature"}
        return 204, {}
    return 404, {"error": "no such API"}


def _handler(robots: Robots):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802 (the base class's name)
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            prefix = "/" + parts.path.strip("/").split("/")[0]
            robots.hits[prefix] = robots.hits.get(prefix, 0) + 1
            if robots.slow.get(prefix):
                time.sleep(robots.slow[prefix])
            if robots.fail.get(prefix):
                if robots.fail[prefix] > 0:
                    robots.fail[prefix] -= 1
                return self.answer(500, {"errcode": -1, "errmsg": "system busy"})
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                return self.answer(400, {"errcode": 40008, "errmsg": "invalid message body"})
            query = parse_qs(parts.query)
            status, answer = _check(robots, parts.path, query, self.headers, raw, body)
            if status in (200, 204) and answer.get("errcode", answer.get("code", 0)) == 0:
                robots.received.append(Received(parts.path, query, dict(self.headers), body, raw))
            else:
                robots.refused.append((parts.path, json.dumps(answer)))
            self.answer(status, answer)

        def answer(self, status, data):
            payload = json.dumps(data).encode() if status != 204 else b""
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass    # the client gave up (a timeout test)

    return Handler


@contextlib.contextmanager
def robot_server():
    robots = Robots()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(robots))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    robots.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield robots
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Mail:
    sender: str
    to: list[str]
    message: object

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, kind: str) -> str:
        return self.message.get_body(preferencelist=(kind,)).get_content()


class _MailHandler:
    def __init__(self, box: list, refuse: set):
        self.box, self.refuse = box, refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.box.append(Mail(envelope.mail_from, list(envelope.rcpt_tos),
                             message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)))
        return "250 OK"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (openssl), which the client trusts as its ca_file."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@contextlib.contextmanager
def smtp_server(tls: str = "none", cert: Path | None = None, key: Path | None = None, refuse=()):
    """aiosmtpd on 127.0.0.1: ``tls`` none | starttls (required, with AUTH) | ssl (implicit TLS, with AUTH)."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    box: list[Mail] = []
    port = free_port()
    kwargs = {}
    if tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(cert), str(key))

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode()
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_required=True)
        if tls == "starttls":   # AUTH only after STARTTLS
            kwargs.update(tls_context=ctx, require_starttls=True, auth_require_tls=True)
        else:                   # TLS from the first byte (aiosmtpd does not see it as STARTTLS, hence the flag)
            kwargs.update(ssl_context=ctx, auth_require_tls=False)
    controller = Controller(_MailHandler(box, set(refuse)), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()
