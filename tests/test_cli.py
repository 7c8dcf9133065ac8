"""The fbreg CLI: output formats, exit codes, `new`, and `python -m generator`."""
import json
import subprocess
import sys

import yaml

from conftest import CASES, ROOT


def test_validate_clean_register_exits_0(case_register, run):
    code, out, err = run("validate", "--register", case_register, "--as-of", "2026-11-21T09:00:00+00:00")
    assert (code, out) == (0, "")
    assert "1 items checked, no problems." in err


def test_validate_text_format_names_file_line_col_code(case_register, run):
    bad = case_register / "items/2026/03/QF-2026-0002.yaml"
    bad.write_text((CASES / "invalid/enum-and-unknown.yaml").read_text().replace("0010", "0002"))
    code, out, err = run("validate", "--register", case_register, "--as-of", "2026-11-21T09:00:00+00:00")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{bad}:8:11: schema-enum `severity` must be one of critical, major, minor; got `urgent`")
    assert "3 errors and 0 warnings in 1 file" in err


def test_github_format_is_chosen_under_github_actions(case_register, run, monkeypatch):
    bad = case_register / "items/2026/03/QF-2026-0002.yaml"
    bad.write_text("id: QF-2026-0002\ntitle: x\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run("validate", "--register", case_register)
    assert code == 1
    assert out.startswith(f"::error file={bad},line=1,col=1,title=schema-required::missing required field `received`")


def test_json_format(case_register, run):
    code, out, _ = run("validate", "--register", case_register, "--format", "json")
    assert code == 0 and json.loads(out) == {"problems": [], "errors": 0, "warnings": 0, "checked": 1}


def test_warnings_alone_exit_0(case_register, run):
    item = case_register / "items/2026/03/QF-2026-0001.yaml"
    item.write_bytes(b"\xef\xbb\xbf" + item.read_bytes())
    code, out, _ = run("validate", "--register", case_register)
    assert code == 0 and "yaml-bom (warning)" in out


def test_usage_and_settings_errors_exit_2(case_register, run, tmp_path):
    assert run("validate", "--register", tmp_path / "nowhere")[0] == 2
    assert run("validate", "--bogus")[0] == 2
    assert run("validate", "--register", case_register, "no-such-file.yaml")[0] == 2
    settings = case_register / "register.yaml"
    settings.write_text(settings.read_text().replace("timezone: Europe/London", "timezone: Mars/Olympus")
                        .replace("language: en", "language: fr"))
    code, out, err = run("validate", "--register", case_register)
    assert code == 2
    assert "register.yaml:3:11: schema-enum `language` must be one of zh, en; got `fr`" in err


def test_settings_problem_positions(case_register, run):
    settings = case_register / "register.yaml"
    settings.write_text(settings.read_text().replace("timezone: Europe/London", "timezone: Mars/Olympus"))
    code, _, err = run("validate", "--register", case_register)
    assert code == 2 and "register.yaml:4:11: settings-timezone unknown time zone `Mars/Olympus`" in err


def test_symlink_and_stray_files(case_register, run, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: x\n")
    (case_register / "items/2026/03/QF-2026-0009.yaml").symlink_to(secret)
    (case_register / "items/2026/03/QF-2026-0008.yml").write_text("id: x\n")
    code, out, _ = run("validate", "--register", case_register)
    assert code == 1
    assert "QF-2026-0009.yaml:1:1: file-symlink" in out
    assert "QF-2026-0008.yml:1:1: file-extension item files must end in .yaml; rename it to QF-2026-0008.yaml" in out


def test_new_writes_a_valid_item_with_the_next_id(case_register, run):
    code, out, err = run("new", "--register", case_register, "--title", "Broken kettle in room 12",
                         "--category", "quality", "--channel", "phone", "--severity", "minor",
                         "--department", "reception", "--description", "The kettle does not switch on.",
                         "--received", "2026-05-04T10:00:00+01:00", "--reporter-type", "guest",
                         "--reporter-ref", "BK-1")
    assert code == 0, err
    path = case_register / "items/2026/05/QF-2026-0002.yaml"
    assert out.strip() == str(path)
    data = yaml.safe_load(path.read_text())
    assert data["id"] == "QF-2026-0002" and data["status"] == "assigned" and data["reporter"]["ref"] == "BK-1"
    assert run("validate", "--register", case_register)[0] == 0
    code, out, _ = run("new", "--register", case_register, "--title", "Second", "--category", "praise",
                       "--channel", "email", "--severity", "minor", "--received", "2026-05-05T10:00:00+01:00")
    assert out.strip().endswith("QF-2026-0003.yaml")
    assert "status: new" in (case_register / "items/2026/05/QF-2026-0003.yaml").read_text()


def test_new_refuses_invalid_values_and_writes_nothing(case_register, run):
    before = sorted(case_register.rglob("*"))
    code, _, err = run("new", "--register", case_register, "--title", "x y", "--category", "gossip",
                       "--channel", "phone", "--severity", "minor", "--received", "2026-05-04T10:00:00+01:00")
    assert code == 2 and "unknown category `gossip`; choose one of complaint (Complaint), suggestion" in err
    assert sorted(case_register.rglob("*")) == before
    code, _, err = run("new", "--register", case_register, "--title", "x y", "--category", "complaint",
                       "--channel", "phone", "--severity", "minor", "--received", "2026-05-04T10:00:00+01:00",
                       "--reporter-type", "alien")     # not a choice of its own: the schema refuses it
    assert code == 2 and "schema-enum `reporter.type`" in err and "not written" in err
    assert sorted(case_register.rglob("*")) == before


def test_new_needs_flags_without_a_terminal(case_register, run):
    code, _, err = run("new", "--register", case_register, "--title", "No category")
    assert code == 2 and "--category" in err


def test_new_never_overwrites(case_register, run, monkeypatch):
    """Even if the id is taken between choosing it and writing, the existing file survives."""
    import generator.newitem as newitem

    target = case_register / "items/2026/05/QF-2026-0002.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("precious\n")
    monkeypatch.setattr(newitem, "next_id", lambda register, year: "QF-2026-0002")
    code, _, err = run("new", "--register", case_register, "--title", "Race", "--category", "praise",
                       "--channel", "email", "--severity", "minor", "--received", "2026-05-04T10:00:00+01:00")
    assert code == 2 and target.read_text() == "precious\n"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]


def test_python_dash_m_generator():
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--register",
                             str(CASES / "register"), "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and json.loads(result.stdout)["checked"] == 1


def test_validate_caps_the_problems_shown_per_file(case_register, run, monkeypatch):
    """A file with 300 problems shows 50, then one line with how many more (and how many are errors),
    in every format; the counts, the summary and the exit code still cover all of them."""
    item = case_register / "items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text() + "".join(f"junk_{i:03d}: x\n" for i in range(300)))
    code, out, err = run("validate", "--register", case_register)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 51
    assert lines[-1].endswith("… and 250 more problems in this file (250 of them errors), not shown; fix these first,"
                              " or see them all with --max-per-file 0") and "QF-2026-0001.yaml: " in lines[-1]
    assert "300 errors" in err
    code, out, _ = run("validate", "--register", case_register, "--max-per-file", "0")
    assert code == 1 and len(out.splitlines()) == 300
    code, out, _ = run("validate", "--register", case_register, "--format", "json")
    data = json.loads(out)
    assert code == 1 and len(data["problems"]) == 50 and data["errors"] == 300
    assert data["omitted"] == [{"path": data["problems"][0]["path"], "problems": 250, "errors": 250}]
    code, out, _ = run("validate", "--register", case_register, "--format", "github")
    assert code == 1 and len(out.splitlines()) == 51 and out.splitlines()[-1].startswith("::error file=")
    zh = case_register / "register.yaml"
    zh.write_text(zh.read_text().replace("language: en", "language: zh"))
    code, out, _ = run("validate", "--register", case_register)
    assert code == 1 and "此文件另有 250 个问题未显示(其中 250 个错误)" in out.splitlines()[-1]
