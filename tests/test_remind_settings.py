"""The reminder settings: secrets are refused with file and line, cross-references are checked."""
import shutil

import pytest

from generator.problems import SettingsError
from generator.settings import load_settings

from conftest import FIXTURE_EN

GOOD = """
reminders:
  remind_before: {critical: 2wh}
  levels: {department-head: [quality]}
  email: {host: smtp.example.org, from: register@example.org, username: register, password_env: SMTP_PASSWORD}
  channels:
    ops: {type: dingtalk, token_env: DT_TOKEN, secret_env: DT_SECRET}
"""


def settings_with(tmp_path, register_extra: str, remind: str = "") -> list[tuple[str, str, int]]:
    folder = tmp_path / "register"
    shutil.copytree(FIXTURE_EN, folder, ignore=shutil.ignore_patterns("items"))
    (folder / "register.yaml").write_text((folder / "register.yaml").read_text() + register_extra)
    if remind:
        deps = (folder / "departments.yaml").read_text().replace(
            "    reviewers: [cleo-hart]", "    reviewers: [cleo-hart]\n    remind:\n" + remind)
        (folder / "departments.yaml").write_text(deps)
    try:
        load_settings(folder)
    except SettingsError as exc:
        return [(p.path.rsplit("/", 1)[-1], p.code, p.line) for p in exc.problems]
    return []


def test_good_settings_load(tmp_path):
    assert settings_with(tmp_path, GOOD, "      department: {email: [q@example.org], chat: [ops]}\n") == []


@pytest.mark.parametrize("line, what", [
    ("  email: {host: smtp.example.org, from: r@example.org, password: hunter2}", "password"),
    ("  email: {host: smtp.example.org, from: r@example.org, password_env: hunter2-not-a-name}", "password_env"),
    ("  channels: {ops: {type: dingtalk, token_env: T, secret: SEC0123456789abcdef0123456789abcdef0123456789}}", "secret"),
    ("  channels: {ops: {type: wecom, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4'}}", "url"),
    ("  channels: {ops: {type: webhook, url: 'https://user:pa55word@hooks.example.org/x'}}", "url"),
])
def test_a_secret_in_the_settings_is_refused_with_its_line(tmp_path, line, what):
    found = settings_with(tmp_path, f"\nreminders:\n{line}\n")
    assert found and all(code == "settings-secret" for _, code, _ in found)
    assert {(f, n) for f, _, n in found} == {("register.yaml", 27)}


def test_a_secret_anywhere_in_departments_is_refused(tmp_path):
    found = settings_with(tmp_path, "", "      department: {chat: [x]}\n    token: 12345678\n")
    assert ("departments.yaml", "settings-secret", 21) in found


def test_validate_refuses_it_with_a_clear_message(tmp_path, run):
    folder = tmp_path / "register"
    shutil.copytree(FIXTURE_EN, folder)
    (folder / "register.yaml").write_text((folder / "register.yaml").read_text()
                                          + "\nreminders:\n  email: {host: h, from: a@b.c, password: hunter2}\n")
    code, out, err = run("validate", "--register", folder)
    assert code == 2
    assert "register.yaml:27:" in err and "settings-secret" in err and "password_env: FBREG_" in err
    assert "hunter2" not in err


def test_cross_references(tmp_path):
    found = settings_with(tmp_path, GOOD.replace("critical: 2wh", "urgent: 2wh").replace("[quality]", "[audit-office]")
                          .replace("department-head:", "board:"),
                          "      department: {email: [q@example.org], chat: [nowhere], offices: [ghost]}\n"
                          "      director: {email: [d@example.org]}\n")
    assert sorted(found) == sorted([
        ("register.yaml", "settings-reminder-severity", 27), ("register.yaml", "settings-reminder-level", 28),
        ("register.yaml", "settings-reminder-office", 28), ("departments.yaml", "settings-reminder-channel", 20),
        ("departments.yaml", "settings-reminder-office", 20), ("departments.yaml", "settings-reminder-level", 21)])


def test_a_robot_without_its_key_and_mail_without_a_server(tmp_path):
    found = settings_with(tmp_path, "\nreminders:\n  channels:\n    ops: {type: wecom}\n",
                          "      department: {email: [q@example.org]}\n")
    assert ("register.yaml", "settings-reminder-channel-field", 28) in found
    assert ("departments.yaml", "settings-reminder-no-smtp", 20) in found


def test_the_schema_documents_every_new_field():
    from generator.schemas import load_schema

    def walk(node, path):
        if isinstance(node, dict):
            if "properties" in node:
                for name, sub in node["properties"].items():
                    assert sub.get("title") and sub.get("description"), f"{path}.{name} has no title/description"
                    walk(sub, f"{path}.{name}")
            for key in ("items", "additionalProperties"):
                if isinstance(node.get(key), dict):
                    walk(node[key], f"{path}[]")

    reg, dep = load_schema("register"), load_schema("departments")
    walk(reg["properties"]["reminders"], "reminders")
    walk(reg["$defs"]["channel"], "channel")
    walk(dep["$defs"]["contacts"], "contacts")
    assert dep["properties"]["departments"]["items"]["properties"]["remind"]["description"]
