"""History-index benchmark: ``load_history`` on a large synthetic git history, against a baseline.

    .venv/bin/python benchmarks/history.py                      # 10 000 items against a 1 000-item baseline
    .venv/bin/python benchmarks/history.py --write-readme       # also update benchmarks/README.md
    .venv/bin/python benchmarks/history.py --items 2000 --baseline 200 --runs 2 --work /tmp/hb --keep

For each size (the baseline first, in the same run) it writes a synthetic register with its git
history (benchmarks/make_register.py, fixed seed, three versions per item: recorded, assigned,
final; one ``git fast-import`` stream; three changes make a pull request merged with ``Merge pull
request #N from …`` (two in three) or squash-merged as ``… (#N)`` (one in three): about three commits
per item; see that module). It then times, each in a fresh Python process:

* ``git log``: the single pass of :func:`generator.gitlog.log` alone;
* **cold**: ``load_history`` with an empty cache (reads every commit, parses every item version);
* **warm**: again, nothing new (median of ``--runs``);
* **one new commit**: after a commit that changes one item (median of ``--runs``, a new commit each);
* **rewritten**: after ``git commit --amend`` of the last commit (all commits read again; parsed
  versions still come from the cache).

Results are printed, written as JSON into the work folder, and with ``--write-readme`` put into
benchmarks/README.md between the ``history-results`` markers (the section is appended at the end
the first time).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import cpu_model, load, memory_kb, write_block  # benchmarks/ is first on sys.path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
START, END = "<!-- history-results:start -->", "<!-- history-results:end -->"


def _make_register():
    """benchmarks/make_register.py, which writes the register and its history."""
    return load("make_register")


def _git(repo: Path, *args: str, date: int | None = None, stdin: bytes | None = None) -> bytes:
    return _make_register().git(repo, *args, date=date, stdin=stdin)


def build_repo(work: Path, items: int, seed: int) -> dict:
    """Generate a register of ``items`` items with its history (three versions per item) in ``work/repo``."""
    mr = _make_register()
    repo = work / "repo"
    if repo.exists() and not (repo / mr.MARKER).exists():
        shutil.rmtree(repo)                     # left by an older version of this script
    return mr.make_register(repo, items, commits_per_item=3, seed=seed, mkdocs=False)


PROBE = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from generator import gitlog
from generator.history import load_history
mode, repo, cache = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t1 = time.perf_counter()
if mode == "log":
    commits = gitlog.log(repo)
    result = {"commits": len(commits)}
else:
    index = load_history(repo / "register", cache)
    result = {"commits": len(index.commits), "read_commits": index.read_commits,
              "parsed_blobs": index.parsed_blobs, "files": len(index.files), "warnings": index.warnings,
              "versions": sum(len(h.versions) for h in index.files.values())}
t2 = time.perf_counter()
result.update(seconds=t2 - t1, import_seconds=t1 - t0, max_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(result))
"""


def probe(mode: str, repo: Path, cache: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode, str(repo), str(cache)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout
    return json.loads(out)


def _cache_size(cache: Path) -> int:
    return sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())


def measure(work: Path, items: int, seed: int, runs: int) -> dict:
    built = build_repo(work, items, seed)
    repo, cache = work / "repo", work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    result: dict = {"repo": built}
    result["log"] = min((probe("log", repo, cache) for _ in range(runs)), key=lambda r: r["seconds"])
    result["cold"] = probe("load", repo, cache)
    result["cache_bytes"] = _cache_size(cache)
    result["warm"] = _median([probe("load", repo, cache) for _ in range(runs)])
    ones = []
    when = built["last_date"]
    target = next((repo / "register" / "items").rglob("*.yaml"))
    for n in range(runs):
        when += 600
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(f"# note {n}\n")
        _git(repo, "commit", "-q", "-am", f"{target.stem} note {n}", date=when)
        ones.append(probe("load", repo, cache))
    result["one_commit"] = _median(ones)
    when += 600
    _git(repo, "commit", "-q", "--amend", "-m", f"{target.stem} note (amended)", date=when)
    result["rewritten"] = probe("load", repo, cache)
    return result


def _median(runs: list[dict]) -> dict:
    best = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
    best["runs"] = [round(r["seconds"], 3) for r in runs]
    return best


def machine() -> dict:
    cpu = cpu_model()
    kb = memory_kb()
    mem = f"{kb / 2 ** 20:.1f} GB RAM" if kb else "memory unknown"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        import yaml
        libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure-Python PyYAML"
    except ImportError:
        libyaml = "no PyYAML"
    return {"nproc": nproc, "cpu": cpu, "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "git": git, "yaml": libyaml}


def _t(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(a: float, b: float) -> str:
    return f"×{b / a:.1f}" if a else ""


def report(base: dict, big: dict, args, mach: dict) -> str:
    b, g = base, big
    rows = [
        ("item files", f"{b['repo']['items']:,}", f"{g['repo']['items']:,}", _ratio(b['repo']['items'], g['repo']['items'])),
        ("commits / of them merges", f"{b['repo']['commits']:,} / {b['repo']['merges']:,}",
         f"{g['repo']['commits']:,} / {g['repo']['merges']:,}", _ratio(b['repo']['commits'], g['repo']['commits'])),
        ("item versions (changes to item files)", f"{b['cold']['versions']:,}", f"{g['cold']['versions']:,}",
         _ratio(b['cold']['versions'], g['cold']['versions'])),
        ("writing the history (`git fast-import`, with generating the register)", _t(b['repo']['seconds']),
         _t(g['repo']['seconds']), _ratio(b['repo']['seconds'], g['repo']['seconds'])),
        ("the one `git log` pass alone (`gitlog.log`)", _t(b['log']['seconds']), _t(g['log']['seconds']),
         _ratio(b['log']['seconds'], g['log']['seconds'])),
    ]
    for key, label in (("cold", "**cold** `load_history` (empty cache)"),
                       ("warm", "**warm** (cache current, no new commits)"),
                       ("one_commit", "**after one new commit**"),
                       ("rewritten", "after an amended commit (history rewritten)")):
        bb, gg = b[key], g[key]
        rows.append((label, _t(bb['seconds']), _t(gg['seconds']), _ratio(bb['seconds'], gg['seconds'])))
        rows.append(("… commits read from git / versions parsed", f"{bb['read_commits']:,} / {bb['parsed_blobs']:,}",
                     f"{gg['read_commits']:,} / {gg['parsed_blobs']:,}", ""))
    rows.append(("peak memory (RSS) of the cold load", f"{b['cold']['max_rss_mb']:.0f} MB",
                 f"{g['cold']['max_rss_mb']:.0f} MB", _ratio(b['cold']['max_rss_mb'], g['cold']['max_rss_mb'])))
    rows.append(("peak memory (RSS) of the warm load", f"{b['warm']['max_rss_mb']:.0f} MB",
                 f"{g['warm']['max_rss_mb']:.0f} MB", _ratio(b['warm']['max_rss_mb'], g['warm']['max_rss_mb'])))
    rows.append(("cache on disk (`.cache/fbreg/`)", f"{b['cache_bytes'] / 2**20:.1f} MB",
                 f"{g['cache_bytes'] / 2**20:.1f} MB", _ratio(b['cache_bytes'], g['cache_bytes'])))
    stamp = time.strftime("%Y-%m-%dT%H:%M%z")
    lines = [
        f"Measured {stamp[:-2]}:{stamp[-2:]} with `benchmarks/history.py --items {args.items} --baseline "
        f"{args.baseline} --runs {args.runs}` (seed {args.seed}; warm and one-commit timings are medians of "
        f"{args.runs} runs, each in a fresh Python process, imports not counted).",
        "",
        f"Machine: {mach['nproc']} CPUs (`nproc`), {mach['cpu']}, {mach['memory']}; {mach['os']}; "
        f"Python {mach['python']} ({mach['yaml']}), {mach['git']}.",
        "",
        f"| | {b['repo']['items']:,} items | {g['repo']['items']:,} items | ratio |",
        "|---|---:|---:|---:|",
        *(f"| {a} | {x} | {y} | {r} |" for a, x, y, r in rows),
    ]
    return "\n".join(lines)


SECTION = """## History index

```sh
.venv/bin/python benchmarks/history.py                  # 10 000 items against a 1 000-item baseline
.venv/bin/python benchmarks/history.py --write-readme   # the same, and replace the results below
```

`benchmarks/history.py` writes a synthetic register with its history (`make_register.py`, three
versions per item; three changes make a pull request, merged with `Merge pull request #N from …`,
one in three squash-merged as `… (#N)`), then times
`generator.history.load_history` in fresh Python processes: cold (empty cache), warm (no new
commits), after one new commit, and after an amended commit. See the module's docstring.
"Versions parsed" counts every YAML blob under `register/`, the two settings files included. The
machine is shared with other sessions: timings move by up to a third between runs, so read the
ratios as rough. A rebuild after one new commit costs about as much as a warm load: it reads one
commit and parses one version, and the rest of the time goes into loading the cached versions and
building the index (about 50 µs per version). `git log` grows faster than the history because each
commit's diff walks larger month folders; a cold load is mostly YAML parsing (about 0.3 ms per version).

### Results

"""


def write_readme(text: str) -> None:
    write_block(README, START, END, text, SECTION)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Time load_history on a large synthetic git history.")
    p.add_argument("--items", type=int, default=10_000)
    p.add_argument("--baseline", type=int, default=1_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=3, help="runs for warm and one-commit timings (median reported)")
    p.add_argument("--work", type=Path, help="working folder (default: a new temporary folder, removed unless --keep)")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--write-readme", action="store_true", help="put the results into benchmarks/README.md")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="fbreg-history-bench-"))
    results = {}
    try:
        for size in (args.baseline, args.items):
            print(f"{size} items …", file=sys.stderr, flush=True)
            results[size] = measure(work / str(size), size, args.seed, args.runs)
            print(json.dumps(results[size], indent=1), file=sys.stderr, flush=True)
        mach = machine()
        text = report(results[args.baseline], results[args.items], args, mach)
        (work / "history-results.json").write_text(json.dumps({"machine": mach, "results": results}, indent=1))
        print(text)
        if args.write_readme:
            write_readme(text)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
