"""`fbreg init`: a new register repository whose `make site` works."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

FBREG = str(Path(sys.executable).with_name("fbreg"))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_init_makes_a_register_that_validates_records_and_builds(tmp_path, run, language):
    dest = tmp_path / "register-repo"
    code, out, err = run("init", dest, "--title", "Harbour View feedback register", "--language", language,
                         "--prefix", "HV", "--repository", "https://github.com/example/hv-register")
    assert code == 0, err
    assert (dest / ".git").is_dir() and (dest / "site_theme/main.html").is_file()
    workflow = (dest / ".github/workflows/register.yml").read_text()
    package = str(ROOT)   # this checkout: where the fbreg running the tests was installed from
    assert f'pip install -c constraints.txt "{package}"' in workflow and "-r requirements/site.lock" not in workflow
    assert f'pip install -c constraints.txt "{package}"' in (dest / ".gitlab-ci.yml").read_text()
    assert not (dest / ".github/workflows/tests.yml").exists()    # the tool's own tests stay with the tool
    assert f"PACKAGE ?= {package}" in (dest / "Makefile").read_text()
    assert sorted(p.name for p in (dest / "schema").iterdir()) == sorted(
        p.name for p in (ROOT / "schema").glob("*.schema.json"))
    assert "pyyaml==" in (dest / "constraints.txt").read_text() and "--hash" not in (dest / "constraints.txt").read_text()
    assert not re.search(r"(?m)^\s*language:", (dest / "mkdocs.yml").read_text())   # register.yaml has the one setting
    assert (dest / "register/register.yaml").read_text().startswith("# Harbour View feedback register")
    assert run("validate", "--register", dest / "register")[0] == 0
    code, out, err = run("new", "--register", dest / "register", "--title", "Cold soup", "--category", "complaint",
                         "--channel", "phone", "--severity", "minor", "--description", "The soup was cold.",
                         "--received", "2026-11-20T12:00:00+00:00")
    assert code == 0 and "HV-2026-0001" in out, err
    done = subprocess.run(["make", "site", f"FBREG={FBREG}"], cwd=dest, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    home = (dest / "site/index.html").read_text(encoding="utf-8")
    assert "Harbour View feedback register" in home and "HV-2026-0001" in home
    assert (dest / "site/items/HV-2026-0001/index.html").is_file()
    assert f'<html lang="{language}"' in home


def test_a_new_register_make_site_works_as_printed(tmp_path, run):
    """The new register's own `make site`, with nothing given or copied by hand: it installs the tool
    (from where this one came from) with the pinned dependencies into the register's .venv, validates
    and builds. Its site speaks the register's language."""
    dest = tmp_path / "jj"
    assert run("init", dest, "--title", "锦江花园酒店信息反馈台账", "--language", "zh", "--prefix", "JJ")[0] == 0
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "site"], cwd=dest, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (dest / ".venv/bin/fbreg").is_file()
    home = (dest / "site/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home and "锦江花园酒店信息反馈台账" in home
    frozen = subprocess.run([str(dest / ".venv/bin/python"), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    pinned = dict(line.split("==", 1) for line in (dest / "constraints.txt").read_text().splitlines()
                  if "==" in line and ";" not in line)
    installed = dict(line.lower().replace("_", "-").split("==", 1) for line in frozen.splitlines() if "==" in line)
    for name in ("pyyaml", "mkdocs", "mkdocs-material", "jsonschema"):
        assert installed[name] == pinned[name], name


def test_init_never_overwrites(tmp_path, run):
    dest = tmp_path / "r"
    assert run("init", dest, "--title", "First")[0] == 0
    settings = dest / "register/register.yaml"
    settings.write_text(settings.read_text() + "# mine\n")
    code, out, _ = run("init", dest, "--title", "Second")
    assert code == 0 and "kept (exists)" in out and settings.read_text().endswith("# mine\n")
    assert '"First"' in settings.read_text()


def test_init_refuses_bad_settings(tmp_path, run):
    assert run("init", tmp_path / "a", "--title", "T", "--prefix", "fb")[0] == 2
    assert run("init", tmp_path / "b", "--title", "T", "--timezone", "Mars/Base")[0] == 2


def test_init_ships_the_scheduled_reminders(tmp_path, run):
    dest = tmp_path / "r"
    assert run("init", dest, "--title", "T", "--package", "feedback-register==0.1.0")[0] == 0
    workflow = (dest / ".github/workflows/remind.yml").read_text()
    assert 'pip install -c constraints.txt "feedback-register==0.1.0"' in workflow and "fbreg remind" in workflow
    assert "\nremind:\n" in (dest / ".gitlab-ci.yml").read_text()
    # a register without reminder settings: the job runs and sends nothing
    code, out, err = run("remind", "--register", dest / "register", "--dry-run")
    assert code == 0 and "不发送任何消息" in out


def test_the_commented_examples_in_a_new_register_validate_when_switched_on(tmp_path, run):
    """register.yaml shows aliases and reminders commented out: taking away the `# ` gives valid settings."""
    dest = tmp_path / "r"
    assert run("init", dest, "--title", "T")[0] == 0
    settings = dest / "register/register.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "# aliases:" in text and "# reminders:" in text
    text = re.sub(r"(?m)^# (aliases|reminders):", r"\1:", text)
    text = re.sub(r"(?m)^#( {2,})", r"\1", text)
    settings.write_text(text, encoding="utf-8")
    code, out, err = run("validate", "--register", dest / "register")
    assert code == 0, out + err
    from generator.settings import load_settings
    s = load_settings(dest / "register")
    assert s.aliases == {"category": {"客诉": "complaint"}, "severity": {"严重": "major"}}
