"""``fbreg audit``: checks on the register's git history, the audit trail of every item.

Each finding names the commit that caused it. Which time each check trusts:

* A commit's own dates are claims by whoever made it (anyone can set them).
* The time an item change *reached the main line* is the time of the merge that brought it in
  (``Version.on_main_at``). It is set by whoever merged; it cannot be forged by the submitter and is
  *trusted* when the hosting service made the merge or the merge is signed with a key git trusts
  (``git verify-commit``). For a commit pushed straight to the main line it is that commit's
  own date, a claim.

Backdating compares a timestamp an item claims with the time the change that set it reached the
main line; every finding says which of the above it rests on (``basis``).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import gitlog
from .deadlines import calendar_for
from .history import HistoryIndex, ItemHistory, Version
from .atomicfile import write_atomic
from .lifecycle import EDITABLE_WHEN_FINAL, final_edit_allowed, is_reopen, transition_allowed
from .loader import display_path
from .problems import Problem, ProblemList
from .settings import Settings
from .timestamps import parse_timestamp

TIMESTAMP_FIELDS = ("received", "acknowledged_at", "responded_at", "closed_at")
CLOCK_SKEW = dt.timedelta(minutes=5)
BASIS = {  # what a "recorded" time rests on, as the findings say it
    "merge-trusted": ("the time of the merge, made by the hosting service: trusted", "托管平台合并的时间,可信"),
    "merge": ("the time of the merge, as set by whoever merged", "合并的时间,由合并人设定"),
    "commit": ("the commit's own date, a claim by whoever made it", "提交自身的日期,仅为提交者的声明"),
}


@dataclass(frozen=True)
class Finding:
    problem: Problem
    commit: str | None          # the commit that caused it
    basis: str = ""             # which time the check used: merge-trusted | merge | commit | ""

    def as_dict(self) -> dict:
        return {**self.problem.as_dict(), "commit": self.commit, "time_basis": self.basis}


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    head: str | None = None
    checked_items: int = 0
    checked_commits: int = 0
    # item id -> {field: message}: timestamps the site marks as resting on a backdated record
    flagged: dict[str, dict[str, str]] = field(default_factory=dict)


def basis_of(version: Version) -> tuple[dt.datetime, str]:
    """When a change reached the main line, and what that time rests on."""
    if version.approval is not None:
        return version.approval.at, "merge-trusted" if version.approval.trusted else "merge"
    return version.on_main_at or version.commit.committer_date, "commit"


class Auditor:
    def __init__(self, settings: Settings, index: HistoryIndex, register_dir: Path, lang: str = "en") -> None:
        self.s = settings
        self.index = index
        self.problems = ProblemList(lang)
        self.result = AuditResult(head=index.head, checked_commits=len(index.commits))
        self.calendar = calendar_for(settings)
        self.register_dir = register_dir

    # -- helpers
    def shown(self, repo_path: str) -> str:
        return display_path(self.index.root / repo_path)

    def add(self, repo_path: str, code: str, commit: str | None, basis: str = "", **args) -> None:
        short = (commit or "")[:10]
        if basis:
            args["basis"] = BASIS[basis][self.problems.lang == "zh"]
        problem = self.problems.add(self.shown(repo_path), None, code, commit=short, **args)
        self.result.findings.append(Finding(problem, commit, basis))

    def when(self, value: dt.datetime) -> str:
        return value.astimezone(self.s.tz).strftime("%Y-%m-%d %H:%M")

    # -- rules
    def run(self) -> AuditResult:
        if self.index.shallow:
            self.add(self.register_dir.name, "audit-shallow", None)
        ids: dict[str, tuple[str, Version]] = {}
        for path, item in sorted(self.index.files.items()):
            self.result.checked_items += 1
            self.deletions_and_reuse(path, item, ids)
            self.transitions(path, item)
            self.backdating(path, item)
        self.direct_pushes()
        return self.result

    def deletions_and_reuse(self, path: str, item: ItemHistory, ids: dict) -> None:
        deleted = False
        for v in item.versions:
            if v.change.status == "D":
                self.add(v.change.old_path or path, "audit-item-deleted", v.commit.sha)
                deleted = True
                continue
            item_id = (v.data or {}).get("id")
            if not isinstance(item_id, str):
                continue
            if v.change.status == "A" and deleted:
                self.add(path, "audit-id-reused", v.commit.sha, id=item_id, other=path)
            first = ids.setdefault(item_id, (path, v))
            if first[0] != path and first[1].commit.sha != v.commit.sha and v.change.status == "A":
                self.add(path, "audit-id-reused", v.commit.sha, id=item_id, other=self.shown(first[0]))
            deleted = False

    def transitions(self, path: str, item: ItemHistory) -> None:
        previous: dict | None = None
        for v in item.versions:
            if v.change.status == "D" or v.data is None:
                continue
            self.recusal(path, v, previous)
            if previous is not None:
                old, new = previous.get("status"), v.data.get("status")
                reopened = is_reopen(v.commit.message)
                changed = {f.field for f in v.fields}
                if not transition_allowed(old, new, reopened):
                    self.add(path, "audit-status-transition", v.commit.sha, old=old, new=new)
                elif old == new and not final_edit_allowed(old, changed, reopened):
                    self.add(path, "audit-closed-edited", v.commit.sha, status=old,
                             fields=", ".join(sorted(changed - EDITABLE_WHEN_FINAL)))
            previous = v.data

    def recusal(self, path: str, v: Version, previous: dict | None) -> None:
        """An approval by someone the item involves (before or after the change)."""
        involved = set()
        for data in (previous, v.data):
            people = (data or {}).get("involves")
            if isinstance(people, list):
                involved |= {str(p).lstrip("@") for p in people}
        if v.approval is None or not involved:
            return
        for person in dict.fromkeys([v.approval.by, *v.approval.approvers]):
            if person and person.lstrip("@") in involved:
                self.add(path, "audit-recusal", v.approval.commit, person=person)

    def backdating(self, path: str, item: ItemHistory) -> None:
        tolerance = self.s.backdating_tolerance
        for v in item.versions:
            if v.data is None:
                continue
            if v.change.status == "A" and isinstance(v.data.get("import"), dict):
                continue   # history brought in by fbreg import: its times are the old ledger's (later edits are checked)
            recorded, basis = basis_of(v)
            for f in v.fields:
                if f.field not in TIMESTAMP_FIELDS or f.new is None:
                    continue
                try:
                    claimed = parse_timestamp(f.new)
                except (TypeError, ValueError):
                    continue      # fbreg validate reports malformed timestamps
                item_id = str(v.data.get("id"))
                if claimed > recorded + CLOCK_SKEW:
                    self.add(path, "audit-timestamp-after-record", v.commit.sha, basis, field=f.field,
                             claimed=self.when(claimed), recorded=self.when(recorded))
                    self.flag(item_id, f.field)
                elif self.calendar.add(claimed, tolerance) < recorded:
                    self.add(path, "audit-backdated", v.commit.sha, basis, field=f.field, claimed=self.when(claimed),
                             recorded=self.when(recorded), tolerance=str(tolerance))
                    self.flag(item_id, f.field)

    def flag(self, item_id: str, name: str) -> None:
        self.result.flagged.setdefault(item_id, {})[name] = self.problems.items[-1].message

    def direct_pushes(self) -> None:
        """Changes to the register on the main line that no merge or approval brought in, once the
        repository has started to use merges (the register's setup before that is not a finding).
        The scheduled reminder job's commits are not: made by one of ``reminders.record_committers``,
        they only add lines to the record of reminders sent (:func:`record_appends`)."""
        uses_merges = False
        pushed = []
        for sha in self.index.mainline:
            commit = self.index.commits[sha]
            if len(commit.parents) > 1:
                uses_merges = True
                continue
            if self.index.approvals.get(sha) is not None:     # a squash merge "(#N)" or a trailer
                uses_merges = True
                continue
            if uses_merges and commit.changes:
                pushed.append(commit)
        appends = record_appends(self.index, pushed, self.s.reminders.committers)
        for commit in pushed:
            if commit.sha not in appends:
                self.add(commit.changes[0].path, "audit-direct-push", commit.sha, "commit", branch=self.s.branch,
                         when=self.when(commit.committer_date))


def record_appends(index: HistoryIndex, commits: list, committers: tuple[str, ...]) -> set[str]:
    """The commits among ``commits`` that a record committer made and that only add lines at the end of
    files of the reminder record (``<register>/reminders/YYYY-MM.jsonl``): no item, no settings, no
    deletion, rename or rewrite of what was recorded. Their blobs are read in one ``git cat-file``."""
    from .remind.record import FOLDER, NAME

    folder = f"{index.register_path}/{FOLDER}/" if index.register_path else f"{FOLDER}/"
    allowed = {c.lower() for c in committers}
    candidates = []
    for commit in commits:
        if commit.committer_email.lower() not in allowed:
            continue
        if all(ch.status in ("A", "M") and ch.path.startswith(folder) and NAME.fullmatch(ch.path[len(folder):])
               and ch.new_mode in ("100644", "") for ch in commit.changes):
            candidates.append(commit)
    blobs = gitlog.read_blobs(index.root, [b for c in candidates for ch in c.changes
                                           for b in (ch.old_blob, ch.new_blob) if b])
    out = set()
    for commit in candidates:
        if all(ch.new_blob in blobs and (ch.old_blob is None or ch.old_blob in blobs)
               and blobs[ch.new_blob].startswith(blobs.get(ch.old_blob, b"")) for ch in commit.changes):
            out.add(commit.sha)
    return out


# -- the state of the last audit (for "history rewritten")

def check_rewritten(index: HistoryIndex, state_file: Path, problems_for: Auditor) -> None:
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    previous = state.get("head") if isinstance(state, dict) else None
    if not isinstance(previous, str) or not index.head or previous == index.head:
        return
    if not gitlog.is_ancestor(index.root, previous, index.head):
        problems_for.add(problems_for.register_dir.name, "audit-history-rewritten", index.head,
                         previous=previous[:10], when=str(state.get("at", "?")), head=index.head[:10])


def record_state(index: HistoryIndex, state_file: Path, now: dt.datetime) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(state_file, json.dumps({"head": index.head, "at": now.isoformat()}))


def audit(settings: Settings, index: HistoryIndex, register_dir: Path, state_file: Path | None = None,
          lang: str = "en") -> AuditResult:
    auditor = Auditor(settings, index, register_dir, lang)
    if state_file is not None:
        check_rewritten(index, state_file, auditor)
    return auditor.run()
