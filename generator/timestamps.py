"""Timestamps as items write them: ISO 8601 with a time-zone offset (``2026-11-18T21:40:00+08:00``)."""
from __future__ import annotations

import datetime as dt
import functools
import re

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The years a register can mean. Outside them a time may not even convert to another zone
# (0001-01-01T00:00:00+14:00 is in year 0 in UTC: OverflowError), nor take a deadline added to it.
YEARS = range(1900, 3000)


class NoTimeZone(ValueError):
    """A date and time without an offset: ambiguous, so refused."""


def parse_timestamp(text: object) -> dt.datetime:
    """An aware ``datetime``; ``NoTimeZone`` when the offset is missing, ``ValueError`` otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"not a date and time: {text!r}")
    return _parse(text)


@functools.lru_cache(maxsize=1 << 18)   # a build reads each item's times in several stages (datetimes are immutable)
def _parse(text: str) -> dt.datetime:
    if not _DATETIME.fullmatch(text.strip()):
        raise ValueError(f"not a date and time: {text!r}")
    text = text.strip()
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    if value.tzinfo is None:
        raise NoTimeZone(text)
    if value.year not in YEARS:
        raise ValueError(f"year out of range: {text!r}")
    return value


def timestamp_or_none(value: object) -> dt.datetime | None:
    """``parse_timestamp`` for reading data already validated: None instead of an error."""
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def parse_date(text: object) -> dt.date:
    if not isinstance(text, str) or not _DATE.fullmatch(text.strip()):
        raise ValueError(f"not a date: {text!r}")
    value = dt.date.fromisoformat(text.strip())
    if value.year not in YEARS:
        raise ValueError(f"year out of range: {text!r}")
    return value


def format_timestamp(value: dt.datetime) -> str:
    """Seconds precision with the offset, as items store it."""
    return value.replace(microsecond=0).isoformat()
