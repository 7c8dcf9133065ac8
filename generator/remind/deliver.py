"""Send a plan: each message through its channel, with bounded retries, and the record written.

A message that fails (timeout, HTTP 4xx/5xx, a robot's error code, an SMTP refusal) is tried again
up to ``retry.attempts`` times in all, waiting ``retry.backoff_seconds``, then twice as long each time
(at most 60 s); then it is reported, with its items and channel, and the next message goes on. What
was delivered is appended to the record at once (so a run stopped half-way never sends it again);
what failed is not recorded, so the next run tries it again.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings
from . import record
from .channel import DeliveryError, Outgoing, Sender
from .compose import Composer
from .config import MissingSecret
from .plan import Message, Plan, in_working_hours, make_plan, site_base

MAX_WAIT = 60.0


@dataclass(frozen=True)
class Failure:
    message: Message
    error: str
    attempts: int


@dataclass
class RunResult:
    plan: Plan
    dry_run: bool = False
    skipped: str | None = None          # "outside-working-hours" | "not-configured": nothing was sent
    sent: list[Message] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    record_files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def sender_for(settings: Settings, via: str) -> Sender:
    r = settings.reminders
    kind, name = via.split(":", 1)
    if kind == "email":
        from .smtp import Mail
        if r.email is None:
            raise DeliveryError("no mail server: register.yaml has no reminders.email", retry=False)
        return Mail(r.email, r.timeout_seconds)
    channel = r.channels.get(name)
    if channel is None:
        raise DeliveryError(f"no channel {name!r} in register.yaml reminders.channels", retry=False)
    if channel.type == "wecom":
        from .wecom import WeCom
        return WeCom(channel, r.timeout_seconds)
    if channel.type == "dingtalk":
        from .dingtalk import DingTalk
        return DingTalk(channel, r.timeout_seconds)
    if channel.type == "feishu":
        from .feishu import Feishu
        return Feishu(channel, r.timeout_seconds)
    from .webhook import Webhook
    return Webhook(channel, r.timeout_seconds, settings)


def outgoing(settings: Settings, composer: Composer, message: Message, plan: Plan, limit: int | None) -> Outgoing:
    from ..deadlines import calendar_for

    composed = composer.compose(message, plan.as_of, calendar_for(settings).day_length)
    text = composer.fitted(composed, limit) if limit else composed.text
    return Outgoing(message, composed, text, composer.party_name(message.party),
                    plan.as_of.astimezone(settings.tz).isoformat())


def send_one(sender: Sender, out: Outgoing, attempts: int, backoff: float, sleep) -> tuple[bool, str, int]:
    """(delivered, last error, tries)."""
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            sender.send(out)
            return True, "", attempt
        except MissingSecret as exc:
            return False, str(exc), attempt
        except DeliveryError as exc:
            error = str(exc)
            if not exc.retry:
                return False, error, attempt
        if attempt < attempts:
            sleep(min(backoff * 2 ** (attempt - 1), MAX_WAIT))
    return False, error, attempts


def deliver(settings: Settings, plan: Plan, register_dir: Path, sleep=time.sleep) -> RunResult:
    r = settings.reminders
    result = RunResult(plan)
    composer = Composer(settings, site_base(settings))
    for message in plan.messages:
        try:
            sender = sender_for(settings, message.via)
        except DeliveryError as exc:
            result.failed.append(Failure(message, str(exc), 0))
            continue
        out = outgoing(settings, composer, message, plan, sender.max_bytes)
        ok, error, tries = send_one(sender, out, r.attempts, r.backoff_seconds, sleep)
        if ok:
            result.sent.append(message)
            for path in record.append(register_dir, message.records(plan.as_of), settings.tz):
                if path not in result.record_files:
                    result.record_files.append(path)
        else:
            result.failed.append(Failure(message, error, tries))
    return result


def remind(settings: Settings, items: list[dict], register_dir: Path, as_of: dt.datetime | None = None,
           dry_run: bool = False, any_time: bool = False, sleep=time.sleep) -> RunResult:
    """``fbreg remind``: the plan as of ``as_of`` (default now) from the record, and unless
    ``dry_run``, sent. Outside the calendar's working hours a real run sends nothing, unless
    ``any_time`` or the setting ``working_hours_only: false``."""
    from ..deadlines import calendar_for

    as_of = as_of or dt.datetime.now(dt.timezone.utc)
    sent = record.load(register_dir)
    plan = make_plan(settings, items, as_of, sent, site_base(settings))
    result = RunResult(plan, dry_run=dry_run)
    if not settings.reminders.configured:
        result.skipped = "not-configured"
        return result
    if settings.reminders.working_hours_only and not any_time and not in_working_hours(calendar_for(settings), as_of):
        result.skipped = "outside-working-hours"
        if not dry_run:
            return result
    if dry_run:
        return result
    done = deliver(settings, plan, register_dir, sleep)
    done.skipped = result.skipped
    return done
