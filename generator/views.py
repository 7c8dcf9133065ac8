"""What each page shows, computed once per build from the register and an as-of time.

Every page (dashboard, overdue, departments, items) and ``fbreg overdue`` read the same
milestones, so they cannot disagree.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from .calendar import Calendar
from .deadlines import Breach, Milestone, breach_rows, calendar_for, milestones
from .remind.record import DUE_SOON
from .schemas import load_schema, typed
from .settings import Settings
from .timestamps import timestamp_or_none
from .validate import ID_FORM

OPEN_STATES = {"new", "assigned", "in-progress", "on-hold", "verifying"}


@dataclass
class ItemView:
    data: dict
    milestones: list[Milestone]
    source: str = ""               # the item file, relative to the repository root ("" if unknown)
    history: object = None         # its history.ItemHistory, when the register is in git
    flags: dict = field(default_factory=dict)   # timestamp field -> why its record is doubtful (fbreg audit)
    reminders: list = field(default_factory=list)   # what fbreg remind sent about it (remind.record.Sent), oldest first
    digest: str | None = None      # SHA-256 of the item file's bytes (what the caches key on), when known

    @property
    def reminder_count(self) -> int:
        """How many times it was chased (催办): the levels reached per milestone, due-soon notices left out."""
        return len({(r.milestone, r.level) for r in self.reminders if r.level != DUE_SOON})

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def status(self) -> str:
        return str(self.data.get("status"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def breaches(self) -> list[Milestone]:
        return [m for m in self.milestones if m.state == "breached"]

    @property
    def next_due(self) -> dt.datetime | None:
        open_dues = [m.due for m in self.milestones if m.state in ("open", "breached") and m.due]
        return min(open_dues, default=None)

    def time(self, key: str) -> dt.datetime | None:
        return timestamp_or_none(self.data.get(key))


@dataclass
class DepartmentFigures:
    open: int = 0
    overdue: int = 0
    closed: int = 0
    closed_on_time: int = 0
    response_hours: list[float] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.closed if self.closed else None

    @property
    def median_response_hours(self) -> float | None:
        return statistics.median(self.response_hours) if self.response_hours else None


@dataclass
class RegisterView:
    settings: Settings
    as_of: dt.datetime
    items: list[ItemView]          # newest first
    calendar: Calendar | None = None

    def months(self, count: int = 12) -> list[str]:
        """The last ``count`` calendar months up to the as-of month, oldest first (``YYYY-MM``)."""
        local = self.as_of.astimezone(self.settings.tz)
        year, month = local.year, local.month
        out = []
        for _ in range(count):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return out[::-1]

    def monthly_intake(self, count: int = 12) -> tuple[list[str], dict[str, list[int]]]:
        """Items received per month by category over the last ``count`` months: (months, {category: counts})."""
        months = self.months(count)
        index = {m: n for n, m in enumerate(months)}
        counts: dict[str, list[int]] = {c: [0] * len(months) for c in self.settings.categories}
        for view in self.items:
            received = view.time("received")
            if received is None:
                continue
            n = index.get(received.astimezone(self.settings.tz).strftime("%Y-%m"))
            category = str(view.data.get("category"))
            if n is not None:
                counts.setdefault(category, [0] * len(months))[n] += 1
        return months, {c: v for c, v in counts.items() if any(v)}

    def breach_rows(self, department: str | None = None) -> list[Breach]:
        return breach_rows(((v.data, v.milestones) for v in self.items), department)

    def figures(self, department: str | None = None) -> DepartmentFigures:
        f = DepartmentFigures()
        for view in self.items:
            if department and view.data.get("department") != department:
                continue
            f.open += view.is_open
            f.overdue += bool(view.breaches)
            if view.status == "closed":
                f.closed += 1
                resolve = next((m for m in view.milestones if m.name == "resolve"), None)
                f.closed_on_time += bool(resolve and resolve.state == "met")
            responded, received = view.time("responded_at"), view.time("received")
            if responded and received:
                f.response_hours.append((responded - received).total_seconds() / 3600)
        return f


def build_view(settings: Settings, items: list[dict], as_of: dt.datetime,
               sources: dict[str, str] | None = None, history=None, flags: dict | None = None,
               reminders: dict | None = None, digests: dict[str, str] | None = None) -> RegisterView:
    """``sources`` maps item ids to their files relative to the repository root (for edit links);
    ``history`` is the register's history.HistoryIndex (timelines), ``flags`` what the audit
    found doubtful per item id and field, ``reminders`` what was sent per item id (remind.record),
    ``digests`` the digests of the items' files by id (generator.itemcache)."""
    calendar = calendar_for(settings)
    sources, flags, reminders, digests = sources or {}, flags or {}, reminders or {}, digests or {}
    views = []
    schema = load_schema("item")
    for d in items:
        item_id = d.get("id")
        if not (isinstance(item_id, str) and ID_FORM.fullmatch(item_id)):
            # only a register built despite its problems (fail_on_problems: false) gets here: the id
            # names the item's page folder, so "../../x" would be written outside the site
            continue
        d = typed(d, schema)   # the same for a valid item; for others, what the pages can show
        source = sources.get(item_id, "")
        views.append(ItemView(d, milestones(settings, calendar, d, as_of), source,
                              history.for_path(source) if history is not None and source else None,
                              flags.get(item_id, {}), reminders.get(item_id, []), digests.get(item_id)))
    views.sort(key=lambda v: (v.time("received") or as_of, v.id), reverse=True)
    return RegisterView(settings, as_of, views, calendar)
