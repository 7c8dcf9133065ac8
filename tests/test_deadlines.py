"""Deadlines in plain tables: (received, calendar, duration) → deadline, and (item, as-of) → breaches."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.calendar import Calendar
from generator.deadlines import breaches, calendar_for, milestones
from generator.durations import parse_duration
from generator.settings import CalendarSettings, load_settings

from conftest import CASES, SAMPLE

SH = ZoneInfo("Asia/Shanghai")
CN = Calendar(CalendarSettings(
    workdays=frozenset(range(5)), start=dt.time(9), end=dt.time(18),
    holidays=frozenset({dt.date(2026, 10, d) for d in (1, 2, 5, 6, 7)}),
    extra_workdays=frozenset({dt.date(2026, 9, 20), dt.date(2026, 10, 10)})), SH)
LONDON = ZoneInfo("Europe/London")
UK = Calendar(CalendarSettings(workdays=frozenset(range(5)), start=dt.time(9), end=dt.time(17)), LONDON)
T = dt.datetime.fromisoformat

# received (local), duration, expected deadline (local)          — why
CN_CASES = [
    ("2026-11-18T21:40:00+08:00", "2h", "2026-11-18T23:40:00+08:00"),   # elapsed hours ignore the calendar
    ("2026-11-18T21:40:00+08:00", "48h", "2026-11-20T21:40:00+08:00"),
    ("2026-11-20T10:00:00+08:00", "7d", "2026-11-27T10:00:00+08:00"),   # elapsed days: same wall time
    ("2026-11-20T17:30:00+08:00", "1bd", "2026-11-23T17:30:00+08:00"),  # Friday 17:30 → Monday 17:30
    ("2026-11-21T10:00:00+08:00", "1bd", "2026-11-23T18:00:00+08:00"),  # Saturday → end of Monday
    ("2026-11-20T19:00:00+08:00", "1bd", "2026-11-23T18:00:00+08:00"),  # after hours → end of next day
    ("2026-11-20T07:00:00+08:00", "1bd", "2026-11-20T18:00:00+08:00"),  # before hours → end of the same day
    ("2026-11-20T16:00:00+08:00", "4wh", "2026-11-23T11:00:00+08:00"),  # 2 h Friday + 2 h Monday
    ("2026-11-20T09:00:00+08:00", "9wh", "2026-11-20T18:00:00+08:00"),  # exactly at the end: that end
    ("2026-09-30T12:00:00+08:00", "2bd", "2026-10-09T12:00:00+08:00"),  # National Day holidays skipped
    ("2026-10-03T12:00:00+08:00", "1bd", "2026-10-08T18:00:00+08:00"),  # received during a holiday
    ("2026-09-19T10:00:00+08:00", "1bd", "2026-09-20T18:00:00+08:00"),  # Saturday before a make-up Sunday
    ("2026-10-09T12:00:00+08:00", "1bd", "2026-10-10T12:00:00+08:00"),  # make-up Saturday counts
    ("2026-11-18T21:40:00+08:00", "0h", "2026-11-18T21:40:00+08:00"),
    ("2026-11-16T09:00:00+08:00", "10bd", "2026-11-27T18:00:00+08:00"),
]


@pytest.mark.parametrize("received, duration, expected", CN_CASES)
def test_china_calendar(received, duration, expected):
    assert CN.add(T(received), parse_duration(duration)) == T(expected)


UK_CASES = [
    # DST ends 2026-10-25 (01:00 UTC): an elapsed day keeps the wall time, 24h does not
    ("2026-10-24T12:00:00+01:00", "1d", "2026-10-25T12:00:00+00:00"),
    ("2026-10-24T12:00:00+01:00", "24h", "2026-10-25T11:00:00+00:00"),
    # DST starts 2026-03-29: working hours are local 09:00–17:00 either side
    ("2026-03-27T16:00:00+00:00", "2wh", "2026-03-30T10:00:00+01:00"),
    ("2026-03-27T16:00:00+00:00", "1bd", "2026-03-30T16:00:00+01:00"),
    # a time in another zone is the same instant
    ("2026-11-20T16:30:00+00:00", "1wh", "2026-11-23T09:30:00+00:00"),
]


@pytest.mark.parametrize("received, duration, expected", UK_CASES)
def test_london_calendar_across_daylight_saving(received, duration, expected):
    assert UK.add(T(received), parse_duration(duration)) == T(expected)


PAUSE_CASES = [
    # received, duration, pauses, expected
    ("2026-11-16T09:00:00+08:00", "1bd", [("2026-11-16T12:00:00+08:00", "2026-11-17T12:00:00+08:00")],
     "2026-11-17T18:00:00+08:00"),  # 3 h Monday, paused until Tuesday noon, 6 h more
    ("2026-11-18T21:40:00+08:00", "48h", [("2026-11-19T00:00:00+08:00", "2026-11-20T00:00:00+08:00")],
     "2026-11-21T21:40:00+08:00"),  # a day's pause adds a day to an elapsed deadline
    ("2026-11-16T09:00:00+08:00", "2wh", [("2026-11-16T20:00:00+08:00", "2026-11-17T08:00:00+08:00")],
     "2026-11-16T11:00:00+08:00"),  # a pause outside working hours changes nothing
]


@pytest.mark.parametrize("received, duration, pauses, expected", PAUSE_CASES)
def test_pauses_stop_the_clock(received, duration, pauses, expected):
    stops = [(T(a), T(b)) for a, b in pauses]
    assert CN.add(T(received), parse_duration(duration), stops) == T(expected)


def test_working_time_between():
    assert CN.working_time_between(T("2026-11-20T17:00:00+08:00"), T("2026-11-23T10:00:00+08:00")) \
        == dt.timedelta(hours=2)


# ---- milestones and escalation on the sample settings (critical 2h/24h/5bd, major 1bd/48h/10bd, minor 1bd/3bd/20bd;
#      escalation: 0h department, 1bd department-head, 3bd general-manager)
SETTINGS = load_settings(SAMPLE)
CAL = calendar_for(SETTINGS)
BASE = {"id": "FB-2026-0001", "title": "t", "received": "2026-11-16T10:00:00+08:00", "channel": "phone",
        "category": "complaint", "severity": "major", "department": "engineering", "status": "assigned",
        "description": "d"}


def states(item, as_of):
    return {m.name: (m.state, m.escalation) for m in milestones(SETTINGS, CAL, item, T(as_of))}


MILESTONE_CASES = [
    # fields, as of, expected {milestone: (state, escalation)}
    ({}, "2026-11-16T12:00:00+08:00",
     {"acknowledge": ("open", None), "respond": ("open", None), "resolve": ("open", None)}),
    ({}, "2026-11-17T10:30:00+08:00",  # ack due Tue 10:00 → 30 min late
     {"acknowledge": ("breached", "department"), "respond": ("open", None), "resolve": ("open", None)}),
    ({"acknowledged_at": "2026-11-16T11:00:00+08:00"}, "2026-11-19T12:00:00+08:00",  # respond due Wed 10:00
     {"acknowledge": ("met", None), "respond": ("breached", "department-head"), "resolve": ("open", None)}),
    ({"acknowledged_at": "2026-11-16T11:00:00+08:00"}, "2026-11-24T12:00:00+08:00",  # 3bd after Wed 10:00
     {"acknowledge": ("met", None), "respond": ("breached", "general-manager"), "resolve": ("open", None)}),
    ({"responded_at": "2026-11-20T10:00:00+08:00"}, "2026-11-21T09:00:00+08:00",  # a response implies (late) acknowledgement
     {"acknowledge": ("late", None), "respond": ("late", None), "resolve": ("open", None)}),
    ({"status": "closed", "closed_at": "2026-12-01T10:00:00+08:00", "verification": {"result": "effective",
      "at": "2026-12-01T09:00:00+08:00"}}, "2026-12-10T09:00:00+08:00",  # resolve due Mon 30 Nov 10:00
     {"acknowledge": ("late", None), "respond": ("late", None), "resolve": ("late", None)}),
    ({"status": "rejected"}, "2026-12-30T09:00:00+08:00",
     {"acknowledge": ("none", None), "respond": ("none", None), "resolve": ("none", None)}),
    ({"status": "duplicate", "related": ["FB-2026-0000"]}, "2026-12-30T09:00:00+08:00",
     {"acknowledge": ("none", None), "respond": ("none", None), "resolve": ("none", None)}),
    ({"status": "on-hold", "acknowledged_at": "2026-11-16T11:00:00+08:00",
      "holds": [{"from": "2026-11-16T12:00:00+08:00", "reason": "waiting"}]}, "2026-12-30T09:00:00+08:00",
     {"acknowledge": ("met", None), "respond": ("paused", None), "resolve": ("paused", None)}),
    ({"acknowledged_at": "2026-11-16T11:00:00+08:00", "holds": [{"from": "2026-11-16T12:00:00+08:00",
      "until": "2026-11-18T12:00:00+08:00", "reason": "waiting"}]}, "2026-11-19T12:00:00+08:00",
     {"acknowledge": ("met", None), "respond": ("open", None), "resolve": ("open", None)}),  # due Fri 10:00 now
    ({"deadlines": {"respond": "2026-11-30T18:00:00+08:00", "reason": "parts on order"}},
     "2026-11-25T12:00:00+08:00",
     {"acknowledge": ("breached", "general-manager"), "respond": ("open", None), "resolve": ("open", None)}),
    ({"severity": "critical"}, "2026-11-16T12:30:00+08:00",  # 2 h acknowledgement
     {"acknowledge": ("breached", "department"), "respond": ("open", None), "resolve": ("open", None)}),
]


@pytest.mark.parametrize("fields, as_of, expected", MILESTONE_CASES)
def test_milestones(fields, as_of, expected):
    assert states({**BASE, **fields}, as_of) == expected


def test_breaches_rows_and_department_filter():
    items = [{**BASE}, {**BASE, "id": "FB-2026-0002", "department": "sales"}]
    rows = breaches(SETTINGS, items, T("2026-11-19T12:00:00+08:00"))
    assert [(r.id, r.department, r.milestone) for r in rows] == [
        ("FB-2026-0001", "engineering", "acknowledge"), ("FB-2026-0001", "engineering", "respond"),
        ("FB-2026-0002", "sales", "acknowledge"), ("FB-2026-0002", "sales", "respond")]
    assert rows[0].due == T("2026-11-17T10:00:00+08:00") and rows[0].overdue_hours == 50.0
    assert [r.id for r in breaches(SETTINGS, items, T("2026-11-19T12:00:00+08:00"), "sales")] == ["FB-2026-0002"] * 2


def test_overdue_cli_formats(run):
    code, out, _ = run("overdue", "--register", CASES / "register", "--as-of", "2026-03-05T09:00:00+00:00",
                       "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "id,department,milestone,due,overdue_hours,escalation,severity,status,title",
        "QF-2026-0001,kitchen,respond,2026-03-04T17:00:00+00:00,16.0,department,minor,assigned,"
        "Cold breakfast served in the restaurant"]
    import json
    code, out, _ = run("overdue", "--register", CASES / "register", "--as-of", "2026-03-05T09:00:00+00:00",
                       "--format", "json")
    row = json.loads(out)["overdue"][0]
    assert {k: row[k] for k in ("id", "department", "milestone", "due", "overdue_hours", "escalation")} == {
        "id": "QF-2026-0001", "department": "kitchen", "milestone": "respond",
        "due": "2026-03-04T17:00:00+00:00", "overdue_hours": 16.0, "escalation": "department"}
    assert run("overdue", "--register", CASES / "register", "--department", "nope")[0] == 2


def test_report_cli(run):
    code, out, _ = run("report", "--register", CASES / "register", "--period", "month",
                       "--as-of", "2026-04-02T09:00:00+01:00")
    assert code == 0
    assert "# Case register — Monthly report" in out and "**Period:** 2026-03-01 – 2026-03-31" in out
    assert "| Complaint | 1 |" in out
    assert "| QF-2026-0001 | Cold breakfast served in the restaurant | Kitchen | Respond |" in out


def test_report_in_chinese_has_no_english_codes(run):
    """The sample register is zh: headings, categories, channels, milestones, escalation levels,
    durations and the unassigned department in Chinese; only ids (FB-…) and numbers stay ASCII."""
    import re

    code, out, _ = run("report", "--register", SAMPLE, "--period", "month", "--as-of", "2026-12-01T10:00:00+08:00")
    assert code == 0 and "# 前卫大酒店信息反馈台账 — 月报" in out
    assert "| 投诉 |" in out and "| 电话 |" in out and "| 签收 |" in out and "| 总经理 |" in out
    assert "| 未分派 |" in out and "| — |" not in out
    words = set(re.findall(r"[A-Za-z][A-Za-z-]+", re.sub(r"FB-\d{4}-\d{4}", "", out)))
    assert words == set(), words


def test_public_holidays_from_the_holidays_package(tmp_path):
    """`calendar.public_holidays: CN` fills holidays from the package; make-up days still win."""
    import shutil

    shutil.copytree(CASES / "register", tmp_path / "r")
    settings_file = tmp_path / "r/register.yaml"
    text = settings_file.read_text().replace("timezone: Europe/London", "timezone: Asia/Shanghai")
    text = text.replace('hours: "09:00-17:00"', 'hours: "09:00-17:00"\n  public_holidays: CN\n  extra_workdays: [2026-09-27]')
    settings_file.write_text(text)
    cal = calendar_for(load_settings(tmp_path / "r"))
    assert not cal.is_workday(dt.date(2026, 10, 1)) and cal.is_workday(dt.date(2026, 9, 27))
    assert cal.add(T("2026-09-30T12:00:00+08:00"), parse_duration("1bd")).date() >= dt.date(2026, 10, 8)


def test_unknown_public_holiday_country_is_a_settings_problem(tmp_path, run):
    import shutil

    shutil.copytree(CASES / "register", tmp_path / "r")
    settings_file = tmp_path / "r/register.yaml"
    settings_file.write_text(settings_file.read_text().replace('hours: "09:00-17:00"',
                                                               'hours: "09:00-17:00"\n  public_holidays: QQ'))
    code, _, err = run("validate", "--register", tmp_path / "r")
    assert code == 2 and "settings-public-holidays" in err


def test_overdue_text_is_in_the_register_language(run):
    code, out, _ = run("overdue", "--register", SAMPLE, "--as-of", "2026-11-21T09:00:00+08:00")
    assert code == 0 and out.startswith("数据截至 2026-11-21 09:00 +0800: 7 × 逾期")
    assert "FB-2026-0049  保安部  结案  期限 2026-11-18 10:00  逾期时长 71.0 h  部门负责人" in out


def test_the_sample_calendar_has_chinas_official_days_for_2025_to_2027():
    """Holidays and make-up working days (调休) as the State Council published them; the holidays
    package agrees for 2025 and 2026 (2027: statutory days until its notice is added)."""
    holidays = pytest.importorskip("holidays")
    cal = calendar_for(load_settings(SAMPLE))
    for year in (2025, 2026):
        cn = holidays.CN(years=year)
        day = dt.date(year, 1, 1)
        while day.year == year:
            expected = (day.weekday() < 5 and day not in cn) or day in cn.weekend_workdays
            assert cal.is_workday(day) == expected, day
            day += dt.timedelta(days=1)
    assert not cal.is_workday(dt.date(2025, 10, 8)) and cal.is_workday(dt.date(2025, 9, 28))   # 国庆 / 调休
    assert cal.is_workday(dt.date(2026, 9, 20)) and not cal.is_workday(dt.date(2026, 9, 27))
    assert not cal.is_workday(dt.date(2027, 2, 8)) and not cal.is_workday(dt.date(2027, 10, 4))


def test_a_new_chinese_register_starts_with_the_sample_calendar():
    from generator.scaffold import HOLIDAYS

    assert HOLIDAYS["zh"] in (SAMPLE / "register.yaml").read_text(encoding="utf-8")


def test_deadlines_in_a_year_the_calendar_does_not_know_are_warned_about(run, tmp_path):
    """The case register lists 2026's and 2027's holidays: an as-of time in 2029 (and items open until
    then, received in 2026, so touching 2028 too) gives one warning per year, not a silent guess."""
    import shutil

    shutil.copytree(CASES / "register", tmp_path / "r")
    code, out, err = run("validate", "--register", tmp_path / "r", "--as-of", "2026-06-01T09:00:00+01:00")
    assert code == 0 and "calendar-year-missing" not in out
    code, out, err = run("validate", "--register", tmp_path / "r", "--as-of", "2029-01-10T09:00:00+00:00")
    lines = [line for line in out.splitlines() if "calendar-year-missing" in line]
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(f"{tmp_path / 'r' / 'register.yaml'}:9:1: calendar-year-missing (warning)")
    assert "for 2028 (it has 2026, 2027)" in lines[0] and "for 2029" in lines[1]
    code, out, err = run("overdue", "--register", tmp_path / "r", "--as-of", "2029-01-10T09:00:00+00:00")
    assert code == 0 and "calendar-year-missing" in err and "for 2029" in err
