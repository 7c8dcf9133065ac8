"""Where a build's time goes: its stages, each with wall and CPU time (children included).

The plugin and the engine wrap each stage of a build in :func:`stage`; the figures accumulate in
this process (a stage entered twice adds up). A build's figures start at :func:`begin` and are
written at :func:`end` (the plugin's first and last events); ``fbreg build`` wraps the engine's
build in :func:`build`, which owns them instead, so its site swap after the engine is counted too. Each stage also notes this process's peak RSS when it ended
(where memory grows). ``FBREG_PROFILE=<file>`` makes
:func:`write_if_asked` write them as JSON at the end of a build (``benchmarks/run.py`` reads
them into its per-stage table); nothing is printed. Stage names are the harness's rows:
:data:`STAGES`, in the order a build runs them.
"""
from __future__ import annotations

import json
import os
import time

from contextlib import contextmanager
from pathlib import Path

try:
    import resource
except ImportError:      # not on Windows
    resource = None

STAGES = ("load and validate", "history index", "deadlines", "audit", "listings", "exports and feeds",
          "item pages", "search index", "site swap")

_started = time.perf_counter()
_stages: dict[str, list[float]] = {}
_notes: dict[str, object] = {}


_outer = False   # inside build(): begin() and end() leave the figures to it


def reset() -> None:
    """Start a new build's figures (a process may build more than once: tests, ``mkdocs serve``)."""
    global _started
    _started = time.perf_counter()
    _stages.clear()
    _notes.clear()


def begin() -> None:
    """A build starts (the plugin's first event), unless :func:`build` already started it."""
    if not _outer:
        reset()


def end() -> None:
    """A build ended (the plugin's last event): its figures are written, unless :func:`build` writes them."""
    if not _outer:
        write_if_asked()


@contextmanager
def build():
    """One whole build (``fbreg build``: the engine's build and what comes after it); its figures are
    written when it succeeds."""
    global _outer
    reset()
    _outer = True
    try:
        yield
    finally:
        _outer = False
    write_if_asked()


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
