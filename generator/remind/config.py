"""The reminder settings: ``reminders`` in ``register.yaml`` and ``remind`` per department in
``departments.yaml``, typed and checked against each other.

Secrets (the SMTP password, robot keys and tokens, signing secrets) never live in the repository:
the settings only *name* the environment variables that hold them (``password_env``,
``key_env``, ``secret_env``, …). :func:`find_secrets` refuses a settings file that holds one anyway
(a key such as ``password:``, an ``*_env`` value that is not a variable name, a robot address with
its key in it, a DingTalk ``SEC…`` secret), with the file and line.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..durations import Duration, parse_duration

ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,99}")
CHANNEL_TYPES = ("wecom", "dingtalk", "feishu", "webhook")
# Which options each robot needs (an address comes from `url`, or is built from the key or token).
NEEDS = {"wecom": ("key_env",), "dingtalk": ("token_env",), "feishu": ("hook_env",), "webhook": ()}
DEFAULT_COMMITTERS = ("41898299+github-actions[bot]@users.noreply.github.com", "fbreg-remind@users.noreply.gitlab.com")

SECRET_KEYS = {"password", "passwd", "pass", "secret", "token", "access_token", "key", "api_key", "apikey",
               "sign", "signature", "webhook", "hook", "credentials", "auth", "authorization"}
# values that are secrets wherever they appear in a settings file
SECRET_VALUES = [
    (re.compile(r"SEC[0-9a-f]{40,}"), "a DingTalk signing secret"),
    (re.compile(r"qyapi\.weixin\.qq\.com/\S*key=[0-9A-Za-z-]{8,}"), "a WeCom robot address with its key"),
    (re.compile(r"dingtalk\.com/\S*access_token=[0-9A-Za-z]{8,}"), "a DingTalk robot address with its token"),
    (re.compile(r"(feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/[0-9A-Za-z-]{8,}"), "a Feishu/Lark robot address"),
    (re.compile(r"[?&](key|token|access_token|secret|sign|password)=[^&\s]{6,}", re.I), "a key in an address"),
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I), "a password in an address"),
]


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: str                 # starttls | ssl | none
    sender: str                   # From:
    username: str | None = None
    password_env: str | None = None
    ca_file: str | None = None    # a private CA's certificate (a mail server on an intranet)


@dataclass(frozen=True)
class Channel:
    """A chat robot or a webhook: ``options`` are the plain ones, ``env`` names the variables of secrets."""

    name: str
    type: str
    options: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)       # option (key, token, secret, hook, url) -> variable name

    def secret(self, what: str) -> str | None:
        """The value of the secret ``what`` from its environment variable; None when not configured."""
        return from_env(self.env.get(what))


def from_env(name: str | None) -> str | None:
    """The value of the environment variable ``name`` (None when no variable is named);
    :class:`MissingSecret` when it is named but not set."""
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise MissingSecret(name)
    return value


class MissingSecret(Exception):
    """The environment variable the settings name for a secret is not set."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"the environment variable {name} is not set (a CI secret?)")


@dataclass(frozen=True)
class Contacts:
    """Who is told, for one department at one level."""

    email: tuple[str, ...] = ()
    chat: tuple[str, ...] = ()        # channel names
    offices: tuple[str, ...] = ()     # other departments (their first-level contacts): 质检办, 总经办


@dataclass(frozen=True)
class ReminderSettings:
    remind_before: dict[str, Duration] = field(default_factory=dict)     # severity -> lead time
    levels: dict[str, tuple[str, ...]] = field(default_factory=dict)     # level -> offices, every department
    unassigned: tuple[str, ...] = ()          # offices told about items no department has taken
    contacts: dict[str, dict[str, Contacts]] = field(default_factory=dict)   # department -> level -> contacts
    email: Smtp | None = None
    channels: dict[str, Channel] = field(default_factory=dict)
    site_url: str | None = None
    working_hours_only: bool = True
    attempts: int = 3
    backoff_seconds: float = 2.0
    timeout_seconds: float = 10.0
    committers: tuple[str, ...] = DEFAULT_COMMITTERS

    @property
    def configured(self) -> bool:
        return bool(self.contacts or self.levels or self.unassigned)


def find_secrets(doc, rel: str, problems) -> None:
    """Every secret written into a settings document (``register.yaml`` or ``departments.yaml``)."""
    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                key = str(k).lower()
                if key.endswith("_env"):
                    if not (isinstance(v, str) and ENV_NAME.fullmatch(v)):
                        problems.add(rel, doc.at(path + (k,)), "settings-secret", field=_name(path + (k,)),
                                     what="a value, not the name of an environment variable",
                                     fix=f"{k}: FBREG_{_suggest(path)}")
                elif key in SECRET_KEYS and isinstance(v, (str, int)) and str(v):
                    problems.add(rel, doc.at(path + (k,)), "settings-secret", field=_name(path + (k,)),
                                 what="a secret", fix=f"{k}_env: FBREG_{_suggest(path)}_{key.upper()}")
                else:
                    walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))
        elif isinstance(value, str):
            for pattern, what in SECRET_VALUES:
                if pattern.search(value):
                    problems.add(rel, doc.at(path), "settings-secret", field=_name(path), what=what,
                                 fix=f"url_env: FBREG_{_suggest(path[:-1])}_URL")
                    break

    walk(doc.value, ())


def _name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _suggest(path) -> str:
    words = [str(p) for p in path if not isinstance(p, int) and p not in ("reminders", "channels")]
    return re.sub(r"[^A-Z0-9]+", "_", "_".join(words[-1:] or ["REMIND"]).upper()).strip("_") or "REMIND"


def _contacts(raw: dict) -> Contacts:
    return Contacts(tuple(raw.get("email") or ()), tuple(raw.get("chat") or ()), tuple(raw.get("offices") or ()))


def parse(reg_doc, dep_doc, reg_rel: str, dep_rel: str, levels: list[str], severities, departments: set[str],
          problems) -> ReminderSettings:
    """The typed settings (schema-valid documents); cross-references are checked into ``problems``."""
    raw = reg_doc.value.get("reminders") or {}

    def bad(where, path, code, **args):
        doc, rel = (reg_doc, reg_rel) if where == "reg" else (dep_doc, dep_rel)
        problems.add(rel, doc.at(path), code, **args)

    def office_ids(path, ids):
        for i, office in enumerate(ids):
            if office not in departments:
                bad("reg" if path[0] == "reminders" else "dep", path + (i,), "settings-reminder-office", value=office)

    before = {}
    for severity, text in (raw.get("remind_before") or {}).items():
        if severity not in severities:
            bad("reg", ("reminders", "remind_before", severity), "settings-reminder-severity", value=severity)
        before[severity] = parse_duration(text)
    by_level = {}
    for level, ids in (raw.get("levels") or {}).items():
        if level not in levels:
            bad("reg", ("reminders", "levels", level), "settings-reminder-level", value=level,
                levels=", ".join(levels))
        office_ids(("reminders", "levels", level), ids)
        by_level[level] = tuple(ids)
    office_ids(("reminders", "unassigned"), raw.get("unassigned") or ())

    channels = {}
    for name, spec in (raw.get("channels") or {}).items():
        env = {k[:-4]: v for k, v in spec.items() if k.endswith("_env")}
        options = {k: v for k, v in spec.items() if not k.endswith("_env") and k != "type"}
        for needed in NEEDS[spec["type"]]:
            if needed not in spec and "url" not in spec and "url_env" not in spec:
                bad("reg", ("reminders", "channels", name), "settings-reminder-channel-field", name=name,
                    type=spec["type"], field=needed)
        if spec["type"] == "webhook" and "url" not in spec and "url_env" not in spec:
            bad("reg", ("reminders", "channels", name), "settings-reminder-channel-field", name=name,
                type="webhook", field="url")
        channels[name] = Channel(name, spec["type"], options, env)

    email = None
    if raw.get("email"):
        e = raw["email"]
        security = e.get("security", "starttls")
        email = Smtp(e["host"], int(e.get("port", {"ssl": 465, "starttls": 587}.get(security, 25))), security,
                     e["from"], e.get("username"), e.get("password_env"), e.get("ca_file"))

    contacts: dict[str, dict[str, Contacts]] = {}
    for i, d in enumerate(dep_doc.value.get("departments") or []):
        for level, spec in (d.get("remind") or {}).items():
            path = ("departments", i, "remind", level)
            if level not in levels:
                bad("dep", path, "settings-reminder-level", value=level, levels=", ".join(levels))
            c = _contacts(spec)
            for j, name in enumerate(c.chat):
                if name not in channels:
                    bad("dep", path + ("chat", j), "settings-reminder-channel", value=name,
                        known=", ".join(channels) or "—")
            office_ids(path + ("offices",), c.offices)
            if c.email and email is None:
                bad("dep", path + ("email",), "settings-reminder-no-smtp")
            contacts.setdefault(d["id"], {})[level] = c

    retry = raw.get("retry") or {}
    return ReminderSettings(
        remind_before=before, levels=by_level, unassigned=tuple(raw.get("unassigned") or ()), contacts=contacts,
        email=email, channels=channels, site_url=raw.get("site_url"),
        working_hours_only=raw.get("working_hours_only", True), attempts=int(retry.get("attempts", 3)),
        backoff_seconds=float(retry.get("backoff_seconds", 2)), timeout_seconds=float(raw.get("timeout_seconds", 10)),
        committers=tuple(raw.get("record_committers") or DEFAULT_COMMITTERS))
