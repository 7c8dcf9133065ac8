"""The importer's cell readers, and what it relies on in generator.userinput: the forms of dates an office
writes, Excel serials, the date-only rule, follow-up and satisfaction words, choices by name or alias."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.importer import values as V
from generator.importer.sources import Value
from generator.importer.status import infer, settle
from generator.settings import load_settings
from generator.userinput import ChoiceError, InputError, resolve
from conftest import SAMPLE

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
EPOCH = dt.datetime(1899, 12, 30)


def when(value, year=None, shows_time=False):
    got, has_time = V.when(Value(value, shows_time), TZ, NOW, year, EPOCH)
    return got.strftime("%Y-%m-%d %H:%M"), has_time


@pytest.mark.parametrize("value, expected", [
    ("2025/3/5", ("2025-03-05 00:00", False)),
    ("2025-03-05 14:30", ("2025-03-05 14:30", True)),
    ("2025年3月5日", ("2025-03-05 00:00", False)),
    ("2025年3月5日 下午3点半", ("2025-03-05 15:30", True)),
    ("２０２５／３／５", ("2025-03-05 00:00", False)),          # full-width digits
    ("2025.3.5 9:05", ("2025-03-05 09:05", True)),
    (45721, ("2025-03-05 00:00", False)),                     # an Excel serial
    (45721.6041667, ("2025-03-05 14:30", True)),
    ("45721", ("2025-03-05 00:00", False)),                   # a serial that lost its format in a CSV
    (dt.datetime(2025, 3, 5), ("2025-03-05 00:00", False)),   # a date cell
    (dt.date(2025, 3, 5), ("2025-03-05 00:00", False)),
])
def test_the_forms_an_office_writes(value, expected):
    assert when(value) == expected


def test_a_date_cell_tells_its_time_by_its_format():
    assert when(dt.datetime(2025, 3, 5, 0, 0), shows_time=True) == ("2025-03-05 00:00", True)


def test_month_and_day_need_a_year_from_somewhere():
    assert when("3月5日", year=2025) == ("2025-03-05 00:00", False)
    with pytest.raises(V.YearUnknown):
        when("3月5日")                    # never the current year silently
    with pytest.raises(InputError):
        when("5/3/2025")                  # day and month order unknown: refused
    assert V.year_in("1月", "前卫大酒店2025年客户投诉台账") == 2025 and V.year_in("台账.xlsx") is None


def test_the_date_only_rule():
    start = dt.time(9, 0)
    day = dt.datetime(2025, 3, 5, tzinfo=TZ)
    assert V.at_day_start(day, start, None) == day.replace(hour=9)
    received = day.replace(hour=14, minute=30)
    assert V.at_day_start(day, start, received) == received              # not before the milestone before it
    assert V.at_day_start(day + dt.timedelta(days=1), start, received) == day.replace(day=6, hour=9)


def test_clock_cells():
    assert V.clock(Value("下午3点"), TZ, NOW) == dt.time(15, 0)
    assert V.clock(Value(0.5), TZ, NOW) == dt.time(12, 0)
    assert V.clock(Value(dt.time(8, 15)), TZ, NOW) == dt.time(8, 15)


def test_cell_text_drops_spreadsheet_noise():
    assert V.text("  客房\u200b空调\r\n噪音 ") == "客房空调\n噪音"
    assert V.text(3.0) == "3" and V.text(None) == ""


def test_follow_up_and_satisfaction_words():
    assert V.verification_result("电话回访,客人表示满意", {}) == "effective"
    assert V.verification_result("不满意", {}) == "not-effective"
    assert V.verification_result("基本满意", {}) == "partly-effective"
    assert V.verification_result("已回访", {}) is None
    assert V.verification_result("OK了", {"OK了": "effective"}) == "effective"
    assert V.satisfaction("非常满意", {}) == 5 and V.satisfaction("3分", {}) == 3 and V.satisfaction("好", {}) is None


def test_status_inference_and_settling():
    done = dt.datetime(2025, 3, 6, 9, tzinfo=TZ)
    assert infer(done, True, "engineering") == "closed"
    assert infer(None, True, "engineering") == "in-progress"
    assert infer(None, False, "engineering") == "assigned" and infer(None, False, None) == "new"
    s = settle("closed", done, None, None, "", None, "engineering", "zh")
    assert (s.status, s.verification, s.warnings) == ("verifying", None, ["import-closed-unverified"])
    later = done + dt.timedelta(days=2)
    s = settle("closed", done, later, "effective", "满意", None, "engineering", "zh")
    assert s.status == "closed" and s.closed_at == later and s.verification["note"] == "满意"
    assert settle("closed", None, None, "effective", "", None, "x", "en").status == "in-progress"
    assert settle("assigned", None, None, None, "", None, None, "en").status == "new"


def test_choices_by_name_label_and_alias():
    s = load_settings(SAMPLE)
    assert resolve(s, "department", "客房部") == "housekeeping"
    assert resolve(s, "department", "Engineering") == "engineering"
    assert resolve(s, "category", "投诉") == "complaint"
    assert resolve(s, "status", "暂停") == "on-hold"
    assert resolve(s, "channel", "意见卡") == "comment-card"
    with pytest.raises(ChoiceError) as exc:
        resolve(s, "department", "工程")
    assert "engineering" in exc.value.message("en")
