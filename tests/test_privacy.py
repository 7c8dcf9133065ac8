"""The privacy check: personal data in an item's free text is found, reported masked, and can be
excepted per field (generator/privacy.py, `fbreg validate`)."""
import json
import shutil
import time

import pytest

from generator import privacy
from generator.problems import ProblemList
from generator.privacy import findings

from conftest import CASES, SAMPLE

AS_OF = "2026-11-21T09:00:00+00:00"


def kinds(text):
    return [kind for kind, *_ in findings(text)]


def run_check(data, lang="en"):
    problems = ProblemList(lang)
    privacy.check(data, lambda path, code, **args: problems.add("item.yaml", None, code, **args))
    return problems


# -- true positives ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "请回电13812345678,谢谢", "手机 138 1234 5678", "mobile 138-1234-5678", "+86 138 1234 5678",
    "+8613812345678", "0086-139-1234-5678", "电话:15912345678。", "(19912345678)",
])
def test_mobile_numbers(text):
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("text", [
    "call 010-12345678", "(0755) 8888 6666", "021 5555 1234 ext. 801", "座机0571-88886666转123",
    "（020）87654321", "tel 0755 88886666", "fax 0431-1234567",
])
def test_landline_numbers(text):
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("text", [
    "+44 20 7946 0958", "+1 (415) 555-2671", "+852 2345 6789", "+33 1 23 45 67 89", "+81-3-1234-5678",
    "+86 10 1234 5678",
])
def test_international_numbers(text):
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("text", [
    "write to zhang.san@example.com", "邮箱:lisi_88@163.com。", "a+b@mail.example.co.uk", "<wang@hotel.cn>",
])
def test_email_addresses(text):
    assert kinds(text) == ["email"]


@pytest.mark.parametrize("text", [
    "身份证11010519491231002X", "ID 320102198506153215 ", "id 11010519491231002x", "110105 19491231 002X",
    "440308199901011234", "(510107197001010019)",
])
def test_resident_id_numbers(text):
    # 11010519491231002X is GB 11643's example; the others have valid checksums too
    assert kinds(text) == ["id-number"]


@pytest.mark.parametrize("text", [
    "card 4111 1111 1111 1111", "卡号6222021234567890128", "5500-0000-0000-0004", "4111111111111111",
    "Amex 3782 822463 10005", "6212 2602 0000 0000 006",
])
def test_bank_card_numbers(text):
    assert kinds(text) == ["bank-card"]


@pytest.mark.parametrize("text", [
    "车牌粤B12345", "京A·12345", "沪AD12345 新能源", "停车场的苏E8R5K2", "粤B12345D", "浙A·F0236",
])
def test_licence_plates(text):
    assert kinds(text) == ["licence-plate"]


def test_several_findings_in_one_text_in_order():
    text = "13812345678 或 zhang@example.com, 车牌粤B12345, 卡 4111 1111 1111 1111"
    assert kinds(text) == ["phone", "email", "licence-plate", "bank-card"]
    for kind, start, end, masked in findings(text):
        assert "*" in masked and text[start:end] != masked


# -- false positives -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "1208房空调夜间噪音大", "room 1512", "Room 1208 and 1210", "1512、1513、1514房", "SN-2024-000123",
    "serial ABC1234567890", "FB-2025-0123", "related FB-2026-0042", "2026-11-21 09:00", "2026-11-21T09:00:00+08:00",
    "09:00-18:00", "2026年11月21日", "成人598元,儿童半价", "price ¥1,380.00", "£13.80 each", "3 箱 24 瓶",
    "order 202611210001234", "订单号:13812345678", "订单号 4111111111111111", "Order No. 4111111111111111",
    "invoice 4111111111111111", "4111111111111112",          # a 16-digit number failing the Luhn check
    "110105194912310021",                                     # an 18-digit number with a wrong checksum
    "110105194913310025",                                     # ... an impossible birth date
    "A13812345678", "x-13812345678", "138123456789", "213812345678", "SN13812345678",
    "image@2x.png", "@front-office please", "support@hotel", "新A4纸", "新LED灯", "京A",
    "hotline 400-820-8820", "95588", "UTC+8 13:00", "+25°C", "version 1.2.3.4",
    "B2 高低压配电室", "员工电梯(2号)", "18楼", "1.2米以下儿童", "EMP-0317", "CRM-88231", "MBR-31577",
    "2024-01-01 至 2024-12-31", "tel 0755", "12345678901234567",
])
def test_not_personal_data(text):
    assert findings(text) == []


def test_the_sample_and_fixture_registers_are_clean(run):
    for register in (SAMPLE, CASES / "register"):
        code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json")
        assert [p for p in json.loads(out)["problems"] if p["code"].startswith("privacy-")] == []


# -- masks ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, masked", [
    ("13812345678", "138****5678"),
    ("138-1234-5678", "138-****-5678"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("010-12345678", "010-****5678"),
    ("(0755) 8888 6666", "(0755) **** 6666"),
    ("021 5555 1234 ext. 801", "021 **** 1234 ext. ***"),
    ("zhang.san@example.com", "z***@example.com"),
    ("11010519491231002X", "11**************2X"),
    ("4111 1111 1111 1111", "**** **** **** 1111"),
    ("粤B12345", "粤B****5"),
])
def test_masks(text, masked):
    (found,) = findings(text)
    assert found[3] == masked


def test_the_message_names_kind_and_field_masked_and_the_fix():
    data = {"description": "请联系 13812345678", "actions": [{"kind": "temporary", "text": "ok"},
                                                          {"kind": "corrective", "text": "mail a@example.com"}]}
    (phone, mail) = run_check(data).items
    assert phone.code == "privacy-phone" and phone.severity == "error"
    assert "`description`" in phone.message and "138****5678" in phone.message
    assert "13812345678" not in phone.message
    assert "remove it" in phone.message and "opaque reference" in phone.message
    assert 'privacy_exceptions: {"description": reason}' in phone.message
    assert mail.code == "privacy-email" and "`actions[1].text`" in mail.message and "a***@example.com" in mail.message
    (zh,) = run_check({"description": "请联系 13812345678"}, "zh").items
    assert "电话号码" in zh.message and "138****5678" in zh.message and "13812345678" not in zh.message


def test_every_free_text_field_is_checked_and_nothing_else():
    phone = "13812345678"
    data = {
        "id": phone, "received": phone, "channel": phone, "category": phone, "severity": phone,
        "department": phone, "assisting": [phone], "status": phone, "acknowledged_at": phone,
        "related": [phone], "involves": [phone],
        "reporter": {"type": phone, "ref": "CRM-88231"},
        "title": phone, "location": phone, "description": phone, "analysis": phone,
        "deadlines": {"resolve": phone, "reason": phone},
        "holds": [{"from": phone, "until": phone, "reason": phone}],
        "actions": [{"kind": phone, "text": "ok", "owner": phone, "due": phone, "done_at": phone},
                    {"kind": "corrective", "text": phone}],
        "reply": {"text": phone, "at": phone, "channel": phone},
        "verification": {"result": phone, "at": phone, "by": phone, "note": phone},
        "tags": ["noise", phone],
        "unknown_field": {"nested": [phone]},
    }
    fields = sorted(p.message.split("`")[1] for p in run_check(data).items)
    assert fields == sorted(["title", "location", "description", "analysis", "deadlines.reason", "holds[0].reason",
                             "actions[1].text", "reply.text", "verification.note", "tags[1]",
                             "unknown_field.nested[0]"])


def test_a_number_written_without_quotes_is_checked():
    (problem,) = run_check({"description": 13812345678}).items
    assert problem.code == "privacy-phone"


def test_a_reporter_ref_that_is_a_phone_number():
    (problem,) = run_check({"reporter": {"ref": "13812345678"}}).items
    assert problem.code == "privacy-phone" and "reporter.ref" in problem.message
    assert not run_check({"reporter": {"ref": "CRM-13812345678"}}).items
    assert not run_check({"reporter": {"ref": "CRM-88231"}}).items


def test_one_problem_per_distinct_value():
    problems = run_check({"description": "13812345678, again 13812345678, or 13912345678"}).items
    assert [p.code for p in problems] == ["privacy-phone", "privacy-phone"]


# -- exceptions ----------------------------------------------------------------------------------
def test_an_exception_silences_exactly_its_field():
    data = {"description": "总机 0755-88886666", "actions": [{"kind": "corrective", "text": "call 0755-88886666"}],
            "privacy_exceptions": {"description": "the hotel's public switchboard number"}}
    (problem,) = run_check(data).items
    assert problem.code == "privacy-phone" and "`actions[0].text`" in problem.message
    data["privacy_exceptions"]["actions[0].text"] = "the same public number"
    assert run_check(data).items == []


def test_a_stale_exception_is_a_warning():
    data = {"description": "no number here", "privacy_exceptions": {"description": "was a number", "reply.text": "x"}}
    problems = run_check(data).items
    assert [(p.code, p.severity) for p in problems] == [("privacy-exception-stale", "warning")] * 2
    assert "`description`" in problems[0].message and "`reply.text`" in problems[1].message


def test_an_exception_does_not_silence_its_own_reason():
    data = {"description": "0755-88886666", "privacy_exceptions": {"description": "our number 0755-88886666"}}
    (problem,) = run_check(data).items
    assert "privacy_exceptions.description" in problem.message


# -- fbreg validate ------------------------------------------------------------------------------
ITEM = """\
id: QF-2026-0070
title: Guest asks for a call back
received: 2026-03-05T10:00:00+00:00
channel: phone
category: inquiry
severity: minor
status: new
description: |
  The guest in room 1208 asked for a call back.
  Number: 139-1234-5678
actions:
  - kind: temporary
    text: Noted at reception
  - kind: corrective
    text: Sent the menu to guest.one@example.org
"""


@pytest.fixture
def register(tmp_path):
    dest = tmp_path / "register"
    shutil.copytree(CASES / "register", dest)
    return dest


def test_validate_reports_personal_data_with_file_and_line(register, run):
    path = register / "items" / "2026" / "03" / "QF-2026-0070.yaml"
    path.write_text(ITEM, encoding="utf-8")
    code, out, err = run("validate", "--register", register, "--as-of", AS_OF)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:8:") and "privacy-phone" in lines[0] and "139-****-5678" in lines[0]
    assert lines[1].startswith(f"{path}:15:") and "privacy-email" in lines[1] and "g***@example.org" in lines[1]
    assert "139-1234-5678" not in out + err and "guest.one" not in out + err

    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json", path)
    assert code == 1
    found = [(p["code"], p["line"]) for p in json.loads(out)["problems"]]
    assert found == [("privacy-phone", 8), ("privacy-email", 15)]

    path.write_text(ITEM + "privacy_exceptions:\n  description: the guest asked us to publish it\n"
                    "  actions[1].text: a shared mailbox\n  reply.text: nothing there\n", encoding="utf-8")
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json")
    problems = json.loads(out)["problems"]
    assert code == 0
    assert [(p["code"], p["line"], p["severity"]) for p in problems] == [("privacy-exception-stale", 19, "warning")]


def test_the_schema_accepts_exceptions_and_checks_their_form(register, run):
    path = register / "items" / "2026" / "03" / "QF-2026-0070.yaml"
    path.write_text(ITEM.replace("Number: 139-1234-5678", "No number.").replace("guest.one@example.org", "the guest")
                    + "privacy_exceptions:\n  'Description!': x\n", encoding="utf-8")
    code, out, _ = run("validate", "--register", register, "--as-of", AS_OF, "--format", "json")
    codes = [p["code"] for p in json.loads(out)["problems"]]
    assert code == 1 and "schema-pattern" in codes and "schema-too-short" in codes


# -- speed ---------------------------------------------------------------------------------------
def test_it_is_fast():
    """Well under 0.1 ms per typical item (the register may hold 10 000)."""
    item = {"title": "1208房空调夜间噪音大,前台处理延误", "location": "1208房",
            "description": "客人21:40来电:房间空调噪音大,无法入睡;23:10再次来电,前台称工程部已下班。" * 2,
            "analysis": "风机轴承磨损;夜班没有工程值班人员。", "tags": ["空调", "噪音"],
            "actions": [{"kind": "temporary", "text": "为客人换到1210房,赠送早餐两份(价值196元)。"},
                        {"kind": "corrective", "text": "更换风机轴承,订单号 202611190001。"}],
            "reply": {"text": "已致歉并换房,2026-11-19 10:30 回访。"}}
    privacy.check(item, lambda *a, **k: None)
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        privacy.check(item, lambda *a, **k: None)
    per_item = (time.perf_counter() - start) / rounds
    assert per_item < 0.0005   # measured about 0.03 ms; the bound leaves room for slow CI machines
