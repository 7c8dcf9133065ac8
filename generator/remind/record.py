"""The record of what was sent: ``register/reminders/YYYY-MM.jsonl``, one JSON object a line.

One line per item, milestone, level and recipient that a message reached, appended in the month it
was sent (the register's time zone)::

    {"at": "2026-11-19T09:30:00+08:00", "item": "FB-2026-0048", "milestone": "respond",
     "level": "department-head", "count": 2, "to": "quality", "role": "office", "via": "email:quality@example.com"}

``level`` is ``due-soon`` or an escalation level of ``register.yaml``; ``count`` is the reminder's
number for that milestone (第2次催办; 0 for due-soon); ``to`` is the department whose contacts were
used and ``role`` the level they are listed under (``office`` when the department was told as an
office); ``via`` is the channel and address. The files live in git beside the items: reviewable,
part of the audit trail, and read by the next run so that nothing is sent twice. They only grow:
:func:`append` rewrites a month's file atomically with the new lines after the old ones, and
``fbreg audit`` accepts the CI job's direct commits only when they do exactly that.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..atomicfile import write_atomic
from ..deadlines import MILESTONES
from ..loader import display_path
from ..timestamps import format_timestamp, parse_timestamp

FOLDER = "reminders"
DUE_SOON = "due-soon"
NAME = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])\.jsonl")
MAX_BYTES = 16 << 20          # a month's record; far more than a register sends
FIELDS = ("at", "item", "milestone", "level", "count", "to", "role", "via")
SLUG = re.compile(r"[a-z][a-z0-9-]{0,39}")
ITEM = re.compile(r"[A-Z][A-Z0-9]{0,9}-[0-9]{4}-[0-9]{4,6}")
VIA = re.compile(r"(email|chat):[^\s]{1,200}")


@dataclass(frozen=True)
class Sent:
    at: dt.datetime
    item: str
    milestone: str
    level: str
    count: int
    to: str
    role: str
    via: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What is never sent twice: this item's milestone at this level to this recipient."""
        return self.item, self.milestone, self.level, self.via

    def line(self, tz) -> str:
        data = {"at": format_timestamp(self.at.astimezone(tz)), "item": self.item, "milestone": self.milestone,
                "level": self.level, "count": self.count, "to": self.to, "role": self.role, "via": self.via}
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def parse_line(text: str) -> Sent:
    """One record line; ``ValueError`` saying what is wrong with it."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    missing = [f for f in FIELDS if f not in data]
    unknown = sorted(set(data) - set(FIELDS))
    if missing or unknown:
        raise ValueError("; ".join(([f"missing {', '.join(missing)}"] if missing else [])
                                   + ([f"unknown {', '.join(unknown)}"] if unknown else [])))
    try:
        at = parse_timestamp(data["at"])
    except ValueError:
        raise ValueError(f"`at` must be a date and time with a time zone, not {data['at']!r}") from None
    checks = [("item", ITEM), ("level", SLUG), ("to", SLUG), ("role", SLUG), ("via", VIA)]
    for name, form in checks:
        if not (isinstance(data[name], str) and form.fullmatch(data[name])):
            raise ValueError(f"`{name}` has the wrong form: {str(data[name])[:80]!r}")
    if data["milestone"] not in MILESTONES:
        raise ValueError(f"`milestone` must be one of {', '.join(MILESTONES)}")
    count = data["count"]
    if not (isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 100):
        raise ValueError("`count` must be a whole number from 0 to 100")
    return Sent(at, data["item"], data["milestone"], data["level"], count, data["to"], data["role"], data["via"])


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a field appears twice")
    return dict(pairs)


def files(register_dir: Path) -> list[Path]:
    folder = Path(register_dir) / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(Path(e.path) for e in os.scandir(folder) if e.is_file(follow_symlinks=False) and NAME.fullmatch(e.name))


def _read(path: Path) -> str:
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES} bytes")
    return data.decode("utf-8")


def load(register_dir: Path, until: dt.datetime | None = None) -> list[Sent]:
    """Every well-formed line of every month (``fbreg validate`` reports the others), oldest first;
    with ``until``, only what was sent by then (a site built as of a past time)."""
    out = []
    for path in files(register_dir):
        try:
            text = _read(path)
        except (OSError, ValueError):
            continue
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                sent = parse_line(line)
            except ValueError:
                continue
            if until is None or sent.at <= until:
                out.append(sent)
    out.sort(key=lambda s: s.at)
    return out


def by_item(entries: list[Sent]) -> dict[str, list[Sent]]:
    out: dict[str, list[Sent]] = {}
    for s in entries:
        out.setdefault(s.item, []).append(s)
    return out


def append(register_dir: Path, entries: list[Sent], tz) -> list[Path]:
    """Add ``entries`` to their months' files (each rewritten atomically: old lines, then the new)."""
    months: dict[str, list[Sent]] = {}
    for s in entries:
        months.setdefault(s.at.astimezone(tz).strftime("%Y-%m"), []).append(s)
    folder = Path(register_dir) / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for month, new in sorted(months.items()):
        path = folder / f"{month}.jsonl"
        old = path.read_bytes() if path.is_file() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        write_atomic(path, old + "".join(s.line(tz) + "\n" for s in new).encode("utf-8"))
        written.append(path)
    return written


def check(register_dir: Path, item_ids: set[str], tz, problems) -> None:
    """The shape of every record file (for ``fbreg validate``): names, lines, months, items."""
    folder = Path(register_dir) / FOLDER
    if folder.is_symlink():
        problems.add(display_path(folder), None, "file-symlink")
        return
    if not folder.is_dir():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        shown = display_path(path)
        if entry.is_symlink():
            problems.add(shown, None, "file-symlink")
            continue
        if entry.name.startswith("."):
            continue
        if not entry.is_file() or not entry.name.endswith(".jsonl"):
            problems.add(shown, None, "reminder-record-stray")
            continue
        name = NAME.fullmatch(entry.name)
        if not name:
            problems.add(shown, None, "reminder-record-name", name=entry.name)
            continue
        try:
            text = _read(path)
        except UnicodeDecodeError:
            problems.add(shown, None, "yaml-encoding", hint="")
            continue
        except (OSError, ValueError) as exc:
            problems.add(shown, None, "file-unreadable", reason=getattr(exc, "strerror", None) or str(exc))
            continue
        month = entry.name[:7]
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                sent = parse_line(line)
            except ValueError as exc:
                problems.add(shown, (n, 1), "reminder-record-line", detail=str(exc))
                continue
            if sent.at.astimezone(tz).strftime("%Y-%m") != month:
                problems.add(shown, (n, 1), "reminder-record-month", at=format_timestamp(sent.at), month=month)
            if sent.item not in item_ids:
                problems.add(shown, (n, 1), "reminder-record-item", id=sent.item)
