"""E-mail over SMTP (standard library ``smtplib`` and ``email``): one message per address.

``security: starttls`` (default, port 587) upgrades the connection with STARTTLS before logging in;
``ssl`` (port 465) speaks TLS from the start; ``none`` only for a relay on the same host or network.
Certificates are checked against the system's authorities, or ``ca_file`` for a private server. The
password comes from the variable ``password_env`` names. The message is UTF-8: subject and sender
encoded as RFC 2047 where needed, a plain-text part and a simple HTML alternative.
"""
from __future__ import annotations

import email.policy
import email.utils
import smtplib
import socket
import ssl
from email.message import EmailMessage

from .channel import DeliveryError, Outgoing
from .config import Smtp, from_env


class Mail:
    max_bytes = None

    def __init__(self, smtp: Smtp, timeout: float) -> None:
        self.smtp, self.timeout = smtp, timeout

    def build(self, out: Outgoing, to: str) -> EmailMessage:
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["Subject"] = out.composed.subject
        msg["From"] = self.smtp.sender
        msg["To"] = to
        msg["Date"] = email.utils.formatdate(localtime=False)
        msg["Message-ID"] = email.utils.make_msgid(domain=self.smtp.sender.rsplit("@", 1)[-1].strip("> ") or None)
        msg["Auto-Submitted"] = "auto-generated"        # RFC 3834: no vacation replies
        msg.set_content(out.composed.text, charset="utf-8")
        msg.add_alternative(out.composed.html, subtype="html", charset="utf-8")
        return msg

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.smtp.ca_file) if self.smtp.ca_file else ssl.create_default_context()

    def send(self, out: Outgoing) -> None:
        s = self.smtp
        to = out.message.address
        msg = self.build(out, to)
        password = from_env(self.smtp.password_env) if s.username else None   # no login, no password
        try:
            if s.security == "ssl":
                client = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=self.context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            with client:
                client.ehlo()
                if s.security == "starttls":
                    client.starttls(context=self.context())
                    client.ehlo()
                if s.username:
                    client.login(s.username, password or "")
                refused = client.send_message(msg, to_addrs=[to])
                if refused:
                    raise DeliveryError(f"the server refused {', '.join(refused)}")
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError("the server refused the recipient: " + "; ".join(
                f"{code} {reason.decode('utf-8', 'replace') if isinstance(reason, bytes) else reason}"
                for code, reason in exc.recipients.values())) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"the server refused the login ({exc.smtp_code})", retry=False) from None
        except smtplib.SMTPResponseException as exc:
            reason = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise DeliveryError(f"SMTP {exc.smtp_code} {reason}") from None
        except (socket.timeout, TimeoutError):
            raise DeliveryError(f"no answer from {s.host}:{s.port} within {self.timeout:g} s") from None
        except ssl.SSLError as exc:
            raise DeliveryError(f"TLS with {s.host}:{s.port} failed: {exc.reason or exc}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP with {s.host}:{s.port} failed: {exc}") from None
