"""What people type: dates and times in the forms an office uses, and choices by code, label or alias.

One module serves ``fbreg new``, ``fbreg set`` and ``fbreg import``, so a form accepted in one is
accepted in all three.

Dates and times (:func:`parse_when`), always read in the register's time zone unless the text
carries an offset, and returned as an aware ``datetime`` (items store ISO 8601 with the offset):

* ISO 8601: ``2026-12-01T10:00:00+08:00``, ``2026-12-01T10:00``, ``2026-12-01 10:00``, ``2026-12-01``;
* slashes or dots: ``2026/12/01 10:00``, ``2026/12/1``, ``2026.12.1 9:05``;
* Chinese: ``2026年12月1日 10:00``, ``2026年12月1日10时30分``, ``2026年12月1日 下午3点半``, ``12月1日``
  (the year from ``year``: the sheet's or the title's in an import, else the current one);
* words: ``now``/``现在``, ``today``/``今天``, ``yesterday``/``昨天`` (alone: now's time of day
  for today, 00:00 for yesterday; or with a time: ``昨天 21:40``).

A date without a time means 00:00 of that day (``date_only="midnight"``, the default: the deadline
clock then starts at the first working hour of that day), or the current time of day
(``date_only="now"``). Full-width digits and colons (``２０２６／１２／１``) are read as ASCII ones.

Choices (:class:`Choices`): a category, channel, severity, status or department is accepted by its
code, by its label in either language (``投诉``, ``Complaint``), by the label's short form before a
parenthesis (``暂停`` for ``暂停(等待反馈人)``), or by an alias from register.yaml ``aliases`` /
departments.yaml ``aliases``; case, width and spacing do not matter. A near miss raises
:class:`ChoiceError` with "did you mean" suggestions showing both forms (``major`` (较大)).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from .labels import LABELS, Labels
from .messages import render
from .timestamps import YEARS


class InputError(ValueError):
    """Something typed could not be read; ``code`` and ``args`` name the message (messages.py)."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(f"{code}: {args}")
        self.code = code
        self.args_ = args

    def args_for(self, lang: str) -> dict:
        """The message's arguments, worded in ``lang`` (for ``ProblemList.add(…, code, **args)``)."""
        return {k: str(v) for k, v in self.args_.items()}

    def message(self, lang: str) -> str:
        return render(self.code, lang, self.args_for(lang))[1]


# -- dates and times -------------------------------------------------------------------------------

_NUM_DATE = re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})")
_ZH_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?")
_WORDS = {"now": 0, "现在": 0, "today": 0, "今天": 0, "今日": 0, "yesterday": -1, "昨天": -1, "昨日": -1}
_CLOCK = re.compile(
    r"(?P<ampm>上午|早上|中午|下午|晚上|凌晨|am|pm)?\s*"
    r"(?P<h>\d{1,2})\s*(?:(?::|时|点)\s*(?:(?P<half>半)|(?P<min>\d{1,2})\s*分?)?"
    r"(?:\s*:\s*(?P<s>\d{1,2})(?:\.\d{1,6})?|\s*(?P<s2>\d{1,2})\s*秒)?)"
    r"\s*(?P<ampm2>am|pm)?", re.I)
_OFFSET = re.compile(r"(?:Z|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))$", re.I)


def _normal(text: str) -> str:
    """Full-width forms to ASCII (NFKC), runs of spaces to one, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True)
class When:
    value: dt.datetime
    has_time: bool       # False: the text named only a day (the time is the date-only rule's)


def parse_when(text: str, tz: dt.tzinfo, *, now: dt.datetime, year: int | None = None,
               date_only: str = "midnight") -> dt.datetime:
    """A date and time as typed (see the module's text); ``InputError("input-when")`` otherwise."""
    return read_when(text, tz, now=now, year=year, date_only=date_only).value


def read_when(text: str, tz: dt.tzinfo, *, now: dt.datetime, year: int | None = None,
              date_only: str = "midnight") -> When:
    """:func:`parse_when`, also telling whether the text gave a time of day."""
    raw = text if isinstance(text, str) else str(text)
    s = _normal(raw)
    local_now = now.astimezone(tz)
    offset = None
    m = _OFFSET.search(s)
    if m and re.search(r"\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", s[:m.start()]):
        offset = dt.timezone.utc if m.group(0).upper() == "Z" else dt.timezone(
            (1 if m["sign"] == "+" else -1) * dt.timedelta(hours=int(m["oh"]), minutes=int(m["om"])))
        s = s[:m.start()].strip()
    rest, day = _day(s, local_now, year, raw)
    rest = rest.lstrip("Tt ").strip()
    if not rest:
        word = s.lower() in _WORDS
        if word and _WORDS[s.lower()] == 0:   # now / today alone: this moment
            return When(local_now.replace(microsecond=0) if offset is None else now.astimezone(offset), True)
        clock, has_time = (dt.time(0) if date_only == "midnight" else local_now.time().replace(microsecond=0)), False
    else:
        clock, has_time = _clock(rest, raw), True
    naive = dt.datetime.combine(day, clock)
    value = naive.replace(tzinfo=offset) if offset is not None else naive.replace(tzinfo=tz)
    if value.year not in YEARS:
        raise InputError("input-when", value=raw)
    return When(value, has_time)


def _day(s: str, local_now: dt.datetime, year: int | None, raw: str) -> tuple[str, dt.date]:
    low = s.lower()
    for word, shift in _WORDS.items():
        if low == word or low.startswith(word + " ") or (not word.isascii() and low.startswith(word)):
            return s[len(word):], (local_now + dt.timedelta(days=shift)).date()
    for pattern in (_NUM_DATE, _ZH_DATE):
        m = pattern.match(s)
        if m:
            y = int(m["y"]) if m["y"] else (year or local_now.year)
            try:
                return s[m.end():], dt.date(y, int(m["m"]), int(m["d"]))
            except ValueError:
                raise InputError("input-when", value=raw) from None
    raise InputError("input-when", value=raw)


def _clock(rest: str, raw: str) -> dt.time:
    m = _CLOCK.fullmatch(rest)
    if not m:
        raise InputError("input-when", value=raw)
    hour = int(m["h"])
    minute = 30 if m["half"] else int(m["min"] or 0)
    second = int(m["s"] or m["s2"] or 0)
    ampm = (m["ampm"] or m["ampm2"] or "").lower()
    if ampm in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    elif ampm in ("凌晨", "am", "上午", "早上") and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise InputError("input-when", value=raw)
    return dt.time(hour, minute, second)


# -- choices ---------------------------------------------------------------------------------------

KINDS = ("category", "channel", "severity", "status", "department")


def _key(text: str) -> str:
    """The form a typed word is compared in: NFKC, case-folded, no spaces, _ and – as -."""
    return re.sub(r"[\s]+", "", unicodedata.normalize("NFKC", str(text))).casefold().replace("_", "-")


@dataclass
class Choices:
    """The accepted words for one kind of choice, each leading to its code."""

    kind: str
    lang: str
    shown: dict[str, str]                                  # code -> its label in the register's language
    forms: dict[str, set[str]] = field(default_factory=dict)   # key -> codes it may mean

    def add(self, code: str, word: str) -> None:
        if word:
            self.forms.setdefault(_key(word), set()).add(code)

    def resolve(self, text: str) -> str:
        """The code ``text`` names; ``ChoiceError`` when it names none or more than one."""
        codes = self.forms.get(_key(text), set())
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            raise ChoiceError("input-choice-ambiguous", self, text, sorted(codes))
        raise ChoiceError("input-choice-unknown", self, text, self.suggest(text))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        key = _key(text)
        near = difflib.get_close_matches(key, list(self.forms), n=8, cutoff=0.5)
        # short Chinese words: a shared character counts (严重 → 重大), containment first (工程 → 工程部)
        near += [f for f in self.forms if key and (key in f or f in key)]
        near += [f for f in self.forms if not key.isascii() and set(key) & set(f)]
        out: list[str] = []
        for form in sorted(dict.fromkeys(near), key=lambda f: (not (key in f or f in key), near.index(f))):
            for code in sorted(self.forms[form]):
                if code not in out:
                    out.append(code)
        return out[:n]

    def both(self, code: str) -> str:
        """A code with its label, as suggestions show it: ``major (较大)``."""
        label = self.shown.get(code, code)
        return code if label == code else f"{code} ({label})"

    def menu(self) -> list[tuple[str, str]]:
        """(code, label) in the settings' order: the choices an interactive prompt offers."""
        return list(self.shown.items())


class ChoiceError(InputError):
    """A choice that names no code (with suggestions) or more than one."""

    def __init__(self, code: str, choices: Choices, text: str, candidates: list[str]) -> None:
        if not candidates and not code.endswith("ambiguous"):
            code = "input-choice-none"     # nothing near: list what there is
        super().__init__(code, value=text)
        self.kind = choices.kind
        self.choices = choices
        self.candidates = candidates

    def args_for(self, lang: str) -> dict:
        listed = self.candidates or list(self.choices.shown)
        joined = ("、" if lang == "zh" else ", ").join(self.choices.both(c) for c in listed)
        kind = render(f"input-kind-{self.kind}", lang, {})[1]
        return {"kind": kind, "value": self.args_["value"], "suggestions": joined}


def _labelled(choices: Choices, code: str, labels: list[Labels]) -> None:
    choices.add(code, code)
    for t in labels:
        label = t(code)
        if label != code:
            choices.add(code, label)
            short = re.split(r"[((/]", label, maxsplit=1)[0]
            if short and short != label:
                choices.add(code, short)


def choices_for(settings, kind: str) -> Choices:
    """The words accepted for ``kind`` (one of :data:`KINDS`) in this register."""
    lang = settings.language
    own = Labels(lang, settings.labels)
    labels = [own] + [Labels(other) for other in LABELS if other != lang]
    if kind == "department":
        shown = {d.id: d.name(lang) for d in settings.departments.values()}
        c = Choices(kind, lang, shown)
        for d in settings.departments.values():
            c.add(d.id, d.id)
            for name in list(d.names.values()) + list(d.aliases):
                c.add(d.id, name)
        return c
    if kind == "status":
        from .settings import statuses
        codes = statuses()
    else:
        codes = {"category": settings.categories, "channel": settings.channels,
                 "severity": list(settings.severities)}[kind]
    c = Choices(kind, lang, {code: own(code) for code in codes})
    for code in codes:
        _labelled(c, code, labels)
    for alias, code in (settings.aliases.get(kind) or {}).items():
        c.add(code, alias)
    return c


def resolve(settings, kind: str, text: str) -> str:
    """The code ``text`` names among ``kind`` in this register (see :class:`Choices`)."""
    return choices_for(settings, kind).resolve(text)
