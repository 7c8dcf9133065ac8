"""What fbreg remind sent, on the site and in the report: the item page's processing record, the
overdue page's count, deadlines.json (the overdue page's re-check keeps the count), the report."""
import datetime as dt
import json

import pytest

from generator.remind import record
from generator.remind.deliver import remind
from generator.report import periodic_report
from generator.validate import validate_register

import remind_servers as srv
from remind_register import make_register

T1, T2 = "2026-11-18T11:00:00+00:00", "2026-11-19T11:00:00+00:00"


@pytest.fixture
def chased(tmp_path, monkeypatch):
    """The test register after two runs (T1, T2), as a project with mkdocs.yml, built as of T2 + 1 h."""
    for name, value in srv.SECRETS.items():
        monkeypatch.setenv(name, value)
    with srv.robot_server() as robots, srv.smtp_server() as (port, mailbox):
        folder = make_register(tmp_path, robots.url, port)
        for at in (T1, T2):
            reg, problems = validate_register(folder)
            assert remind(reg.settings, [i.data for i in reg.items], folder, dt.datetime.fromisoformat(at)).ok
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nsite_url: http://localhost/\ntheme:\n  name: material\n"
                                         "  font: false\nplugins:\n  - feedback-register:\n      search: 'off'\n")
    return tmp_path


def build(run, root, as_of):
    code, out, err = run("build", "--as-of", as_of, "-d", root / f"site-{as_of[:13]}", cwd=root)
    assert code == 0, err
    return root / f"site-{as_of[:13]}"


def test_item_page_shows_its_reminders_by_name_never_by_address(chased, run):
    site = build(run, chased, "2026-11-19T12:00:00+00:00")
    page = (site / "items/QF-2026-0201/index.html").read_text()
    record_box = page.split("fbr-sec_timeline")[1]
    assert "automatic reminder" in record_box
    assert "reminder 1 · Department</span>: Respond · to Reception" in record_box
    assert "reminder 2 · Department head</span>: Respond · to Reception, Reception (Department head), Quality" \
        in record_box
    assert "2026-11-18 11:00" in record_box and "2026-11-19 11:00" in record_box
    assert "@example.org" not in page and "wecom" not in page
    soon = (site / "items/QF-2026-0203/index.html").read_text()
    assert "due-soon notice</span>: Respond · to Kitchen" in soon


def test_overdue_page_and_its_data_count_the_reminders(chased, run):
    site = build(run, chased, "2026-11-19T12:00:00+00:00")
    overdue = (site / "overdue/index.html").read_text()
    rows = {r.split('href="../items/')[1][:12]: r.split("</tr>")[0] for r in overdue.split("<tr>")
            if 'href="../items/' in r}
    assert "<th scope=\"col\">Reminders</th>" in overdue
    assert rows["QF-2026-0201"].rstrip().endswith("<td>2</td>")      # department, then department head
    assert rows["QF-2026-0203"].rstrip().endswith("<td>1</td>")      # the due-soon notice is not counted
    data = json.loads((site / "overdue/deadlines.json").read_text())
    counts = {d["id"]: d["reminders"] for d in data["deadlines"]}
    assert counts["QF-2026-0201"] == 2 and data["labels"]["reminders"] == "Reminders"


def test_a_site_built_as_of_an_earlier_time_shows_only_what_was_sent_by_then(chased, run):
    site = build(run, chased, "2026-11-18T12:00:00+00:00")
    page = (site / "items/QF-2026-0201/index.html").read_text()
    assert "reminder 1 · Department" in page and "reminder 2" not in page


def test_the_report_counts_reminders_and_escalations_per_department(chased):
    reg, _ = validate_register(chased / "register")
    text = periodic_report(reg.settings, [i.data for i in reg.items], "week",
                           dt.datetime.fromisoformat("2026-11-23T09:00:00+00:00"), record.load(chased / "register"))
    section = text.split("## Reminders and escalations (fbreg remind)")[1].split("##")[0]
    assert "| Department | Reminders | Escalations | Due-soon notices | Items chased |" in section
    assert "| Reception | 2 | 1 | 0 | 1 |" in section
    assert "| Kitchen | 1 | 0 | 1 | 1 |" in section
    assert "| Unassigned | 2 | 1 | 0 | 1 |" in section        # the unassigned item
