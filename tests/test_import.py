"""fbreg import: realistic ledgers in, the items written, the report, re-import, all or nothing."""
from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.importer.headers import find_header, guess_target
from generator.importer.sources import Value, decode, excel_serial
from import_ledgers import APRIL, MAPPING, MARCH, write_ledger

from conftest import ROOT, SAMPLE


@pytest.fixture
def reg(tmp_path):
    """A copy of the sample register (zh, Asia/Shanghai, FB-2025-0001 … 0013 taken)."""
    dest = tmp_path / "register"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture
def ledger(tmp_path):
    return write_ledger(tmp_path / "2025客户投诉台账.xlsx")


@pytest.fixture
def mapping(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_items(reg: Path, before: dict) -> dict[str, dict]:
    """The item files added since ``before``, read as the register reads them (timestamps stay text)."""
    from generator import safeyaml
    from generator.problems import ProblemList

    now = tree(reg)
    return {k: safeyaml.load(v, k, ProblemList("en")).value for k, v in now.items() if k not in before}


def test_import_writes_items_with_ids_folders_and_sources(run, reg, ledger, mapping):
    before = tree(reg)
    code, out, err = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0, out + err
    items = new_items(reg, before)
    # ids follow the register's sequence (0001–0013 taken) in order of receipt, in month folders
    assert sorted(items) == [f"items/2025/03/FB-2025-{n:04d}.yaml" for n in (14, 15, 16, 17)] + \
        [f"items/2025/04/FB-2025-{n:04d}.yaml" for n in (18, 19)]
    by_row = {(i["import"]["sheet"], i["import"]["row"]): i for i in items.values()}
    first = by_row[("3月", 5)]
    assert first["id"] == "FB-2025-0014" and first["department"] == "engineering"
    assert first["received"] == "2025-03-03T09:00:00+08:00"          # a date alone: the working day's start
    assert first["status"] == "closed" and first["closed_at"] == "2025-03-04T09:00:00+08:00"
    assert first["verification"] == {"result": "effective", "at": "2025-03-04T09:00:00+08:00", "note": "满意"}
    assert first["actions"] == [{"kind": "corrective", "text": "更换空调滤网并补充冷媒", "owner": "engineering",
                                 "done_at": "2025-03-04T09:00:00+08:00"}]
    assert first["import"]["file"] == "2025客户投诉台账.xlsx" and first["import"]["key"].startswith("k-")
    # a time given in text; completed the same day (a date alone): not before the time of receipt
    second = by_row[("3月", 6)]
    assert second["received"] == "2025-03-05T14:30:00+08:00"
    assert second["closed_at"] == "2025-03-05T14:30:00+08:00"
    assert second["verification"]["result"] == "partly-effective"
    assert "备注:厂家保修" in second["description"] and "处理结果:已修复" in second["description"]
    # 3月12日: the year from the title row; no measures or result: assigned
    third = by_row[("3月", 8)]
    assert third["received"] == "2025-03-12T09:00:00+08:00" and third["status"] == "assigned"
    assert third["category"] == "suggestion" and third["department"] == "front-office"
    # an Excel serial number (45735) and a completion without a follow-up: verifying, never a made-up verification
    fourth = by_row[("3月", 9)]
    assert fourth["received"] == "2025-03-19T09:00:00+08:00" and fourth["status"] == "verifying"
    assert "verification" not in fourth and "closed_at" not in fourth
    assert fourth["responded_at"] == "2025-03-20T09:00:00+08:00"
    april = by_row[("4月", 5)]
    assert april["received"] == "2025-04-02T15:00:00+08:00" and april["status"] == "closed"
    # names and phone numbers are never written: an opaque reference instead
    for name, data in tree(reg).items():
        text = data.decode("utf-8")
        assert "王先生" not in text and "13800138000" not in text and "李女士" not in text, name
    assert first["reporter"]["ref"].startswith("P-") and first["reporter"]["type"] == "guest"
    # the report: per sheet, then the summarised warnings
    assert "2025客户投诉台账.xlsx:3月(表头第 4 行):读取 6 行,写入 4 条,跳过 空行 1、合计/小计 1" in out
    assert "2025客户投诉台账.xlsx:4月(表头第 4 行):读取 4 行,写入 2 条,跳过 空行 1、合计/小计 1" in out
    assert "2025客户投诉台账.xlsx:3月: import-closed-unverified (warning) 1 行" in out
    assert "import-personal-columns" in out and "反馈人/来源、联系电话" in out
    # the register is still valid as a whole
    code, out, err = run("validate", "--register", reg)
    assert code == 0, out + err


def test_second_run_adds_nothing_and_new_rows_only_after(run, reg, ledger, mapping, tmp_path):
    run("import", ledger, "--mapping", mapping, "--register", reg)
    after_first = tree(reg)
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0 and tree(reg) == after_first
    assert "已导入过 4" in out and "已导入过 2" in out and "没有新的行需要导入" in out
    # the ledger gains two rows in April (one of them identical to an old one: still a row of its own)
    grown = APRIL[:2] + [[3, "2025-04-20", "住客", "", "客人询问发票开具时间。", "咨询", "前厅部", "", "已当场答复",
                          "2025-04-20", "", ""], APRIL[1]] + APRIL[2:]
    write_ledger(ledger, {"3月": MARCH, "4月": grown})
    code, out, err = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0, out + err
    added = new_items(reg, after_first)
    assert sorted(added) == ["items/2025/04/FB-2025-0020.yaml", "items/2025/04/FB-2025-0021.yaml"]
    rows = sorted(i["import"]["row"] for i in added.values())
    assert rows == [7, 8]
    keys = {i["import"]["row"]: i["import"]["key"] for i in added.values()}
    assert keys[8].endswith("-2")      # the same cells as row 6: told apart, not taken for row 6


def test_dry_run_writes_nothing_and_says_what_it_would(run, reg, ledger, mapping):
    before = tree(reg)
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg, "--dry-run")
    assert code == 0 and tree(reg) == before
    assert "读取 6 行,将写入 4 条" in out and "试运行:将写入 6 个事项" in out and "没有写入任何文件" in out


def test_since_takes_only_later_rows(run, reg, ledger, mapping):
    before = tree(reg)
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg, "--since", "2025-04-01")
    assert code == 0
    assert sorted(new_items(reg, before)) == ["items/2025/04/FB-2025-0014.yaml", "items/2025/04/FB-2025-0015.yaml"]
    assert "早于 --since 4" in out


def test_rows_that_fail_write_nothing_and_are_named(run, reg, tmp_path, mapping):
    bad = [MARCH[0],
           [2, "2025/13/45", "", "", "日期写错的一行。", "投诉", "工程部", "", "", None, "", ""],
           [3, "2025-03-06", "", "", "部门写错的一行。", "投诉", "维修组", "", "", None, "", ""],
           [4, "2025-03-07", "", "", "客人留下电话13912345678要求回电。", "投诉", "工程部", "", "", None, "", ""],
           [5, "2025-03-08", "", "", "满意度写错。", "投诉", "工程部", "", "", None, "", ""]]
    path = write_ledger(tmp_path / "错误台账.xlsx", {"3月": bad})
    before = tree(reg)
    code, out, _ = run("import", path, "--mapping", mapping, "--register", reg)
    assert code == 1 and tree(reg) == before
    assert "错误台账.xlsx:3月!6:B: input-when" in out                      # the cell of the bad date
    assert "错误台账.xlsx:3月!7:G: input-choice-none" in out               # the unknown department
    assert "错误台账.xlsx:3月!8:E: import-personal-data" in out            # a phone number in the text
    assert "139****5678" in out and "13912345678" not in out               # masked, never in full
    assert "没有写入任何文件" in out


def test_validator_problems_are_placed_at_their_cells(run, reg, tmp_path, mapping):
    """A rule of the validator (completed before received) is reported at the ledger's cell."""
    rows = [[1, "2025-03-06 10:00", "", "", "完成时间早于接收时间。", "投诉", "工程部", "更换", "已修复", "2025-03-01 10:00",
             "满意", ""]]
    path = write_ledger(tmp_path / "t.xlsx", {"3月": rows})
    code, out, _ = run("import", path, "--mapping", mapping, "--register", reg)
    assert code == 1
    assert "t.xlsx:3月!5:J: timestamp-order" in out


def test_redact_replaces_personal_data_with_a_warning(run, reg, tmp_path):
    rows = [[1, "2025-03-07", "", "", "客人留下电话13912345678要求回电。", "投诉", "工程部", "", "", None, "", ""]]
    path = write_ledger(tmp_path / "t.xlsx", {"3月": rows})
    m = tmp_path / "m.yaml"
    m.write_text(MAPPING + "redact: true\n", encoding="utf-8")
    before = tree(reg)
    code, out, _ = run("import", path, "--mapping", m, "--register", reg)
    assert code == 0, out
    (item,) = new_items(reg, before).values()
    assert item["description"].startswith("客人留下电话[已删除]要求回电")
    assert "t.xlsx:3月!5:E: import-redacted (warning)" in out


def test_gbk_csv_is_read_and_its_encoding_named(run, reg, tmp_path):
    path = tmp_path / "ledger.csv"
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["日期", "反馈内容", "类别", "责任部门", "渠道", "等级"])
        w.writerow(["2025年3月5日", "客房地毯有污渍。", "投诉", "客房部", "电话", "一般"])
        w.writerow(["2025-03-06 09:30", "建议延长早餐时间。", "建议", "餐饮部", "意见卡", "一般"])
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    before = tree(reg)
    code, out, err = run("import", path, "--register", reg)      # no mapping: the guessed one
    assert code == 0, out + err
    assert "ledger.csv:ledger(GB18030 (GBK))" in out
    items = sorted(new_items(reg, before).values(), key=lambda i: i["id"])
    assert [i["channel"] for i in items] == ["phone", "comment-card"]
    assert items[0]["department"] == "housekeeping" and items[0]["received"] == "2025-03-05T09:00:00+08:00"


def test_decode_names_the_encoding():
    assert decode("日期".encode("utf-8")) == ("日期", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "日期".encode("utf-8")) == ("日期", "UTF-8 (BOM)")
    assert decode("日期".encode("utf-16")) == ("日期", "UTF-16")
    assert decode("日期".encode("gbk")) == ("日期", "GB18030 (GBK)")


def test_excel_serials_and_headers():
    import datetime as dt
    epoch = dt.datetime(1899, 12, 30)
    assert excel_serial(45721, epoch) == dt.datetime(2025, 3, 5)
    assert excel_serial(45721.6041667, epoch) == dt.datetime(2025, 3, 5, 14, 30)
    assert excel_serial(0, dt.datetime(1904, 1, 1)) == dt.datetime(1904, 1, 1)
    assert guess_target("反馈内容") == "description" and guess_target("完成时间") == "closed_at"
    assert guess_target("客人反馈内容") == "description" and guess_target("Date received") == "received"
    assert guess_target("验证人") == "contact"          # a person's name: never written
    rows = [(1, [Value("2025年台账")]), (2, [Value("序号"), Value("日期"), Value("处理情况"), Value(None)]),
            (3, [Value(None), Value(None), Value("处理措施"), Value("完成时间")]), (4, [Value(1), Value("2025-3-5")])]
    header = find_header(rows)
    assert header.row == 3 and [c.name for c in header.columns] == ["序号", "日期", "处理措施", "完成时间"]
    assert header.above == ["2025年台账"]


def test_guess_mapping_proposes_fields_and_hides_personal_samples(run, reg, ledger):
    code, out, _ = run("import", ledger, "--guess-mapping", "--register", reg)
    assert code == 0
    doc = yaml.safe_load(out)
    assert doc["columns"]["日期"] == "received" and doc["columns"]["处理措施"] == "action"
    assert doc["columns"]["反馈人/来源"] == "reporter" and doc["columns"]["完成时间"] == "closed_at"
    assert doc["defaults"] == {"channel": "phone", "severity": "minor"}
    assert "王先生" not in out and "13800138000" not in out and "客人反映房间空调" in out


def test_status_inferred_and_assumed_verification_is_stated(run, reg, tmp_path):
    rows = [[1, "2025-03-03", "", "", "已完成无回访。", "投诉", "工程部", "更换", "已修复", "2025-03-04", "", ""],
            [2, "2025-03-03", "", "", "有措施未完成。", "投诉", "工程部", "更换", "", None, "", ""],
            [3, "2025-03-03", "", "", "只有部门。", "投诉", "工程部", "", "", None, "", ""],
            [4, "2025-03-03", "", "", "什么都没有。", "投诉", "", "", "", None, "", ""]]
    path = write_ledger(tmp_path / "t.xlsx", {"3月": rows})
    m = tmp_path / "m.yaml"
    m.write_text(MAPPING + "assume_verified: {result: effective, by: 质检办, note: 纸质台账由质检办签字验证}\n",
                 encoding="utf-8")
    before = tree(reg)
    code, out, _ = run("import", path, "--mapping", m, "--register", reg)
    assert code == 0, out
    items = {i["import"]["row"]: i for i in new_items(reg, before).values()}
    assert items[5]["status"] == "closed"
    assert items[5]["verification"] == {"result": "effective", "at": "2025-03-04T09:00:00+08:00",
                                        "note": "导入时声明:纸质台账由质检办签字验证", "by": "quality"}
    assert items[6]["status"] == "in-progress" and items[7]["status"] == "assigned"
    assert items[8]["status"] == "new" and "department" not in items[8]


def test_unmapped_column_is_an_error(run, reg, ledger, tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text(MAPPING.replace("  备注: note\n", ""), encoding="utf-8")
    code, out, _ = run("import", ledger, "--mapping", m, "--register", reg, "--dry-run")
    assert code == 1
    assert "2025客户投诉台账.xlsx:3月!6:L: import-column-unmapped" in out


def test_mapping_is_checked_against_its_schema(run, reg, ledger, tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("columns:\n  日期: recieved\nvalues:\n  department: {客房: nowhere}\n", encoding="utf-8")
    code, out, err = run("import", ledger, "--mapping", m, "--register", reg)
    assert code == 2
    assert f"{m}:2:" in err and "schema-enum" in err and "received" in err


def test_mapping_codes_must_exist(run, reg, ledger, tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text(MAPPING + "values:\n  department: {客房: nowhere}\n", encoding="utf-8")
    code, _, err = run("import", ledger, "--mapping", m, "--register", reg)
    assert code == 2 and "import-mapping-code" in err and "nowhere" in err


def test_old_xls_says_what_to_do(run, reg, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    code, out, _ = run("import", path, "--register", reg)
    assert code == 2 and "import-xls" in out and ".xlsx" in out


def _fbreg(*args, env=None, **kw):
    return subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT,
                            env=dict(os.environ, **(env or {})), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def _kill_at(point: str, reg, ledger, mapping):
    proc = _fbreg("import", ledger, "--mapping", mapping, "--register", reg, env={"FBREG_IMPORT_PAUSE": point})
    line = proc.stderr.readline()
    assert line.strip() == "fbreg-import-paused", line + proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_killed_while_writing_leaves_the_items_unchanged(reg, ledger, mapping):
    before = tree(reg / "items")
    _kill_at("staged:3", reg, ledger, mapping)
    after = tree(reg / "items")
    assert {k for k in after if k.endswith(".yaml")} == set(before)       # no item file appeared
    assert any(".tmp" in k for k in after)                                 # only hidden temporary files


def test_killed_while_linking_is_refused_by_validate_and_rolled_back(run, reg, ledger, mapping):
    before = tree(reg)
    _kill_at("linked:2", reg, ledger, mapping)
    half = tree(reg)
    assert len([k for k in half if k.endswith(".yaml") and k not in before]) == 2     # half-way indeed
    code, out, _ = run("validate", "--register", reg)
    assert code == 1 and "import-interrupted" in out
    code, out, err = run("import", ledger, "--mapping", mapping, "--register", reg, "--dry-run")
    assert code == 2 and "import-interrupted" in err                       # a dry run never changes anything
    code, out, _ = run("import", "--recover", "--register", reg)
    assert code == 0 and "删除了 2 个文件" in out
    assert tree(reg) == before                                             # exactly as it was
    # and the next import then writes everything
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0 and "已写入 6 个事项" in out


def test_next_import_rolls_an_interrupted_one_back_first(run, reg, ledger, mapping):
    _kill_at("linked:1", reg, ledger, mapping)
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0 and "已先撤销一次被中断的导入(删除了 1 个文件)" in out and "已写入 6 个事项" in out
    assert not (reg / ".fbreg-import.json").exists()
    assert not [p for p in reg.rglob("*.tmp")]
    code, _, _ = run("validate", "--register", reg)
    assert code == 0


def test_clash_with_an_item_written_meanwhile_undoes_everything(reg, tmp_path):
    """Two writers: the import's link fails on a name someone else took; the import writes nothing."""
    from generator.importer.writer import WriteClash, write_all
    folder = reg / "items" / "2030" / "01"
    files = [(folder / "FB-2030-0001.yaml", "a\n"), (folder / "FB-2030-0002.yaml", "b\n")]
    folder.mkdir(parents=True)
    (folder / "FB-2030-0002.yaml").write_text("someone else's\n")
    with pytest.raises(WriteClash):
        write_all(reg, files)
    assert not (folder / "FB-2030-0001.yaml").exists()
    assert (folder / "FB-2030-0002.yaml").read_text() == "someone else's\n"     # never overwritten
    assert sorted(p.name for p in folder.iterdir()) == ["FB-2030-0002.yaml"]


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)


@hsettings(max_examples=300, deadline=None)
@given(title=_TEXT, description=_TEXT, note=_TEXT, tag=_TEXT, row=st.integers(1, 10**6))
def test_item_text_reads_back_exactly(title, description, note, tag, row):
    """The writer's own YAML emitter: whatever the ledger's texts hold, the file reads back as the same data."""
    from generator import safeyaml
    from generator.importer.writer import item_text
    from generator.problems import ProblemList

    fields = {"id": "FB-2025-0001", "title": title, "received": "2025-03-05T09:00:00+08:00",
              "description": description + "\n\n" + note, "tags": [tag, "空调"], "satisfaction": 4,
              "reporter": {"anonymous": False, "ref": "P-0123456789ab"},
              "actions": [{"kind": "corrective", "text": note + "\n" + title, "owner": "engineering"}],
              "import": {"file": "2025台账.xlsx", "sheet": note, "row": row, "key": "k-" + "0" * 20}}
    problems = ProblemList("en")
    doc = safeyaml.load(item_text(fields).encode("utf-8"), "t.yaml", problems)
    assert doc is not None, [p.message for p in problems]
    assert doc.value == fields


def test_one_sheet_alone_gets_the_keys_a_whole_import_gives(run, reg, ledger, mapping):
    """--sheet 4月 first, then the whole workbook: the April rows are recognised, March is added."""
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg, "--sheet", "4月")
    assert code == 0 and "已写入 2 个事项" in out and "3月" not in out
    code, out, _ = run("import", ledger, "--mapping", mapping, "--register", reg)
    assert code == 0 and "已导入过 2" in out and "已写入 4 个事项" in out
    code, out, err = run("import", ledger, "--mapping", mapping, "--register", reg, "--sheet", "5月")
    assert code == 2 and "import-sheet-unknown" in out


def _rezip(src: Path, dest: Path, replace: dict[str, bytes]) -> Path:
    import zipfile
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            b.writestr(info.filename, replace.get(info.filename, a.read(info.filename)))
    return dest


def test_a_workbook_with_an_xml_bomb_is_refused(run, reg, ledger, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                       for i in range(1, 10))
            + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
              b'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    path = _rezip(ledger, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb})
    before = tree(reg)
    code, out, _ = run("import", path, "--register", reg)
    assert code == 2 and "import-unreadable" in out and tree(reg) == before


def test_a_workbook_that_unpacks_suspiciously_is_refused_unopened(run, reg, ledger, tmp_path):
    path = _rezip(ledger, tmp_path / "zip.xlsx", {"xl/worksheets/sheet1.xml": b"<" + b" " * 30_000_000})
    code, out, _ = run("import", path, "--register", reg)
    assert code == 2 and "import-unreadable" in out and "zip bomb" in out


def test_an_english_register_and_ledger(run, tmp_path):
    """English headings, an English register (Europe/London, QF ids), the report in English."""
    from conftest import FIXTURE_EN
    reg = tmp_path / "register"
    shutil.copytree(FIXTURE_EN, reg)
    path = tmp_path / "complaints.csv"
    path.write_text("Complaints log 2026\n\nNo.,Date received,Guest name,Description,Category,Department,Action taken,"
                    "Date closed,Follow-up,Channel,Severity\n"
                    "1,2026-03-04,Mr Smith,Cold soup at dinner,Complaint,Kitchen,Soup replaced,2026-03-04,Satisfied,"
                    "Phone,Minor\n"
                    "2,04/03/2026,Ms Jones,Lift out of order,Complaint,Maintenance,,,,Phone,Major\n"
                    "Total,2,,,,,,,,,\n", encoding="utf-8")
    code, out, _ = run("import", path, "--register", reg, "--dry-run")
    assert code == 1
    assert "complaints.csv:complaints!5:B: input-when cannot read `04/03/2026`" in out      # day/month order unknown
    assert "complaints.csv:complaints (UTF-8) (header at row 3): 3 rows read" in out and "1 subtotal" in out
    path.write_text(path.read_text(encoding="utf-8").replace("04/03/2026", "2026-03-05 16:20"), encoding="utf-8")
    before = tree(reg)
    code, out, _ = run("import", path, "--register", reg)
    assert code == 0, out
    items = {i["id"]: i for i in new_items(reg, before).values()}
    assert sorted(items) == ["QF-2026-0015", "QF-2026-0016"]       # the fixture has QF-2026-0001 … 0014
    first = items["QF-2026-0015"]
    assert first["received"] == "2026-03-04T09:00:00+00:00" and first["status"] == "closed"
    assert first["department"] == "kitchen" and first["verification"]["result"] == "effective"
    assert items["QF-2026-0016"]["status"] == "assigned" and items["QF-2026-0016"]["severity"] == "major"
    assert "Smith" not in str(items) and "2 items written" in out
