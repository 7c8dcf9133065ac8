"""The previous build's item pages and search bundles, kept for the next build of the same folder.

A register's site is mostly item pages and search bundles, and one changed item changes one page
and one bundle. So what a build writes there is recorded in a *manifest* (each page's key, the
hash of everything it is made of, and the file's inode, size and modification time; each
bundle's key), kept in ``.cache/fbreg/site-v<N>/`` under the folder's identity (device and
inode: a folder keeps them when it is renamed, as the engine's atomic swap does); a file is
reused only when it is still the file the manifest describes.

The next build of that folder (``fbreg build`` recycles the site before the last one as its
building folder; ``mkdocs serve`` and ``mkdocs build`` rebuild in place) takes ``items/`` and
``pagefind/`` out of the folder *before* the engine empties it (:meth:`Previous.take`), puts them
back after it has written the rest (:meth:`Previous.restore`), and rewrites only the pages whose
key differs or whose file is not the one the manifest describes. The manifest is removed as soon
as the folder starts to change, so a build that fails half-way leaves nothing to be trusted.
No engine import here.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .atomicfile import write_atomic

CACHE_VERSION = 1
TAKEN = ("items", "pagefind")
REUSE_PREFIX = ".site.reuse-"
KEEP_MANIFESTS = 4       # folders remembered: the site, the spare, a serve folder or two


def _manifest(cache: Path, site_dir: Path) -> Path | None:
    try:
        st = os.stat(site_dir)
    except OSError:
        return None
    return cache / f"site-v{CACHE_VERSION}" / f"{st.st_dev}-{st.st_ino}.json"


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


@dataclass
class Previous:
    """What the folder held from its last build, taken out of it: ``holding`` (None: nothing)."""

    holding: Path | None = None
    pages: dict = field(default_factory=dict)      # item id -> [key, inode, size, mtime_ns]
    bundles: dict = field(default_factory=dict)    # bundle name -> [key, inode, size, mtime_ns of its entry file]
    kept: dict = field(default_factory=dict)       # item id -> [key, inode, size, mtime_ns]: reused this build

    @classmethod
    def take(cls, site_dir: Path, cache: Path | None) -> "Previous":
        """Move ``items/`` and ``pagefind/`` out of ``site_dir`` when its manifest describes them."""
        site_dir = Path(site_dir)
        manifest = _manifest(cache, site_dir) if cache is not None else None
        if manifest is None:
            return cls()
        try:
            recorded = json.loads(manifest.read_bytes())
            manifest.unlink()            # from now on the folder changes: a failed build leaves no manifest
        except (OSError, ValueError):
            return cls()
        if not isinstance(recorded, dict):
            return cls()
        # beside the folder (a rename, not a copy); the pid in the name: engine.clean_leftovers knows it
        holding = Path(tempfile.mkdtemp(prefix=f"{REUSE_PREFIX}{os.getpid()}-", dir=site_dir.parent))
        for name in TAKEN:
            src = site_dir / name
            if src.is_dir() and not src.is_symlink():
                src.rename(holding / name)
        return cls(holding, recorded.get("pages") or {}, recorded.get("bundles") or {})

    def restore_items(self, site_dir: Path) -> None:
        """Put the previous ``items/`` back (the engine wrote only the shell there, which goes)."""
        if self.holding is None or not (self.holding / "items").is_dir():
            self.pages = {}
            return
        target = Path(site_dir) / "items"
        shutil.rmtree(target, ignore_errors=True)
        (self.holding / "items").rename(target)

    def current(self, item_id: str, key: str, site_dir: Path) -> bool:
        """Whether the page of ``item_id`` now in the site is the one built for ``key``."""
        entry = self.pages.get(item_id)
        if not entry or entry[0] != key:
            return False
        stat = _stat(os.path.join(site_dir, "items", item_id, "index.html"))
        if stat != entry[1:]:
            return False
        self.kept[item_id] = entry
        return True

    def drop_pages(self, site_dir: Path, wanted: set[str]) -> None:
        """Remove the previous pages of items that have none now (deleted or renumbered)."""
        base = Path(site_dir) / "items"
        for item_id in set(self.pages) - wanted:
            shutil.rmtree(base / item_id, ignore_errors=True)
        if base.is_dir():
            for entry in os.scandir(base):     # and anything the manifest does not know
                if entry.name not in wanted and entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)

    def restore_search(self, site_dir: Path) -> dict[str, str]:
        """Put the previous ``pagefind/`` back; the bundles it holds (name → key)."""
        if self.holding is None or not (self.holding / "pagefind").is_dir():
            return {}
        target = Path(site_dir) / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        (self.holding / "pagefind").rename(target)
        present = {}
        for name, entry in self.bundles.items():
            if isinstance(entry, list) and entry[1:] == _stat(_entry_file(site_dir, name)):
                present[name] = entry[0]
        return present

    def discard(self) -> None:
        if self.holding is not None:
            shutil.rmtree(self.holding, ignore_errors=True)
            self.holding = None


def _entry_file(site_dir: Path, name: str) -> str:
    folder = "pagefind" if not name else f"pagefind/shards/{name}"
    return os.path.join(site_dir, folder, "pagefind-entry.json")


def record(site_dir: Path, cache: Path | None, pages: dict[str, str], bundles: dict[str, str],
           kept: dict[str, list]) -> None:
    """Write the manifest of what this build put in ``site_dir``: ``pages`` item id → key (``kept``:
    the ones reused, with the stat already checked), ``bundles`` name → key."""
    if cache is None:
        return
    manifest = _manifest(cache, site_dir)
    if manifest is None:
        return
    base = os.path.join(site_dir, "items")
    entries = {}
    for item_id, key in pages.items():
        old = kept.get(item_id)
        if old is not None and old[0] == key:
            entries[item_id] = old
            continue
        stat = _stat(os.path.join(base, item_id, "index.html"))
        if stat is not None:
            entries[item_id] = [key, *stat]
    marked = {name: [key, *(_stat(_entry_file(site_dir, name)) or [])] for name, key in bundles.items()}
    data = {"pages": entries, "bundles": marked}
    try:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(manifest, json.dumps(data, separators=(",", ":")).encode(), durable=False)
        others = sorted(manifest.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP_MANIFESTS:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass   # a cache: the next build writes every page
