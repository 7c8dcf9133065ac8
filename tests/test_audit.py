"""`fbreg audit` in real temporary git repositories with fixed dates: each rule firing and not firing."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE_EN

ITEM = "register/items/2026/03/QF-2026-0101.yaml"


def sh(repo: Path, *args: str, date: str = "2026-03-02T12:00:00+00:00", who: str = "amy-reed") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=f"{who}@example.org", GIT_COMMITTER_NAME=who,
               GIT_COMMITTER_EMAIL=f"{who}@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def item(status="new", received="2026-03-02T10:00:00+00:00", item_id="QF-2026-0101", **fields) -> str:
    lines = [f"id: {item_id}", "title: Noisy fan in room 12", f"received: {received}", "channel: phone",
             "category: complaint", "severity: minor", f"status: {status}", "description: The fan rattles."]
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


class Repo:
    """A register in git whose changes arrive as merged pull requests (GitHub's merge message)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.number = 0
        shutil.copytree(FIXTURE_EN, root / "register", ignore=shutil.ignore_patterns("items"))
        (root / "register/items").mkdir()
        sh(root, "init", "-q", "-b", "main")
        sh(root, "add", "-A")
        sh(root, "commit", "-q", "-m", "Set up the register", date="2026-03-01T09:00:00+00:00")

    def write(self, files: dict[str, str | None]) -> None:
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
        sh(self.root, "add", "-A")

    def pr(self, files: dict[str, str | None], date: str, merged: str | None = None, message: str = "Update",
           author: str = "amy-reed", reviewer: str = "cleo-hart") -> None:
        self.number += 1
        branch = f"{author}/change-{self.number}"
        sh(self.root, "checkout", "-q", "-b", branch)
        self.write(files)
        sh(self.root, "commit", "-q", "-m", message, date=date, who=author)
        sh(self.root, "checkout", "-q", "main")
        sh(self.root, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{self.number} from {branch}", branch,
           date=merged or date, who=reviewer)
        sh(self.root, "branch", "-q", "-D", branch)

    def push(self, files: dict[str, str | None], date: str, message: str = "Direct change") -> None:
        self.write(files)
        sh(self.root, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "repo")


def audit(run, repo: Repo, *extra):
    code, out, err = run("audit", "--register", repo.root / "register", "--format", "json",
                         "--state", repo.root / ".audit-state.json", *extra)
    assert code in (0, 1), err
    data = json.loads(out)
    return code, [(f["code"], f["commit"]) for f in data["findings"]], data


def head(repo: Repo) -> str:
    return sh(repo.root, "rev-parse", "HEAD").strip()


def branch_commit(repo: Repo) -> str:
    """The pull request's own commit behind the last merge."""
    return sh(repo.root, "rev-parse", "HEAD^2").strip()


def test_a_clean_history_has_no_findings(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00", "2026-03-02T11:00:00+00:00")
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T14:00:00+00:00")},
            "2026-03-02T14:05:00+00:00", "2026-03-02T15:00:00+00:00")
    code, findings, data = audit(run, repo)
    assert (code, findings) == (0, []) and data["items"] == 1


def test_deleting_an_item_file(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.pr({ITEM: None}, "2026-03-03T10:00:00+00:00")
    code, findings, _ = audit(run, repo)
    assert code == 1 and findings == [("audit-item-deleted", branch_commit(repo))]


def test_reusing_an_id(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    other = "register/items/2026/03/QF-2026-0102.yaml"
    repo.pr({other: item(item_id="QF-2026-0101", received="2026-03-03T10:00:00+00:00")}, "2026-03-03T10:30:00+00:00")
    assert ("audit-id-reused", branch_commit(repo)) in audit(run, repo)[1]
    # a different id in a new file is fine
    repo2 = Repo(repo.root.parent / "repo2")
    repo2.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo2.pr({other: item(item_id="QF-2026-0102", received="2026-03-03T10:00:00+00:00")}, "2026-03-03T10:30:00+00:00")
    assert audit(run, repo2)[1] == []


def closed(**extra) -> str:
    fields = dict(department="reception", acknowledged_at="2026-03-02T11:00:00+00:00",
                  responded_at="2026-03-02T12:00:00+00:00", closed_at="2026-03-03T09:00:00+00:00")
    fields.update(extra)
    return item("closed", **fields)


def test_reopening_a_closed_item_needs_a_reason(repo, run):
    repo.pr({ITEM: closed()}, "2026-03-03T09:10:00+00:00")
    reopened = item("in-progress", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00",
                    responded_at="2026-03-02T12:00:00+00:00")
    repo.pr({ITEM: reopened}, "2026-03-04T10:00:00+00:00")
    assert audit(run, repo)[1] == [("audit-status-transition", branch_commit(repo))]
    repo2 = Repo(repo.root.parent / "repo2")
    repo2.pr({ITEM: closed()}, "2026-03-03T09:10:00+00:00")
    repo2.pr({ITEM: reopened}, "2026-03-04T10:00:00+00:00", message="Reopen the fan\n\nReopen: it rattles again")
    assert audit(run, repo2)[1] == []


def test_going_back_to_new_is_never_allowed(repo, run):
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-02T11:05:00+00:00")
    repo.pr({ITEM: item("new")}, "2026-03-02T15:00:00+00:00", message="Back\n\nReopen: no")
    assert audit(run, repo)[1] == [("audit-status-transition", branch_commit(repo))]


def test_a_closed_item_edited_without_reopening(repo, run):
    repo.pr({ITEM: closed()}, "2026-03-03T09:10:00+00:00")
    repo.pr({ITEM: closed(satisfaction=4)}, "2026-03-05T10:00:00+00:00")          # the rating comes later: fine
    assert audit(run, repo)[1] == []
    repo.pr({ITEM: closed(satisfaction=4, analysis="Rewritten afterwards.")}, "2026-03-06T10:00:00+00:00")
    assert audit(run, repo)[1] == [("audit-closed-edited", branch_commit(repo))]


def test_backdating_beyond_the_tolerance(repo, run):
    # tolerance 2bd (the fixture's register.yaml): acknowledged on Monday, recorded on Friday
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-06T16:00:00+00:00", "2026-03-06T16:30:00+00:00")
    code, findings, data = audit(run, repo)
    assert findings == [("audit-backdated", branch_commit(repo))]
    finding = data["findings"][0]
    assert finding["time_basis"] == "merge" and "acknowledged_at" in finding["message"]
    assert "as set by whoever merged" in finding["message"]


def test_backdating_within_the_tolerance(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-03T16:00:00+00:00", "2026-03-03T16:30:00+00:00")
    assert audit(run, repo)[1] == []


def test_an_imported_item_is_history_not_backdating(repo, run):
    """fbreg import brings old ledgers in: the file's first version carries `import:` and old times. Its
    later edits are audited as usual."""
    source = "import: {file: ledger.xlsx, sheet: Sheet1, row: 5, key: k-0123456789abcdef0123}"
    old = item("assigned", received="2025-11-03T09:00:00+00:00", item_id="QF-2025-0001", department="reception",
               acknowledged_at="2025-11-03T10:00:00+00:00") + source + "\n"
    path = "register/items/2025/11/QF-2025-0001.yaml"
    repo.pr({path: old}, "2026-03-02T10:30:00+00:00")
    assert audit(run, repo)[1] == []
    repo.pr({path: old.replace("status: assigned", "status: in-progress") + "responded_at: 2026-03-02T11:00:00+00:00\n"},
            "2026-03-06T16:00:00+00:00", "2026-03-06T16:30:00+00:00")
    assert audit(run, repo)[1] == [("audit-backdated", branch_commit(repo))]
    # the same item without `import:` is backdated from its first version
    repo.pr({"register/items/2025/11/QF-2025-0002.yaml": item("new", received="2025-11-03T09:00:00+00:00",
                                                                 item_id="QF-2025-0002")}, "2026-03-09T10:30:00+00:00")
    assert ("audit-backdated", branch_commit(repo)) in audit(run, repo)[1]


def test_a_timestamp_later_than_its_record(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.pr({ITEM: closed(closed_at="2026-03-09T09:00:00+00:00")}, "2026-03-03T09:10:00+00:00")
    assert audit(run, repo)[1] == [("audit-timestamp-after-record", branch_commit(repo))]


def test_a_direct_push_once_the_repository_uses_merges(repo, run):
    repo.push({ITEM: item()}, "2026-03-02T10:30:00+00:00", "Before pull requests: the register's setup")
    assert audit(run, repo)[1] == []
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-02T11:05:00+00:00")
    repo.push({ITEM: item("in-progress", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
              "2026-03-02T16:00:00+00:00")
    assert audit(run, repo)[1] == [("audit-direct-push", head(repo))]


def test_squash_merges_and_trailers_count_as_approvals(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.push({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
              "2026-03-02T11:05:00+00:00", "Assign the fan to reception (#7)")
    repo.push({ITEM: item("in-progress", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
              "2026-03-02T12:05:00+00:00", "Start work\n\nApproved-by: Cleo Hart <cleo-hart@example.org>")
    assert audit(run, repo)[1] == []


def test_a_rewritten_history_since_the_last_audit(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    assert audit(run, repo)[1] == []               # records the head it checked
    assert audit(run, repo)[1] == []               # same head: nothing to say
    old = head(repo)
    sh(repo.root, "reset", "-q", "--hard", "HEAD~1")
    repo.pr({ITEM: item(received="2026-03-02T09:00:00+00:00")}, "2026-03-02T10:40:00+00:00")
    code, findings, data = audit(run, repo)
    assert ("audit-history-rewritten", head(repo)) in findings
    assert old[:10] in next(f["message"] for f in data["findings"] if f["code"] == "audit-history-rewritten")


def test_audit_outside_git_is_a_usage_error(tmp_path, run):
    shutil.copytree(FIXTURE_EN, tmp_path / "register")
    code, out, err = run("audit", "--register", tmp_path / "register")
    assert code == 2 and "not in a git repository" in err


def test_the_sample_register_audits_clean(run, tmp_path):
    from conftest import ROOT
    code, out, err = run("audit", "--register", ROOT / "register", "--format", "json", "--no-record",
                         "--state", tmp_path / "state.json")
    data = json.loads(out)
    assert code == 0, [f["message"] for f in data["findings"]][:5]
    assert data["items"] == 66


def test_item_page_shows_the_timeline_with_approvals_and_flags_backdated_times(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00", "2026-03-02T10:45:00+00:00", author="amy-reed",
            reviewer="cleo-hart")
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-06T16:00:00+00:00", "2026-03-06T16:30:00+00:00", author="ben-okafor", reviewer="cleo-hart")
    (repo.root / "docs").mkdir()
    (repo.root / "mkdocs.yml").write_text("site_name: T\nsite_url: http://localhost/\ntheme:\n  name: material\n"
                                          "  font: false\nplugins:\n  - feedback-register\n")
    code, out, err = run("build", "--as-of", "2026-03-09T12:00:00+00:00", cwd=repo.root)
    assert code == 0, err
    html = (repo.root / "site/items/QF-2026-0101/index.html").read_text()
    record = html.split('fbr-sec_timeline')[1]
    rows = record.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    assert "2026-03-02 10:45" in rows[0] and "amy-reed" in rows[0] and "cleo-hart (#1)" in rows[0]
    assert "ben-okafor" in rows[1] and "cleo-hart (#2)" in rows[1]
    assert "Status: New → Assigned" in rows[1] and "Acknowledged: 2026-03-02 11:00" in rows[1]
    assert "fbr-claim" in rows[0]                        # a merge by a person: its time is a claim
    short = sh(repo.root, "rev-parse", "HEAD^2").strip()[:8]
    assert f"https://github.com/example/feedback-register-en/commit/{short}" in rows[1]
    deadlines = html.split("fbr-deadlines")[1].split("</table>")[0]
    assert "fbr-flag" in deadlines and "recorded late" in deadlines     # acknowledged_at was backdated


def test_a_shallow_clone_says_the_trail_is_incomplete(repo, run, tmp_path):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    repo.pr({ITEM: item("assigned", department="reception", acknowledged_at="2026-03-02T11:00:00+00:00")},
            "2026-03-02T11:05:00+00:00")
    assert audit(run, repo)[1] == []
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow)], check=True)
    code, out, _ = run("audit", "--register", shallow / "register", "--format", "json", "--no-record")
    findings = json.loads(out)["findings"]
    assert code == 1 and [f["code"] for f in findings] == ["audit-shallow"]
    assert "fetch-depth: 0" in findings[0]["message"] and findings[0]["severity"] == "warning"


# -- the scheduled reminder job's commits of the record (register/reminders/) ---------------------------

BOT = "41898299+github-actions[bot]@users.noreply.github.com"
RECORD = "register/reminders/2026-03.jsonl"
LINE = ('{"at": "2026-03-03T10:00:00+00:00", "item": "QF-2026-0101", "milestone": "acknowledge", '
        '"level": "department", "count": 1, "to": "reception", "role": "department", "via": "email:r@example.org"}\n')


def bot_push(repo: Repo, files: dict, date: str, email: str = BOT) -> str:
    repo.write(files)
    env_who = dict(os.environ, GIT_AUTHOR_NAME="github-actions[bot]", GIT_AUTHOR_EMAIL=email,
                   GIT_COMMITTER_NAME="github-actions[bot]", GIT_COMMITTER_EMAIL=email,
                   GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "commit", "-q", "-m", "Reminders sent"], cwd=repo.root, env=env_who, check=True)
    return head(repo)


def test_the_reminder_jobs_record_commits_are_not_direct_pushes(repo, run):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    bot_push(repo, {RECORD: LINE}, "2026-03-03T10:00:00+00:00")
    bot_push(repo, {RECORD: LINE + LINE.replace("10:00:00", "11:00:00")}, "2026-03-03T11:00:00+00:00")
    assert audit(run, repo)[1] == []


@pytest.mark.parametrize("what", ["someone else", "an item too", "a rewritten line", "a deleted record",
                                  "another file"])
def test_only_appends_to_the_record_by_its_committer_pass(repo, run, what):
    repo.pr({ITEM: item()}, "2026-03-02T10:30:00+00:00")
    bot_push(repo, {RECORD: LINE}, "2026-03-03T10:00:00+00:00")
    changes = {
        "someone else": ({RECORD: LINE * 2}, "amy-reed@example.org"),
        "an item too": ({RECORD: LINE * 2, ITEM: item("assigned", department="reception",
                                                      acknowledged_at="2026-03-02T11:00:00+00:00")}, BOT),
        "a rewritten line": ({RECORD: LINE.replace('"count": 1', '"count": 2')}, BOT),
        "a deleted record": ({RECORD: None}, BOT),
        "another file": ({"register/reminders/notes.jsonl": LINE}, BOT),
    }[what]
    sha = bot_push(repo, changes[0], "2026-03-03T12:00:00+00:00", email=changes[1])
    assert audit(run, repo)[1] == [("audit-direct-push", sha)]


def test_the_record_committers_come_from_the_settings(repo, run):
    settings = repo.root / "register/register.yaml"
    repo.pr({ITEM: item(), "register/register.yaml": settings.read_text()
             + "reminders:\n  record_committers: [remind-bot@example.org]\n"}, "2026-03-02T10:30:00+00:00")
    sha = bot_push(repo, {RECORD: LINE}, "2026-03-03T10:00:00+00:00")
    assert audit(run, repo)[1] == [("audit-direct-push", sha)]
    bot_push(repo, {RECORD: LINE * 2}, "2026-03-03T11:00:00+00:00", email="remind-bot@example.org")
    assert audit(run, repo)[1] == [("audit-direct-push", sha)]
