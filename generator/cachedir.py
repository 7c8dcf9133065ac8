"""Where the caches live (``<project>/.cache/fbreg/``), and when they must not be used.

Everything cached there (parsed items, rendered pages, the git history) is trusted by the next run.
The folder (at the top of the git work tree) is git-ignored, but a pull request can still add files there (``git add -f``); a
committed cache would then replace the YAML a reviewer read. So when git tracks anything under the
folder no cache is read or written, and ``fbreg validate`` reports ``cache-committed`` (an error).
"""
from __future__ import annotations

import os
from pathlib import Path

from . import gitlog


def _locate(register_dir: Path) -> tuple[Path | None, Path]:
    """(the git work tree's top or None, the cache folder): at the top of the work tree, where CI
    caches it; outside git beside the register folder."""
    root = gitlog.repo_root(Path(register_dir))
    base = root.resolve() if root is not None else Path(register_dir).resolve().parent
    return root, base / ".cache" / "fbreg"


def folder(register_dir: Path) -> Path:
    return _locate(register_dir)[1]


def committed(register_dir: Path) -> Path | None:
    """The ``.cache/`` folder when git tracks files in it, else None."""
    root, cache = _locate(register_dir)
    return cache.parent if _tracked(root) else None


def cache_root(register_dir: Path) -> Path | None:
    """The folder for caches, or None: ``FBREG_NO_CACHE`` is set, or the cache is committed."""
    if os.environ.get("FBREG_NO_CACHE"):
        return None
    root, cache = _locate(register_dir)
    return None if _tracked(root) else cache


def _tracked(root: Path | None) -> bool:
    if root is None:
        return False
    try:
        return gitlog.tracked(root, ".cache")
    except gitlog.GitError:
        return False
