"""The one adapter over the site engine (MkDocs 1.x, or a drop-in fork such as ProperDocs).

``build_site`` builds into a temporary folder beside the target and swaps it in only when the
build succeeded, so a failed or interrupted build leaves the previous site as it was. The site the
swap replaces is kept as the *spare* (when the register's caches are in use), in
``.cache/fbreg-site/<hash of the site's path>`` (git-ignored with ``.cache/``, and not in the
``.cache/fbreg`` folder CI keeps between runs), and is the next build's building folder: the
plugin keeps the item pages and search bundles in it that are still current
(``generator.siteoutput``), so a rebuild writes and deletes only what changed. A spare on another
file system than the site cannot be renamed into place and is simply not kept.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import glob
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path


class BuildFailed(Exception):
    pass


ENGINES = ("mkdocs", "properdocs")


def _engine():
    """MkDocs, or ProperDocs when ``FBREG_ENGINE=properdocs`` or MkDocs is not installed.

    ProperDocs keeps MkDocs' module layout under its own name; importing ``properdocs.replacement``
    makes the ``mkdocs.*`` imports of Material and of our plugin resolve to it, so it must happen
    before anything imports MkDocs in this process."""
    name = os.environ.get("FBREG_ENGINE", "").strip().lower()
    if name and name not in ENGINES:
        raise BuildFailed(f"FBREG_ENGINE={name!r}: the site engine must be one of {', '.join(ENGINES)}")
    if name != "properdocs":
        try:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config
            from mkdocs.exceptions import MkDocsException
            return build, load_config, MkDocsException
        except ImportError:
            if name == "mkdocs":
                raise BuildFailed("FBREG_ENGINE=mkdocs, but MkDocs is not installed") from None
    try:
        import properdocs.replacement  # noqa: F401  (mkdocs.* -> properdocs.*)
        from properdocs.commands.build import build  # type: ignore[no-redef]
        from properdocs.config import load_config  # type: ignore[no-redef]
        from properdocs.exceptions import MkDocsException  # type: ignore[no-redef]
    except ImportError:
        raise BuildFailed("no site engine: install mkdocs (or properdocs)") from None
    return build, load_config, MkDocsException


def build_site(config_file: str, site_dir: str | None = None, register: str | None = None,
               as_of: dt.datetime | None = None) -> Path:
    build, load_config, MkDocsException = _engine()
    from . import buildprofile
    from .problems import SettingsError

    with buildprofile.build():
        config = load_config(config_file=config_file)
        final = Path(site_dir or config["site_dir"]).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(final)
        plugin = config["plugins"].get("feedback-register")
        spare = None
        if plugin is not None:
            if register:
                plugin.config["register"] = register
            if as_of:
                plugin.config["as_of"] = as_of.isoformat()
            spare = spare_of(final, Path(config["config_file_path"] or ".").parent / plugin.config["register"])
        work = _building_folder(final, spare)
        config["site_dir"] = str(work)
        try:
            build(config)
        except (MkDocsException, SettingsError) as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise BuildFailed(str(exc) or exc.__class__.__name__) from exc
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        with buildprofile.stage("site swap"):
            swap_in(work, final, spare)
    return final


def spare_of(final: Path, register_dir: Path) -> Path | None:
    """Where the site before ``final``'s current one is kept, or None when caches are off."""
    from . import cachedir

    cache = cachedir.cache_root(Path(register_dir))
    if cache is None:
        return None
    return cache.parent / "fbreg-site" / hashlib.sha256(os.fsencode(final)).hexdigest()[:16]


def _building_folder(final: Path, spare: Path | None) -> Path:
    """The folder to build in: the spare site when there is one (what it holds is reused), else new."""
    work = final.parent / f".{final.name}.building-{os.getpid()}-{os.urandom(4).hex()}"
    if spare is not None and spare.is_dir() and not spare.is_symlink():
        try:
            spare.rename(work)
            return work
        except OSError:
            shutil.rmtree(spare, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.building-{os.getpid()}-", dir=final.parent))


def swap_in(work: Path, final: Path, spare: Path | None = None) -> None:
    """Make ``work`` the site at ``final``. On Linux one ``renameat2(RENAME_EXCHANGE)``: there is no
    moment without a complete site; elsewhere two renames, and a build killed between them leaves the
    old site as ``.<name>.old-*``, which the next build puts back (:func:`clean_leftovers`). The
    previous site becomes ``spare`` when one is given, else it is removed."""
    if final.exists() and _exchange(work, final):
        _retire(work, spare)   # now the previous site
        return
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{os.getpid()}-{work.name.rsplit('-', 1)[-1]}"
        final.rename(old)
    work.rename(final)
    if old is not None:
        _retire(old, spare)


def _retire(old: Path, spare: Path | None) -> None:
    if spare is not None and not spare.exists():
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            old.rename(spare)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def clean_leftovers(final: Path) -> None:
    """Remove what killed builds left beside ``final``: temporary sites and search staging folders of
    processes that no longer run, and old sites (one is renamed back when ``final`` is missing)."""
    parent = final.parent
    olds = sorted(parent.glob(f".{glob.escape(final.name)}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not final.exists():
        olds.pop().rename(final)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    for pattern in (f".{glob.escape(final.name)}.building-*", ".fbr-search-*", ".site.reuse-*"):
        for folder in parent.glob(pattern):
            if folder.is_dir() and not folder.is_symlink() and not _running(folder.name):
                shutil.rmtree(folder, ignore_errors=True)


def _running(name: str) -> bool:
    """Whether the build that made folder ``name`` (``…-<pid>-<random>``) may still run."""
    match = re.search(r"-(\d+)-[^-]*$", name)
    if match is None:
        return False   # made before pids were in the names: a build of long ago
    pid = int(match.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
