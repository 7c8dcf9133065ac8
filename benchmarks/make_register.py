"""A synthetic register *with its git history*: the project the benchmarks build.

    .venv/bin/python benchmarks/make_register.py OUT N [--commits-per-item K] [--seed S] [--language zh|en]
                                                      [--as-of ISO] [--no-repack]

writes a git repository at OUT (branch ``main``, work tree checked out, nothing uncommitted):

* the files of :func:`generate_register.generate` (``register/register.yaml``, ``departments.yaml``,
  ``register/items/YYYY/MM/<ID>.yaml``, ``mkdocs.yml``, copies of ``docs/`` and the theme overrides)
  and a ``.gitignore`` (``site/``, ``.cache/``), ready for ``fbreg validate`` and ``fbreg build``;
* a history written with one ``git fast-import`` stream, so it takes seconds, not hours:

  - a first commit sets up the project (settings, departments, mkdocs.yml, docs, theme);
  - every item gets up to K versions (default 3), each a commit: recorded (status new), assigned
    (department, acknowledgement), responded (analysis), … and its final file; K=1 commits only
    the final file. An item whose life is shorter gets fewer versions (a new item has no
    "assigned" version), so the commit count is at most about K × N. Which stages get a commit
    of their own is chosen so that few events are recorded more than two days after they
    happened (``fbreg audit``'s backdating rule): about one item in five is still flagged at K=3;
  - each version is committed at the time of its latest event in the file (received, acknowledged,
    responded, action done, reply, verification, closed) plus a few minutes: the history follows
    the items' three years, with fixed dates, so the same seed gives the same commit ids;
  - the versions, in time order, three at a time make a pull request: two in three are branches of
    three commits merged with ``Merge pull request #N from <who>/pr-N`` (a real merge; the branch
    starts one merge behind the main line), one in three a squash commit ``<subject> (#N)`` — as
    ``fbreg audit`` and the site expect of a reviewed register.

Library use (``benchmarks/run.py``, ``benchmarks/history.py``)::

    spec = importlib.util.spec_from_file_location("make_register", "benchmarks/make_register.py")
    mr = importlib.util.module_from_spec(spec); spec.loader.exec_module(mr)
    summary = mr.make_register("/tmp/big", 10_000, commits_per_item=3, seed=1)   # → counts, dates, seconds

10 000 items × 3 take about 15–25 s on two cores (5 s generating the files, the rest mostly
``git fast-import``); 30 000 items about 1.5 min. Memory stays small (blobs are streamed to git as
they are made; only their marks and times are kept). The history grows a little faster than the
register: every commit writes a new tree of its month folder, whose size grows with the register
(~280 files a month at 10 000 items, ~2 800 at 100 000), so 100 000 items × 3 take several minutes
(about 6 minutes of fast-import CPU, extrapolated from 10 000 and 30 000). ``--no-repack`` skips
the final ``git repack -a -d`` (a few seconds at 10 000 items).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_AS_OF = "2026-11-21T09:00:00+08:00"
MARKER = ".synthetic-register"
GITIGNORE = f"site/\n.cache/\n{MARKER}\n"
PEOPLE = ["zhang-wei", "ma-li", "li-na", "wang-fang", "chen-gang", "hu-yan", "yang-xue", "deng-yu"]
REVIEWERS = ["huang-jing", "wang-fang", "chen-gang"]

# The stage of the item's life that adds each top-level field; a version at stage L has the fields
# of stages ≤ L (in the final file's order). Unknown fields count as final.
LEVELS = {
    "id": 0, "title": 0, "received": 0, "channel": 0, "category": 0, "severity": 0, "status": 0,
    "reporter": 0, "description": 0,
    "location": 1, "tags": 1,                                                   # recorded
    "department": 2, "assisting": 2, "deadlines": 2, "acknowledged_at": 2,      # assigned (签收)
    "responded_at": 3, "analysis": 3, "holds": 3,                               # responded
    "actions": 4, "reply": 4,                                                   # actions done, reply
    "verification": 5,                                                          # verified
    "closed_at": 6, "satisfaction": 6, "related": 6,                            # closed
}
FINAL = 6
TOLERANCE = 2 * 86_400         # fbreg audit's default backdating tolerance is two business days
# which intermediate stages are committed, by preference: K=3 gives recorded, assigned, final
CUTS = (1, 2, 3, 5, 4, 0)
SUBJECTS = {
    "zh": {0: "登记新反馈", 1: "登记新反馈", 2: "责任部门签收", 3: "原因分析与答复", 4: "整改措施进展",
           5: "验证整改效果", "closed": "验证关闭", "final": "处理进展"},
    "en": {0: "record new feedback", 1: "record new feedback", 2: "acknowledge", 3: "analysis and response",
           4: "actions", 5: "verification", "closed": "verify and close", "final": "update"},
}
_TIMES = re.compile(r"(?m)^\s*(?:- )?(?:received|acknowledged_at|responded_at|done_at|at|closed_at|from|until): "
                    r"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:[+-]\d\d:\d\d|Z))")
_KEY = re.compile(r"([A-Za-z_]\w*):")


def load(name: str):
    """A sibling module of this folder (benchmarks/ is not a package), imported once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def git(repo: Path, *args: str, date: int | None = None, stdin: bytes | None = None) -> bytes:
    """git in ``repo`` with a fixed identity, no user or system config; ``date``: epoch seconds (+0800)."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if date is not None:
        env.update(GIT_AUTHOR_DATE=f"{date} +0800", GIT_COMMITTER_DATE=f"{date} +0800")
    proc = subprocess.run(["git", *args], cwd=repo, env=env, input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args[:2])} failed in {repo}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


# ---------------------------------------------------------------------------------------------
# an item's versions

def blocks(text: str) -> dict[str, str]:
    """Top-level fields of a generated item file as text blocks (a key at column 0 starts one)."""
    out: dict[str, str] = {}
    key = None
    for line in text.splitlines(keepends=True):
        m = _KEY.match(line)
        if m:
            key = m.group(1)
            out[key] = line
        elif key:
            out[key] += line
    return out


def _times(block: str) -> list[float]:
    return [dt.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() for t in _TIMES.findall(block)]


def _status(keys: set[str]) -> str:
    """The status an intermediate version shows, from the fields it has."""
    if "verification" in keys:
        return "verifying"
    if "responded_at" in keys:
        return "in-progress"
    if "department" in keys:
        return "assigned"
    return "new"


def versions(text: str, k: int) -> list[tuple[bytes, float, int | str]]:
    """Up to ``k`` versions of an item file, the last the file itself: (bytes, time of its latest
    event, stage). Times are epoch seconds, not yet spaced; stages as in :data:`LEVELS`."""
    parts = blocks(text)
    level = {key: LEVELS.get(key, FINAL) for key in parts}
    present = set(level.values())
    top = max(present)

    def at(cut: int) -> str:
        keys = {key for key, lv in level.items() if lv <= cut}
        status = f"status: {_status(keys)}\n"
        return "".join(status if key == "status" else parts[key] for key in parts if key in keys)

    stage_time: dict[int, float] = {}       # the latest event up to each stage
    earliest: dict[int, float] = {}         # the earliest event of each stage
    latest = None
    for lv in range(FINAL + 1):
        for key, klv in level.items():
            if klv == lv:
                for t in _times(parts[key]):
                    latest = t if latest is None else max(latest, t)
                    earliest[lv] = min(earliest.get(lv, t), t)
        stage_time[lv] = latest if latest is not None else 0.0
    valid = [cut for cut in CUTS if cut in present and cut < top]   # adds something; something comes after
    chosen: dict[int, str] = {}
    if k > 1 and valid:
        def backdated(cuts) -> tuple:
            """Stages whose events a version records more than two days late (what ``fbreg audit``
            flags), then the preference order of :data:`CUTS`."""
            late, previous = 0, -1
            for cut in [*sorted(cuts), top]:
                late += sum(1 for lv in range(previous + 1, cut + 1)
                            if lv in earliest and earliest[lv] < stage_time[cut] - TOLERANCE)
                previous = cut
            return late, sorted(CUTS.index(c) for c in cuts)
        best = min(itertools.combinations(valid, min(k - 1, len(valid))), key=backdated)
        chosen = {cut: at(cut) for cut in best}
    out = [(chosen[cut].encode(), stage_time[cut], cut) for cut in sorted(chosen)]
    status = re.search(r"(?m)^status: (\S+)", text)
    final_stage = "closed" if status and status.group(1) == "closed" else "final"
    out.append((text.encode(), stage_time[FINAL], final_stage))
    return out


# ---------------------------------------------------------------------------------------------
# the history

class _Stream:
    """A ``git fast-import`` process fed as we go (marks: blobs first, then commits)."""

    def __init__(self, repo: Path):
        self.err = tempfile.TemporaryFile()
        env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.err,
                                     bufsize=1 << 20)
        self.mark = 0

    def write(self, data: bytes) -> None:
        try:
            self.proc.stdin.write(data)
        except BrokenPipeError:
            self.close()

    def blob(self, data: bytes) -> int:
        self.mark += 1
        self.write(b"blob\nmark :%d\ndata %d\n%s\n" % (self.mark, len(data), data))
        return self.mark

    def commit(self, ref: str, who: str, when: int, message: str, parents: list[int],
               changes: list[tuple[str, int]]) -> int:
        self.mark += 1
        msg = message.encode()
        head = (f"commit {ref}\nmark :{self.mark}\nauthor {who} <{who}@hotel.example> {when} +0800\n"
                f"committer {who} <{who}@hotel.example> {when} +0800\ndata {len(msg)}\n").encode()
        lines = [head, msg, b"\n"]
        for i, p in enumerate(parents):
            lines.append(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
        for path, blob in changes:
            lines.append(f"M 100644 :{blob} {path}\n".encode())
        lines.append(b"\n")
        self.write(b"".join(lines))
        return self.mark

    def close(self) -> None:
        try:
            if self.proc.stdin and not self.proc.stdin.closed:
                self.proc.stdin.write(b"done\n")
                self.proc.stdin.close()
        except BrokenPipeError:
            pass
        code = self.proc.wait()
        if code != 0:
            self.err.seek(0)
            raise RuntimeError(f"git fast-import failed (exit {code}): {self.err.read().decode(errors='replace')[-2000:]}")


def _setup_files(project: Path) -> list[Path]:
    """Everything of the project but the items (and what is not committed)."""
    skip_top = {".git", "site", ".cache", MARKER}
    out = []
    for folder, dirs, files in os.walk(project):
        rel = Path(folder).relative_to(project)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip_top]
        if rel == Path("register"):
            dirs[:] = [d for d in dirs if d != "items"]
        dirs.sort()
        out += [Path(folder, f) for f in sorted(files) if not (rel == Path(".") and f in skip_top)]
    return out


def write_history(project: Path, k: int = 3, seed: int = 1, language: str = "zh", repack: bool = True) -> dict:
    """Make ``project`` (a generated project without .git) a git repository with the items' history."""
    started = time.perf_counter()
    rng = random.Random(f"history-{seed}")
    subjects = SUBJECTS.get(language, SUBJECTS["en"])
    items = sorted((project / "register" / "items").rglob("*.yaml"), key=lambda p: p.stem)
    (project / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    stream = _Stream(project)
    try:
        setup = [(p.relative_to(project).as_posix(), stream.blob(p.read_bytes())) for p in _setup_files(project)]
        # blobs first (each item's versions one after the other: fast-import deltas them well)
        events: list[tuple[int, int, int, int, object]] = []      # (time, item, version, blob mark, stage)
        for i, path in enumerate(items):
            previous = None
            for v, (data, when, stage) in enumerate(versions(path.read_text(encoding="utf-8"), k)):
                t = int(when) + 60 * rng.randint(5, 90)          # committed a few minutes after the event
                if previous is not None and t <= previous:
                    t = previous + 60 * rng.randint(1, 30)
                previous = t
                events.append((t, i, v, stream.blob(data), stage))
        events.sort()
        rel = [p.relative_to(project).as_posix() for p in items]
        first = (events[0][0] if events else int(time.time())) - 86_400
        tip = stream.commit("refs/heads/main", "huang-jing", first, "Set up the register", [], setup)
        tip_time = first
        before, before_time = tip, tip_time     # the main line one merge back: where branches start
        commits, merges = 1, 0
        for n, start in enumerate(range(0, len(events), 3), start=1):
            group = events[start:start + 3]
            who = PEOPLE[n % len(PEOPLE)]
            lead = group[0]
            subject = f"{items[lead[1]].stem} {subjects[lead[4]]}"
            last = max(e[0] for e in group)
            if n % 3 == 0:                      # a squash merge straight onto the main line
                when = max(tip_time + 60, last + 600)
                before, before_time = tip, tip_time
                tip = stream.commit("refs/heads/main", who, when, f"{subject} (#{n})", [tip],
                                    [(rel[e[1]], e[3]) for e in group])
                tip_time = when
                commits += 1
                continue
            branch, branch_time = before, before_time
            for t, i, _, blob, stage in group:
                branch_time = max(t, branch_time + 60)
                branch = stream.commit("refs/heads/pr", who, branch_time,
                                       f"{items[i].stem} {subjects[stage]}\n\n{rel[i]}", [branch], [(rel[i], blob)])
            when = max(tip_time + 60, branch_time + 600)
            reviewer = REVIEWERS[n % len(REVIEWERS)]
            before, before_time = tip, tip_time
            tip = stream.commit("refs/heads/main", reviewer, when,
                                f"Merge pull request #{n} from {who}/pr-{n}\n\n{subject}", [tip, branch],
                                [(rel[e[1]], e[3]) for e in group])
            tip_time = when
            commits += len(group) + 1
            merges += 1
    finally:
        stream.close()
    if merges:
        git(project, "update-ref", "-d", "refs/heads/pr")
    imported = time.perf_counter()
    # The work tree already holds the final files: only the index is written (reading and hashing
    # the files, not the blobs out of fast-import's deep delta chains as a checkout would).
    git(project, "read-tree", "main")
    git(project, "update-index", "-q", "--refresh")
    if repack:      # one pack in git's own order (commits, trees, blobs), as a clone has; deltas reused
        git(project, "repack", "-a", "-d", "-q")
    return {"items": len(items), "commits": commits, "merges": merges, "versions": len(events),
            "first_date": first, "last_date": tip_time, "import_seconds": round(imported - started, 2),
            "seconds": round(time.perf_counter() - started, 2)}


def make_register(out, n: int, commits_per_item: int = 3, seed: int = 1, language: str = "zh",
                  as_of: str = DEFAULT_AS_OF, mkdocs: bool = True, repack: bool = True) -> dict:
    """Generate a project of ``n`` items at ``out`` and commit its history; return a summary."""
    if commits_per_item < 1:
        raise ValueError("commits_per_item must be at least 1")
    started = time.perf_counter()
    out = Path(out)
    if out.exists() and (out / MARKER).exists():
        shutil.rmtree(out)                      # ours: start again from nothing (.git included)
    gen = load("generate_register")
    files = gen.generate(out, n, seed=seed, language=language, as_of=as_of, mkdocs=mkdocs)
    generated = time.perf_counter() - started
    history = write_history(out, commits_per_item, seed, language, repack)
    return {"out": str(out), "register": str(out / "register"), "items": n, "seed": seed, "language": language,
            "commits_per_item": commits_per_item, "as_of": files["as_of"], "statuses": files["statuses"],
            "commits": history["commits"], "merges": history["merges"], "versions": history["versions"],
            "first_date": history["first_date"], "last_date": history["last_date"],
            "generate_seconds": round(generated, 2), "import_seconds": history["import_seconds"],
            "history_seconds": history["seconds"], "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write a synthetic register with its git history (git fast-import).")
    p.add_argument("out", metavar="OUT", help="the project folder to write (a new git repository)")
    p.add_argument("n", metavar="N", type=int, help="number of items")
    p.add_argument("--commits-per-item", "-k", type=int, default=3, metavar="K",
                   help="versions (commits) per item: recorded, assigned, …, final (default 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--language", choices=("zh", "en"), default="zh")
    p.add_argument("--as-of", default=DEFAULT_AS_OF, metavar="ISO",
                   help=f"no event after this time; validate and build with the same --as-of (default {DEFAULT_AS_OF})")
    p.add_argument("--no-repack", action="store_true",
                   help="skip `git repack -a -d` (the repository keeps fast-import's own pack)")
    args = p.parse_args(argv)
    summary = make_register(args.out, args.n, args.commits_per_item, args.seed, args.language, args.as_of,
                            repack=not args.no_repack)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
