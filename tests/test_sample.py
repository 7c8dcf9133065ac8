"""The sample register is realistic, valid, and its history carries the dates of its events."""
import datetime as dt
import json
import subprocess
from collections import Counter

import pytest

from generator.deadlines import breaches
from generator.settings import load_settings
from generator.validate import validate_register

from conftest import FIXTURE_EN, ROOT, SAMPLE

AS_OF = dt.datetime.fromisoformat("2026-11-21T09:00:00+08:00")


@pytest.fixture(scope="module")
def sample():
    register, problems = validate_register(SAMPLE, now=AS_OF)
    return register, problems


def test_sample_validates_clean(sample, run):
    register, problems = sample
    assert [f"{p.path}:{p.line}: {p.code} {p.message}" for p in problems] == []
    code, out, err = run("validate", "--register", SAMPLE, "--as-of", AS_OF.isoformat())
    assert code == 0 and "没有发现问题" in err


def test_sample_is_realistic(sample):
    register, _ = sample
    items = [i.data for i in register.items]
    s = register.settings
    assert len(items) >= 60
    assert set(Counter(d["category"] for d in items)) == set(s.categories)
    assert set(Counter(d["channel"] for d in items)) == set(s.channels)
    assert set(Counter(d["severity"] for d in items)) == set(s.severities)
    assert set(Counter(d["status"] for d in items)) == {"new", "assigned", "in-progress", "on-hold", "verifying",
                                                          "closed", "rejected", "duplicate"}
    months = {d["received"][:7] for d in items}
    assert len(months) >= 12
    assert len(breaches(s, items, AS_OF)) >= 5


def test_fixture_register_validates(run):
    code, out, err = run("validate", "--register", FIXTURE_EN, "--as-of", "2026-11-16T12:00:00+00:00",
                         "--format", "json")
    assert code == 0, out
    assert json.loads(out)["checked"] >= 12


def _git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.skipif(_git("rev-parse", "--git-dir").returncode != 0, reason="not a git checkout")
def test_sample_history_carries_event_dates():
    """Every item file was first committed around the time it was received (the replayed history)."""
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("shallow clone: history incomplete")
    log = _git("log", "--format=@%H %aI %P", "--name-only", "--diff-filter=A", "--", "register/items").stdout
    first = {}
    date = None
    for line in log.splitlines():
        if line.startswith("@"):
            date = dt.datetime.fromisoformat(line.split()[1])
        elif line.strip():
            first[line.strip()] = date
    settings = load_settings(SAMPLE)
    assert len(first) >= 60
    for path, added in first.items():
        received = (ROOT / path).read_text(encoding="utf-8").split("received:", 1)[1].split()[0].strip("'\"")
        delay = added - dt.datetime.fromisoformat(received)
        assert dt.timedelta(0) <= delay <= dt.timedelta(days=2), (path, received, added)
    merges = _git("log", "--first-parent", "--merges", "--format=%s", "--", "register/items").stdout.splitlines()
    assert len(merges) >= 60 and all(m.startswith("Merge pull request #") for m in merges)


def test_sample_overdue_matches_the_hand_check(run):
    """The breaches a careful person finds by hand in the sample register as of 2026-11-21 09:00."""
    code, out, _ = run("overdue", "--register", SAMPLE, "--as-of", AS_OF.isoformat(), "--format", "json")
    rows = {(r["id"], r["milestone"], r["due"][:16], r["escalation"]) for r in json.loads(out)["overdue"]}
    assert rows == {
        ("FB-2026-0036", "resolve", "2026-09-29T10:00", "general-manager"),      # major 10bd, verifying
        ("FB-2026-0041", "resolve", "2026-11-03T11:30", "general-manager"),      # major 10bd
        ("FB-2026-0042", "resolve", "2026-11-13T18:00", "general-manager"),      # explicit date
        ("FB-2026-0048", "respond", "2026-11-12T14:20", "general-manager"),      # 48h
        ("FB-2026-0049", "resolve", "2026-11-18T10:00", "department-head"),      # critical 5bd
        ("FB-2026-0050", "acknowledge", "2026-11-17T10:30", "general-manager"),  # minor 1bd, still new
        ("FB-2026-0050", "respond", "2026-11-19T10:30", "general-manager"),      # minor 3bd
    }
