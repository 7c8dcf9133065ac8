"""The benchmark harness: every figure of issue 7 for a few register sizes, in one run on one machine.

    python benchmarks/run.py --sizes 1000,10000 [--work DIR] [--keep] [--write-readme] [--skip-search]
                             [--skip-serve] [--commits-per-item 3] [--seed 1] [--search-runs 3]

(with any Python: it re-runs itself with the project's ``.venv/bin/python``, made by ``make site``.)
For each size, in this order, every timed step in a fresh process whose wall time and peak memory
(RSS, from ``os.wait4`` on that process: the largest of it and the children it waited for) are
measured:

1. **generate**: ``benchmarks/make_register.py`` writes the project with its git history (K commits
   per item, ``git fast-import``); reported, not a target;
2. **floor**: ``benchmarks/floor.py`` reads and parses every item (PyYAML's CSafeLoader) and writes
   one minimal HTML page per item with one Jinja2 template: the least any generator must do. Timing
   rows are also given as a multiple of it ("× floor");
3. **validate**: ``fbreg validate --register register --as-of AS_OF`` (cold; if it left a cache in
   ``.cache/fbreg`` a second, warm run too);
4. **history index**: ``generator.history.load_history`` with an empty cache (cold), then again after
   one item changed in a new commit;
5. **full build**: ``fbreg build --as-of AS_OF`` with ``.cache/`` and ``site/`` removed first;
6. **rebuild**: one item changed (a sentence added to its description) and committed, then
   ``fbreg build`` again with caches and site kept (the first rebuild: no previous site to start
   from yet); then another item changed and built again: the editing loop, where the site before
   the last one is the building folder and unchanged item pages are kept (``generator.siteoutput``).
   Every build runs with ``FBREG_PROFILE``: its stages' times give the per-stage table, beside the
   floors of the stages that have one (one ``git log --raw`` pass; Pagefind over the item pages);
   **serve** (unless ``--skip-serve``): ``mkdocs serve`` started, one item's YAML saved three
   times, the time from each write until the item's page served has the change (``benchmarks/serve.py``);
7. the site: size and files, HTML pages, the largest page and pages over 200 KB, the search index
   (Material's ``search/search_index.json`` and/or a ``pagefind/`` bundle);
8. **search** (unless ``--skip-search``): the built site served on 127.0.0.1, the home page loaded in
   headless Chromium, a query typed at DOMContentLoaded (``空调``, ``油烟``, ``空调 噪音``, an item id), time to the first
   result in the DOM (Material's search or Pagefind's UI; ``benchmarks/search.py``'s code).

It prints one table (rows: figures; columns: sizes, × floor, the target and whether the 10 000-item
run met it), writes the raw figures to ``results.json`` in the work folder, and with
``--write-readme`` puts the table, with the machine it ran on, into benchmarks/README.md between the
``run-results`` markers. The projects are removed at the end unless ``--keep`` (the work folder
with ``results.json`` and the logs of every step stays).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = ROOT / ".venv"


def _in_venv() -> None:
    """Re-run with the project's venv Python (it has the generator, MkDocs, Jinja2, playwright)."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if python.exists() and not os.environ.get("FBREG_BENCH_REEXEC"):
        os.environ["FBREG_BENCH_REEXEC"] = "1"
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    try:
        import generator  # noqa: F401
        import jinja2  # noqa: F401
        import yaml  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"benchmarks/run.py needs the project's virtual environment ({exc}): run `make site` first")


if __name__ == "__main__":
    _in_venv()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from common import cpu_model, load, memory_kb, write_block  # noqa: E402  (benchmarks/ is first on sys.path)

AS_OF = "2026-11-21T09:00:00+08:00"
README = HERE / "README.md"
START, END = "<!-- run-results:start -->", "<!-- run-results:end -->"
TARGET_SIZE, BIG_SIZE = 10_000, 100_000
PAGE_LIMIT = 200 * 1024            # bytes: "no page over 200 KB of HTML"
GIB = 2 ** 30

# the history probe: a fresh process, imports not counted in "seconds" (the wall time counts them)
PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from generator.history import load_history
t1 = time.perf_counter()
index = load_history(Path(sys.argv[1]), Path(sys.argv[2]))
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "import_seconds": t1 - t0,
                  "commits": len(getattr(index, "commits", None) or ()),
                  "files": len(getattr(index, "files", None) or ()),
                  "read_commits": getattr(index, "read_commits", None),
                  "parsed_blobs": getattr(index, "parsed_blobs", None),
                  "warnings": list(getattr(index, "warnings", None) or ())}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# running one step

def timed(name: str, cmd: list, cwd: Path, logs: Path, profile: bool = False) -> dict:
    """Run ``cmd`` in a fresh process; its wall time, peak RSS (``os.wait4``: that process and the
    children it waited for), CPU time, exit code, standard output, and the tail of its errors.
    ``profile``: a build, asked for its per-stage profile (``FBREG_PROFILE``, generator.buildprofile)."""
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f"{name}.out", logs / f"{name}.err"
    env = dict(os.environ)
    profile_path = logs / f"{name}.profile.json"
    if profile:
        profile_path.unlink(missing_ok=True)
        env["FBREG_PROFILE"] = str(profile_path)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    step = {"seconds": round(seconds, 3), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2), "exit": code,
            "stdout": stdout if len(stdout) <= 50_000 else "…" + stdout[-50_000:],     # all of it in the log
            "stderr_tail": stderr[-8:]}
    if profile and code == 0 and profile_path.is_file():
        step["profile"] = json.loads(profile_path.read_text(encoding="utf-8"))
    return step


def _json_out(step: dict) -> dict:
    try:
        return json.loads(step["stdout"])
    except ValueError:
        return {}


def _report(n: int, label: str, step: dict) -> None:
    status = "" if step["exit"] == 0 else f"  (exit {step['exit']}: {' / '.join(step['stderr_tail'][-3:])})"
    log(f"[{n:,}] {label}: {_t(step['seconds'])}, peak {step['peak_rss_mb']:.0f} MB{status}")


def rmtree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# changing one item, as a reviewed commit

OPEN_STATUSES = ("in-progress", "verifying", "assigned", "on-hold", "new")


def pick_items(register: Path, open_only: bool = True) -> list[Path]:
    """Items still being worked on (in progress first, each status sorted by id): editing their
    description is an ordinary change (a closed item's would be flagged by the audit, and a closed
    item is edited seldom). Closed ones too, after them, only when ``open_only`` is false or no
    item is open."""
    by_status: dict[str, list[Path]] = {}
    for path in (register / "items").rglob("*.yaml"):
        with open(path, encoding="utf-8") as fh:
            m = re.search(r"(?m)^status: (\S+)", fh.read())
        by_status.setdefault(m.group(1) if m else "", []).append(path)
    out: list[Path] = []
    for status in OPEN_STATUSES:
        out += sorted(by_status.get(status, []), key=lambda p: p.stem)
    if out and open_only:
        return out
    for status in ("closed", "rejected", "duplicate", ""):
        out += sorted(by_status.get(status, []), key=lambda p: p.stem)
    return out


def change_item(project: Path, path: Path, sentence: str, when: int, number: int) -> None:
    """Add a paragraph to the item's description and commit it as a squash merge ``… (#N)``."""
    import yaml

    mr, gen = load("make_register"), load("generate_register")
    text = path.read_text(encoding="utf-8")
    old = mr.blocks(text)["description"]
    value = yaml.safe_load(old)["description"].rstrip("\n") + "\n\n" + sentence
    path.write_text(text.replace(old, gen.block("description", value), 1), encoding="utf-8")
    rel = path.relative_to(project).as_posix()
    mr.git(project, "add", rel)
    mr.git(project, "commit", "-q", "-m", f"{path.stem} 补充处理说明 (#{number})", date=when)


# ---------------------------------------------------------------------------------------------
# the site

def site_stats(site: Path) -> dict:
    files = total = html = over = 0
    largest = (0, None)
    stack = [site]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file(follow_symlinks=False):
                    size = e.stat(follow_symlinks=False).st_size
                    files += 1
                    total += size
                    if e.name.endswith(".html"):
                        html += 1
                        over += size > PAGE_LIMIT
                        if size > largest[0]:
                            largest = (size, Path(e.path).relative_to(site).as_posix())
    out = {"bytes": total, "files": files, "html_pages": html, "largest_html_bytes": largest[0],
           "largest_html": largest[1], "html_over_limit": over}
    index = site / "search" / "search_index.json"
    if index.is_file():
        raw = index.read_bytes()
        out["search_index_bytes"] = len(raw)
        out["search_index_gzip_bytes"] = len(gzip.compress(raw, 6))
    bundle = site / "pagefind"
    if bundle.is_dir():
        sizes = [p.stat().st_size for p in bundle.rglob("*") if p.is_file()]
        out["pagefind_bytes"], out["pagefind_files"] = sum(sizes), len(sizes)
    return out


def search_step(site: Path, register: Path, runs: int) -> dict:
    """Cold queries in headless Chromium (benchmarks/search.py), or why they could not run."""
    search = load("search")
    try:
        import playwright  # noqa: F401
    except ImportError:
        return {"skipped": "playwright is not installed (make install-test)"}
    if not Path(search.CHROMIUM).exists():
        return {"skipped": f"no Chromium at {search.CHROMIUM}"}
    ids = sorted(p.stem for p in (register / "items").rglob("*.yaml"))
    item_id = "FB-2025-0123" if "FB-2025-0123" in ids else ids[len(ids) // 2]
    queries = {"zh": "空调", "fume": "油烟", "two": "空调 噪音", "id": item_id}
    server = search.Server(site)
    try:
        return search.cold_first_result(server.url, queries, runs=runs)
    except Exception as exc:           # a site without a search box, a timeout: reported, not fatal
        return {"skipped": f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"}
    finally:
        server.close()


def stage_floors(project: Path, logs: Path, n: int) -> dict:
    """The floors of the stages that have one: one ``git log --raw`` pass over the history (what the
    history index must read at least), and Pagefind's own indexer over the built item pages (what
    the search stage must do at least, without our documents, shards or caches)."""
    out = {}
    step = timed("floor-history", ["git", "log", "--raw", "--no-abbrev", "-m", "--format=%H %P %ct", "main"],
                 project, logs)
    out["history index"] = step["seconds"] if step["exit"] == 0 else None
    from generator import searchindex

    command = searchindex.pagefind_command()
    site = project / "site"
    if command and (site / "items").is_dir():
        target = Path(tempfile.mkdtemp(prefix="floor-search-", dir=project))
        step = timed("floor-search", [*command, "--site", site, "--glob", "items/**/*.html", "--output-path",
                                      target, "--force-language", "zh"], project, logs)
        out["search index"] = step["seconds"] if step["exit"] == 0 else None
        rmtree(target)
    _report(n, "stage floors", {"seconds": sum(v or 0 for v in out.values()), "peak_rss_mb": 0, "exit": 0,
                                "stderr_tail": []})
    return out


# ---------------------------------------------------------------------------------------------
# one size

def build_with_retry(name: str, cmd: list, project: Path, logs: Path, n: int, retries: int) -> dict:
    failed = []
    for attempt in range(retries + 1):
        step = timed(name if attempt == 0 else f"{name}-retry{attempt}", cmd, project, logs, profile=True)
        _report(n, name, step)
        if step["exit"] == 0 or attempt == retries:
            step["failed_attempts"] = failed
            return step
        failed.append({"exit": step["exit"], "stderr_tail": step["stderr_tail"]})
        log(f"[{n:,}] {name} failed; trying again in 30 s (someone's half-finished edit?)")
        time.sleep(30)
    raise AssertionError


def run_size(n: int, args, work: Path, fbreg: list[str]) -> dict:
    py = sys.executable
    project = work / f"register-{n}"
    logs = work / "logs" / str(n)
    register = project / "register"
    r: dict = {"items": n}

    log(f"[{n:,}] generating {n:,} items × {args.commits_per_item} commits …")
    step = timed("generate", [py, HERE / "make_register.py", project, n, "--commits-per-item",
                              args.commits_per_item, "--seed", args.seed, "--as-of", AS_OF], ROOT, logs)
    _report(n, "generate", step)
    if step["exit"] != 0:
        raise SystemExit(f"make_register.py failed: {step['stderr_tail']}")
    r["generate"], r["repo"] = step, _json_out(step)

    floor_dir = work / f"floor-{n}"
    rmtree(floor_dir)
    r["floor"] = step = timed("floor", [py, HERE / "floor.py", register, floor_dir], ROOT, logs)
    _report(n, "floor", step)
    rmtree(floor_dir)

    rmtree(project / ".cache")
    validate = [*fbreg, "validate", "--register", "register", "--as-of", AS_OF]
    r["validate"] = step = timed("validate", validate, project, logs)
    _report(n, "validate (cold)", step)
    if (project / ".cache" / "fbreg").exists():
        r["validate_warm"] = step = timed("validate-warm", validate, project, logs)
        _report(n, "validate (warm)", step)

    rmtree(project / ".cache")
    cache = project / ".cache" / "fbreg"
    r["history_cold"] = step = timed("history-cold", [py, "-c", PROBE, register, cache], project, logs)
    step["probe"] = _json_out(step)
    _report(n, "history index (cold)", step)
    candidates = pick_items(register)
    when = int(r["repo"]["last_date"]) + 600
    change_item(project, candidates[0], "补充说明:工程部复查后确认问题已解决,客人表示满意。", when, 900_001)
    r["history_one_commit"] = step = timed("history-one-commit", [py, "-c", PROBE, register, cache], project, logs)
    step["probe"] = _json_out(step)
    _report(n, "history index (one new commit)", step)

    rmtree(project / ".cache")
    rmtree(project / "site")
    build = [*fbreg, "build", "--as-of", AS_OF]
    r["build"] = step = build_with_retry("build", build, project, logs, n, args.retries)
    if step["exit"] != 0:
        log(f"[{n:,}] the full build failed: no rebuild, site or search figures")
        return r
    r["site"] = site_stats(project / "site")

    # the first rebuild after a full build has no previous site to start from (nothing was replaced
    # yet); from the second on, the editing loop: the site before the last one is the building folder
    changed = candidates[len(candidates) // 2] if len(candidates) > 1 else candidates[0]
    change_item(project, changed, "补充说明:质检办抽查同类问题,未发现新的异常。", when + 600, 900_002)
    r["rebuild_first"] = build_with_retry("rebuild-first", build, project, logs, n, args.retries)
    again = candidates[len(candidates) // 3] if len(candidates) > 2 else changed
    change_item(project, again, "补充说明:部门负责人回访,客人确认已解决。", when + 1200, 900_003)
    r["rebuild"] = build_with_retry("rebuild", build, project, logs, n, args.retries)
    r["changed_items"] = [candidates[0].stem, changed.stem, again.stem]
    r["stage_floors"] = stage_floors(project, logs, n)

    if r["rebuild"]["exit"] == 0 and not args.skip_serve:
        log(f"[{n:,}] mkdocs serve: save → reload …")
        r["serve"] = load("serve").serve_reload(project, pick_items(register)[len(candidates) // 4], logs)
        if "skipped" in r["serve"]:
            log(f"[{n:,}] serve not measured: {r['serve']['skipped']}")
        else:
            log(f"[{n:,}] serve: first build {_t(r['serve']['first_build_seconds'])}, save → reload "
                + ", ".join(_t(x) for x in r["serve"]["reload_seconds"]))

    if not args.skip_search and r["rebuild"]["exit"] == 0:
        log(f"[{n:,}] search in headless Chromium …")
        r["search"] = search_step(project / "site", register, args.search_runs)
        if "skipped" in r["search"]:
            log(f"[{n:,}] search not measured: {r['search']['skipped']}")
        else:
            log(f"[{n:,}] search first result: " + ", ".join(
                f"{q} {_ms(r['search']['from_start_ms'][k])}" for k, q in r["search"]["queries"].items()))
    return r


# ---------------------------------------------------------------------------------------------
# machine

def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def ver(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    cpu = cpu_model()
    kb = memory_kb()
    mem = kb * 1024 if kb else None
    distro = None
    try:
        distro = re.search(r'(?m)^PRETTY_NAME="?([^"\n]*)', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    import yaml
    try:
        load = round(os.getloadavg()[0], 1)
    except OSError:
        load = None
    return {"nproc": nproc, "cpu": cpu, "memory_bytes": mem, "load_average": load, "os": distro, "kernel": platform.release(),
            "python": platform.python_version(), "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
            "mkdocs": ver("mkdocs"), "material": ver("mkdocs-material"), "jinja2": ver("jinja2"),
            "pagefind": ver("pagefind"), "git": git.replace("git version ", "")}


# ---------------------------------------------------------------------------------------------
# the table

def _t(seconds) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def _ms(ms) -> str:
    return "—" if ms is None else _t(ms / 1000)


def _size(n) -> str:
    if n is None:
        return "—"
    if n >= GIB:
        return f"{n / GIB:.2f} GiB"
    if n < 10_000:
        return f"{n:,} B" if n < 1024 else f"{n / 1024:.1f} KB"
    return f"{n / 2 ** 20:.1f} MB" if n >= 2 ** 20 else f"{n / 1024:.0f} KB"


def _mem(mb) -> str:
    return "—" if mb is None else f"{mb / 1024:.2f} GiB" if mb >= 1024 else f"{mb:.0f} MB"


def _step_seconds(r: dict, key: str):
    step = r.get(key)
    if not step:
        return None
    return step["seconds"] if step.get("exit", 0) == 0 else None


def _failed(r: dict, key: str) -> str | None:
    step = r.get(key)
    return f"failed (exit {step['exit']})" if step and step.get("exit", 0) != 0 else None


PRODUCT_STEPS = ("validate", "validate_warm", "history_cold", "history_one_commit", "build", "rebuild_first",
                 "rebuild")


def peak_memory(r: dict):
    values = [r[k]["peak_rss_mb"] for k in PRODUCT_STEPS if r.get(k)]
    return max(values) if values else None


def rows(results: dict) -> list[dict]:
    """The table's rows: label, cells by size, × floor by size (timings), target, verdict."""
    sizes = results["sizes"]
    res = {n: results["results"].get(str(n), {}) for n in sizes}
    out: list[dict] = []

    def floor(n):
        return _step_seconds(res[n], "floor")

    def timing(label, key, target=None, check=None, big=None, sub=None):
        cells, ratios = {}, {}
        for n in sizes:
            seconds = sub(res[n]) if sub else _step_seconds(res[n], key)
            cells[n] = _failed(res[n], key) or _t(seconds)
            ratios[n] = f"×{seconds / floor(n):.1f}" if seconds and floor(n) else ""
        out.append({"label": label, "cells": cells, "ratios": ratios, "target": target or "",
                    "check": (lambda r: check(sub(r) if sub else _step_seconds(r, key), r)) if check else None,
                    "big": big})

    def plain(label, fn, target="", check=None, big=None):
        out.append({"label": label, "cells": {n: fn(res[n]) for n in sizes}, "ratios": {}, "target": target,
                    "check": check, "big": big})

    plain("items / commits (of them merges)", lambda r: f"{r.get('repo', {}).get('items', 0):,} / "
          f"{r.get('repo', {}).get('commits', 0):,} ({r.get('repo', {}).get('merges', 0):,})" if r.get("repo") else "—")
    timing(f"generate the register with its history (`make_register.py`, K = {results['commits_per_item']})",
           "generate")
    timing("**floor**: parse every item (CSafeLoader), one Jinja2 page each", "floor")
    timing("**`fbreg validate`** (cold)", "validate", "≤ 5 s", lambda s, r: s is not None and s <= 5)
    if any(res[n].get("validate_warm") for n in sizes):
        timing("`fbreg validate` again (warm: `.cache/fbreg` kept)", "validate_warm", "≤ 5 s",
               lambda s, r: s is not None and s <= 5)
    timing("history index `load_history`, cold (empty cache)", "history_cold")
    timing("history index after one new commit", "history_one_commit")
    timing("**full build** `fbreg build` (no caches)", "build", "≤ 45 s and ≤ 3× floor",
           lambda s, r: s is not None and s <= 45 and _step_seconds(r, "floor") and s <= 3 * _step_seconds(r, "floor"),
           big=("≤ 4 min", lambda r: r.get("build", {}).get("exit") == 0 and _step_seconds(r, "build") <= 240))
    if any(res[n].get("rebuild_first") for n in sizes):
        timing("first rebuild after the full build (caches kept; no previous site to reuse yet)", "rebuild_first")
    timing("**rebuild** after one item changes (caches and the previous site kept: the editing loop)", "rebuild",
           "≤ 5 s", lambda s, r: s is not None and s <= 5)
    plain("… CPU time (user + sys) of the full build / the rebuild", lambda r: " / ".join(
        _t(r[k]["cpu_seconds"]) if r.get(k) else "—" for k in ("build", "rebuild")))
    plain("… item pages written / kept by the rebuild", lambda r: (
        f"{r['rebuild']['profile']['notes'].get('item pages written', 0):,} / "
        f"{r['rebuild']['profile']['notes'].get('item pages kept', 0):,}") if (r.get("rebuild") or {}).get("profile")
          else "—")

    def serve_ok(r):
        return bool(r.get("serve")) and "skipped" not in r["serve"]

    if any(res[n].get("serve") for n in sizes):
        plain("**live preview** `mkdocs serve`: one item saved → its new page served (median of "
              f"{max((len(r['serve'].get('reload_seconds', [])) for r in res.values() if r.get('serve')), default=0)})",
              lambda r: _t(r["serve"]["median_seconds"]) if serve_ok(r) else (r.get("serve") or {}).get("skipped", "—"),
              "≤ 5 s", lambda r: serve_ok(r) and r["serve"]["median_seconds"] <= 5)
        plain("… `mkdocs serve`'s first build / each save → reload", lambda r: (
            f"{_t(r['serve']['first_build_seconds'])} / " + ", ".join(_t(x) for x in r["serve"]["reload_seconds"]))
              if serve_ok(r) else "—")
    plain("**peak memory** (largest RSS of validate, history, build, rebuild)", lambda r: _mem(peak_memory(r)),
          "≤ 1 GiB", lambda r: peak_memory(r) is not None and peak_memory(r) <= 1024,
          big=("≤ 4 GiB", lambda r: peak_memory(r) is not None and peak_memory(r) <= 4096))

    def site(fn):
        return lambda r: fn(r["site"]) if r.get("site") else "—"

    plain("site on disk / files", site(lambda s: f"{_size(s['bytes'])} / {s['files']:,}"))
    plain("HTML pages", site(lambda s: f"{s['html_pages']:,}"))
    plain("**largest HTML page**", site(lambda s: f"{_size(s['largest_html_bytes'])} (`{s['largest_html']}`)"),
          "≤ 200 KB", lambda r: bool(r.get("site")) and r["site"]["largest_html_bytes"] <= PAGE_LIMIT)
    plain("HTML pages over 200 KB", site(lambda s: f"{s['html_over_limit']:,}"), "0",
          lambda r: bool(r.get("site")) and r["site"]["html_over_limit"] == 0)
    if any(r.get("site", {}).get("search_index_bytes") is not None for r in res.values()):
        plain("search index `search/search_index.json` (gzip)", site(
            lambda s: f"{_size(s['search_index_bytes'])} ({_size(s['search_index_gzip_bytes'])})"
            if "search_index_bytes" in s else "—"))
    if any(r.get("site", {}).get("pagefind_bytes") is not None for r in res.values()):
        plain("search index `pagefind/` (files)", site(
            lambda s: f"{_size(s['pagefind_bytes'])} ({s['pagefind_files']:,})" if "pagefind_bytes" in s else "—"))

    def measured(r):
        return bool(r.get("search")) and "skipped" not in r["search"]

    def search(kind, field):
        return lambda r: _ms(r["search"][field].get(kind)) if measured(r) else "not measured"

    def search_ok(kind, limit=300):
        def check(r):
            value = (r["search"].get("from_start_ms") or {}).get(kind) if measured(r) else None
            return value is not None and value <= limit
        return check

    if any(r.get("search") for r in res.values()):
        queries = next(r["search"]["queries"] for r in res.values() if measured(r)) if any(
            measured(r) for r in res.values()) else {}
        ids = {r["search"]["queries"]["id"] for r in res.values() if measured(r)}
        for kind, query in queries.items():
            shown = ("an item id" if len(ids) != 1 else f"`{query}` (an item id)") if kind == "id" else f"`{query}`"
            plain(f"**search** {shown} at DOMContentLoaded → first result", search(kind, "from_start_ms"),
                  "≤ 300 ms", search_ok(kind), big=("≤ 500 ms", search_ok(kind, 500)))
        kinds = list(queries)
        names = " / ".join(f"`{queries[k]}`" if k != "id" else "id" for k in kinds)
        plain(f"… {names}: from typing (once the box is there)", lambda r: (
            " / ".join(search(k, "from_typing_ms")(r) for k in kinds) if measured(r) else "—"))
        plain(f"… {names}: from navigation start", lambda r: (
            " / ".join(search(k, "from_navigation_ms")(r) for k in kinds) if measured(r) else "—"))
        plain(f"… search UI / results for {names} / top hit for the id", lambda r: (
            f"{r['search'].get('engine')}{' (dialog)' if r['search'].get('opened_dialog') else ''} / "
            + " / ".join(str(r["search"]["result_counts"].get(k)) for k in kinds)
            + f" / `{r['search']['top_result'].get('id')}`" if measured(r) else "—"))
    for key, label in (("generate", "generate"), ("floor", "floor"), ("validate", "validate"),
                       ("history_cold", "history index, cold"), ("history_one_commit", "history index, one commit"),
                       ("build", "full build"), ("rebuild", "rebuild")):
        plain(f"peak memory (RSS): {label}",
              lambda r, key=key: _mem(r[key]["peak_rss_mb"]) if r.get(key) else "—")
    return out


def verdicts(row: dict, results: dict) -> str:
    sizes = results["sizes"]
    parts = []
    if row["check"]:
        if TARGET_SIZE in sizes:
            r = results["results"].get(str(TARGET_SIZE), {})
            parts.append("met" if row["check"](r) else "**missed**")
        else:
            parts.append("no 10 000 run")
    if row.get("big") and BIG_SIZE in sizes:
        name, check = row["big"]
        r = results["results"].get(str(BIG_SIZE), {})
        parts.append(f"100 000 ({name}): " + ("met" if check(r) else "**missed**"))
    return "; ".join(parts)


def report(results: dict) -> str:
    sizes, m = results["sizes"], results["machine"]
    table_rows = rows(results)
    head = "| | " + " | ".join(f"{n:,} items | × floor" for n in sizes) + " | target (10 000 items) | 10 000 items |"
    sep = "|---|" + "---:|---:|" * len(sizes) + "---|---|"
    lines = [head, sep]
    for row in table_rows:
        target = row["target"]
        if row.get("big"):
            target += f"; 100 000: {row['big'][0]}"
        cells = " | ".join(f"{row['cells'][n]} | {row['ratios'].get(n, '')}" for n in sizes)
        lines.append(f"| {row['label']} | {cells} | {target} | {verdicts(row, results)} |")
    mem = f"{m['memory_bytes'] / GIB:.1f} GiB RAM" if m.get("memory_bytes") else "RAM unknown"
    chromium = next((r["search"].get("chromium") for r in results["results"].values()
                     if r.get("search") and r["search"].get("chromium")), None)
    intro = [
        f"Measured {results['when']} with `benchmarks/run.py {results['argv']}` (seed {results['seed']}, "
        f"K = {results['commits_per_item']} commits per item, `--as-of {AS_OF}`); every timing is the wall time of "
        f"one fresh process (interpreter start and imports included), memory its peak RSS.",
        "",
        f"Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {mem}; {m['os'] or 'Linux'} (kernel {m['kernel']}); "
        f"Python {m['python']} ({'with' if m['libyaml'] else 'without'} libyaml), MkDocs {m['mkdocs']}, "
        f"Material {m['material']}, git {m['git']}"
        + (f", Chromium {chromium} (headless)" if chromium else "")
        + (f", Pagefind {m['pagefind']}" if m.get("pagefind") else "") + "."
        + (f" Load average (1 min) when the run started: {m['load_average']}"
           + (f", when it ended: {results['load_average_end']}" if results.get("load_average_end") is not None else "")
           + " (a shared machine: wall times above the CPU times mean waiting for a core)."
           if m.get("load_average") is not None else ""),
        "",
    ]
    notes = []
    for n in sizes:
        r = results["results"].get(str(n), {})
        for key in ("build", "rebuild"):
            for f in (r.get(key) or {}).get("failed_attempts", []):
                notes.append(f"{n:,} items: a {key} attempt failed (exit {f['exit']}) and was retried.")
        s = r.get("search")
        if s and "skipped" in s:
            notes.append(f"{n:,} items: search not measured — {s['skipped']}.")
        elif s is None and not results.get("skip_search") and r.get("build"):
            notes.append(f"{n:,} items: search not measured.")
    if results.get("skip_search"):
        notes.append("Search was not measured (`--skip-search`).")
    if results.get("interrupted"):
        notes.append(f"Incomplete run: {results['interrupted']}.")
    return "\n".join(intro + lines + ([""] + [f"* {x}" for x in notes] if notes else []) + stage_report(results))


STAGE_COLUMNS = (("build", "full build"), ("rebuild", "rebuild"), ("serve", "serve: save → reload"))


def stage_report(results: dict) -> list[str]:
    """Where each build's time goes: the stages of generator.buildprofile, each with its wall time and
    share of the build, the engine's own work (the rest of the build), start-up, and the stage's floor."""
    from generator.buildprofile import STAGES

    out = []
    for n in results["sizes"]:
        r = results["results"].get(str(n), {})
        profiles = {}
        for key, label in STAGE_COLUMNS:
            step = r.get(key) or {}
            profile = step.get("profile")
            if profile:
                wall = step.get("median_seconds", step.get("seconds")) if key == "serve" else step["seconds"]
                profiles[key] = (label, profile, wall)
        if not profiles:
            continue
        floors = r.get("stage_floors") or {}
        head = "| stage | " + " | ".join(f"{label} | share" for label, _, _ in profiles.values()) + " | stage floor |"
        lines = ["", f"Where the time goes, {n:,} items (`FBREG_PROFILE`, generator/buildprofile.py; wall time of "
                     "each stage and its share of the whole step"
                     + ("; the serve column is the last save's rebuild" if "serve" in profiles else "") + "):", "",
                 head, "|---|" + "---:|---:|" * len(profiles) + "---:|"]

        def cells(get) -> str:
            parts = []
            for _, profile, wall in profiles.values():
                value = get(profile, wall)
                parts.append(f"{_t(value)} | {value / wall * 100:.0f} %" if value is not None and wall else "— | ")
            return " | ".join(parts)

        for name in STAGES:
            if not any(name in p["stages"] for _, p, _ in profiles.values()):
                continue
            floor = floors.get(name)
            lines.append(f"| {name} | " + cells(lambda p, w, name=name: (p["stages"].get(name) or {}).get("seconds"))
                         + f" | {_t(floor) if floor else ''} |")
        lines.append("| the engine (MkDocs: config, docs and listing pages through the theme) and the rest | "
                     + cells(lambda p, w: max(0.0, p["seconds"] - sum(v["seconds"] for v in p["stages"].values())))
                     + " | |")
        lines.append("| start-up: interpreter, imports, reading mkdocs.yml" + (" (serve: the watcher's wait)" if "serve" in profiles
                                                                               else "") + " | "
                     + cells(lambda p, w: max(0.0, w - p["seconds"])) + " | |")
        out += lines
    return out


def write_readme(text: str) -> None:
    write_block(README, START, END, text, "## The benchmark harness (run.py)\n\n")


# ---------------------------------------------------------------------------------------------

def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes numbers separated by commas, not {text!r}")
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes needs at least one positive number")
    return sizes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure validate, history, build, rebuild, memory, site and search "
                                            "against the floor, for a few register sizes.")
    p.add_argument("--sizes", type=_sizes, default=[1_000, 10_000], help="item counts, e.g. 1000,10000 (default)")
    p.add_argument("--work", type=Path, help="working folder (default: a new temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the generated projects and their sites")
    p.add_argument("--write-readme", action="store_true", help="put the table into benchmarks/README.md")
    p.add_argument("--skip-search", action="store_true", help="do not measure search in Chromium")
    p.add_argument("--skip-serve", action="store_true", help="do not measure mkdocs serve's save → reload")
    p.add_argument("--commits-per-item", type=int, default=3, metavar="K", help="versions per item (default 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--search-runs", type=int, default=3, help="page loads per query (median; default 3)")
    p.add_argument("--retries", type=int, default=1, help="retries of a failed build, 30 s apart (default 1)")
    args = p.parse_args(argv)

    work = (args.work or Path(tempfile.mkdtemp(prefix="fbreg-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    fbreg_path = Path(sys.executable).parent / "fbreg"
    fbreg = [str(fbreg_path)] if fbreg_path.exists() else [sys.executable, "-m", "generator"]
    shown = f"--sizes {','.join(str(n) for n in args.sizes)}" + (" --skip-search" if args.skip_search else "") + (
        " --skip-serve" if args.skip_serve else "")
    if args.commits_per_item != 3:
        shown += f" --commits-per-item {args.commits_per_item}"
    if args.seed != 1:
        shown += f" --seed {args.seed}"
    results = {"when": dt.datetime.now().astimezone().isoformat(timespec="minutes"), "argv": shown,
               "sizes": args.sizes, "seed": args.seed, "commits_per_item": args.commits_per_item,
               "skip_search": args.skip_search, "as_of": AS_OF, "machine": machine(), "results": {}}
    out_json = work / "results.json"
    try:
        for n in args.sizes:
            results["results"][str(n)] = run_size(n, args, work, fbreg)
            out_json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
            if not args.keep:
                rmtree(work / f"register-{n}")
    except KeyboardInterrupt:
        results["interrupted"] = "interrupted"
        out_json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        log(f"interrupted; figures so far in {out_json}")
        return 130
    try:
        results["load_average_end"] = round(os.getloadavg()[0], 1)
    except OSError:
        pass
    text = report(results)
    out_json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(text)
    log(f"\nraw figures and logs: {work}")
    if args.write_readme:
        write_readme(text)
        log(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
