"""What to send as of a time: which milestones are due soon or breached, at which level, to whom.

From the same milestones as the site (:func:`generator.deadlines.milestones`):

* a milestone still open is **due soon** when no more than ``remind_before`` of its severity is
  left before its deadline (working time for ``wh``/``bd``, elapsed for ``h``/``d``); it goes to
  the department's first-level contacts;
* a **breached** milestone is at the escalation level the site shows for it (the oldest breach of
  the item decides, ``escalation`` in ``register.yaml``); a level tells the department's contacts
  of that level and of every level below it, the offices named for those levels (per department in
  ``departments.yaml``, for every department in ``reminders.levels``), and, for an item no
  department has taken, the offices in ``reminders.unassigned``.

A recipient is one e-mail address or one chat robot; each gets one message listing all its items,
ordered by lateness. What the record says this recipient already got for an item's milestone at
this level is left out, so a second run sends nothing new and a run after the next level is reached
sends only that level. The count (第2次催办) is one more than the levels already sent for the milestone.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from urllib.parse import quote

from ..calendar import Calendar
from ..deadlines import MILESTONES, calendar_for, milestones
from ..durations import Duration
from ..settings import Settings
from .record import DUE_SOON, Sent

OFFICE = "office"


@dataclass(frozen=True)
class Line:
    """One item's milestone in a message."""

    item: str
    title: str
    department: str | None
    severity: str
    milestone: str
    due: dt.datetime
    level: str                  # due-soon | an escalation level
    count: int                  # 第 N 次催办 (0: due soon)
    late: dt.timedelta          # working time past the deadline (zero when due soon)
    left: dt.timedelta          # working time left before it (zero when breached)
    overdue: dt.timedelta       # elapsed time past the deadline, as the overdue page counts it
    url: str | None = None


@dataclass(frozen=True)
class Party:
    """Whose contacts a recipient is: a department at a level, or an office."""

    department: str
    role: str                   # the level its contacts are listed under, or "office"


@dataclass
class Message:
    via: str                    # email:<address> | chat:<channel>
    lines: list[tuple[Line, Party]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.via.split(":", 1)[0]

    @property
    def address(self) -> str:
        return self.via.split(":", 1)[1]

    @property
    def party(self) -> Party:
        return self.lines[0][1]

    def records(self, at: dt.datetime) -> list[Sent]:
        return [Sent(at, ln.item, ln.milestone, ln.level, ln.count, p.department, p.role, self.via)
                for ln, p in self.lines]


@dataclass
class Plan:
    as_of: dt.datetime
    messages: list[Message] = field(default_factory=list)
    unreached: list[Line] = field(default_factory=list)     # reminders due that nobody is configured to get
    already_sent: int = 0                                   # lines left out because the record has them

    @property
    def lines(self) -> int:
        return sum(len(m.lines) for m in self.messages)


def _working(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    return calendar.working_time_between(start, end) if end > start else dt.timedelta(0)


def due_soon(calendar: Calendar, lead: Duration, due: dt.datetime, as_of: dt.datetime) -> bool:
    if as_of >= due:
        return False
    if lead.working:
        limit = dt.timedelta(hours=lead.amount) if lead.unit == "wh" else calendar.day_length * lead.amount
        return calendar.working_time_between(as_of, due) <= limit
    limit = dt.timedelta(hours=lead.amount) if lead.unit == "h" else dt.timedelta(days=lead.amount)
    return due - as_of <= limit


def in_working_hours(calendar: Calendar, at: dt.datetime) -> bool:
    start, end = next(calendar.working_periods(at))
    return start <= at < end


def site_base(settings: Settings, environ=os.environ) -> str | None:
    base = settings.reminders.site_url or environ.get("SITE_URL") or None
    return base if base is None or base.endswith("/") else base + "/"


class Planner:
    def __init__(self, settings: Settings, sent: list[Sent], site_url: str | None = None) -> None:
        self.s = settings
        self.r = settings.reminders
        self.levels = [level for _, level in settings.escalation]
        self.calendar = calendar_for(settings)
        self.site_url = site_url
        self.done = {s.key for s in sent}
        self.levels_sent: dict[tuple[str, str], set[str]] = {}
        for s in sent:
            if s.level != DUE_SOON:
                self.levels_sent.setdefault((s.item, s.milestone), set()).add(s.level)

    # -- who
    def office(self, office: str) -> list[tuple[str, Party]]:
        first = self.levels[0] if self.levels else None
        c = self.r.contacts.get(office, {}).get(first) if first else None
        if c is None:
            return []
        party = Party(office, OFFICE)
        return [(f"email:{a}", party) for a in c.email] + [(f"chat:{n}", party) for n in c.chat]

    def recipients(self, department: str | None, level: str) -> list[tuple[str, Party]]:
        """Every (via, party) told at ``level`` (due-soon: the first level), in order, each via once."""
        upto = self.levels[:1] if level == DUE_SOON else self.levels[:self.levels.index(level) + 1]
        found: list[tuple[str, Party]] = []
        offices: list[str] = []
        if department is None:
            offices += self.r.unassigned
        for lvl in upto:
            c = self.r.contacts.get(department or "", {}).get(lvl)
            if c is not None:
                party = Party(department, lvl)
                found += [(f"email:{a}", party) for a in c.email] + [(f"chat:{n}", party) for n in c.chat]
                offices += c.offices
            if level != DUE_SOON:
                offices += self.r.levels.get(lvl, ())
        for office in dict.fromkeys(offices):
            if office != department:
                found += self.office(office)
        seen, out = set(), []
        for via, party in found:
            if via not in seen:
                seen.add(via)
                out.append((via, party))
        return out

    # -- what
    def lines(self, data: dict, as_of: dt.datetime) -> list[Line]:
        out = []
        severity = str(data.get("severity"))
        lead = self.r.remind_before.get(severity)
        item_id = str(data.get("id"))
        url = f"{self.site_url}items/{quote(item_id, safe='')}/" if self.site_url else None
        for m in milestones(self.s, self.calendar, data, as_of):
            if m.due is None:
                continue
            if m.state == "breached" and m.escalation:
                previous = self.levels_sent.get((item_id, m.name), set()) - {m.escalation}
                count = len(previous) + 1
                out.append(Line(item_id, str(data.get("title", "")), data.get("department"), severity, m.name,
                                m.due, m.escalation, count, _working(self.calendar, m.due, as_of), dt.timedelta(0),
                                m.overdue, url))
            elif m.state == "open" and lead is not None and due_soon(self.calendar, lead, m.due, as_of):
                out.append(Line(item_id, str(data.get("title", "")), data.get("department"), severity, m.name,
                                m.due, DUE_SOON, 0, dt.timedelta(0), _working(self.calendar, as_of, m.due),
                                dt.timedelta(0), url))
        return out

    def plan(self, items: list[dict], as_of: dt.datetime) -> Plan:
        result = Plan(as_of)
        messages: dict[str, Message] = {}
        for data in items:
            for line in self.lines(data, as_of):
                targets = self.recipients(line.department, line.level)
                if not targets:
                    result.unreached.append(line)
                for via, party in targets:
                    if (line.item, line.milestone, line.level, via) in self.done:
                        result.already_sent += 1
                        continue
                    messages.setdefault(via, Message(via)).lines.append((line, party))
        order = {d: n for n, d in enumerate(self.s.departments)}
        for m in messages.values():
            m.lines.sort(key=lambda lp: lateness_order(lp[0]))
        result.messages = sorted(messages.values(), key=lambda m: (order.get(m.party.department, len(order)),
                                                                   m.party.role == OFFICE, m.kind, m.address))
        return result


def lateness_order(line: Line) -> tuple:
    """Most overdue first; then what is due soonest."""
    if line.level == DUE_SOON:
        return (1, line.due, line.item, MILESTONES.index(line.milestone))
    return (0, -line.overdue.total_seconds(), line.item, MILESTONES.index(line.milestone))


def make_plan(settings: Settings, items: list[dict], as_of: dt.datetime, sent: list[Sent],
              site_url: str | None = None) -> Plan:
    """The messages ``fbreg remind`` sends as of ``as_of``, given the record ``sent``."""
    return Planner(settings, sent, site_url).plan(items, as_of)
