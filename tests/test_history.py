"""The history index (issue 5): one git log pass, approvals from merges, field changes, the cache.

Every test builds a real git repository in a temporary folder, with fixed author and committer
dates, so shas and times are reproducible.
"""
import json
import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from generator import gitlog, safeyaml
from generator.history import CHANGED, KEPT_KEYS, SHALLOW_WARNING, load_history
from generator.problems import ProblemList

from conftest import SAMPLE

CST = timezone(timedelta(hours=8))
GITHUB = ("GitHub", "noreply@github.com")


def sh(repo: Path, *args: str, date: str = "2026-11-02T09:00:00+08:00", author=("Alice", "alice@hotel.example"),
       committer=None, stdin: str | None = None) -> str:
    """Run git with a fixed identity and date (author and committer may differ, as on GitHub)."""
    committer = committer or author
    env = dict(os.environ, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_AUTHOR_DATE=date,
               GIT_COMMITTER_NAME=committer[0], GIT_COMMITTER_EMAIL=committer[1], GIT_COMMITTER_DATE=date,
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True,
                          input=stdin).stdout


def item(item_id: str, **fields) -> str:
    data = {"id": item_id, "title": f"{item_id} 空调噪音", "received": "2026-11-01T21:40:00+08:00",
            "category": "complaint", "severity": "major", "status": "new"}
    data.update(fields)
    return yaml.safe_dump({k: v for k, v in data.items() if v is not None}, allow_unicode=True, sort_keys=False)


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str, date: str, **kw) -> str:
    sh(repo, "add", "-A", date=date)
    sh(repo, "commit", "-q", "-m", message, date=date, **kw)
    return sh(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    sh(root, "init", "-q", "-b", "main")
    write(root, "register/register.yaml", "prefix: FB\n")
    write(root, "README.md", "hello\n")
    commit(root, "Set up the register", "2026-11-01T09:00:00+08:00")
    return root


def pr(repo: Path, branch: str, number: int, changes: dict, date: str, merge_date: str, *,
       merger=("Bob", "bob@hotel.example"), committer=None, message: str | None = None) -> str:
    """A pull request: one commit on a branch from main, merged with --no-ff; returns the merge sha."""
    sh(repo, "checkout", "-q", "-b", branch)
    for rel, text in changes.items():
        if text is None:
            sh(repo, "rm", "-q", rel)
        else:
            write(repo, rel, text)
    commit(repo, f"{branch}: change", date)
    sh(repo, "checkout", "-q", "main")
    message = message or f"Merge pull request #{number} from alice/{branch}\n\n{branch}"
    sh(repo, "merge", "-q", "--no-ff", branch, "-m", message, date=merge_date, author=merger, committer=committer)
    return sh(repo, "rev-parse", "HEAD").strip()


ITEM1 = "register/items/2026/11/FB-2026-0001.yaml"
ITEM2 = "register/items/2026/11/FB-2026-0002.yaml"


def test_outside_git_and_empty_repo(tmp_path):
    (tmp_path / "plain" / "register").mkdir(parents=True)
    assert load_history(tmp_path / "plain" / "register") is None
    empty = tmp_path / "empty"
    empty.mkdir()
    sh(empty, "init", "-q")
    index = load_history(empty / "register", tmp_path / "cache")
    assert index is not None and index.head is None and index.files == {} and index.mainline == []


def test_one_git_log_pass_and_one_cat_file(repo, tmp_path, monkeypatch):
    for n in range(1, 4):
        write(repo, f"register/items/2026/11/FB-2026-000{n}.yaml", item(f"FB-2026-000{n}"))
        commit(repo, f"add {n}", f"2026-11-0{n + 1}T10:00:00+08:00")
    calls = []
    real_popen = gitlog.subprocess.Popen   # every git process (subprocess.run uses Popen too)
    monkeypatch.setattr(gitlog.subprocess, "Popen", lambda cmd, **kw: calls.append(tuple(cmd[1:])) or real_popen(cmd, **kw))
    index = load_history(repo / "register", tmp_path / "cache")
    commands = [next(a for a in args if not a.startswith("-") and "=" not in a) for args in calls]
    assert commands.count("log") == 1 and commands.count("cat-file") == 1
    assert index.read_commits == 4 and index.parsed_blobs == 4   # 3 items + register.yaml
    assert [index.commits[s].subject for s in index.mainline] == ["Set up the register", "add 1", "add 2", "add 3"]


def test_added_modified_renamed_deleted_and_field_changes(repo, tmp_path):
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="engineering", description="夜里很吵。"))
    write(repo, ITEM2, item("FB-2026-0002"))
    a = commit(repo, "record two items", "2026-11-02T10:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="in-progress", department="front-office",
                            responded_at="2026-11-03T09:00:00+08:00", description="夜里很吵。"))
    m = commit(repo, "respond", "2026-11-03T09:00:00+08:00")
    moved = "register/items/2026/10/FB-2026-0001.yaml"
    (repo / moved).parent.mkdir(parents=True)
    sh(repo, "mv", ITEM1, moved)
    write(repo, moved, item("FB-2026-0001", status="in-progress", department="front-office",
                            responded_at="2026-11-03T09:00:00+08:00", received="2026-10-31T21:40:00+08:00",
                            description="夜里很吵,风机有异响。"))
    r = commit(repo, "received in October", "2026-11-04T09:00:00+08:00")
    sh(repo, "rm", "-q", ITEM2)
    d = commit(repo, "withdraw FB-2026-0002", "2026-11-05T09:00:00+08:00")

    index = load_history(repo / "register", tmp_path / "cache")
    hist = index.for_path(moved)
    assert hist is index.for_item("FB-2026-0001") and hist.path == moved and not hist.deleted
    assert ITEM1 not in index.files
    assert [(v.change.status, v.commit.sha) for v in hist.versions] == [("A", a), ("M", m), ("R", r)]
    assert hist.versions[2].change.old_path == ITEM1
    added = {f.field: (f.old, f.new) for f in hist.versions[0].fields}
    assert added["id"] == (None, "FB-2026-0001") and added["status"] == (None, "assigned")
    # a text field's change is kept as a change, not as two copies of the text
    assert added["description"] == (None, CHANGED)
    assert [(f.field, f.old, f.new) for f in hist.versions[1].fields] == [
        ("status", "assigned", "in-progress"), ("department", "engineering", "front-office"),
        ("responded_at", None, "2026-11-03T09:00:00+08:00")]
    assert [(f.field, f.old, f.new) for f in hist.versions[2].fields] == [
        ("received", "2026-11-01T21:40:00+08:00", "2026-10-31T21:40:00+08:00"), ("description", CHANGED, CHANGED)]
    assert hist.versions[-1].data["status"] == "in-progress"

    gone = index.for_path(ITEM2)
    assert gone.deleted and gone.item_id == "FB-2026-0002" and index.for_item("FB-2026-0002") is gone
    assert [v.change.status for v in gone.versions] == ["A", "D"] and gone.versions[-1].commit.sha == d
    assert gone.versions[-1].data is None and {f.new for f in gone.versions[-1].fields} == {None}
    # direct pushes to main: no approval, on the main line at their own committer date
    assert all(v.approval is None for v in hist.versions)
    assert hist.versions[1].on_main_at == datetime(2026, 11, 3, 9, 0, tzinfo=CST)
    # an absolute path works too
    assert index.for_path(repo / moved) is hist


def test_github_merge_approves_every_commit_it_brings_in(repo, tmp_path):
    sh(repo, "checkout", "-q", "-b", "fb-1")
    write(repo, ITEM1, item("FB-2026-0001"))
    first = commit(repo, "record", "2026-11-02T10:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="housekeeping"))
    second = commit(repo, "assign", "2026-11-02T10:30:00+08:00")
    sh(repo, "checkout", "-q", "main")
    write(repo, "README.md", "meanwhile on main\n")
    commit(repo, "docs", "2026-11-02T10:40:00+08:00")
    sh(repo, "merge", "-q", "--no-ff", "fb-1", "-m", "Merge pull request #12 from alice/fb-1\n\nFB-2026-0001",
       date="2026-11-02T11:00:00+08:00", author=("Bob", "bob@hotel.example"), committer=GITHUB)
    merge = sh(repo, "rev-parse", "HEAD").strip()
    pr(repo, "fb-2", 13, {ITEM2: item("FB-2026-0002")}, "2026-11-03T10:00:00+08:00", "2026-11-03T10:20:00+08:00")

    index = load_history(repo / "register", tmp_path / "cache")
    versions = index.for_item("FB-2026-0001").versions
    assert [v.commit.sha for v in versions] == [first, second]
    for v in versions:
        assert v.approval.kind == "merge" and v.approval.ref == "#12" and v.approval.by == "Bob"
        assert v.approval.commit == merge and v.approval.trusted      # committed by GitHub
        assert v.on_main_at == datetime(2026, 11, 2, 11, 0, tzinfo=CST)
    other = index.for_item("FB-2026-0002").versions[0].approval
    assert other.ref == "#13" and other.by == "Bob" and not other.trusted   # merged on a laptop
    assert merge in index.mainline and first not in index.mainline
    assert index.commits[merge].changes == () and index.commits[merge].parents[1] == second


def test_gitlab_merge_with_approved_by_trailers(repo, tmp_path):
    message = ("Merge branch 'fb-1' into 'main'\n\nRecord FB-2026-0001\n\nSee merge request hotel/register!17\n\n"
               "Approved-by: Carol Chen <carol@hotel.example>\nReviewed-by: Dan <dan@hotel.example>")
    pr(repo, "fb-1", 0, {ITEM1: item("FB-2026-0001")}, "2026-11-02T10:00:00+08:00", "2026-11-02T11:00:00+08:00",
       merger=("Erin", "erin@hotel.example"), message=message)
    approval = load_history(repo / "register", tmp_path / "cache").for_item("FB-2026-0001").versions[0].approval
    assert (approval.kind, approval.ref, approval.by) == ("merge", "!17", "Erin")
    assert approval.approvers == ("Carol Chen", "Dan") and not approval.trusted


def test_squash_trailer_and_direct_push(repo, tmp_path):
    write(repo, ITEM1, item("FB-2026-0001"))
    squash = commit(repo, "Record FB-2026-0001 (#21)\n\n* record\n* fix typo", "2026-11-02T10:00:00+08:00",
                    author=("Alice", "alice@hotel.example"), committer=GITHUB)
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="security"))
    trailer = commit(repo, "Assign FB-2026-0001\n\nReviewed-by: Frank Fu <frank@hotel.example>",
                     "2026-11-02T11:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="in-progress", department="security"))
    direct = commit(repo, "Start FB-2026-0001", "2026-11-02T12:00:00+08:00")

    v1, v2, v3 = load_history(repo / "register", tmp_path / "cache").for_item("FB-2026-0001").versions
    assert (v1.approval.kind, v1.approval.ref, v1.approval.by, v1.approval.trusted) == ("squash", "#21", None, True)
    assert v1.approval.commit == squash
    assert (v2.approval.kind, v2.approval.by, v2.approval.ref, v2.approval.trusted) == ("trailer", "Frank Fu", None, False)
    assert v2.approval.commit == trailer and v2.on_main_at == datetime(2026, 11, 2, 11, 0, tzinfo=CST)
    assert v3.commit.sha == direct and v3.approval is None
    assert v3.on_main_at == datetime(2026, 11, 2, 12, 0, tzinfo=CST)


def test_paths_with_spaces_and_unicode(repo, tmp_path):
    odd = "register/items/2026/11/FB 2026 0001 反馈.yaml"
    write(repo, odd, item("FB-2026-0001"))
    commit(repo, "odd name", "2026-11-02T10:00:00+08:00")
    renamed = "register/items/2026/11/新 文件 \"quoted\".yaml"
    sh(repo, "mv", odd, renamed)
    commit(repo, "rename", "2026-11-02T11:00:00+08:00")
    hist = load_history(repo / "register", tmp_path / "cache").for_item("FB-2026-0001")
    assert hist.path == renamed and [v.change.status for v in hist.versions] == ["A", "R"]
    assert hist.versions[1].change.old_path == odd and hist.versions[1].fields == ()


def test_unparseable_version_has_no_data(repo, tmp_path):
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="security"))
    commit(repo, "record", "2026-11-02T10:00:00+08:00")
    write(repo, ITEM1, "id: FB-2026-0001\nstatus: [unclosed\n")
    commit(repo, "broken", "2026-11-02T11:00:00+08:00")
    write(repo, ITEM1, "base: &a {x: 1}\nother: *a\n")   # aliases are refused by the untrusted loader
    commit(repo, "alias", "2026-11-02T11:30:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="in-progress", department="security"))
    commit(repo, "fixed", "2026-11-02T12:00:00+08:00")
    hist = load_history(repo / "register", tmp_path / "cache").for_path(ITEM1)
    assert [v.data is None for v in hist.versions] == [False, True, True, False]
    assert hist.versions[1].fields == () and hist.versions[2].fields == ()
    # the fixed version is compared with the last version that parsed
    assert [(f.field, f.old, f.new) for f in hist.versions[3].fields] == [("status", "assigned", "in-progress")]
    assert hist.item_id == "FB-2026-0001"


def test_shallow_clone_warns(repo, tmp_path):
    pr(repo, "fb-1", 1, {ITEM1: item("FB-2026-0001")}, "2026-11-02T10:00:00+08:00", "2026-11-02T11:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="security"))
    commit(repo, "assign", "2026-11-03T10:00:00+08:00")
    clone = tmp_path / "clone"
    sh(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    index = load_history(clone / "register", tmp_path / "cache")
    assert index.shallow and SHALLOW_WARNING in index.warnings
    assert len(index.commits) == 1 and index.mainline == [index.head]
    assert not list((tmp_path / "cache").glob("commits-*.jsonl"))   # a shallow history is never cached
    full = load_history(repo / "register", tmp_path / "cache2")
    assert not full.shallow and full.warnings == []


def test_trial_merge_of_a_pull_request_is_not_an_approval(repo, tmp_path):
    base = sh(repo, "rev-parse", "HEAD").strip()
    sh(repo, "checkout", "-q", "-b", "fb-1")
    write(repo, ITEM1, item("FB-2026-0001"))
    tip = commit(repo, "record", "2026-11-02T10:00:00+08:00")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "merge", "-q", "--no-ff", "fb-1", "-m", f"Merge {tip} into {base}", date="2026-11-02T10:05:00+08:00",
       committer=GITHUB)
    index = load_history(repo / "register", tmp_path / "cache")
    v = index.for_item("FB-2026-0001").versions[0]
    assert v.approval is None and v.on_main_at is None
    assert any("trial merge" in w for w in index.warnings)


def cached_head(file: Path) -> str:
    header = json.loads(file.read_text().splitlines()[0])
    return header["head"]


def test_cache_reads_only_new_commits_and_rereads_rewritten_history(repo, tmp_path):
    cache = tmp_path / "cache"
    pr(repo, "fb-1", 1, {ITEM1: item("FB-2026-0001")}, "2026-11-02T10:00:00+08:00", "2026-11-02T11:00:00+08:00")
    cold = load_history(repo / "register", cache)
    assert cold.read_commits == 3 and cold.parsed_blobs == 2
    (stored,) = cache.glob("commits-*.jsonl")
    assert cached_head(stored) == cold.head

    warm = load_history(repo / "register", cache)
    assert (warm.read_commits, warm.parsed_blobs) == (0, 0)
    assert warm.files.keys() == cold.files.keys() and warm.commits == cold.commits
    assert warm.for_path(ITEM1).versions == cold.for_path(ITEM1).versions

    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="security"))
    one = commit(repo, "assign", "2026-11-03T10:00:00+08:00")
    after = load_history(repo / "register", cache)
    assert (after.read_commits, after.parsed_blobs) == (1, 1)
    assert after.mainline[-1] == one and len(after.commits) == 4
    assert cached_head(stored) == one
    assert [v.commit.sha for v in after.for_path(ITEM1).versions][-1] == one

    write(repo, ITEM1, item("FB-2026-0001", status="in-progress", department="security"))
    sh(repo, "add", "-A")
    sh(repo, "commit", "-q", "--amend", "-m", "assign and start", date="2026-11-03T10:30:00+08:00")
    amended = load_history(repo / "register", cache)
    assert amended.read_commits == 4 and one not in amended.commits   # rewritten: read again in full
    assert amended.for_path(ITEM1).versions[-1].data["status"] == "in-progress"

    lines = stored.read_text().splitlines()
    assert len(lines) == 5 and cached_head(stored) == amended.head      # a header and one line per commit
    stored.write_text("\n".join(lines[:-1]) + "\n")                    # a damaged cache is read again
    assert load_history(repo / "register", cache).read_commits == 4
    stored.write_text("{not json")
    assert load_history(repo / "register", cache).read_commits == 4


def test_default_cache_folder_is_ignored_by_git(repo):
    write(repo, ".gitignore", ".cache/\n")
    commit(repo, "ignore the cache", "2026-11-02T10:00:00+08:00")
    index = load_history(repo / "register")
    assert list((repo / ".cache" / "fbreg").glob("commits-*.jsonl"))
    assert index.read_commits == 2 and sh(repo, "status", "--porcelain") == ""


def test_sample_register_history():
    """Every sample item: first version "A", every version approved by a "Merge pull request" merge."""
    index = load_history(SAMPLE)
    if index is None or index.shallow:
        pytest.skip("the sample register's history is not available here (no git, or a shallow clone)")
    items = {h.item_id: h for h in index.files.values()}
    on_disk = sorted(p.stem for p in (SAMPLE / "items").rglob("*.yaml"))
    assert sorted(items) == on_disk and len(on_disk) == len(index.files) == 66
    assert {"register/register.yaml", "register/departments.yaml"} <= set(index.other_files)
    assert index.for_path("register/register.yaml").item_id is None
    for item_id, hist in items.items():
        assert not hist.deleted and hist.versions[0].change.status == "A", item_id
        assert hist.versions[0].data["id"] == item_id
        for v in hist.versions:
            assert v.approval and v.approval.kind == "merge" and v.approval.ref.startswith("#"), (item_id, v)
            assert index.commits[v.approval.commit].subject.startswith(f"Merge pull request {v.approval.ref} from ")
            assert v.approval.by == index.commits[v.approval.commit].author_name
            assert v.on_main_at == v.approval.at >= v.commit.committer_date
        on_disk_doc = safeyaml.load((index.root / hist.path).read_bytes(), hist.path, ProblemList())
        # of a version's data the index keeps what the record and the audit read (not every text)
        assert hist.versions[-1].data == {k: on_disk_doc.value[k] for k in KEPT_KEYS if k in on_disk_doc.value}, item_id


def test_signed_merge_is_trusted_when_signatures_are_read(repo, tmp_path, monkeypatch):
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    try:
        subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "Bob <bob@hotel.example>",
                        "ed25519", "sign", "never"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("gpg cannot make a key here")
    sh(repo, "config", "user.signingkey", "bob@hotel.example")
    sh(repo, "checkout", "-q", "-b", "fb-1")
    write(repo, ITEM1, item("FB-2026-0001"))
    commit(repo, "record", "2026-11-02T10:00:00+08:00")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "merge", "-q", "-S", "--no-ff", "fb-1", "-m", "Merge pull request #5 from alice/fb-1",
       date="2026-11-02T11:00:00+08:00", author=("Bob", "bob@hotel.example"))
    merge = sh(repo, "rev-parse", "HEAD").strip()
    assert gitlog.verify_commit(repo, merge) and not gitlog.verify_commit(repo, f"{merge}^1")
    plain = load_history(repo / "register", tmp_path / "cache").for_item("FB-2026-0001").versions[0]
    assert plain.commit.signed == "" and not plain.approval.trusted       # signatures not read by default
    signed = load_history(repo / "register", tmp_path / "cache", signatures=True)
    approval = signed.for_item("FB-2026-0001").versions[0].approval
    assert signed.commits[merge].signed == "G" and approval.trusted and approval.by == "Bob"


def test_branch_that_merged_main_gets_only_its_own_commits_approved(repo, tmp_path):
    sh(repo, "checkout", "-q", "-b", "fb-1")
    write(repo, ITEM1, item("FB-2026-0001"))
    x1 = commit(repo, "record 1", "2026-11-02T10:00:00+08:00")
    sh(repo, "checkout", "-q", "main")
    m2 = pr(repo, "fb-2", 2, {ITEM2: item("FB-2026-0002")}, "2026-11-02T11:00:00+08:00", "2026-11-02T11:30:00+08:00")
    sh(repo, "checkout", "-q", "fb-1")
    sh(repo, "merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into fb-1", date="2026-11-02T12:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0001", status="assigned", department="security"))
    x2 = commit(repo, "assign 1", "2026-11-02T12:10:00+08:00")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "merge", "-q", "--no-ff", "fb-1", "-m", "Merge pull request #1 from alice/fb-1",
       date="2026-11-02T13:00:00+08:00", author=("Carol", "carol@hotel.example"))
    m1 = sh(repo, "rev-parse", "HEAD").strip()

    index = load_history(repo / "register", tmp_path / "cache")
    assert [v.approval.commit for v in index.for_item("FB-2026-0001").versions] == [m1, m1]
    assert [v.commit.sha for v in index.for_item("FB-2026-0001").versions] == [x1, x2]
    (v2,) = index.for_item("FB-2026-0002").versions
    assert v2.approval.commit == m2 and v2.approval.ref == "#2"
    assert v2.on_main_at == datetime(2026, 11, 2, 11, 30, tzinfo=CST)
    assert index.mainline[-2:] == [m2, m1]


def test_a_new_file_at_a_path_renamed_away_starts_a_new_history(repo, tmp_path):
    write(repo, ITEM1, item("FB-2026-0001"))
    commit(repo, "record", "2026-11-02T10:00:00+08:00")
    moved = "register/items/2026/10/FB-2026-0001.yaml"
    (repo / moved).parent.mkdir(parents=True)
    sh(repo, "mv", ITEM1, moved)
    commit(repo, "move", "2026-11-02T11:00:00+08:00")
    write(repo, ITEM1, item("FB-2026-0009", title="another item altogether, with a long and different title"))
    commit(repo, "a new file at the old name", "2026-11-02T12:00:00+08:00")
    index = load_history(repo / "register", tmp_path / "cache")
    assert [v.change.status for v in index.for_path(moved).versions] == ["A", "R"]
    assert [v.change.status for v in index.for_path(ITEM1).versions] == ["A"]
    assert index.for_path(ITEM1).item_id == "FB-2026-0009"


def test_gitlog_helpers(repo, tmp_path):
    big = "register/items/2026/11/big.yaml"
    write(repo, big, "x: " + "a" * 300_000 + "\n")
    first = sh(repo, "rev-parse", "HEAD").strip()
    second = commit(repo, "big", "2026-11-02T10:00:00+08:00")
    assert gitlog.repo_root(repo / "register" / "items") == repo.resolve()
    assert gitlog.head(repo) == second and not gitlog.is_shallow(repo)
    assert gitlog.is_ancestor(repo, first, second) and not gitlog.is_ancestor(repo, second, first)
    assert not gitlog.is_ancestor(repo, "0" * 40, second)
    (change,) = gitlog.log(repo, since=first)[0].changes
    blobs = gitlog.read_blobs(repo, [change.new_blob, "1" * 40, change.new_blob], limit=1000)
    assert list(blobs) == [change.new_blob] and len(blobs[change.new_blob]) == 1001
    assert len(gitlog.read_blobs(repo, [change.new_blob])[change.new_blob]) == 300_004
    with pytest.raises(gitlog.GitError, match="exit 128"):
        gitlog.git(repo, "cat-file", "-p", "no-such-object")
    index = load_history(repo / "register", tmp_path / "cache")
    assert index.for_path(big).versions[0].data is None     # too large for the YAML loader
