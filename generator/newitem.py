"""Create a new item: the next free id, the right folder, a file that validates, written atomically.

The file is written to a temporary name in the target folder and then *linked* to its final
name, which fails if that name exists: an existing item is never overwritten, even when two
people run ``fbreg new`` at the same moment.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .atomicfile import write_atomic
from .loader import Item, display_path
from .problems import ProblemList
from .safeyaml import load as load_yaml
from .timestamps import format_timestamp
from .validate import ID_FORM, Register, check_items


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


class ItemNotCreated(Exception):
    """The new item would not be valid, or could not be written; carries the problems."""

    def __init__(self, problems: ProblemList, message: str = "") -> None:
        self.problems = problems
        super().__init__(message or "; ".join(p.message for p in problems))


@dataclass
class NewItem:
    title: str
    category: str
    channel: str
    severity: str
    description: str
    department: str | None = None
    received: dt.datetime | None = None
    location: str | None = None
    reporter_type: str | None = None
    reporter_ref: str | None = None
    anonymous: bool = False


def next_id(register: Register, year: int, taken: Iterable[str] = ()) -> str:
    """``PREFIX-YEAR-NNNN`` one above the highest number used that year, in the register or in
    ``taken`` (e.g. the base branch's ids), 4 digits or more when needed."""
    prefix = register.settings.id_prefix
    highest = 0
    for candidate in [c for item in register.items for c in (item.id, item.path.stem)] + list(taken):
        match = ID_FORM.fullmatch(candidate or "")
        if match and match.group(1) == prefix and int(match.group(2)) == year:
            highest = max(highest, int(match.group(3)))
    return f"{prefix}-{year:04d}-{highest + 1:04d}"


def _scalar(value) -> str:
    """One YAML scalar, quoted when YAML would otherwise read it as something else. A timestamp is
    written plain, as people write them (the loader keeps dates as text: YAML 1.2's core schema)."""
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        return value
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def render_item(fields: dict) -> str:
    """YAML text for an item: fixed key order, block text for the description."""
    lines = []
    for key, value in fields.items():
        if key == "description" or (isinstance(value, str) and "\n" in value):
            body = value.rstrip("\n").replace("\r\n", "\n").split("\n")
            lines.append(f"{key}: |")
            lines += [f"  {line}" if line else "" for line in body]
        elif isinstance(value, dict):
            inner = ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
            lines.append(f"{key}: {{{inner}}}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def build_fields(register: Register, new: NewItem, now: dt.datetime) -> tuple[str, dict]:
    settings = register.settings
    received = (new.received or now).astimezone(settings.tz)
    item_id = next_id(register, received.year)
    fields: dict = {"id": item_id, "title": new.title.strip(), "received": format_timestamp(received),
                    "channel": new.channel, "category": new.category, "severity": new.severity}
    if new.department:
        fields["department"] = new.department
    fields["status"] = "assigned" if new.department else "new"
    if new.reporter_type or new.reporter_ref or new.anonymous:
        reporter: dict = {}
        if new.reporter_type:
            reporter["type"] = new.reporter_type
        reporter["anonymous"] = bool(new.anonymous)
        if new.reporter_ref and not new.anonymous:
            reporter["ref"] = new.reporter_ref
        fields["reporter"] = reporter
    if new.location:
        fields["location"] = new.location
    fields["description"] = new.description.strip() + "\n"
    return item_id, fields


def create_item(register: Register, new: NewItem, now: dt.datetime | None = None) -> Path:
    """Validate and write a new item; returns its path. Raises ``ItemNotCreated``."""
    settings = register.settings
    now = now or dt.datetime.now(dt.timezone.utc)
    item_id, fields = build_fields(register, new, now)
    received = dt.datetime.fromisoformat(fields["received"])
    folder = settings.root / "items" / f"{received.year:04d}" / f"{received.month:02d}"
    path = folder / f"{item_id}.yaml"
    text = render_item(fields)

    problems = ProblemList(settings.language)
    doc = load_yaml(text.encode("utf-8"), display_path(path), problems)
    if doc is not None:
        candidate = Item(path, display_path(path), doc)
        check_items(settings, [candidate], register.items + [candidate], problems, now=now)
    if problems.has_errors():
        raise ItemNotCreated(problems)

    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(path, text, exclusive=True)   # FileExistsError rather than overwrite
    except FileExistsError:
        problems.add(display_path(path), None, "id-duplicate", id=item_id, other=display_path(path))
        raise ItemNotCreated(problems)
    return path
