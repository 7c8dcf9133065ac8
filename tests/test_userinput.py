"""What staff type: dates and times in every accepted form, choices by code, label or alias with
"did you mean" in both languages, through the library (userinput), `fbreg new`, `fbreg set`, and the
interactive prompt of `fbreg new` in a real pseudo-terminal."""
import datetime as dt
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import FIXTURE_EN, ROOT, SAMPLE
from generator import userinput
from generator.settings import load_settings

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 7, 3, 35, 12, tzinfo=dt.timezone.utc)       # 11:35:12 in Shanghai


@pytest.mark.parametrize("text, expected, has_time", [
    ("2026-12-01T10:00:00+08:00", "2026-12-01T10:00:00+08:00", True),
    ("2026-12-01T10:00:00Z", "2026-12-01T10:00:00+00:00", True),
    ("2026-12-01T10:00", "2026-12-01T10:00:00+08:00", True),
    ("2026-12-01 10:00", "2026-12-01T10:00:00+08:00", True),
    ("2026-12-01 10:00:30", "2026-12-01T10:00:30+08:00", True),
    ("2026-12-01", "2026-12-01T00:00:00+08:00", False),            # a date alone: 00:00
    ("2026/12/01 10:00", "2026-12-01T10:00:00+08:00", True),
    ("2026/12/1", "2026-12-01T00:00:00+08:00", False),
    ("2026.12.1 9:05", "2026-12-01T09:05:00+08:00", True),
    ("2026年12月1日 10:00", "2026-12-01T10:00:00+08:00", True),
    ("2026年12月1日10时30分", "2026-12-01T10:30:00+08:00", True),
    ("2026年12月1日 下午3点半", "2026-12-01T15:30:00+08:00", True),
    ("2026年12月1号 晚上9点", "2026-12-01T21:00:00+08:00", True),
    ("12月1日 10:00", "2026-12-01T10:00:00+08:00", True),          # the year: now's (or the given one)
    ("２０２６／１２／０１ １０：００", "2026-12-01T10:00:00+08:00", True),   # full-width, as IMEs type it
    ("昨天 21:40", "2026-12-06T21:40:00+08:00", True),
    ("now", "2026-12-07T11:35:12+08:00", True),
    ("今天", "2026-12-07T11:35:12+08:00", True),
])
def test_every_date_form(text, expected, has_time):
    when = userinput.read_when(text, SH, now=NOW)
    assert when.value.isoformat() == expected and when.has_time is has_time


def test_a_date_alone_can_mean_now_s_time_and_a_month_day_takes_the_given_year():
    assert userinput.parse_when("2026-12-01", SH, now=NOW, date_only="now").isoformat() == "2026-12-01T11:35:12+08:00"
    assert userinput.parse_when("3月5日", SH, now=NOW, year=2025).isoformat() == "2025-03-05T00:00:00+08:00"


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "2026-12-01 25:00", "12/1", "下午", "soon", "1900-01-01x"])
def test_what_is_not_a_date_says_how_to_write_one(text):
    with pytest.raises(userinput.InputError) as raised:
        userinput.parse_when(text, SH, now=NOW)
    assert f"无法识别日期时间“{text}”;请写成 2026-12-01 10:00" in raised.value.message("zh")
    assert f"cannot read `{text}` as a date and time; write e.g. 2026-12-01 10:00" in raised.value.message("en")


@pytest.fixture
def zh_register(tmp_path):
    """A copy of the sample register with aliases in both settings files."""
    folder = tmp_path / "register"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("reminders"))
    settings = folder / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "aliases:\n  category: {客诉: complaint}\n  severity: {严重: major}\n", encoding="utf-8")
    departments = folder / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    text = text.replace("name: {zh: 工程部, en: Engineering}", "name: {zh: 工程部, en: Engineering}\n    aliases: [工程, 工程维修部]")
    assert "工程维修部" in text
    departments.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("kind, text, code", [
    ("category", "complaint", "complaint"), ("category", "投诉", "complaint"), ("category", "Complaint", "complaint"),
    ("category", "客诉", "complaint"), ("category", " 质量问题 ", "quality"), ("category", "COMPLAINT", "complaint"),
    ("channel", "电话", "phone"), ("channel", "comment_card", "comment-card"), ("channel", "意见卡", "comment-card"),
    ("severity", "较大", "major"), ("severity", "严重", "major"), ("severity", "Critical", "critical"),
    ("status", "处理中", "in-progress"), ("status", "暂停", "on-hold"), ("status", "暂停(等待反馈人)", "on-hold"),
    ("status", "已结案", "closed"), ("status", "In progress", "in-progress"),
    ("department", "engineering", "engineering"), ("department", "工程部", "engineering"),
    ("department", "工程", "engineering"), ("department", "工程维修部", "engineering"), ("department", "Engineering", "engineering"),
])
def test_every_label_and_alias_form(zh_register, kind, text, code):
    assert userinput.resolve(load_settings(zh_register), kind, text) == code


def test_did_you_mean_in_chinese_and_english(zh_register):
    settings = load_settings(zh_register)
    with pytest.raises(userinput.ChoiceError) as raised:
        userinput.resolve(settings, "category", "投拆")
    assert raised.value.message("zh") == "没有“投拆”这个类别;您是不是要写:complaint (投诉)?"
    assert raised.value.message("en") == "unknown category `投拆`; did you mean complaint (投诉)?"
    with pytest.raises(userinput.ChoiceError) as raised:
        userinput.resolve(settings, "department", "工程处")
    assert raised.value.message("zh").startswith("没有“工程处”这个部门;您是不是要写:engineering (工程部)")
    with pytest.raises(userinput.ChoiceError) as raised:
        userinput.resolve(settings, "channel", "xyz")
    assert raised.value.message("en").startswith("unknown channel `xyz`; choose one of phone (电话), email (电子邮件)")


def test_an_alias_that_names_an_unknown_code_is_a_settings_problem(zh_register, run):
    settings = zh_register / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("严重: major", "严重: grave"), encoding="utf-8")
    code, _, err = run("validate", "--register", zh_register)
    assert code == 2 and "settings-alias-unknown" in err and "严重" in err and "grave" in err


def test_fbreg_new_takes_labels_aliases_and_typed_dates(zh_register, run):
    code, out, err = run("new", "--register", zh_register, "--title", "早餐凉了", "--category", "客诉",
                         "--channel", "电话", "--severity", "较大", "--department", "工程",
                         "--received", "2026年12月1日 下午3点半", "--description", "客人反映早餐凉了。")
    assert code == 0, err
    path = out.strip()
    assert "/items/2026/12/FB-2026-" in path
    text = open(path, encoding="utf-8").read()
    data = yaml.safe_load(text)
    assert "received: 2026-12-01T15:30:00+08:00\n" in text          # ISO 8601 with the zone, written plain
    assert (data["category"], data["channel"], data["severity"], data["department"], data["status"]) == (
        "complaint", "phone", "major", "engineering", "assigned")
    assert run("validate", "--register", zh_register, path)[0] == 0


def test_fbreg_new_near_miss_says_did_you_mean_and_writes_nothing(zh_register, run):
    before = sorted(zh_register.rglob("*"))
    code, _, err = run("new", "--register", zh_register, "--title", "x", "--category", "投拆", "--channel", "电话",
                       "--severity", "一般")
    assert code == 2 and "没有“投拆”这个类别;您是不是要写:complaint (投诉)?" in err
    code, _, err = run("new", "--register", zh_register, "--title", "x", "--category", "投诉", "--channel", "电话",
                       "--severity", "一般", "--received", "2026-13-01")
    assert code == 2 and "无法识别日期时间“2026-13-01”" in err
    assert sorted(zh_register.rglob("*")) == before


def test_fbreg_set_takes_labels_and_typed_dates(zh_register, run):
    item = next(p for p in sorted((zh_register / "items").rglob("*.yaml"))
                if yaml.safe_load(p.read_text(encoding="utf-8"))["status"] == "new")
    item_id = item.stem
    code, out, err = run("set", "--register", zh_register, item_id, "department=工程", "status=已分派",
                         "acknowledged_at=2026/12/01 10:00", "assisting=前厅部、保安部")
    if code != 0:   # the item may have been received after 2026-12-01 10:00
        pytest.fail(err)
    text = item.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["department"] == "engineering" and data["status"] == "assigned"
    assert str(data["acknowledged_at"]).startswith("2026-12-01") and "+08:00" in text
    assert data["assisting"] == ["front-office", "security"]
    code, _, err = run("set", "--register", zh_register, item_id, "status=进行中")
    assert code in (1, 2) and "您是不是要写:in-progress (处理中)" in err


# -- the interactive prompt, in a real pseudo-terminal ---------------------------------------------

def _converse(register, script, timeout=30):
    """Run `fbreg new` on a pty; ``script`` is (text to wait for, answer) pairs. Returns the transcript."""
    pid, fd = pty.fork()
    if pid == 0:   # the child: fbreg new with nothing given
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "generator", "new", "--register", str(register)])
    transcript = b""
    deadline = time.monotonic() + timeout

    def read_until(marker: str):
        nonlocal transcript
        while marker.encode() not in transcript:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"waited for {marker!r}; got:\n{transcript.decode(errors='replace')}")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {marker!r}:\n{transcript.decode(errors='replace')}")
                transcript += chunk

    try:
        for marker, answer in script:
            read_until(marker)
            transcript = transcript.replace(marker.encode(), b"<<" + marker.encode() + b">>", 1)
            os.write(fd, answer.encode() + b"\r")
        while True:
            ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0.1))
            if not ready:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            transcript += chunk
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), transcript.decode(errors="replace")


def test_fbreg_new_asks_for_each_field_in_a_terminal(zh_register):
    code, out = _converse(zh_register, [
        ("标题: ", "夜间施工噪音"),
        ("1) 投诉 (complaint)", ""),            # the register's labels offered as numbered choices
        ("请选择(编号、名称或代码): ", "投拆"),   # a near miss: did you mean, and the question again
        ("您是不是要写:complaint (投诉)?", "1"),
        ("反馈渠道:", "电话"),
        ("请选择(编号、名称或代码): ", "较大"),
        ("0) (暂不分派)", "工程"),
        ("接收时间(", "昨天 21:40"),
        ("反馈内容(", "客人反映夜间施工噪音。"),
    ])
    assert code == 0, out
    path = next(line.strip() for line in out.splitlines() if line.strip().endswith(".yaml"))
    data = yaml.safe_load(open(path, encoding="utf-8").read())
    assert (data["title"], data["category"], data["channel"], data["severity"], data["department"]) == (
        "夜间施工噪音", "complaint", "phone", "major", "engineering")
    assert str(data["received"]).endswith("21:40:00+08:00") and data["description"].strip() == "客人反映夜间施工噪音。"


def test_ctrl_d_at_the_prompt_writes_nothing(zh_register):
    before = sorted(zh_register.rglob("*"))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "generator", "new", "--register", str(zh_register)])
    seen = b""
    while b"\xe6\xa0\x87\xe9\xa2\x98" not in seen:     # 标题
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, seen
        seen += os.read(fd, 4096)
    os.write(fd, b"\x04")
    rest = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            rest += chunk
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 2 and "已取消,未写入事项" in rest.decode(errors="replace")
    assert sorted(zh_register.rglob("*")) == before


def test_without_a_terminal_missing_fields_are_a_usage_error(zh_register):
    done = subprocess.run([sys.executable, "-m", "generator", "new", "--register", str(zh_register), "--title", "x"],
                          cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "missing --category, --channel, --severity" in done.stderr


def test_the_english_fixture_accepts_english_labels(tmp_path, run):
    shutil.copytree(FIXTURE_EN, tmp_path / "r")
    code, out, err = run("new", "--register", tmp_path / "r", "--title", "Cold soup", "--category", "Complaint",
                         "--channel", "Comment card", "--severity", "minor", "--received", "2026/11/20 12:00")
    assert code == 0, err
    text = open(out.strip(), encoding="utf-8").read()
    assert "channel: comment-card" in text and "received: 2026-11-20T12:00:00+00:00" in text
