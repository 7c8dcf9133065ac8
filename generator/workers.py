"""Work spread over the machine's cores with forked processes (Linux), or done in this process.

``fork`` shares the parent's memory (the register, the view, the theme's shell) with the workers
without pickling it; only results travel back. Elsewhere (no ``fork``) everything runs here.
"""
from __future__ import annotations

import multiprocessing
import os
import sys

_JOB = None   # (function, items, workers): inherited by the forked workers, never pickled


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def fork_map(func, items: list, parallel_from: int, workers: int | None = None) -> list:
    """``[func(x) for x in items]``, in order; in ``workers`` forked processes (default: one a core)
    when there are at least ``parallel_from`` items (fewer: a process costs more than it saves)."""
    workers = cores() if workers is None else workers
    if workers < 2 or len(items) < parallel_from or not can_fork():
        return [func(x) for x in items]
    global _JOB
    _JOB = (func, items, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_chunk, range(workers))
    finally:
        _JOB = None
    out: list = [None] * len(items)
    for n, part in enumerate(parts):
        out[n::workers] = part
    return out


def _chunk(n: int) -> list:
    func, items, step = _JOB
    return [func(x) for x in items[n::step]]
