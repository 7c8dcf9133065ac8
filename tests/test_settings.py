"""Settings: durations, calendar, severities, escalation, departments."""
import datetime as dt

import pytest

from generator.durations import Duration, parse_duration
from generator.problems import SettingsError
from generator.settings import load_settings

from conftest import CASES, SAMPLE


@pytest.mark.parametrize("text, expected", [
    ("2h", Duration(2, "h")), ("48h", Duration(48, "h")), ("3bd", Duration(3, "bd")),
    ("1wh", Duration(1, "wh")), ("7d", Duration(7, "d")), ("0h", Duration(0, "h")),
])
def test_durations(text, expected):
    assert parse_duration(text) == expected and str(expected) == text


@pytest.mark.parametrize("text", ["", "2", "h", "2 h", "2w", "-1h", "1.5h", "99999h", None, 3])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_sample_settings():
    s = load_settings(SAMPLE)
    assert (s.language, s.timezone, s.id_prefix) == ("zh", "Asia/Shanghai", "FB")
    assert s.severities["critical"].acknowledge == Duration(2, "h")
    assert s.severities["major"].resolve == Duration(10, "bd")
    assert [level for _, level in s.escalation] == ["department", "department-head", "general-manager"]
    assert s.calendar.workdays == frozenset(range(5))
    assert (s.calendar.start, s.calendar.end) == (dt.time(9), dt.time(18))
    assert dt.date(2026, 10, 1) in s.calendar.holidays and dt.date(2026, 9, 20) in s.calendar.extra_workdays
    assert len(s.departments) >= 8 and s.departments["front-office"].name("zh") == "前厅部"
    assert s.deadlines_for("complaint", "minor").respond == Duration(3, "bd")


def _broken(tmp_path, old, new, file="register.yaml"):
    import shutil

    shutil.copytree(CASES / "register", tmp_path / "r")
    path = tmp_path / "r" / file
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(SettingsError) as info:
        load_settings(tmp_path / "r")
    return [(p.code, p.line) for p in info.value.problems]


def test_bad_duration_in_settings(tmp_path):
    assert _broken(tmp_path, "resolve: 5bd", "resolve: 5 days") == [("schema-pattern", 14)]


def test_holiday_that_is_not_a_date(tmp_path):
    assert _broken(tmp_path, "2026-04-03", "2026-02-30") == [("settings-date", 9)]


def test_hours_backwards(tmp_path):
    assert _broken(tmp_path, '"09:00-17:00"', '"17:00-09:00"') == [("settings-hours", 8)]


def test_unknown_parent_department(tmp_path):
    assert _broken(tmp_path, "reviewers: [cleo]", "reviewers: [cleo]\n    parent: board",
                   "departments.yaml") == [("settings-department-parent", 11)]


def test_missing_settings(tmp_path):
    with pytest.raises(SettingsError) as info:
        load_settings(tmp_path)
    assert [p.code for p in info.value.problems] == ["settings-missing", "settings-missing"]
