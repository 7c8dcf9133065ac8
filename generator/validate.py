"""Check items: the schema (with the register's lists) and the rules beyond it (design.md §3).

Every problem is collected; nothing stops at the first. Rules run on whatever the schema
left usable, so one wrong field does not hide the others.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import attachments, cachedir, itemcache, privacy, schemas
from .durations import is_duration
from .loader import Item, discover, display_path, load_items
from .problems import ProblemList
from .settings import Settings, load_settings
from .calendar import listed_years, uncovered_years
from .timestamps import NoTimeZone, parse_date, parse_timestamp, timestamp_or_none

ID_FORM = re.compile(r"([A-Z][A-Z0-9]{0,9})-([0-9]{4})-([0-9]{4,6})")
# Characters that reorder or hide text (bidi controls, zero-width): a title could be made to lie.
# ... and control characters that a YAML escape ("\x01", "\0", "\x9f") can put into a quoted string:
# C0 except tab and newline, DEL, C1.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                       "\x00-\x08\x0b-\x1f\x7f-\x9f"
                       # also: the Arabic letter mark (a bidi control), soft hyphen, grapheme joiner, Hangul
                       # and Mongolian fillers, line/paragraph separators (a line break "one line" misses),
                       # deprecated format controls, interlinear annotation, tag characters (hidden ASCII)
                       "\u061c\u00ad\u034f\u115f\u1160\u180e\u3164\uffa0\u2028\u2029\u206a-\u206f"
                       "\ufff9-\ufffb\U000e0000-\U000e007f]")
NEEDS_DEPARTMENT = {"assigned", "in-progress", "on-hold", "verifying", "closed"}
# Fields that must not come before ``received`` (path → human name).
MILESTONE_ORDER = ["received", "acknowledged_at", "responded_at", "closed_at"]


@dataclass
class Register:
    """The loaded register: settings and every item file (readable or not)."""

    settings: Settings
    items: list[Item]


def item_validator(settings: Settings):
    schema = schemas.item_schema(settings.categories, settings.channels, settings.severities, settings.departments)
    return schemas.validator_for(schema)


def load_register(register_dir: str | Path, problems: ProblemList | None = None) -> tuple[Register, ProblemList]:
    """Load settings (``SettingsError`` if unusable) and every item file."""
    register_dir = Path(register_dir)
    settings = load_settings(register_dir, display_path(register_dir))
    problems = problems or ProblemList(settings.language)
    paths = discover(register_dir, problems)
    return Register(settings, itemcache.load_items(paths, problems, itemcache.cache_dir_for(register_dir))), problems


def validate_register(register_dir: str | Path, only: list[Path] | None = None,
                      now: dt.datetime | None = None) -> tuple[Register, ProblemList]:
    """Validate the whole register, or only the files in ``only`` (checked against the whole register)."""
    register, problems = load_register(register_dir)
    committed = cachedir.committed(Path(register_dir))
    if committed is not None:   # a committed cache would be trusted by the next run: refuse the change
        problems.add(display_path(committed), None, "cache-committed")
    journal = Path(register_dir) / ".fbreg-import.json"
    if journal.exists():   # an import killed half-way (generator/importer/writer.py): never commit that
        problems.add(display_path(journal), None, "import-interrupted")
    items = register.items
    if only is not None:
        wanted = {p.resolve() for p in only}
        extra = [p for p in only if p.resolve() not in {i.path.resolve() for i in items}]
        items = [i for i in items if i.path.resolve() in wanted] + load_items(extra, problems)
        problems.items = [p for p in problems.items
                          if any(p.path == i.shown for i in items)]
    check_items(register.settings, items, register.items, problems, now=now)
    attachments.check_attachments(register_dir, {i.id for i in register.items if i.id}, problems,
                                  only={i.id for i in items if i.id} if only is not None else None)
    check_calendar_years(register, problems, now)
    if only is None:   # the record of reminders sent (register/reminders/*.jsonl)
        from .remind import record
        record.check(Path(register_dir), {i.id for i in register.items if i.id}, register.settings.tz, problems)
    return register, problems


def check_calendar_years(register: Register, problems: ProblemList, now: dt.datetime | None) -> None:
    """A warning for each year in which deadlines are counted (from an item's receipt to its closure,
    or to now for an open one; and now itself) without the holidays of that year in the calendar: a
    silent weekday guess would put deadlines on holidays and miss make-up working days (调休)."""
    settings = register.settings
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(settings.tz)
    spans = []
    for item in register.items:
        data = item.data or {}
        received = timestamp_or_none(data.get("received"))
        if received is None:
            continue
        end = timestamp_or_none(data.get("closed_at")) or (now if data.get("status") not in ("rejected", "duplicate")
                                                           else received)
        spans.append((received.astimezone(settings.tz).date(), max(end, received).astimezone(settings.tz).date()))
    missing = {year: 0 for year in uncovered_years(settings.calendar, [(now.date(), now.date())])}
    missing.update(uncovered_years(settings.calendar, spans))
    if not missing:
        return
    path = settings.root / "register.yaml"
    line = 1
    try:
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.lstrip().startswith("holidays:"):
                line = n
                break
    except OSError:
        pass
    listed = ", ".join(str(y) for y in sorted(listed_years(settings.calendar) or ()))
    for year, count in sorted(missing.items()):
        problems.add(display_path(path), (line, 1), "calendar-year-missing", year=year, n=count,
                     listed=listed)


def check_items(settings: Settings, items: list[Item], everything: list[Item], problems: ProblemList,
                now: dt.datetime | None = None) -> None:
    """Schema and rules for ``items``; ids and references are checked against ``everything``."""
    validator = item_validator(settings)
    owners: dict[str, list[Item]] = {}
    for other in everything:
        if other.id:
            owners.setdefault(other.id, []).append(other)
    now = now or dt.datetime.now(dt.timezone.utc)
    for item in items:
        if item.doc is None:
            continue
        schemas.check(item.doc, validator, item.shown, problems)
        _rules(settings, item, owners, problems, now)


def _rules(settings: Settings, item: Item, owners: dict, problems: ProblemList, now: dt.datetime) -> None:
    doc, data, shown = item.doc, item.data, item.shown

    def add(path, code, **args):
        problems.add(shown, doc.at(path), code, **args)

    # invisible characters in any text
    for path, value in _strings(data, ()):
        bad = INVISIBLE.search(value)
        if bad:
            add(path, "text-invisible-char", field=schemas.field_name(path), char=f"U+{ord(bad.group()):04X}")
    privacy.check(data, add)   # personal data in free text (privacy_exceptions per field)

    times = _timestamps(settings, data, add)
    status = data.get("status") if isinstance(data.get("status"), str) else None
    received = times.get(("received",))

    # id ↔ file name ↔ folder ↔ prefix ↔ year; uniqueness
    item_id = item.id
    if item_id:
        if item_id != item.path.stem:
            add(("id",), "id-file-name", id=item_id, name=item.path.name)
        match = ID_FORM.fullmatch(item_id)
        if match and match.group(1) != settings.id_prefix:
            add(("id",), "id-prefix", id=item_id, prefix=settings.id_prefix)
        if match and received:
            local = received.astimezone(settings.tz)
            if int(match.group(2)) != local.year:
                add(("id",), "id-year", id=item_id, id_year=match.group(2), year=local.year)
        for other in owners.get(item_id, []):
            if other is not item:
                add(("id",), "id-duplicate", id=item_id, other=other.shown)
    if received:
        local = received.astimezone(settings.tz)
        folder = f"{local.year:04d}/{local.month:02d}"
        parts = item.path.parts
        if len(parts) >= 3 and parts[-3] + "/" + parts[-2] != folder:
            add(("received",), "file-month", month=local.strftime("%Y-%m"), tz=settings.timezone, folder=folder)

    # timestamps in order
    for i, earlier in enumerate(MILESTONE_ORDER):
        for later in MILESTONE_ORDER[i + 1:]:
            a, b = times.get((earlier,)), times.get((later,))
            if a and b and b < a:
                add((later,), "timestamp-order", field=later, value=data[later], other=earlier, other_value=data[earlier])
    if received:
        for path, value in times.items():
            if value < received and path[0] not in MILESTONE_ORDER:
                add(path, "timestamp-order", field=schemas.field_name(path), value=_get(data, path),
                    other="received", other_value=data["received"])
    verified, closed = times.get(("verification", "at")), times.get(("closed_at",))
    if verified and closed and closed < verified:
        add(("closed_at",), "timestamp-order", field="closed_at", value=data["closed_at"],
            other="verification.at", other_value=data["verification"]["at"])
    slack = now + dt.timedelta(days=1)
    for path, value in times.items():
        if value > slack:
            add(path, "timestamp-future", field=schemas.field_name(path), value=_get(data, path))

    # status rules
    if status in NEEDS_DEPARTMENT and not data.get("department"):
        add(("status",), "department-missing", status=status)
    if status == "closed":
        if "closed_at" not in data:
            add(("status",), "closed-without-closed-at")
        if "verification" not in data:
            add(("status",), "closed-without-verification")
    elif status and "closed_at" in data:
        add(("closed_at",), "closed-at-not-closed", status=status)
    if status == "new":
        for name in ("department", "acknowledged_at"):
            if name in data:
                add((name,), "new-but-handled", field=name)

    # related items and duplicates
    related = data.get("related") if isinstance(data.get("related"), list) else []
    for i, ref in enumerate(related):
        if not isinstance(ref, str):
            continue
        if ref == item_id:
            add(("related", i), "related-self", field=f"related[{i}]")
        elif ref not in owners:
            add(("related", i), "related-unknown", field=f"related[{i}]", id=ref)
    if status == "duplicate" and not related:
        add(("status",), "duplicate-without-original")

    # pauses (on-hold)
    holds = data.get("holds") if isinstance(data.get("holds"), list) else []
    open_holds = [i for i, h in enumerate(holds) if isinstance(h, dict) and "until" not in h]
    if status == "on-hold" and (not holds or open_holds != [len(holds) - 1]):
        add(("status",), "hold-missing")
    if status != "on-hold":
        for i in open_holds:
            add(("holds", i), "hold-open", status=status)
    previous_end = None
    for i, hold in enumerate(holds):
        start, end = times.get(("holds", i, "from")), times.get(("holds", i, "until"))
        if start and end and end < start:
            add(("holds", i, "until"), "timestamp-order", field=f"holds[{i}].until", value=hold["until"],
                other=f"holds[{i}].from", other_value=hold["from"])
        if start and previous_end and start < previous_end:
            add(("holds", i, "from"), "hold-overlap", n=i + 1)
        previous_end = end

    # explicit deadlines: a date-time with zone, or a duration
    deadlines = data.get("deadlines") if isinstance(data.get("deadlines"), dict) else {}
    for name in ("acknowledge", "respond", "resolve"):
        value = deadlines.get(name)
        if isinstance(value, str) and not is_duration(value):
            try:
                parse_timestamp(value)
            except ValueError:
                add(("deadlines", name), "duration-format", field=f"deadlines.{name}", value=value)

    # action due dates: a date or a date-time
    actions = data.get("actions") if isinstance(data.get("actions"), list) else []
    for i, action in enumerate(actions):
        due = action.get("due") if isinstance(action, dict) else None
        if isinstance(due, str):
            try:
                parse_date(due)
            except ValueError:
                try:
                    parse_timestamp(due)
                except ValueError:
                    add(("actions", i, "due"), "date-format", field=f"actions[{i}].due", value=due)


TIMESTAMP_FIELDS = [("received",), ("acknowledged_at",), ("responded_at",), ("closed_at",),
                    ("reply", "at"), ("verification", "at")]


def _timestamps(settings: Settings, data: dict, add) -> dict:
    """Parse every date-time field; record format problems; return path → aware datetime."""
    paths = list(TIMESTAMP_FIELDS)
    for list_name, keys in (("actions", ("done_at",)), ("holds", ("from", "until"))):
        entries = data.get(list_name)
        if isinstance(entries, list):
            paths += [(list_name, i, k) for i, e in enumerate(entries) if isinstance(e, dict) for k in keys]
    out = {}
    for path in paths:
        value = _get(data, path)
        if value is None:
            continue
        name = schemas.field_name(path)
        try:
            out[path] = parse_timestamp(value)
        except NoTimeZone:
            offset = dt.datetime.now(settings.tz).strftime("%z")
            add(path, "timestamp-no-zone", field=name, example=f"{value}{offset[:3]}:{offset[3:]}")
        except ValueError:
            if isinstance(value, str):  # other types are the schema's business
                add(path, "timestamp-format", field=name, value=value)
    return out


def _get(data, path):
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))
