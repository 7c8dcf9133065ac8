"""Items parsed once: a warm cache and forked workers give exactly what a plain load gives."""
import datetime as dt
import shutil

import pytest

from conftest import CASES
from generator import itemcache, workers
from generator.formats import text
from generator.loader import load_items
from generator.problems import ProblemList
from generator.validate import validate_register

NOW = dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)


def register_with_problems(tmp_path):
    shutil.copytree(CASES / "register", tmp_path / "register")
    bad = tmp_path / "register/items/2026/03/QF-2026-0001.yaml"
    bad.write_text(bad.read_text().replace("severity: minor", "severity: tiny"))   # a schema problem
    return tmp_path / "register"


def report(register):
    _, problems = validate_register(register, now=NOW)
    return text(problems.sorted())


def test_a_warm_cache_reports_the_same_problems_at_the_same_lines(tmp_path, monkeypatch):
    register = register_with_problems(tmp_path)
    monkeypatch.setenv("FBREG_NO_CACHE", "1")
    plain = report(register)
    monkeypatch.delenv("FBREG_NO_CACHE")
    cold = report(register)
    assert list((tmp_path / ".cache/fbreg").glob("items-v*/*.json"))      # written beside the register
    warm = report(register)
    assert "severity" in plain and ":" in plain and plain == cold == warm


def test_a_changed_file_is_parsed_again(tmp_path):
    register = register_with_problems(tmp_path)
    report(register)
    item = register / "items/2026/03/QF-2026-0001.yaml"
    item.write_text(item.read_text() + "unknown_field: 1\n")
    assert "unknown_field" in report(register)


def test_a_damaged_cache_is_ignored(tmp_path):
    register = register_with_problems(tmp_path)
    first = report(register)
    for shard in (tmp_path / ".cache/fbreg").rglob("*.json"):
        shard.write_text("{not json")
    assert report(register) == first


@pytest.mark.skipif(not workers.can_fork(), reason="fork only on Linux")
def test_workers_parse_like_one_process(tmp_path, monkeypatch):
    register = register_with_problems(tmp_path)
    paths = sorted((register / "items").rglob("*.yaml")) * 30   # enough for the workers
    plain_problems, fast_problems = ProblemList("en"), ProblemList("en")
    plain = load_items(paths, plain_problems)
    monkeypatch.setattr(itemcache, "PARALLEL_FROM", 10)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    fast = itemcache.load_items(paths, fast_problems, cache=None)
    assert [i.data for i in fast] == [i.data for i in plain]
    assert [i.shown for i in fast] == [i.shown for i in plain]
    assert fast_problems.items == plain_problems.items
    doc = next(i.doc for i in fast if i.doc)
    assert doc.at(("title",)) == next(i.doc for i in plain if i.doc).at(("title",))
