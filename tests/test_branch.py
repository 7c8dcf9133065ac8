"""Branches and edits in real git repositories: ids that collide across branches and `fbreg renumber`,
`fbreg reviewers`, `fbreg codeowners`, `fbreg set`, and the audit's recusal rule."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE_EN

NEW = ["--title", "Lift stuck between floors", "--category", "safety", "--channel", "phone", "--severity", "major",
       "--description", "Guests were stuck for ten minutes.", "--received", "2026-11-10T10:00:00+00:00"]


def sh(repo: Path, *args: str, who: str = "amy-reed", date: str = "2026-11-10T12:00:00+00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=f"{who}@example.org", GIT_COMMITTER_NAME=who,
               GIT_COMMITTER_EMAIL=f"{who}@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_EN, root / "register")
    settings = root / "register/register.yaml"
    settings.write_text(settings.read_text() + "owners: [cleo-hart]\n")
    (root / ".gitignore").write_text(".cache/\n")   # as fbreg init writes it: caches are never committed
    sh(root, "init", "-q", "-b", "main")
    sh(root, "add", "-A")
    sh(root, "commit", "-q", "-m", "The register")
    return root


def commit_all(root: Path, message: str, **kw) -> None:
    sh(root, "add", "-A")
    sh(root, "commit", "-q", "-m", message, **kw)


def test_ids_taken_on_two_branches_are_caught_and_renumbered(repo, run):
    sh(repo, "checkout", "-q", "-b", "amy/lift")
    code, out, _ = run("new", "--register", repo / "register", *NEW, cwd=repo)
    assert code == 0 and "QF-2026-0015" in out
    commit_all(repo, "Lift")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "checkout", "-q", "-b", "ben/door")
    code, out, _ = run("new", "--register", repo / "register", *NEW[:1], "Fire door propped open", *NEW[2:], cwd=repo)
    assert code == 0 and "QF-2026-0015" in out            # the same id: neither branch can know
    commit_all(repo, "Door", who="ben-okafor")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #1 from amy/lift", "amy/lift")
    sh(repo, "checkout", "-q", "ben/door")
    # CI on ben's pull request
    code, out, err = run("validate", "--register", repo / "register", "--base", "main", "--as-of",
                         "2026-11-16T12:00:00+00:00", "--format", "text", cwd=repo)
    assert code == 1
    assert "id-taken-on-base" in out and "fbreg renumber QF-2026-0015 --base main" in out
    code, out, err = run("renumber", "--register", repo / "register", "QF-2026-0015", "--base", "main", cwd=repo)
    assert code == 0 and "QF-2026-0016" in out, err
    new_file = repo / "register/items/2026/11/QF-2026-0016.yaml"
    assert new_file.read_text().startswith("id: QF-2026-0016") and "Fire door" in new_file.read_text()
    assert not (repo / "register/items/2026/11/QF-2026-0015.yaml").exists()
    assert run("validate", "--register", repo / "register", "--base", "main", "--as-of",
               "2026-11-16T12:00:00+00:00", cwd=repo)[0] == 0
    commit_all(repo, "Renumber QF-2026-0015 to QF-2026-0016", who="ben-okafor")
    sh(repo, "checkout", "-q", "main")
    sh(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #2 from ben/door", "ben/door")
    names = sorted(p.name for p in (repo / "register/items/2026/11").iterdir())
    assert "QF-2026-0015.yaml" in names and "QF-2026-0016.yaml" in names


def test_validate_base_needs_a_known_ref(repo, run):
    code, _, err = run("validate", "--register", repo / "register", "--base", "origin/nowhere", cwd=repo)
    assert code == 2 and "fetch" in err


def item_path(repo: Path, item_id: str) -> Path:
    return next((repo / "register/items").rglob(f"{item_id}.yaml"))


def test_reviewers_of_both_departments_when_an_item_moves(repo, run):
    path = item_path(repo, "QF-2026-0010")            # maintenance
    path.write_text(path.read_text().replace("department: maintenance", "department: reception"))
    settings = repo / "register/departments.yaml"
    settings.write_text(settings.read_text() + "\n")
    code, out, _ = run("reviewers", "--register", repo / "register", "--base", "main", "--format", "json", cwd=repo)
    needed = {a["department"]: a for a in json.loads(out)}
    assert needed["maintenance"]["reviewers"] == ["carl-jones"] and needed["maintenance"]["items"] == ["QF-2026-0010"]
    assert needed["reception"]["reviewers"] == ["amy-reed"]
    assert needed[None]["reviewers"] == ["cleo-hart"] and needed[None]["items"] == ["register/departments.yaml"]


def test_reviewers_leave_out_people_the_item_involves(repo, run):
    path = item_path(repo, "QF-2026-0012")            # reception, reviewer amy-reed
    path.write_text(path.read_text() + "involves: [amy-reed]\n")
    code, out, _ = run("reviewers", "--register", repo / "register", "--base", "main", cwd=repo)
    assert "recused" in out and "@amy-reed" in out
    code, out, _ = run("codeowners", "--register", repo / "register", "-o", "CODEOWNERS", cwd=repo)
    owners = (repo / "CODEOWNERS").read_text()
    line = next(x for x in owners.splitlines() if "QF-2026-0012" in x)
    assert "@amy-reed" not in line and "@cleo-hart" in line      # nobody else in reception: the owners


def test_codeowners_lists_each_item_with_its_department_and_checks_it_is_current(repo, run):
    code, out, _ = run("codeowners", "--register", repo / "register", cwd=repo)
    text = (repo / ".github/CODEOWNERS").read_text()
    assert code == 0 and "/register/ @cleo-hart" in text
    assert "/register/items/2026/03/QF-2026-0001.yaml @amy-reed" in text          # reception
    assert "/register/items/2026/10/QF-2026-0010.yaml @carl-jones" in text or "QF-2026-0010.yaml @carl-jones" in text
    assert text.index("/register/ @cleo-hart") < text.index("QF-2026-0001")     # later lines win
    assert run("codeowners", "--register", repo / "register", "--check", cwd=repo)[0] == 0
    path = item_path(repo, "QF-2026-0001")
    path.write_text(path.read_text().replace("department: reception", "department: kitchen"))
    assert run("codeowners", "--register", repo / "register", "--check", cwd=repo)[0] == 1


def test_set_edits_in_place_keeping_comments_and_order(repo, run):
    path = item_path(repo, "QF-2026-0012")
    original = path.read_text()
    path.write_text("# Reported at the night desk.\n" + original.replace("status: assigned", "status: assigned  # waiting"))
    code, out, err = run("set", "--register", repo / "register", "QF-2026-0012", "status=in-progress",
                         "responded_at=now", "--as-of", "2026-11-16T12:00:00+00:00", cwd=repo)
    assert code == 0, err
    text = path.read_text()
    assert text.startswith("# Reported at the night desk.\n") and "# waiting" in text
    assert re.search(r"^status: in-progress +# waiting$", text, re.M)           # the comment stays on its line
    assert re.search(r"^responded_at: '?2026-11-16T12:00:00\+00:00'?$", text, re.M)   # a string either way
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys.index("status") < keys.index("description") and keys[-1] == "responded_at"
    assert "status: assigned → in-progress" in out


def test_set_refuses_what_would_break_the_register(repo, run):
    path = item_path(repo, "QF-2026-0001")            # closed
    before = path.read_text()
    code, _, err = run("set", "--register", repo / "register", "QF-2026-0001", "status=new", cwd=repo)
    assert code == 1 and "edit-status-transition" in err
    code, _, err = run("set", "--register", repo / "register", "QF-2026-0001", "analysis=Rewritten", cwd=repo)
    assert code == 1 and "edit-final" in err
    code, _, err = run("set", "--register", repo / "register", "QF-2026-0001", "satisfaction=9", cwd=repo)
    assert code == 1 and "satisfaction" in err                       # the schema allows 1..5
    assert path.read_text() == before                                 # nothing written
    code, out, err = run("set", "--register", repo / "register", "QF-2026-0001", "status=in-progress",
                         "--reopen", "the guest wrote again", cwd=repo)
    assert code == 1 and "closed-at-not-closed" in err                # the validator's rules apply too
    code, out, err = run("set", "--register", repo / "register", "QF-2026-0001", "status=in-progress", "closed_at=",
                         "--reopen", "the guest wrote again", cwd=repo)
    assert code == 0 and "Reopen: the guest wrote again" in out, err
    assert "closed_at" not in path.read_text() and "status: in-progress" in path.read_text()
    code, _, err = run("set", "--register", repo / "register", "QF-2099-0001", "status=closed", cwd=repo)
    assert code == 1 and "edit-unknown-id" in err


def test_audit_reports_an_approval_by_someone_the_item_involves(repo, run):
    path = item_path(repo, "QF-2026-0012")
    for n, (approver, state) in enumerate((("amy-reed", "in-progress"), ("cleo-hart", "on-hold"))):
        sh(repo, "checkout", "-q", "-b", f"change-{n}")
        text = path.read_text()
        if "involves" not in text:
            text += "involves: [amy-reed]\n"
        path.write_text(text.replace("status: assigned", f"status: {state}").replace("status: in-progress",
                                                                                      f"status: {state}"))
        commit_all(repo, "Change", who="ben-okafor")
        sh(repo, "checkout", "-q", "main")
        sh(repo, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{n + 1} from ben/change-{n}", f"change-{n}",
           who=approver)
    code, out, _ = run("audit", "--register", repo / "register", "--format", "json", "--no-record", cwd=repo)
    findings = [f for f in json.loads(out)["findings"] if f["code"] == "audit-recusal"]
    assert len(findings) == 1 and "amy-reed" in findings[0]["message"]
