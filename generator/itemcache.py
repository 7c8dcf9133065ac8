"""Item files parsed once: by content hash across runs, on every core for the rest.

Parsing YAML with positions is most of what validating a large register costs (~0.4 ms an item).
Positions are only needed to report a problem, so what is kept is the *value* of every file that
parsed clean, as JSON under ``<project>/.cache/fbreg/items-v<N>/`` keyed by the SHA-256 of its
bytes: the same bytes always give the same value. A cached item's positions are computed again
only if a later check reports a problem in it (:class:`LazyDocument`). Files not in the cache are
parsed in forked workers when there are many. Nothing here trusts the cache beyond a value for
exactly those bytes; delete the folder at any time (``FBREG_NO_CACHE=1`` does without it).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import cachedir, safeyaml
from .atomicfile import write_atomic
from .workers import fork_map
from .loader import Item, display_path, read_item
from .problems import ProblemList

CACHE_VERSION = 1        # bump when safeyaml's values change for the same bytes
PARALLEL_FROM = 400      # files to parse: below this a worker costs more than it saves


class LazyDocument:
    """A :class:`safeyaml.Document` whose positions are parsed from its bytes when first asked for."""

    __slots__ = ("value", "_data", "_full")

    def __init__(self, value: object, data: bytes) -> None:
        self.value = value
        self._data = data
        self._full: safeyaml.Document | None = None

    def _parsed(self) -> safeyaml.Document:
        if self._full is None:
            self._full = safeyaml.load(self._data, "", ProblemList()) or safeyaml.Document(self.value)
        return self._full

    @property
    def pos(self) -> dict:
        return self._parsed().pos

    @property
    def keypos(self) -> dict:
        return self._parsed().keypos

    @property
    def ambiguous(self) -> set:
        return self._parsed().ambiguous

    def at(self, path):
        return self._parsed().at(path)

    def key_at(self, path):
        return self._parsed().key_at(path)


def cache_dir_for(register_dir: Path) -> Path | None:
    root = cachedir.cache_root(register_dir)
    return root / f"items-v{CACHE_VERSION}" if root else None


def load_items(paths: list[Path], problems: ProblemList, cache: Path | None = None) -> list[Item]:
    """Like :func:`generator.loader.load_items` (same items, same problems), faster."""
    shown = [display_path(p) for p in paths]
    raw: list[bytes | None] = [read_item(p, s, problems) for p, s in zip(paths, shown)]
    keys = [hashlib.sha256(data).hexdigest() if data is not None else None for data in raw]
    shards = _read_shards(cache, {k[:2] for k in keys if k})
    items: list[Item | None] = [None] * len(paths)
    todo = []
    for n, (path, name, data, key) in enumerate(zip(paths, shown, raw, keys)):
        if data is None:
            items[n] = Item(path, name, None)
        elif key[:2] in shards and key in shards[key[:2]]:
            items[n] = Item(path, name, LazyDocument(shards[key[:2]][key], data), key)
        else:
            todo.append(n)
    touched = set()
    for n, (value, found, clean) in zip(todo, parse_all([(raw[n], shown[n]) for n in todo], problems.lang)):
        problems.items.extend(found)
        items[n] = Item(paths[n], shown[n], LazyDocument(value, raw[n]) if value is not None else None, keys[n])
        if clean and cache is not None:
            shards.setdefault(keys[n][:2], {})[keys[n]] = value
            touched.add(keys[n][:2])
    _write_shards(cache, shards, touched)
    return items  # type: ignore[return-value]


def _parse(data: bytes, shown: str, lang: str):
    found = ProblemList(lang)
    doc = safeyaml.load(data, shown, found)
    return (doc.value if doc is not None else None), found.items, not found.items


def parse_all(jobs: list[tuple[bytes, str]], lang: str, then=None) -> list:
    """``(value, problems, clean)`` for each ``(bytes, shown name)``, on every core when there are many;
    with ``then``, ``then(value)`` instead (worked out in the worker: only what it returns comes back)."""
    if then is None:
        return fork_map(lambda job: _parse(job[0], job[1], lang), jobs, PARALLEL_FROM)
    return fork_map(lambda job: then(_parse(job[0], job[1], lang)[0]), jobs, PARALLEL_FROM)


def _read_shards(cache: Path | None, prefixes: set[str]) -> dict[str, dict]:
    shards: dict[str, dict] = {}
    if cache is None:
        return shards
    for prefix in prefixes:
        try:
            stored = json.loads((cache / f"{prefix}.json").read_bytes())
        except (OSError, ValueError):
            continue
        if isinstance(stored, dict):
            shards[prefix] = stored
    return shards


def _write_shards(cache: Path | None, shards: dict[str, dict], touched: set[str]) -> None:
    if cache is None or not touched:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for prefix in sorted(touched):
            data = json.dumps(shards[prefix], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            write_atomic(cache / f"{prefix}.json", data, durable=False)
    except OSError:
        pass   # a cache: the next run parses again
