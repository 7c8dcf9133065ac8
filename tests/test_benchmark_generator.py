"""benchmarks/generate_register.py: a valid, realistic, deterministic synthetic register."""
import datetime as dt
import importlib.util
from collections import Counter

import pytest
import yaml

from generator.deadlines import breaches
from generator.validate import validate_register

from conftest import ROOT

AS_OF = "2026-11-21T09:00:00+08:00"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("generate_register", ROOT / "benchmarks" / "generate_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(register):
    return {p.relative_to(register).as_posix(): p.read_bytes() for p in sorted(register.rglob("*")) if p.is_file()}


def test_generated_register_is_valid_and_realistic(gen, tmp_path, run):
    summary = gen.generate(tmp_path / "big", 200, seed=7, language="zh", as_of=AS_OF)
    register = tmp_path / "big" / "register"
    assert (tmp_path / "big" / "mkdocs.yml").is_file() and (register / "departments.yaml").is_file()
    code, out, err = run("validate", "--register", register, "--as-of", AS_OF)
    assert code == 0, out + err

    paths = sorted(register.glob("items/*/*/*.yaml"))
    assert len(paths) == 200
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]
    ids = [d["id"] for d in docs]
    assert len(set(ids)) == 200 and all(p.stem == d["id"] for p, d in zip(paths, docs))

    received = sorted(str(d["received"]) for d in docs)
    assert received[0] < "2024-01" and received[-1] >= "2026-11"        # ~3 years, ending November 2026
    statuses = Counter(d["status"] for d in docs)
    assert statuses["closed"] > 100 and len(statuses) >= 4, statuses
    assert sum(statuses.values()) == 200 and summary["statuses"] == dict(sorted(statuses.items()))
    departments = {d["id"] for d in yaml.safe_load((register / "departments.yaml").read_text(encoding="utf-8"))["departments"]}
    assert {d["department"] for d in docs if "department" in d} <= departments
    assert len({d["title"] for d in docs}) > 100                        # varied titles
    for d in docs:
        if d["status"] == "closed":
            assert "verification" in d and "closed_at" in d and ("actions" in d or "reply" in d), d["id"]

    loaded, problems = validate_register(register, now=dt.datetime.fromisoformat(AS_OF))
    assert not problems.has_errors()
    assert breaches(loaded.settings, [i.data for i in loaded.items], dt.datetime.fromisoformat(AS_OF))  # some overdue


def test_generator_is_deterministic(gen, tmp_path):
    gen.generate(tmp_path / "a", 60, seed=3, as_of=AS_OF, mkdocs=False)
    gen.generate(tmp_path / "b", 60, seed=3, as_of=AS_OF, mkdocs=False)
    gen.generate(tmp_path / "c", 60, seed=4, as_of=AS_OF, mkdocs=False)
    a, b, c = (_files(tmp_path / x / "register") for x in "abc")
    assert a == b
    assert a != c


def test_english_register_is_valid(gen, tmp_path, run):
    as_of = "2026-11-21T09:00:00+00:00"
    gen.generate(tmp_path / "en", 40, seed=1, language="en", as_of=as_of)
    code, out, err = run("validate", "--register", tmp_path / "en" / "register", "--as-of", as_of)
    assert code == 0, out + err
    assert "language: en" in (tmp_path / "en" / "mkdocs.yml").read_text(encoding="utf-8")


def test_refuses_a_folder_it_did_not_write(gen, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        gen.generate(tmp_path, 5, as_of=AS_OF)
    assert (tmp_path / "mine.txt").read_text() == "keep me"
