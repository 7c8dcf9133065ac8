"""Where a build's time goes: its stages, each with wall and CPU time (children included).

The plugin and the engine wrap each stage of a build in :func:`stage`; the figures accumulate in
this process (a stage entered twice adds up). Each stage also notes this process's peak RSS when it ended
(where memory grows). ``FBREG_PROFILE=<file>`` makes
:func:`write_if_asked` write them as JSON at the end of a build (``benchmarks/run.py`` reads
them into its per-stage table); nothing is printed. Stage names are the harness's rows:
:data:`STAGES`, in the order a build runs them.
"""
from __future__ import annotations

import json
import os
import time

try:
    import resource
except ImportError:      # not on Windows
    resource = None
from contextlib import contextmanager
from pathlib import Path

STAGES = ("load and validate", "history index", "deadlines", "audit", "listings", "exports and feeds",
          "item pages", "search index", "site swap")

_started = time.perf_counter()
_stages: dict[str, list[float]] = {}
_notes: dict[str, object] = {}


def reset() -> None:
    """Start a new build's figures (a process may build more than once: tests, ``mkdocs serve``)."""
    global _started
    _started = time.perf_counter()
    _stages.clear()
    _notes.clear()


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def stage(name: str):
    wall, cpu = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        figures = _stages.setdefault(name, [0.0, 0.0, 0.0])
        figures[0] += time.perf_counter() - wall
        figures[1] += _cpu() - cpu
        figures[2] = _peak_mb()


def _peak_mb() -> float:
    """This process's peak RSS so far, in MiB (Linux reports KiB), 0 where unknown."""
    if resource is None:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def note(name: str, value: object) -> None:
    """A figure about the build that is not a time (e.g. how many item pages were rendered)."""
    _notes[name] = value


def figures() -> dict:
    total = time.perf_counter() - _started
    return {"seconds": round(total, 3),
            "stages": {k: {"seconds": round(w, 3), "cpu_seconds": round(c, 3), "peak_rss_mb": round(m, 1)}
                       for k, (w, c, m) in _stages.items()},
            "notes": dict(_notes)}


def write_if_asked() -> None:
    target = os.environ.get("FBREG_PROFILE")
    if not target:
        return
    try:
        Path(target).write_text(json.dumps(figures(), ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass   # a measurement aid: never a reason for a build to fail
