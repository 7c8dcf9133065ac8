"""The register's settings: ``register.yaml`` and ``departments.yaml``, checked and typed.

``load_settings`` returns a :class:`Settings` or raises :class:`SettingsError` carrying every
problem found (a register cannot be checked against broken settings: CLI exit 2).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import safeyaml, schemas
from .durations import Duration, parse_duration
from .messages import render
from .problems import ProblemList, SettingsError
from .remind import config as remind_config

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Deadlines:
    acknowledge: Duration
    respond: Duration
    resolve: Duration


@dataclass(frozen=True)
class CalendarSettings:
    workdays: frozenset[int] = frozenset(range(5))          # 0 = Monday
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)
    holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    public_holidays: str | None = None


@dataclass(frozen=True)
class Department:
    id: str
    names: dict
    head: str = ""
    reviewers: tuple[str, ...] = ()
    parent: str | None = None
    aliases: tuple[str, ...] = ()    # other names people type or old ledgers use (工程 for 工程部)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()), self.id)


@dataclass
class Settings:
    root: Path
    title: str
    language: str
    timezone: str
    tz: ZoneInfo
    id_prefix: str
    repository: str | None
    branch: str
    calendar: CalendarSettings
    categories: list[str]
    channels: list[str]
    severities: dict[str, Deadlines]
    category_deadlines: dict[str, dict[str, Deadlines]]
    escalation: list[tuple[Duration, str]]
    departments: dict[str, Department]
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)   # kind -> alias -> code
    backdating_tolerance: Duration = Duration(2, "bd")
    owners: tuple[str, ...] = ()    # approve settings changes and items no department has taken
    reminders: remind_config.ReminderSettings = field(default_factory=remind_config.ReminderSettings)

    def department_name(self, dept_id: object, missing: str) -> str:
        """The department's display name in the register's language; ``missing`` when there is none,
        the id itself when it is not a known department."""
        if not dept_id:
            return missing
        dept = self.departments.get(str(dept_id))
        return dept.name(self.language) if dept else str(dept_id)

    def deadlines_for(self, category: str, severity: str) -> Deadlines | None:
        return self.category_deadlines.get(category, {}).get(severity) or self.severities.get(severity)


def _read(path: Path, problems: ProblemList, rel: str) -> safeyaml.Document | None:
    if path.is_symlink():
        problems.add(rel, None, "file-symlink")
        return None
    try:
        data = safeyaml.read_bounded(path, safeyaml.MAX_BYTES)   # a regular file, no pipe or device
    except FileNotFoundError:
        problems.add(rel, None, "settings-missing", file=rel)
        return None
    except safeyaml.FileTooLarge as exc:
        problems.add(rel, None, "file-too-large", size=exc.size, limit=safeyaml.MAX_BYTES)
        return None
    except OSError as exc:
        problems.add(rel, None, "file-unreadable", reason=exc.strerror or str(exc))
        return None
    return safeyaml.load(data, rel, problems)


def _deadlines(raw: dict) -> Deadlines:
    return Deadlines(*(parse_duration(raw[k]) for k in ("acknowledge", "respond", "resolve")))


def _dates(doc, key_path, values, rel, problems) -> frozenset[dt.date]:
    out = set()
    for i, value in enumerate(values or []):
        try:
            out.add(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            problems.add(rel, doc.at(key_path + (i,)), "settings-date", field=schemas.field_name(key_path + (i,)),
                         value=value)
    return frozenset(out)


def load_settings(register_dir: str | Path, display_dir: str | None = None) -> Settings:
    """Load and check ``register.yaml`` and ``departments.yaml`` from ``register_dir``."""
    root = Path(register_dir)
    shown = display_dir if display_dir is not None else str(root)
    reg_rel = f"{shown}/register.yaml"
    dep_rel = f"{shown}/departments.yaml"

    # The language is needed to word the problems; peek at it before anything is checked.
    probe = ProblemList("en")
    reg_doc = _read(root / "register.yaml", probe, reg_rel)
    lang = "zh" if reg_doc and reg_doc.value.get("language") == "zh" else "en"
    problems = ProblemList(lang)
    if reg_doc is None:
        problems.extend(probe)
    dep_doc = _read(root / "departments.yaml", problems, dep_rel)
    if reg_doc is None or dep_doc is None:
        raise SettingsError(problems)
    remind_config.find_secrets(reg_doc, reg_rel, problems)   # refused first: never echoed by another check
    remind_config.find_secrets(dep_doc, dep_rel, problems)
    if problems.has_errors():
        raise SettingsError(problems)
    schemas.check(reg_doc, schemas.validator_for(schemas.load_schema("register")), reg_rel, problems)
    schemas.check(dep_doc, schemas.validator_for(schemas.load_schema("departments")), dep_rel, problems)
    if problems.has_errors():
        raise SettingsError(problems)

    reg, deps = reg_doc.value, dep_doc.value
    try:
        tz = ZoneInfo(reg["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(reg_rel, reg_doc.at(("timezone",)), "settings-timezone", value=reg["timezone"])
        tz = ZoneInfo("UTC")

    cal = reg.get("calendar", {})
    start, end = dt.time(9), dt.time(18)
    if "hours" in cal:
        a, b = cal["hours"].split("-")
        start = dt.time.fromisoformat(a)
        end = dt.time(23, 59, 59, 999999) if b == "24:00" else dt.time.fromisoformat(b)
        if start >= end:
            problems.add(reg_rel, reg_doc.at(("calendar", "hours")), "settings-hours", value=cal["hours"])
    holidays = _dates(reg_doc, ("calendar", "holidays"), cal.get("holidays"), reg_rel, problems)
    extra = _dates(reg_doc, ("calendar", "extra_workdays"), cal.get("extra_workdays"), reg_rel, problems)
    for day in sorted(holidays & extra):
        problems.add(reg_rel, reg_doc.at(("calendar", "extra_workdays")), "settings-holiday-workday", value=day)
    calendar = CalendarSettings(
        workdays=frozenset(WEEKDAYS.index(d) for d in cal.get("workdays", WEEKDAYS[:5])),
        start=start, end=end, holidays=holidays, extra_workdays=extra,
        public_holidays=cal.get("public_holidays"),
    )

    if calendar.public_holidays:
        from .calendar import CalendarError, public_holidays

        try:
            public_holidays(calendar.public_holidays)
        except CalendarError as exc:
            problems.add(reg_rel, reg_doc.at(("calendar", "public_holidays")), "settings-public-holidays",
                         value=calendar.public_holidays, reason=str(exc))

    escalation = [(parse_duration(e["after"]), e["level"]) for e in reg.get("escalation", [])]
    if escalation != sorted(escalation, key=lambda e: _rough_hours(e[0])):
        problems.add(reg_rel, reg_doc.at(("escalation",)), "settings-escalation-order")

    departments: dict[str, Department] = {}
    for i, d in enumerate(deps["departments"]):
        if d["id"] in departments:
            problems.add(dep_rel, dep_doc.at(("departments", i, "id")), "settings-department-duplicate", id=d["id"])
        departments[d["id"]] = Department(d["id"], dict(d["name"]), d.get("head", ""),
                                          tuple(d.get("reviewers", [])), d.get("parent"), tuple(d.get("aliases", [])))
    for i, d in enumerate(deps["departments"]):
        if d.get("parent") and d["parent"] not in departments:
            problems.add(dep_rel, dep_doc.at(("departments", i, "parent")), "settings-department-parent",
                         id=d["id"], parent=d["parent"])
    known = {"category": set(reg["categories"]), "channel": set(reg["channels"]),
             "severity": set(reg["severities"]), "status": set(statuses())}
    for kind, table in (reg.get("aliases") or {}).items():
        for alias, code in table.items():
            if code not in known[kind]:
                problems.add(reg_rel, reg_doc.at(("aliases", kind, alias)), "settings-alias-unknown",
                             kind=render(f"input-kind-{kind}", lang, {})[1], alias=alias, target=code, allowed=", ".join(sorted(known[kind])))
    reminders = remind_config.parse(reg_doc, dep_doc, reg_rel, dep_rel, [level for _, level in escalation],
                                    set(reg["severities"]), set(departments), problems)
    if problems.has_errors():
        raise SettingsError(problems)

    return Settings(
        root=root, title=reg["title"], language=reg["language"], timezone=reg["timezone"], tz=tz,
        id_prefix=reg["id_prefix"], repository=reg.get("repository"), branch=reg.get("branch", "main"),
        owners=tuple(str(o).lstrip("@") for o in reg.get("owners") or ()),
        calendar=calendar, categories=list(reg["categories"]), channels=list(reg["channels"]),
        severities={k: _deadlines(v) for k, v in reg["severities"].items()},
        category_deadlines={c: {s: _deadlines(v) for s, v in sev.items()}
                            for c, sev in reg.get("category_deadlines", {}).items()},
        escalation=escalation, departments=departments, labels=dict(reg.get("labels", {})),
        aliases={kind: dict(table) for kind, table in (reg.get("aliases") or {}).items()},
        backdating_tolerance=parse_duration(reg.get("backdating_tolerance", "2bd")), reminders=reminders,
    )


def statuses() -> list[str]:
    """The item statuses, in their order of progress (the item schema is the authority)."""
    return list(schemas.load_schema("item")["properties"]["status"]["enum"])


def _rough_hours(d: Duration) -> float:
    """Orders durations of mixed units well enough to check that a list is ascending."""
    return d.amount * {"h": 1, "d": 24, "wh": 1.5, "bd": 24}[d.unit]
