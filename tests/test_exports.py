"""Exports (CSV for spreadsheets, JSON for programs), Atom feeds, and `fbreg export`."""
import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from generator.cli import main
from generator.exports import register_csv, register_json, site_files
from generator.feeds import FEED_LIMIT, atom_feed, xml_text
from generator.validate import load_register
from generator.views import build_view

from conftest import FIXTURE_EN, SAMPLE

AS_OF = "2026-11-20T12:00:00+00:00"
T = dt.datetime.fromisoformat
A = "{http://www.w3.org/2005/Atom}"
BOM = b"\xef\xbb\xbf"
EN_HEADER = ["Number", "Title", "Received", "Channel", "Category", "Severity", "Department", "Assisting", "Status",
             "Reporter", "Location", "Acknowledged", "Responded", "Closed", "Next deadline", "Overdue",
             "Satisfaction", "Tags", "Description"]
ZH_HEADER = ["编号", "标题", "接收时间", "渠道", "类别", "等级", "责任部门", "协办部门", "状态", "反馈人", "地点",
             "签收时间", "答复时间", "结案时间", "下一期限", "是否逾期", "满意度", "标签", "反馈内容"]


def view_of(folder, as_of=AS_OF):
    register, problems = load_register(folder)
    assert not problems.has_errors(), problems.sorted()
    return build_view(register.settings, [i.data for i in register.items if i.data], T(as_of))


def item_count(folder) -> int:
    return len(list((folder / "items").rglob("*.yaml")))


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def received_order(view) -> list[str]:
    return [v.id for v in sorted(view.items, key=lambda v: (v.time("received"), v.id), reverse=True)]


@pytest.fixture
def run_bytes(capsysbinary, monkeypatch):
    """Run the CLI in-process: (exit code, stdout bytes, stderr text)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def _run(*args):
        code = main([str(a) for a in args])
        out, err = capsysbinary.readouterr()
        return code, out, err.decode("utf-8")

    return _run


@pytest.fixture
def hostile_register(tmp_path):
    """A copy of the English fixture register whose texts try formula injection, markup and control
    characters (YAML escapes let C0/C1 controls into a value; XML 1.0 cannot carry most of them)."""
    dest = tmp_path / "register-en"
    shutil.copytree(FIXTURE_EN, dest)

    def edit(month, number, old_prefix, new_line):
        path = dest / f"items/2026/{month}/QF-2026-{number}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        hits = [n for n, line in enumerate(lines) if line.startswith(old_prefix)]
        assert len(hits) == 1, (path, old_prefix)
        lines[hits[0]] = new_line
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    edit("03", "0001", "title:", 'title: "=HYPERLINK(\\"http://x\\")"')
    edit("03", "0001", "acknowledged_at:", "acknowledged_at: 2026-03-02T20:00:00+09:00")  # 11:00 in London
    edit("03", "0002", "title:", 'title: "@SUM(1)"')
    edit("04", "0003", "title:", "title: '-1+2'")
    edit("04", "0003", "location:", "location: '=1+2'")
    edit("05", "0004", "title:", "title: '+1'")
    edit("05", "0004", "reporter:", "reporter: {type: guest, anonymous: true, ref: SECRET-REF-1}")
    edit("05", "0005", "tags:", "tags: ['=cmd|calc', website]")
    edit("07", "0008", "title:", "title: \"<script>alert('x')</script> & <b>bold</b>\"")
    edit("08", "0009", "title:", 'title: "Bell\\x01 tab\\x0b feed\\x0c del\\x7f c1\\x9f nul\\0 end"')
    return dest


# ---------------------------------------------------------------- CSV

def test_csv_is_excel_friendly_utf8_with_bom_and_crlf():
    data = register_csv(view_of(FIXTURE_EN))
    assert data.startswith(BOM) and data.endswith(b"\r\n")
    assert data.split(b"\r\n", 1)[0] == BOM + ",".join(EN_HEADER).encode()
    rows = csv_rows(data)
    assert rows[0] == EN_HEADER
    assert len(rows) - 1 == item_count(FIXTURE_EN) == 14


def test_csv_rows_are_newest_first_with_labels_and_local_times():
    view = view_of(FIXTURE_EN)
    rows = csv_rows(register_csv(view))
    assert [r[0] for r in rows[1:]] == received_order(view)
    assert [r[0] for r in rows[1:3]] == ["QF-2026-0014", "QF-2026-0013"]
    by_id = {r[0]: dict(zip(EN_HEADER, r)) for r in rows[1:]}
    assert by_id["QF-2026-0001"] == {
        "Number": "QF-2026-0001", "Title": "Booking confirmation showed the wrong arrival date",
        "Received": "2026-03-02 10:15", "Channel": "E-mail", "Category": "Complaint", "Severity": "Major",
        "Department": "Reception", "Assisting": "", "Status": "Closed", "Reporter": "Guest", "Location": "",
        "Acknowledged": "2026-03-02 11:00", "Responded": "2026-03-02 15:30", "Closed": "2026-03-13 11:00",
        "Next deadline": "", "Overdue": "no", "Satisfaction": "4", "Tags": "booking",
        "Description": "The guest booked 14–16 March by phone; the confirmation e-mail said **13–15 March**.\n"
                       "She noticed it only because the card was charged a day early.\n"}
    fire = by_id["QF-2026-0003"]   # summer time: the stored +01:00 is London's own
    assert (fire["Received"], fire["Assisting"], fire["Tags"], fire["Location"], fire["Severity"]) == (
        "2026-04-14 08:45", "Quality", "fire safety; doors", "Level 2, east corridor", "Critical")
    new = by_id["QF-2026-0014"]    # critical, unassigned, nothing done for a week
    assert (new["Department"], new["Status"], new["Overdue"]) == ("", "New", "yes")
    assert new["Next deadline"] == "Acknowledge 2026-11-13 18:30"
    assert by_id["QF-2026-0013"]["Reporter"] == "Guest (anonymous)"
    assert by_id["QF-2026-0011"]["Next deadline"] == "paused"   # on hold: the clock stands still


def test_csv_of_the_chinese_sample_keeps_chinese_intact():
    view = view_of(SAMPLE)
    data = register_csv(view)
    rows = csv_rows(data)
    assert rows[0] == ZH_HEADER
    assert len(rows) - 1 == item_count(SAMPLE)
    assert [r[0] for r in rows[1:]] == received_order(view)
    row = next(dict(zip(ZH_HEADER, r)) for r in rows if r[0] == "FB-2026-0051")
    assert row["标题"] == "1208房空调夜间噪音大,前台处理延误"
    assert (row["渠道"], row["类别"], row["等级"], row["责任部门"], row["协办部门"], row["状态"]) == (
        "电话", "投诉", "较大", "工程部", "前厅部", "处理中")
    assert row["接收时间"] == "2026-11-18 21:40" and row["标签"] == "空调; 噪音; 夜班"
    assert "1208房空调夜间噪音大".encode("utf-8") in data          # UTF-8, not GBK or escapes


def test_csv_neutralises_formulas(hostile_register):
    rows = csv_rows(register_csv(view_of(hostile_register)))
    by_id = {r[0]: dict(zip(EN_HEADER, r)) for r in rows[1:]}
    assert by_id["QF-2026-0001"]["Title"] == "'=HYPERLINK(\"http://x\")"
    assert by_id["QF-2026-0002"]["Title"] == "'@SUM(1)"
    assert by_id["QF-2026-0003"]["Title"] == "'-1+2"
    assert by_id["QF-2026-0003"]["Location"] == "'=1+2"
    assert by_id["QF-2026-0004"]["Title"] == "'+1"
    assert by_id["QF-2026-0005"]["Tags"] == "'=cmd|calc; website"
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (row[0], cell)
    # a time written in another zone is shown in the register's
    assert by_id["QF-2026-0001"]["Acknowledged"] == "2026-03-02 11:00"
    # an anonymous reporter's reference is never exported
    assert by_id["QF-2026-0004"]["Reporter"] == "Guest (anonymous)"


def test_csv_headers_follow_label_overrides(tmp_path):
    shutil.copytree(FIXTURE_EN, tmp_path / "r")
    settings = tmp_path / "r/register.yaml"
    settings.write_text(settings.read_text() + "labels: {id: Ref, satisfaction: Score, export_overdue: Late?}\n")
    header = csv_rows(register_csv(view_of(tmp_path / "r")))[0]
    assert (header[0], header[15], header[16]) == ("Ref", "Late?", "Score")


# ---------------------------------------------------------------- JSON

def test_json_has_the_items_as_stored_with_codes_and_milestones():
    view = view_of(FIXTURE_EN)
    doc = json.loads(register_json(view).decode("utf-8"))
    assert list(doc) == ["register", "as_of", "timezone", "items"]
    assert doc["register"] == "Harbour View Hotel feedback register"
    assert doc["timezone"] == "Europe/London" and doc["as_of"] == "2026-11-20T12:00:00+00:00"
    assert [i["id"] for i in doc["items"]] == received_order(view)
    stored = {i.data["id"]: i.data for i in load_register(FIXTURE_EN)[0].items}
    for item in doc["items"]:
        milestones = item.pop("milestones")
        assert item == stored[item["id"]]
        assert [m["milestone"] for m in milestones] == ["acknowledge", "respond", "resolve"]
    first = next(i for i in doc["items"] if i["id"] == "QF-2026-0001")
    assert (first["channel"], first["category"], first["severity"], first["status"], first["received"]) == (
        "email", "complaint", "major", "closed", "2026-03-02T10:15:00+00:00")
    assert list(first)[:4] == ["id", "title", "received", "channel"]   # the schema's order
    new = json.loads(register_json(view))["items"][0]
    assert new["id"] == "QF-2026-0014" and list(new)[-1] == "milestones"
    assert new["milestones"][0] == {"milestone": "acknowledge", "due": "2026-11-13T18:30:00+00:00",
                                    "met_at": None, "state": "breached"}


def test_json_is_utf8_stable_and_hides_anonymous_references(hostile_register):
    sample = register_json(view_of(SAMPLE))
    assert "前卫大酒店信息反馈台账".encode("utf-8") in sample and sample == register_json(view_of(SAMPLE))
    data = register_json(view_of(hostile_register))
    doc = json.loads(data)
    reporter = next(i for i in doc["items"] if i["id"] == "QF-2026-0004")["reporter"]
    assert reporter == {"type": "guest", "anonymous": True}
    assert b"SECRET-REF-1" not in data


# ---------------------------------------------------------------- feeds

def parse(feed: bytes) -> ET.Element:
    root = ET.fromstring(feed)
    assert root.tag == f"{A}feed"
    return root


def entries(root):
    return [{"title": e.findtext(f"{A}title"), "id": e.findtext(f"{A}id"), "updated": e.findtext(f"{A}updated"),
             "href": e.find(f"{A}link").get("href"), "summary": e.findtext(f"{A}summary")}
            for e in root.findall(f"{A}entry")]


RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


def test_feed_is_atom_newest_first_with_receipts_and_closures():
    feed = atom_feed(view_of(FIXTURE_EN))
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    assert b"the confirmation e-mail said" not in feed          # never the description
    root = parse(feed)
    assert root.findtext(f"{A}title") == "Harbour View Hotel feedback register"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
    assert root.find(f"{A}author/{A}name") is not None and root.findtext(f"{A}id").startswith("urn:")
    found = entries(root)
    assert len(found) == 14 + 7                                  # every receipt, and the 7 closures
    times = [T(e["updated"]) for e in found]
    assert times == sorted(times, reverse=True)
    assert all(RFC3339.fullmatch(e["updated"]) for e in found)
    assert root.findtext(f"{A}updated") == found[0]["updated"]
    assert len({e["id"] for e in found}) == len(found)
    assert found[0] == {"title": "New QF-2026-0014 Loose handrail on the terrace stairs",
                        "id": "urn:feedback-register:QF-2026-0014:received", "updated": "2026-11-13T16:30:00+00:00",
                        "href": "items/QF-2026-0014/",
                        "summary": "Loose handrail on the terrace stairs · Department: Unassigned · "
                                   "Category: Safety hazard · Severity: Critical"}
    closed = next(e for e in found if e["id"] == "urn:feedback-register:QF-2026-0008:closed")
    assert closed["title"] == "Closed QF-2026-0008 Shower in room 214 runs scalding hot"
    assert closed["updated"] == "2026-07-29T10:30:00+01:00"
    for e in root.iter(f"{A}summary"):
        assert e.get("type") == "text"


def test_feed_is_as_of_and_limited():
    early = entries(parse(atom_feed(view_of(FIXTURE_EN, "2026-04-01T00:00:00+01:00"))))
    assert [e["id"] for e in early] == ["urn:feedback-register:QF-2026-0002:closed",
                                        "urn:feedback-register:QF-2026-0002:received",
                                        "urn:feedback-register:QF-2026-0001:closed",
                                        "urn:feedback-register:QF-2026-0001:received"]
    view = view_of(SAMPLE, "2026-11-21T09:00:00+08:00")
    found = entries(parse(atom_feed(view)))
    assert len(found) == FEED_LIMIT == 50
    events = sorted([v.time("received") for v in view.items]
                    + [v.time("closed_at") for v in view.items if v.status == "closed"], reverse=True)
    assert [T(e["updated"]) for e in found] == events[:50]
    assert found[0]["title"].startswith("新登记 FB-2026-0053 ")
    assert any(e["title"].startswith("已结案 FB-") for e in found)
    assert "责任部门：" in found[0]["summary"]


def test_department_feed_has_only_that_departments_items():
    view = view_of(SAMPLE, "2026-11-21T09:00:00+08:00")
    department_of = {v.id: v.data.get("department") for v in view.items}
    for dept in view.settings.departments:
        root = parse(atom_feed(view, dept))
        name = view.settings.departments[dept].name("zh")
        assert root.findtext(f"{A}title") == f"前卫大酒店信息反馈台账 — {name}"
        for e in entries(root):
            item_id = e["id"].split(":")[2]
            assert department_of[item_id] == dept
            assert e["href"] == f"../../items/{item_id}/"
    engineering = entries(parse(atom_feed(view, "engineering")))
    expected = {v.id for v in view.items if v.data.get("department") == "engineering"}
    assert {e["id"].split(":")[2] for e in engineering} == expected and expected


def test_feed_links_are_absolute_under_the_site_url():
    root = parse(atom_feed(view_of(FIXTURE_EN), "kitchen", site_url="https://example.org/fb"))
    assert root.find(f"{A}link[@rel='self']").get("href") == "https://example.org/fb/departments/kitchen/feed.xml"
    assert root.find(f"{A}link[@rel='alternate']").get("href") == "https://example.org/fb/departments/kitchen/"
    assert {e["href"] for e in entries(root)} >= {"https://example.org/fb/items/QF-2026-0002/"}
    assert all(e["href"].startswith("https://example.org/fb/items/QF-") for e in entries(root))


def test_feed_escapes_markup_and_strips_control_characters(hostile_register):
    feed = atom_feed(view_of(hostile_register))
    assert b"<script" not in feed and b"<b>" not in feed
    assert b"&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in feed
    root = parse(feed)                                       # well-formed despite the control characters
    assert not [e for e in root.iter() if not e.tag.startswith(A)]    # no element from the data
    titles = {e["id"]: e["title"] for e in entries(root)}
    assert titles["urn:feedback-register:QF-2026-0008:received"] == \
        "New QF-2026-0008 <script>alert('x')</script> & <b>bold</b>"
    assert titles["urn:feedback-register:QF-2026-0009:received"] == \
        "New QF-2026-0009 Bell tab feed del c1 nul end"
    assert titles["urn:feedback-register:QF-2026-0001:received"] == 'New QF-2026-0001 =HYPERLINK("http://x")'


def test_xml_text_removes_what_xml_1_0_cannot_carry():
    forbidden = "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "\x7f\x85\x9f\ud800\udfff\ufffe\uffff"
    assert xml_text(f"a{forbidden}b\t\n\r中\U0001F600") == "ab\t\n\r中\U0001F600"
    assert xml_text(None) == ""


# ---------------------------------------------------------------- site files

def test_site_files_are_every_export_and_feed():
    view = view_of(FIXTURE_EN)
    files = site_files(view, None)
    assert set(files) == {"exports/register.csv", "exports/register.json", "feed.xml",
                          "departments/reception/feed.xml", "departments/kitchen/feed.xml",
                          "departments/maintenance/feed.xml", "departments/quality/feed.xml"}
    assert files["exports/register.csv"] == register_csv(view)
    assert files["exports/register.json"] == register_json(view)
    assert files["feed.xml"] == atom_feed(view)
    assert files["departments/quality/feed.xml"] == atom_feed(view, "quality")
    assert all(isinstance(b, bytes) for b in files.values())


# ---------------------------------------------------------------- fbreg export

def test_export_cli_writes_the_bytes_to_stdout(run_bytes):
    view = view_of(FIXTURE_EN)
    code, out, err = run_bytes("export", "--register", FIXTURE_EN, "--as-of", AS_OF)
    assert (code, err) == (0, "") and out == register_csv(view)
    code, out, err = run_bytes("export", "--register", FIXTURE_EN, "--as-of", AS_OF, "--format", "json")
    assert (code, err) == (0, "") and out == register_json(view)


def test_export_cli_writes_a_file(run_bytes, tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    code, out, err = run_bytes("export", "--register", SAMPLE, "--as-of", "2026-11-21T09:00:00+08:00",
                               "-o", target)
    assert (code, out, err) == (0, b"", "")
    assert target.read_bytes() == register_csv(view_of(SAMPLE, "2026-11-21T09:00:00+08:00"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]      # no temporary file left


def test_export_cli_usage_errors_exit_2(run_bytes, tmp_path, hostile_register):
    assert run_bytes("export", "--register", FIXTURE_EN, "--format", "xlsx")[0] == 2
    code, out, err = run_bytes("export", "--register", FIXTURE_EN, "--as-of", "2026-11-20T12:00:00")
    assert (code, out) == (2, b"") and "--as-of needs a time zone" in err
    assert run_bytes("export", "--register", tmp_path / "nowhere")[0] == 2
    code, out, err = run_bytes("export", "--register", FIXTURE_EN, "-o", tmp_path)
    assert (code, out) == (2, b"") and "is a folder" in err
    code, out, err = run_bytes("export", "--register", FIXTURE_EN, "-o", tmp_path / "no/such/dir/x.csv")
    assert (code, out) == (2, b"") and "cannot write" in err
    broken = hostile_register / "items/2026/03/QF-2026-0002.yaml"
    broken.write_text(broken.read_text().replace("severity: minor", "severity: urgent"))
    code, out, err = run_bytes("export", "--register", hostile_register)
    assert (code, out) == (2, b"") and "schema-enum" in err and "fix them first" in err


def test_a_formula_after_a_line_break_or_spaces_is_neutralised():
    from generator.tables import safe_cell
    assert safe_cell("\n=HYPERLINK(\"http://x\")").startswith("'")
    assert safe_cell("  @SUM(1)").startswith("'")
    assert safe_cell("a = b") == "a = b" and safe_cell("2026-11-21") == "2026-11-21"
