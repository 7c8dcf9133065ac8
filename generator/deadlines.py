"""Milestones, deadlines, breaches and escalation for each item, as of a given time.

An item has three milestones: *acknowledge* (签收), *respond* (measures proposed or a reply)
and *resolve* (closed). Each has a deadline counted from ``received`` on the register's calendar:
the item's explicit ``deadlines`` (a duration or a date-time, with a reason) or else those of its
category and severity in ``register.yaml``. A milestone is **met** when its time is set (a later
milestone also meets the earlier ones: a closed item was evidently acknowledged); it is
**breached** when its deadline has passed as of the given time without it.

Pauses come from the item's ``holds`` (explicit fields, reviewed like every other change): the
clock stops from ``from`` to ``until``; an open pause (no ``until``: status on-hold) stops it
until now, so an on-hold item is never breached while it waits. Rejected and duplicate items have
no open milestones. Escalation goes by how long the oldest breach of an item is overdue, measured
with the escalation durations on the same calendar.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import Calendar, CalendarError, public_holidays
from .durations import Duration, is_duration, parse_duration
from .settings import Settings
from .timestamps import timestamp_or_none

MILESTONES = ("acknowledge", "respond", "resolve")
CLOSED_STATES = {"rejected", "duplicate"}


@dataclass(frozen=True)
class Milestone:
    item_id: str
    name: str                      # acknowledge | respond | resolve
    due: dt.datetime | None        # None: paused (open hold) or no deadline
    met_at: dt.datetime | None
    state: str                     # met | late | open | breached | paused | none
    overdue: dt.timedelta          # as of; for late ones, how late it was met
    escalation: str | None = None
    explicit: bool = False

    @property
    def overdue_hours(self) -> float:
        return round(self.overdue.total_seconds() / 3600, 1)


def pauses(data: dict, as_of: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    for hold in data.get("holds") or []:
        if not isinstance(hold, dict):
            continue
        start = timestamp_or_none(hold.get("from"))
        end = timestamp_or_none(hold.get("until")) if hold.get("until") else None
        if start is None:
            continue
        if end is None:  # open pause: the clock stops from its start for as long as it lasts
            end = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
        out.append((start, end))
    return out


def met_times(data: dict) -> dict[str, dt.datetime | None]:
    ack, resp, closed = (timestamp_or_none(data.get(k)) for k in ("acknowledged_at", "responded_at", "closed_at"))
    reply = timestamp_or_none(data["reply"].get("at")) if isinstance(data.get("reply"), dict) else None
    resolve = closed if data.get("status") == "closed" else None
    respond = min((t for t in (resp, reply, resolve) if t), default=None)
    acknowledge = min((t for t in (ack, respond) if t), default=None)
    return {"acknowledge": acknowledge, "respond": respond, "resolve": resolve}


def milestones(settings: Settings, calendar: Calendar, data: dict, as_of: dt.datetime) -> list[Milestone]:
    """The three milestones of one (valid) item as of ``as_of``."""
    item_id = str(data.get("id"))
    received = timestamp_or_none(data.get("received"))
    if received is None:
        return []
    rule = settings.deadlines_for(str(data.get("category")), str(data.get("severity")))
    explicit = data.get("deadlines") if isinstance(data.get("deadlines"), dict) else {}
    stops = pauses(data, as_of)
    met = met_times(data)
    withdrawn = data.get("status") in CLOSED_STATES
    out = []
    for name in MILESTONES:
        value = explicit.get(name)
        due = None
        try:
            if isinstance(value, str) and is_duration(value):
                due = calendar.add(received, parse_duration(value), stops)
            elif isinstance(value, str):
                due = timestamp_or_none(value)
            elif rule is not None:
                due = calendar.add(received, getattr(rule, name), stops)
        except CalendarError:
            due = None
        if due is not None and due.year >= 9999:
            due = None  # the clock is stopped by an open pause
        met_at = met[name]
        if met_at is not None:
            late = due is not None and met_at > due
            state, overdue = ("late", met_at - due) if late else ("met", dt.timedelta(0))
        elif withdrawn:
            state, overdue = "none", dt.timedelta(0)
        elif due is None:
            state, overdue = ("paused" if stops else "none"), dt.timedelta(0)
        elif as_of > due:
            state, overdue = "breached", as_of - due
        else:
            state, overdue = "open", dt.timedelta(0)
        out.append(Milestone(item_id, name, due, met_at, state, overdue, explicit=name in explicit))
    breaches = [m for m in out if m.state == "breached"]
    if breaches:
        oldest = min(breaches, key=lambda m: m.due)
        level = escalation_level(settings, calendar, oldest.due, as_of)
        out = [Milestone(m.item_id, m.name, m.due, m.met_at, m.state, m.overdue, level, m.explicit)
               if m.state == "breached" else m for m in out]
    return out


def escalation_level(settings: Settings, calendar: Calendar, due: dt.datetime, as_of: dt.datetime) -> str | None:
    """The highest level whose ``after`` has passed since ``due`` (None before the deadline)."""
    level = None
    if as_of <= due:
        return level
    for threshold, name in escalation_thresholds(settings, calendar, due):
        if as_of >= threshold:
            level = name
    return level


def escalation_thresholds(settings: Settings, calendar: Calendar, due: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """When each escalation level starts for a deadline ``due`` (a breach at exactly ``due`` is not yet one)."""
    return [(due if after.amount == 0 else calendar.add(due, after), name) for after, name in settings.escalation]


def calendar_for(settings: Settings) -> Calendar:
    code = settings.calendar.public_holidays
    return Calendar(settings.calendar, settings.tz, public_holidays(code) if code else None)


@dataclass(frozen=True)
class Breach:
    """One breached deadline: a row of the overdue list."""

    id: str
    title: str
    department: str | None
    severity: str
    status: str
    milestone: str
    due: dt.datetime
    overdue_hours: float
    escalation: str | None


def breach_rows(evaluated, department: str | None = None) -> list[Breach]:
    """Rows for every breached milestone in ``evaluated`` ((item data, milestones) pairs),
    by department, then oldest due first."""
    rows = []
    for data, stones in evaluated:
        if department and data.get("department") != department:
            continue
        for m in stones:
            if m.state == "breached":
                rows.append(Breach(m.item_id, str(data.get("title", "")), data.get("department"),
                                   str(data.get("severity")), str(data.get("status")), m.name, m.due,
                                   m.overdue_hours, m.escalation))
    rows.sort(key=lambda b: (b.department or "", b.due, b.id, MILESTONES.index(b.milestone)))
    return rows


def breaches(settings: Settings, items: list[dict], as_of: dt.datetime, department: str | None = None) -> list[Breach]:
    """Every breached milestone as of ``as_of``, by department then oldest due first."""
    calendar = calendar_for(settings)
    return breach_rows(((d, milestones(settings, calendar, d, as_of)) for d in items), department)
