"""benchmarks/generate_register.py: a valid, realistic, deterministic synthetic register."""
import datetime as dt
import importlib.util
import re
import subprocess
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
    mkdocs_yml = (tmp_path / "en" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Dashboard: index.md" in mkdocs_yml and "language:" not in mkdocs_yml   # register.yaml says en
    assert "language: en" in (tmp_path / "en" / "register" / "register.yaml").read_text(encoding="utf-8")


def test_refuses_a_folder_it_did_not_write(gen, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        gen.generate(tmp_path, 5, as_of=AS_OF)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


# -- benchmarks/make_register.py: the register with its git history -------------------------------

@pytest.fixture(scope="module")
def make_register():
    spec = importlib.util.spec_from_file_location("make_register", ROOT / "benchmarks" / "make_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_register_writes_a_git_history(make_register, tmp_path, run):
    out = tmp_path / "proj"
    summary = make_register.make_register(out, 50, commits_per_item=2, seed=5, as_of=AS_OF)

    def git(*args):
        return subprocess.run(["git", *args], cwd=out, check=True, capture_output=True, text=True).stdout

    assert git("branch", "--format=%(refname:short)").split() == ["main"]
    assert git("status", "--porcelain") == ""                            # everything committed, index current
    assert int(git("rev-list", "--count", "HEAD")) == summary["commits"]
    merges = int(git("rev-list", "--count", "--merges", "HEAD"))
    assert merges == summary["merges"] > 0
    # every item has at most K = 2 versions, most have exactly 2, one commit each (plus merges)
    assert 50 < summary["versions"] <= 100 and summary["versions"] >= 90
    groups = [min(3, summary["versions"] - s) for s in range(0, summary["versions"], 3)]   # three changes a PR
    assert summary["commits"] == 1 + sum(1 if n % 3 == 0 else size + 1 for n, size in enumerate(groups, 1))
    log = git("log", "--format=%s", "--", "register/items")
    assert "Merge pull request #" in log and re.search(r"\(#\d+\)$", log, re.M)
    per_file = Counter(git("log", "--format=", "--name-only", "--no-merges", "--", "register/items").split())
    assert len(per_file) == 50 and max(per_file.values()) <= 2
    # the first commit sets up the project: settings, mkdocs.yml, docs, theme; never the marker
    first = git("rev-list", "--max-parents=0", "HEAD").strip()
    files = git("ls-tree", "-r", "--name-only", first).split()
    assert {"register/register.yaml", "register/departments.yaml", "mkdocs.yml", ".gitignore"} <= set(files)
    assert not any(f.startswith("register/items/") for f in files) and make_register.MARKER not in files
    # fixed dates, up to --as-of: the same seed gives the same commits
    dates = [int(x) for x in git("log", "--format=%ct").split()]
    assert max(dates) <= dt.datetime.fromisoformat(AS_OF).timestamp() + 86_400
    assert summary["last_date"] == max(dates)
    head = git("rev-parse", "HEAD")
    make_register.make_register(out, 50, commits_per_item=2, seed=5, as_of=AS_OF)     # over its own folder
    assert git("rev-parse", "HEAD") == head

    code, out_text, err = run("validate", "--register", out / "register", "--as-of", AS_OF)
    assert code == 0, out_text + err


def test_item_versions_follow_the_items_life(make_register):
    text = (ROOT / "register" / "items" / "2025" / "10" / "FB-2025-0001.yaml").read_text(encoding="utf-8")
    versions = make_register.versions(text, 3)
    assert len(versions) == 3 and versions[-1][0] == text.encode()
    docs = [yaml.safe_load(v) for v, _, _ in versions]
    assert docs[0]["status"] == "new" and "department" not in docs[0]                  # recorded
    assert docs[1]["status"] in ("assigned", "in-progress") and docs[1]["department"] == "front-office"
    assert docs[2]["status"] == "closed"
    assert [t for _, t, _ in versions] == sorted(t for _, t, _ in versions)           # commit times in order
    assert len(make_register.versions(text, 1)) == 1
    assert len(make_register.versions(text, 9)) <= 7                                 # at most one per stage
