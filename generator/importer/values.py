"""Reading a ledger's cells: text, dates and times, choices, numbers.

Dates and times are read by :mod:`generator.userinput` (the reader ``fbreg new`` and ``fbreg set``
use: ISO, ``2025/3/5``, ``2025-03-05 14:30``, ``2025年3月5日``, ``3月5日``, 下午3点半, full-width
digits), plus what only spreadsheets have: date cells (a date, or a date and time when the cell's
format shows one) and Excel serial numbers (``45721`` = 2025-03-05, ``45721.6042`` = 14:30).

**A date without a time** (the date-only rule): the time of receipt is the start of the working day
(``calendar.hours`` in register.yaml, 09:00 by default), so the deadline clock starts when the
office opens that day, as it would for an item logged first thing; any later date-only milestone
(completion, reply, follow-up) is the start of that working day too, but never earlier than the
milestone before it (receipt, then reply, then verification, then closure): a ledger that says
received 3月5日 14:30 and completed 3月5日 records it completed at 14:30 that day.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..userinput import InputError, read_when
from .sources import Value, excel_serial

# characters that copy-paste leaves in spreadsheets and that say nothing: zero-width spaces and joiners,
# byte-order marks, soft hyphens, C0 controls but tab and line feed. (Bidi controls are left for the
# validator to refuse: they can disguise text.)
_NOISE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR = re.compile(r"(?<!\d)(19[0-9]{2}|2[0-9]{3})(?!\d)")
_NO_YEAR = re.compile(r"^\s*\d{1,2}\s*月\s*\d{1,2}")
SERIALS = range(1, 2958466)     # 1900-01-01 … 9999-12-31


class YearUnknown(ValueError):
    pass


def text(value) -> str:
    """A cell as text: trimmed, Windows line ends and spreadsheet noise removed, whole numbers
    without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time(0) else value.date().isoformat()
    s = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return _NOISE.sub("", s).strip()


def year_in(*texts: str | None) -> int | None:
    """The first plausible year named in any of ``texts`` (a sheet name, a title row, a file name)."""
    for t in texts:
        m = _YEAR.search(unicodedata.normalize("NFKC", t or ""))
        if m:
            return int(m.group(1))
    return None


def when(cell: Value, tz: dt.tzinfo, now: dt.datetime, year: int | None, epoch: dt.datetime) -> tuple[dt.datetime, bool]:
    """A cell as an aware date-time in the register's zone and whether it gave a time of day
    (``InputError`` when it is not a date; :class:`YearUnknown` for 3月5日 with no year known)."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), cell.shows_time
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0), tz), False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in SERIALS:
            naive = excel_serial(value, epoch)
            return naive.replace(tzinfo=tz), naive.time() != dt.time(0)
        raise InputError("input-when", value=text(value))
    s = text(value)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", s):     # a serial number that lost its date format (CSV)
        naive = excel_serial(float(s), epoch)
        return naive.replace(tzinfo=tz), naive.time() != dt.time(0)
    if year is None and _NO_YEAR.match(unicodedata.normalize("NFKC", s)):
        raise YearUnknown(s)
    w = read_when(s, tz, now=now, year=year)
    return w.value, w.has_time


def clock(cell: Value, tz, now) -> dt.time:
    """A time-of-day cell (a time column beside a date column): ``14:30``, 下午3点半, a time cell, a fraction of a day."""
    value = cell.value
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    return read_when("2000-01-01 " + text(value), tz, now=now).value.time()


def at_day_start(value: dt.datetime, start: dt.time, floor: dt.datetime | None) -> dt.datetime:
    """The date-only rule: ``value``'s day at the start of the working day, not before ``floor``."""
    moment = value.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if floor is not None and moment < floor and floor.astimezone(value.tzinfo).date() == value.date():
        return floor
    return moment


SATISFACTION_WORDS = {"非常满意": 5, "很满意": 5, "满意": 4, "比较满意": 4, "基本满意": 3, "一般": 3, "不太满意": 2,
                      "不满意": 2, "很不满意": 1, "非常不满意": 1, "very satisfied": 5, "satisfied": 4, "neutral": 3,
                      "dissatisfied": 2, "very dissatisfied": 1}
# what a follow-up note says about the actions' effect; the first that matches (negatives first)
VERIFICATION_WORDS = (("not-effective", ("不满意", "无效", "未解决", "没有解决", "仍未", "not effective", "dissatisfied",
                                         "unresolved")),
                      ("partly-effective", ("基本满意", "部分", "一般", "partly", "partially")),
                      ("effective", ("满意", "有效", "已解决", "解决", "认可", "effective", "satisfied", "resolved", "ok")))


def satisfaction(s: str, words: dict) -> int | None:
    key = "".join(unicodedata.normalize("NFKC", s).split()).casefold()
    for word, score in list(words.items()) + list(SATISFACTION_WORDS.items()):
        if "".join(word.split()).casefold() == key:
            return score
    m = re.fullmatch(r"([1-5])(?:\.0)?\s*(?:分|星|/5)?", key)
    return int(m.group(1)) if m else None


def verification_result(s: str, words: dict) -> str | None:
    key = unicodedata.normalize("NFKC", s).casefold()
    for word, result in words.items():
        if unicodedata.normalize("NFKC", word).casefold() == key.strip():
            return result
    for result, found in VERIFICATION_WORDS:
        if any(w in key for w in found):
            return result
    return None
