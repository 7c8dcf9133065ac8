"""The site's search index: Pagefind bundles in pieces, each built only when its documents change.

Why Pagefind (benchmarks/README.md has the figures): it writes an index cut into chunks by word,
and the browser loads only the chunks of the words it looks for. It has no incremental mode
(re-indexing 10 000 items takes seconds), so the index is cut into **bundles**, merged in the
browser (Pagefind's ``mergeIndex``):

* the primary bundle, ``pagefind/``: the pages of ``docs/`` and the submit page, and Pagefind's
  script and WebAssembly;
* one bundle per shard of items, ``pagefind/shards/<name>/``: ``open`` for every item still being
  worked on, ``y2025``, ``y2025-1`` … for the others by the year of their id, in blocks of
  :data:`SHARD_ITEMS` numbers (:func:`shard_of`). Most changes are to open items,
  so a rebuild re-indexes the open items (a few hundred) and leaves the years alone.

A bundle's key hashes everything its documents are made of (the items' file digests, the
settings, this code, Pagefind's version); bundles are kept by key in ``.cache/fbreg/search-v1/``
and hard-linked into the site, so an unchanged bundle is never indexed again. ``pagefind/fbr-shards.json``
lists the shards for the dialog's script (``site_theme/assets/fbr/search-worker.js``).
Documents: :mod:`generator.searchdocs`.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .atomicfile import write_atomic
from .workers import cores

BUNDLE = "pagefind"
SHARDS = "shards"
MANIFEST = "fbr-shards.json"
CACHE_VERSION = 1
EXCLUDE = "[data-search-exclude]"
# what a bundle keeps of Pagefind's output (its UI scripts and styles are not used: our dialog is ours)
_INDEX_FILES = ("pagefind-entry.json",)
_INDEX_DIRS = ("index", "fragment", "filter")
_SCRIPT_FILES = ("pagefind.js",)


class SearchIndexError(Exception):
    pass


@dataclass
class Bundle:
    """One Pagefind bundle: ``name`` "" for the primary, else a shard; ``documents()`` makes its
    documents ``{path relative to the site: html}``, only when it must be built."""

    name: str
    key: str
    documents: Callable[[], dict[str, str]]
    size: int = 0          # documents: the largest are indexed first

    @property
    def folder(self) -> str:
        return folder_of(self.name)


def folder_of(name: str) -> str:
    return BUNDLE if not name else f"{BUNDLE}/{SHARDS}/{name}"


def code_digest() -> str:
    h = hashlib.sha256(f"{CACHE_VERSION}".encode())
    here = Path(__file__).resolve().parent
    for name in ("searchdocs.py", "searchindex.py"):
        h.update((here / name).read_bytes())
    h.update(pagefind_version().encode())
    return h.hexdigest()


def bundle_key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def pagefind_version() -> str:
    try:
        from importlib.metadata import version
        return version("pagefind")
    except Exception:   # not installed: build_bundles says so
        return "?"


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: the Python package's binary (``pagefind[extended]``), else None."""
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return None
    try:   # the binary itself: one process instead of a Python starting it
        import pagefind_bin_extended as pb
        binary = Path(pb.__file__).resolve().parent / "pagefind_extended"
        if os.access(binary, os.X_OK):
            return [str(binary)]
    except ImportError:
        pass
    return [sys.executable, "-m", "pagefind"]


def _run_pagefind(staging: Path, out: Path, language: str) -> None:
    command = pagefind_command()
    if command is None:
        raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[extended]'")
    args = [*command, "--site", str(staging), "--output-path", str(out), "--exclude-selectors", EXCLUDE,
            "--force-language", language, "--silent"]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (out / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {detail}")


def _trim(out: Path, primary: bool) -> None:
    """Keep what the dialog loads: the index (entry, metadata, chunks, fragments) and, in the primary
    bundle, Pagefind's script and WebAssembly."""
    for entry in list(out.iterdir()):
        name = entry.name
        keep = (name in _INDEX_FILES or name.endswith(".pf_meta") or name in _INDEX_DIRS
                or (primary and (name in _SCRIPT_FILES or name.endswith(".pagefind"))))
        if not keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _build(bundle: Bundle, work: Path, language: str) -> Path:
    """Index ``bundle``'s documents; the trimmed output folder (inside ``work``)."""
    staging = Path(tempfile.mkdtemp(prefix="docs-", dir=work))
    for rel, text in bundle.documents().items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", errors="xmlcharrefreplace"))
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    shutil.rmtree(out)
    try:
        _run_pagefind(staging, out, language)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _trim(out, primary=not bundle.name)
    return out


def _place(source: Path, target: Path, link: bool) -> None:
    """Put the bundle at ``source`` in ``target`` (a folder that does not hold it yet): hard links when
    ``link`` (the source is the cache's), else moved."""
    if not link and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        return
    for dirpath, _, names in os.walk(source):
        dest = os.path.join(target, os.path.relpath(dirpath, source))
        os.makedirs(dest, exist_ok=True)
        for name in names:
            src, dst = os.path.join(dirpath, name), os.path.join(dest, name)
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    if not link:
        shutil.rmtree(source, ignore_errors=True)


def _remove(site: Path, bundle_folder: str, primary: bool) -> None:
    folder = site / bundle_folder
    if not folder.exists():
        return
    if not primary:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():     # the primary's own files: the shards and the list stay
        if entry.name in (SHARDS, MANIFEST):
            continue
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def build_bundles(site: Path, bundles: list[Bundle], language: str, cache: Path | None,
                  present: dict[str, str]) -> dict[str, str]:
    """Make ``<site>/pagefind`` hold exactly ``bundles``. ``present``: bundles already in the site
    (name → key, from the site's previous build); those whose key matches stay as they are. Bundles
    come from the cache when it has their key, else are indexed (on every core). Returns
    ``{name: key}`` of the bundles placed."""
    site = Path(site)
    wanted = {b.name: b for b in bundles}
    for name, key in present.items():
        if name not in wanted or wanted[name].key != key:
            _remove(site, folder_of(name), primary=not name)
    missing = [b for b in bundles if present.get(b.name) != b.key or not (site / b.folder).exists()]
    store = cache / f"search-v{CACHE_VERSION}" if cache is not None else None
    todo = [b for b in missing if store is None or not (store / b.key / "pagefind-entry.json").is_file()]
    work = None
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
    if todo:   # the pid in the name: engine.clean_leftovers knows whether its build still runs
        work = Path(tempfile.mkdtemp(prefix=f".fbr-search-{os.getpid()}-",
                                     dir=store if store is not None else site.parent))
    try:
        todo.sort(key=lambda b: -b.size)   # the largest first: the last to finish is a small one
        with ThreadPoolExecutor(max(1, min(cores(), len(todo) or 1))) as pool:
            built = dict(zip((b.key for b in todo), pool.map(lambda b: _build(b, work, language), todo)))
        for b in missing:
            out = built.get(b.key)
            if store is not None:
                if out is not None:
                    final = store / b.key
                    if not final.exists():
                        out.rename(final)
                out = store / b.key
            _place(out, site / b.folder, link=store is not None)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    names = sorted(b.name for b in bundles if b.name)
    manifest = {"shards": names, "files": _metadata_files(site, [""] + names)}
    write_atomic(site / BUNDLE / MANIFEST, json.dumps(manifest).encode(), durable=False)
    if store is not None:
        _prune(store, {b.key for b in bundles})
    return {b.name: b.key for b in bundles}


def _metadata_files(site: Path, names: list[str]) -> list[str]:
    """What the dialog's worker can fetch at once (relative to ``pagefind/``): each bundle's metadata
    and the primary's WebAssembly; Pagefind itself asks for them only one after another."""
    files = []
    for name in names:
        try:
            entry = json.loads((site / folder_of(name) / "pagefind-entry.json").read_text())
        except (OSError, ValueError):
            continue
        prefix = f"{SHARDS}/{name}/" if name else ""
        for index in entry.get("languages", {}).values():
            files.append(f"{prefix}pagefind.{index['hash']}.pf_meta")
            if not name:
                files.append(f"wasm.{index.get('wasm') or 'unknown'}.pagefind")
    return files


def _prune(store: Path, used: set[str]) -> None:
    """Keep the bundles of this build and of the one before (a change undone finds its bundle)."""
    record = store / "used.json"
    try:
        before = set(json.loads(record.read_text()))
    except (OSError, ValueError, TypeError):
        before = set()
    keep = used | before
    day_ago = time.time() - 86_400
    for entry in store.iterdir():
        if not entry.is_dir() or entry.name in keep:
            continue
        if entry.name.startswith(".fbr-search-") and entry.stat().st_mtime > day_ago:
            continue     # another build's work folder (a killed one's goes after a day)
        shutil.rmtree(entry, ignore_errors=True)
    try:
        write_atomic(record, json.dumps(sorted(used)).encode(), durable=False)
    except OSError:
        pass


SHARD_ITEMS = 5_000   # closed items a shard holds at most: a change re-indexes a few thousand documents


def shard_of(view) -> str:
    """The shard an item's document goes to: ``open`` while it is being worked on, else its id's year
    (``y2025``), and past the first SHARD_ITEMS numbers of a year its block of them (``y2025-1`` for
    FB-2025-5000 to -9999): an item never changes shard once closed, and a busy year is not one
    index that every closure there must rebuild."""
    if view.is_open:
        return "open"
    parts = view.id.split("-")
    block = int(parts[2]) // SHARD_ITEMS if len(parts) > 2 and parts[2].isdigit() else 0
    return f"y{parts[1]}" if block == 0 else f"y{parts[1]}-{block}"


def item_bundles(views, digests: dict[str, str], make_document, context: str) -> list[Bundle]:
    """The shards of ``views`` (:class:`generator.views.ItemView`), keyed by the digests of their
    files (``digests``: id → digest of the item file's bytes, :mod:`generator.itemcache`) and
    ``context`` (what else the documents are made of: settings, code); ``make_document(view)``."""
    groups: dict[str, list] = {}
    for v in views:
        groups.setdefault(shard_of(v), []).append(v)
    code = code_digest()
    bundles = []
    for name, members in sorted(groups.items()):
        members.sort(key=lambda v: v.id)
        key = bundle_key(code, context, name, [(v.id, digests.get(v.id) or v.data) for v in members])
        bundles.append(Bundle(name, key, lambda members=members: {
            f"items/{v.id}/index.html": make_document(v) for v in members}, len(members)))
    return bundles


def page_bundle(documents: dict[str, str], language: str) -> Bundle:
    """The primary bundle: the documents of the docs' pages (``{path relative to the site: html}``)."""
    digest = sorted((path, hashlib.sha256(text.encode()).hexdigest()) for path, text in documents.items())
    return Bundle("", bundle_key(code_digest(), language, digest), lambda: dict(documents), len(documents))
