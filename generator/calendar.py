"""Working time on the register's calendar: when does a deadline fall?

Exact semantics (the README has worked examples):

* ``Nh`` — N elapsed hours: the instant N×60 minutes later (time-zone and DST safe).
* ``Nd`` — N elapsed days: the same local wall-clock time N calendar days later.
* ``Nwh`` — N working hours: only time inside working hours on working days counts. A clock
  started outside working hours (evening, weekend, holiday) starts at the next working period.
* ``Nbd`` — N working days = N × the length of the working day in working hours. Received on
  Friday 17:30 with 09:00–18:00 hours, ``1bd`` falls on Monday 17:30; received on Saturday it
  falls at the end of Monday (18:00).
* A deadline that lands exactly where a working period ends is that end (Monday 18:00), never
  the start of the next period.
* Pauses (on-hold periods) stop the clock: time inside a pause never counts, for any unit.

Working days are the configured weekdays minus ``holidays`` plus ``extra_workdays`` (调休).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from .durations import Duration
from .settings import CalendarSettings

UTC = dt.timezone.utc
MAX_DAYS = 3 * 366  # a deadline further away than this is a settings mistake, not a plan


class CalendarError(ValueError):
    pass


Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Calendar:
    settings: CalendarSettings
    tz: dt.tzinfo
    public: object = None  # an optional ``holidays`` calendar (``calendar.public_holidays: CN``)
    _days: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def _period(self, day: dt.date) -> Interval | None:
        """The working period (UTC) of ``day``, None on a day off; worked out once per day."""
        try:
            return self._days[day]
        except KeyError:
            pass
        period = None
        if self.is_workday(day):
            period = (dt.datetime.combine(day, self.settings.start, tzinfo=self.tz).astimezone(UTC),
                      dt.datetime.combine(day, self.settings.end, tzinfo=self.tz).astimezone(UTC))
        self._days[day] = period
        return period

    def is_workday(self, day: dt.date) -> bool:
        s = self.settings
        if day in s.extra_workdays:
            return True
        if self.public is not None and day in self.public:
            return False
        return day.weekday() in s.workdays and day not in s.holidays

    @property
    def day_length(self) -> dt.timedelta:
        s = self.settings
        start = dt.datetime.combine(dt.date(2000, 1, 3), s.start)
        end = dt.datetime.combine(dt.date(2000, 1, 3), s.end)
        return end - start

    def working_periods(self, since: dt.datetime) -> Iterator[Interval]:
        """Working periods (UTC) that end after ``since``, in order; the first may start before it."""
        day = since.astimezone(self.tz).date()
        one = dt.timedelta(days=1)
        for _ in range(MAX_DAYS):
            period = self._period(day)
            if period is not None and period[1] > since:
                yield period
            day += one
        raise CalendarError("no working time within three years: check the calendar's workdays and holidays")

    def _counting(self, since: dt.datetime, working: bool, pauses: list[Interval]) -> Iterator[Interval]:
        """Intervals from ``since`` on during which the clock runs."""
        periods = self.working_periods(since) if working else iter([(since, dt.datetime.max.replace(tzinfo=UTC))])
        for start, end in periods:
            start = max(start, since)
            for piece in _subtract((start, end), pauses):
                yield piece

    def add(self, start: dt.datetime, duration: Duration, pauses: list[Interval] = ()) -> dt.datetime:
        """The instant ``duration`` of running clock after ``start``."""
        start = start.astimezone(UTC)
        pauses = sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in pauses)
        if duration.unit == "d":
            local = start.astimezone(self.tz)
            target = dt.datetime.combine(local.date() + dt.timedelta(days=duration.amount), local.time(),
                                         tzinfo=self.tz).astimezone(UTC)
            # pauses extend an elapsed deadline by the time they overlap it
            return self._consume(start, target - start, working=False, pauses=pauses)
        if duration.unit == "h":
            return self._consume(start, dt.timedelta(hours=duration.amount), working=False, pauses=pauses)
        amount = dt.timedelta(hours=duration.amount) if duration.unit == "wh" else self.day_length * duration.amount
        return self._consume(start, amount, working=True, pauses=pauses)

    def _consume(self, start, amount: dt.timedelta, working: bool, pauses) -> dt.datetime:
        if amount <= dt.timedelta(0):
            # nothing to count: a zero working-time deadline is the first running instant
            for piece_start, _ in self._counting(start, working, pauses):
                return piece_start
        left = amount
        for piece_start, piece_end in self._counting(start, working, pauses):
            length = piece_end - piece_start
            if left <= length:
                return piece_start + left
            left -= length
        raise CalendarError("deadline beyond the calendar's range")  # pragma: no cover

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time from ``start`` to ``end`` (zero if end ≤ start)."""
        total = dt.timedelta(0)
        if end <= start:
            return total
        for a, b in self.working_periods(start):
            if a >= end:
                break
            total += min(b, end) - max(a, start)
        return total


def public_holidays(country: str):
    """Public holidays of ``country`` from the ``holidays`` package (an optional dependency).

    Used only when ``register.yaml`` asks for it (``calendar.public_holidays``); the register's own
    ``holidays`` and ``extra_workdays`` still apply, and make-up days win.
    """
    try:
        import holidays
    except ImportError as exc:
        raise CalendarError("calendar.public_holidays needs the holidays package: pip install holidays") from exc
    try:
        return holidays.country_holidays(country)
    except NotImplementedError as exc:
        raise CalendarError(f"the holidays package has no calendar for {country!r}") from exc


def _subtract(interval: Interval, pauses: list[Interval]) -> Iterator[Interval]:
    start, end = interval
    for p_start, p_end in pauses:
        if p_end <= start or p_start >= end:
            continue
        if p_start > start:
            yield start, p_start
        start = max(start, p_end)
        if start >= end:
            return
    if start < end:
        yield start, end


def listed_years(settings: CalendarSettings) -> frozenset[int] | None:
    """The years the calendar knows the holidays of: those its ``holidays`` or ``extra_workdays`` name.
    ``None``: every year counts as known (a ``public_holidays`` calendar, or a register that lists no
    holidays at all and so has chosen plain weekdays)."""
    if settings.public_holidays:
        return None
    years = frozenset(d.year for d in settings.holidays | settings.extra_workdays)
    return years or None


def uncovered_years(settings: CalendarSettings, spans) -> dict[int, int]:
    """Of the years that ``spans`` (pairs of dates: first, last) touch, those the calendar has no
    holidays for, each with the number of spans touching it."""
    known = listed_years(settings)
    out: dict[int, int] = {}
    if known is None:
        return out
    for first, last in spans:
        for year in range(first.year, last.year + 1):
            if year not in known:
                out[year] = out.get(year, 0) + 1
    return out
