"""``fbreg remind``: planning from the deadlines, delivery to real local servers (SMTP, each robot's API),
the record, never twice, the next level only, retries and failures.

The register: the English fixture's settings (Europe/London, Mon–Fri 09:00–17:00, GMT in November;
escalation 0h department, 1bd department head, 3bd general manager) and three items:

* QF-2026-0201 (major, reception): respond due Wed 18 Nov 10:00 (48 h); department head from Thu 10:00;
* QF-2026-0202 (minor, new, no department): acknowledge due Tue 17 Nov 17:00 (1bd); head from Wed 17:00;
* QF-2026-0203 (critical, kitchen): respond due Thu 19 Nov 09:00 (24 h): due soon (8wh lead) on Wed 11:00.
"""
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.remind import record
from generator.remind.deliver import remind
from generator.settings import load_settings
from generator.validate import validate_register

from conftest import FIXTURE_EN
import remind_servers as srv
from remind_register import ITEMS, make_register

T1 = "2026-11-18T11:00:00+00:00"     # Wed: 0201 breached (department), 0202 breached (department), 0203 due soon
T2 = "2026-11-19T11:00:00+00:00"     # Thu: 0201 and 0202 at department head, 0203 breached (department)

@pytest.fixture
def secrets(monkeypatch):
    for name, value in srv.SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SITE_URL", raising=False)


@pytest.fixture
def servers(tmp_path, secrets):
    with srv.robot_server() as robots, srv.smtp_server() as (port, mailbox):
        yield make_register(tmp_path, robots.url, port), robots, mailbox


def remind_run(register: Path, as_of: str, **kw):
    register_, problems = validate_register(register)
    assert not problems.has_errors(), [p.message for p in problems]
    items = [i.data for i in register_.items]
    return remind(register_.settings, items, register, as_of=dt.datetime.fromisoformat(as_of), **kw)


def mail_to(mailbox, address):
    return [m for m in mailbox if m.to == [address]]


def test_first_run_reaches_every_recipient_with_their_items(servers):
    register, robots, mailbox = servers
    result = remind_run(register, T1)
    assert result.ok and not result.skipped

    # e-mail: one message per address, with the items it is about
    assert sorted(a for m in mailbox for a in m.to) == ["kitchen@example.org", "quality@example.org",
                                                        "reception@example.org"]
    [reception] = mail_to(mailbox, "reception@example.org")
    assert reception.sender == "register@example.org"
    assert reception.subject == "[Harbour View Hotel feedback register] Reminder: 1 overdue"
    text = reception.part("plain")
    assert "QF-2026-0201 Shower in room 12 runs cold" in text and "Reception" in text
    assert "Respond due 2026-11-18 10:00" in text and "1 working hours overdue" in text
    assert "reminder 1 (Department)" in text
    assert "https://register.example.org/items/QF-2026-0201/" in text
    assert "BK-7781" not in text and "no hot water" not in text      # never the reporter or the description
    assert "QF-2026-0202" not in text and "QF-2026-0203" not in text
    html = reception.part("html")
    assert '<a href="https://register.example.org/items/QF-2026-0201/">QF-2026-0201</a>' in html

    [kitchen] = mail_to(mailbox, "kitchen@example.org")
    assert kitchen.subject.endswith("1 due soon") and "QF-2026-0203" in kitchen.part("plain")
    assert "due soon" in kitchen.part("plain") and "6 working hours left" in kitchen.part("plain")

    [quality] = mail_to(mailbox, "quality@example.org")       # the unassigned item goes to the quality office
    assert "QF-2026-0202" in quality.part("plain") and "Unassigned" in quality.part("plain")
    assert "&lt;b&gt;stairs&lt;/b&gt;" in quality.part("html") and "<b>stairs" not in quality.part("html")

    # the robots, each through its own API, signed where the service signs
    assert robots.refused == []
    assert [t.split("\n")[0] for t in robots.texts("/wecom")] == ["Reception:"]
    assert "QF-2026-0201" in robots.texts("/wecom")[0]
    assert "QF-2026-0203" in robots.texts("/dingtalk")[0] and "due soon" in robots.texts("/dingtalk")[0]
    assert "QF-2026-0202" in robots.texts("/feishu")[0]
    assert robots.texts("/webhook") == []                      # maintenance has nothing

    # the record: one line per item, milestone, level and recipient
    lines = [json.loads(x) for x in (register / "reminders/2026-11.jsonl").read_text().splitlines()]
    assert {(x["item"], x["milestone"], x["level"], x["count"], x["via"]) for x in lines} == {
        ("QF-2026-0201", "respond", "department", 1, "email:reception@example.org"),
        ("QF-2026-0201", "respond", "department", 1, "chat:reception-wecom"),
        ("QF-2026-0202", "acknowledge", "department", 1, "email:quality@example.org"),
        ("QF-2026-0202", "acknowledge", "department", 1, "chat:quality-feishu"),
        ("QF-2026-0203", "respond", "due-soon", 0, "email:kitchen@example.org"),
        ("QF-2026-0203", "respond", "due-soon", 0, "chat:kitchen-dingtalk"),
    }
    assert {x["at"] for x in lines} == {T1}
    assert validate_register(register)[1].has_errors() is False


def test_a_second_run_sends_nothing_new(servers):
    register, robots, mailbox = servers
    remind_run(register, T1)
    before = (len(mailbox), len(robots.received), (register / "reminders/2026-11.jsonl").read_bytes())
    result = remind_run(register, "2026-11-18T11:30:00+00:00")
    assert result.ok and result.plan.messages == [] and result.plan.already_sent == 6
    assert (len(mailbox), len(robots.received), (register / "reminders/2026-11.jsonl").read_bytes()) == before


def test_the_next_level_sends_only_that_level(servers):
    register, robots, mailbox = servers
    remind_run(register, T1)
    first_mail, first_robots = len(mailbox), len(robots.received)
    result = remind_run(register, T2)
    assert result.ok
    new_mail, new_robot = mailbox[first_mail:], robots.received[first_robots:]
    by_address = {m.to[0]: m.part("plain") for m in new_mail}
    # 0201 at department head: its department again, the head, and the quality office (督办)
    for address in ("reception@example.org", "fom@example.org", "quality@example.org"):
        assert "QF-2026-0201" in by_address[address] and "reminder 2 (Department head)" in by_address[address]
    # the quality office gets one message with both of its items, most overdue first
    quality = by_address["quality@example.org"]
    assert quality.index("QF-2026-0202") < quality.index("QF-2026-0201")
    # 0203 breached now: the kitchen's first reminder; nobody gets the due-soon notice again
    assert "QF-2026-0203" in by_address["kitchen@example.org"] and "reminder 1 (Department)" in by_address["kitchen@example.org"]
    assert "due soon" not in "".join(by_address.values())
    assert all("reminder 1 (Department)\n" not in t or "QF-2026-0203" in t for t in by_address.values())
    lines = [json.loads(x) for x in (register / "reminders/2026-11.jsonl").read_text().splitlines()]
    second = [x for x in lines if x["at"] == T2]
    assert {x["level"] for x in second if x["item"] != "QF-2026-0203"} == {"department-head"}
    assert {(x["to"], x["role"]) for x in second if x["via"] == "email:quality@example.org"} == {("quality", "office")}
    # one message per robot: reception's (0201), quality's (0202 and 0201 in one), the kitchen's (0203)
    assert sorted(r.path.split("/")[1] for r in new_robot) == ["dingtalk", "feishu", "wecom"]
    # and again: nothing
    assert remind_run(register, "2026-11-19T12:00:00+00:00").plan.messages == []


def test_a_failing_channel_is_retried_reported_and_the_others_still_arrive(servers, run):
    register, robots, mailbox = servers
    robots.fail["/webhook"] = 2          # two 500s, then it works: retried within the run
    robots.fail["/wecom"] = -1           # always 500
    robots.slow["/dingtalk"] = 2.0       # longer than timeout_seconds (0.5)
    # maintenance gets an item too, for the webhook
    item = register / "items/2026/11/QF-2026-0204.yaml"
    item.write_text(ITEMS["2026/11/QF-2026-0203.yaml"].replace("QF-2026-0203", "QF-2026-0204")
                    .replace("kitchen", "maintenance").replace("Fridge in the cold kitchen", "Boiler"))
    code, out, err = run("remind", "--register", register, "--as-of", T1)
    assert code == 1, out + err
    assert robots.hits["/wecom"] == 3 and robots.hits["/webhook"] == 3 and robots.hits["/dingtalk"] == 3
    assert "FAILED: Reception · WeCom robot reception-wecom: HTTP 500" in out and "Items: QF-2026-0201" in out
    assert "FAILED: Kitchen · DingTalk robot kitchen-dingtalk: no answer within 0.5 s" in out
    assert "QF-2026-0203" in out
    # the others arrived: every e-mail, the webhook after its retries, Feishu
    assert len(mailbox) == 3 and len(robots.texts("/feishu")) == 1
    [hook] = [r for r in robots.received if r.path == "/webhook"]
    assert [i["id"] for i in hook.body["items"]] == ["QF-2026-0204"] and hook.body["to"] == "Maintenance"
    assert hook.body["items"][0]["level"] == "due-soon" and hook.body["items"][0]["url"].endswith("/QF-2026-0204/")
    vias = {json.loads(x)["via"] for x in (register / "reminders/2026-11.jsonl").read_text().splitlines()}
    assert "chat:reception-wecom" not in vias and "chat:kitchen-dingtalk" not in vias and "chat:ops-webhook" in vias

    # the next run tries again exactly what failed
    robots.fail.clear()
    robots.slow.clear()
    code, out, err = run("remind", "--register", register, "--as-of", "2026-11-18T11:20:00+00:00",
                             "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert sorted(m["via"] for m in data["messages"]) == ["chat:kitchen-dingtalk", "chat:reception-wecom"]
    assert all(m["status"] == "sent" for m in data["messages"])
    assert len(mailbox) == 3


def test_a_refused_signature_is_a_failure(servers, monkeypatch):
    register, robots, mailbox = servers
    monkeypatch.setenv("TEST_DINGTALK_SECRET", "SEC" + "00" * 32)
    monkeypatch.setenv("TEST_FEISHU_SECRET", "not-the-secret")
    result = remind_run(register, T1)
    errors = sorted(f.error for f in result.failed)
    assert errors[0].startswith("DingTalk refused the message: errcode 310000")
    assert errors[1].startswith("Feishu refused the message: code 19021")
    assert len(mailbox) == 3


def test_a_missing_secret_is_reported_without_retrying(servers, monkeypatch):
    register, robots, mailbox = servers
    monkeypatch.delenv("TEST_WECOM_KEY")
    result = remind_run(register, T1)
    [failure] = result.failed
    assert failure.message.via == "chat:reception-wecom" and "TEST_WECOM_KEY is not set" in failure.error
    assert failure.attempts == 1 and "/wecom" not in robots.hits


def test_a_refused_address_fails_and_the_others_arrive(tmp_path, secrets):
    with srv.robot_server() as robots, srv.smtp_server(refuse={"kitchen@example.org"}) as (port, mailbox):
        register = make_register(tmp_path, robots.url, port)
        result = remind_run(register, T1)
    [failure] = result.failed
    assert failure.message.via == "email:kitchen@example.org" and "550" in failure.error and failure.attempts == 3
    assert sorted(m.to[0] for m in mailbox) == ["quality@example.org", "reception@example.org"]


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl for a test certificate")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_mail_over_tls_with_a_login(tmp_path, secrets, security):
    cert, key = srv.self_signed(tmp_path)
    with srv.robot_server() as robots, srv.smtp_server(security, cert, key) as (port, mailbox):
        register = make_register(tmp_path, robots.url, port, security)
        settings_file = register / "register.yaml"
        settings_file.write_text(settings_file.read_text().replace(
            "    from: Harbour", f"    ca_file: {cert}\n    from: Harbour"))
        result = remind_run(register, T1)
    assert [f.error for f in result.failed] == []
    assert len(mailbox) == 3
    [m] = mail_to(mailbox, "reception@example.org")
    assert m.message["Content-Type"].startswith("multipart/alternative")


def test_outside_working_hours_nothing_is_sent(servers, run):
    register, robots, mailbox = servers
    code, out, err = run("remind", "--register", register, "--as-of", "2026-11-18T19:00:00+00:00")
    assert code == 0 and "outside the calendar's working hours" in out
    assert mailbox == [] and robots.received == [] and not (register / "reminders").exists()
    code, out, err = run("remind", "--register", register, "--as-of", "2026-11-18T19:00:00+00:00", "--any-time")
    assert code == 0 and len(mailbox) == 3


def test_dry_run_prints_what_would_be_sent_to_whom_and_sends_nothing(servers, run):
    register, robots, mailbox = servers
    code, out, err = run("remind", "--register", register, "--as-of", T1, "--dry-run")
    assert code == 0, err
    assert "Dry run: nothing is sent" in out
    assert "To Reception · e-mail reception@example.org (1 items)" in out
    assert "To Quality · Feishu robot quality-feishu (1 items)" in out
    assert "Subject: [Harbour View Hotel feedback register] Reminder: 1 overdue" in out
    assert "6 messages, 6 item lines." in out
    assert mailbox == [] and robots.hits == {} and not (register / "reminders").exists()
    code, out, err = run("remind", "--register", register, "--as-of", T1, "--dry-run", "--format", "json")
    data = json.loads(out)
    assert data["dry_run"] is True and {m["status"] for m in data["messages"]} == {"planned"}
    assert {i["id"] for m in data["messages"] for i in m["items"]} == {"QF-2026-0201", "QF-2026-0202", "QF-2026-0203"}


def test_a_long_list_is_cut_to_what_the_robot_takes(tmp_path, secrets):
    with srv.robot_server() as robots, srv.smtp_server() as (port, mailbox):
        register = make_register(tmp_path, robots.url, port)
        for n in range(5, 45):
            (register / f"items/2026/11/QF-2026-02{n:02d}.yaml").write_text(
                ITEMS["2026/11/QF-2026-0201.yaml"].replace("QF-2026-0201", f"QF-2026-02{n:02d}")
                .replace("Shower in room 12 runs cold", "淋浴水温不稳定,客人多次投诉热水供应不足 " + str(n)))
        result = remind_run(register, T1)
    assert result.ok
    [text] = robots.texts("/wecom")
    assert len(text.encode("utf-8")) <= 2048 and "more: see the overdue page" in text
    assert "https://register.example.org/overdue/" in text
    [mail] = mail_to(mailbox, "reception@example.org")
    assert len(re.findall(r"^[0-9]+\. QF-2026-02", mail.part("plain"), re.M)) == 41    # e-mail has no such limit


def test_record_lines_are_checked_by_validate(servers):
    register, robots, mailbox = servers
    remind_run(register, T1)
    path = register / "reminders/2026-11.jsonl"
    good = path.read_text().splitlines()
    path.write_text("\n".join(good + ['{"at": "2026-12-01T10:00:00+00:00", "item": "QF-2026-0201", "milestone": "respond", '
                                      '"level": "department", "count": 1, "to": "reception", "role": "department", '
                                      '"via": "email:a@example.org"}',
                                      '{"at": "2026-11-18T11:00:00+00:00", "item": "QF-2026-0999", "milestone": "respond", '
                                      '"level": "department", "count": 1, "to": "reception", "role": "department", '
                                      '"via": "email:a@example.org"}',
                                      "not json", '{"at": "x"}']) + "\n")
    (register / "reminders/notes.txt").write_text("hello")
    (register / "reminders/2026-13.jsonl").write_text("")
    _, problems = validate_register(register)
    found = sorted((Path(p.path).name, p.line, p.code) for p in problems)
    n = len(good)
    assert found == [("2026-11.jsonl", n + 1, "reminder-record-month"), ("2026-11.jsonl", n + 2, "reminder-record-item"),
                     ("2026-11.jsonl", n + 3, "reminder-record-line"), ("2026-11.jsonl", n + 4, "reminder-record-line"),
                     ("2026-13.jsonl", 1, "reminder-record-name"), ("notes.txt", 1, "reminder-record-stray")]
    # and the planner ignores what validate refuses, keeping the good lines
    assert len(record.load(register)) == n + 2


def test_not_configured_sends_nothing(tmp_path, run):
    shutil.copytree(FIXTURE_EN, tmp_path / "register")
    code, out, err = run("remind", "--register", tmp_path / "register", "--as-of", T1)
    assert code == 0 and "nothing is sent" in out


def test_settings_parse_the_contacts(servers):
    register, robots, mailbox = servers
    s = load_settings(register).reminders
    assert s.contacts["reception"]["department-head"].email == ("fom@example.org",)
    assert s.channels["kitchen-dingtalk"].env == {"token": "TEST_DINGTALK_TOKEN", "secret": "TEST_DINGTALK_SECRET"}
    assert s.attempts == 3 and s.backoff_seconds == 0.01 and s.timeout_seconds == 0.5
