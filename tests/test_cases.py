"""Case files as data: tests/cases/valid/*.yaml validate clean; tests/cases/invalid/*.yaml give exactly
the problems (code and line) their ``# expect:`` header names."""
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import CASES, case_header

VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*.yaml"))


def place(case: Path, register: Path) -> Path:
    target, _ = case_header(case)
    dest = register / target
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(case.read_bytes())
    return dest


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_case(case, case_register, run):
    dest = place(case, case_register)
    code, out, err = run("validate", "--register", case_register, "--as-of", "2026-11-21T09:00:00+00:00",
                         "--format", "json", dest)
    assert json.loads(out)["problems"] == []
    assert code == 0


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case(case, case_register, run):
    dest = place(case, case_register)
    _, expected = case_header(case)
    code, out, err = run("validate", "--register", case_register, "--as-of", "2026-11-21T09:00:00+00:00",
                         "--format", "json", dest)
    problems = json.loads(out)["problems"]
    assert Counter((p["code"], p["line"]) for p in problems) == Counter(expected)
    assert code == 1
    for p in problems:  # every problem names this file, a position and a message
        assert p["path"].endswith(dest.name) and p["line"] >= 1 and p["col"] >= 1 and p["message"]


def test_whole_case_register_reports_every_file(case_register, run):
    """Validating the register (no paths) reports problems of every broken file, never stopping at the first."""
    for case in INVALID:
        place(case, case_register)
    code, out, _ = run("validate", "--register", case_register, "--as-of", "2026-11-21T09:00:00+00:00",
                       "--format", "json")
    paths = {Path(p["path"]).name for p in json.loads(out)["problems"]}
    assert code == 1
    assert len(paths) >= len(INVALID) - 1  # id-duplicate's target shares a name with the base item
