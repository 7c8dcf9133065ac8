"""Where the caches live (``<project>/.cache/fbreg/``), and when they must not be used.

Everything cached there (parsed items, rendered pages, the git history) is trusted by the next run.
The folder is git-ignored, but a pull request can still add files there (``git add -f``); a
committed cache would then replace the YAML a reviewer read. So when git tracks anything under the
folder no cache is read or written, and ``fbreg validate`` reports ``cache-committed`` (an error).
"""
from __future__ import annotations

import os
from pathlib import Path

from . import gitlog


def folder(register_dir: Path) -> Path:
    return Path(register_dir).resolve().parent / ".cache" / "fbreg"


def committed(register_dir: Path) -> Path | None:
    """The cache folder when git tracks files in it (or in ``.cache/`` above it), else None."""
    top = folder(register_dir).parent
    root = gitlog.repo_root(Path(register_dir))
    if root is None or not top.is_relative_to(root.resolve()):
        return None
    try:
        return top if gitlog.tracked(root, top.relative_to(root.resolve()).as_posix()) else None
    except gitlog.GitError:
        return None


def cache_root(register_dir: Path) -> Path | None:
    """The folder for caches, or None: ``FBREG_NO_CACHE`` is set, or the cache is committed."""
    if os.environ.get("FBREG_NO_CACHE") or committed(register_dir) is not None:
        return None
    return folder(register_dir)
