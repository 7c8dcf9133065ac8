"""Rendered item content, cached by the hash of everything it is made from.

An item's page content is a pure function of: the item's data, its milestones as of the build
(due times, states, how overdue), its source path, its history (commits, file versions, approvals),
audit flags and the reminders sent about it, the titles of the items it links to, its photos, the register's settings and
labels, and the rendering code. :func:`key` hashes exactly those, so a rebuild after one changed item
renders one item and reads the others' content from ``<project>/.cache/fbreg/pages-v<N>/``. Open items
change with the as-of time only as far as the page shows it (:func:`shown_milestones`: states, and how
overdue to a tenth of an hour), so a rebuild minutes later (``mkdocs serve``) renders again only the
items whose shown deadline line changed; closed items never. Content no build asked for is pruned after each build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from .atomicfile import write_atomic
from .schemas import schema_dir

CACHE_VERSION = 1
_CODE = ("itemform.py", "timeline.py", "markup.py", "pages.py", "labels.py", "hosting.py", "pagecache.py",
         "remind/compose.py",   # party_label: how the processing record names whom a reminder reached
         "schemas.py")   # schemas.typed: an item's data as pages see it, from its file (and item.schema.json)


def code_digest() -> str:
    """The rendering code itself: a changed template or label invalidates every page."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    h.update((schema_dir() / "item.schema.json").read_bytes())
    return h.hexdigest()


def settings_digest(register_dir: Path) -> str:
    """The settings and departments files (labels, names, deadlines, the calendar)."""
    h = hashlib.sha256()
    for name in ("register.yaml", "departments.yaml"):
        try:
            h.update((Path(register_dir) / name).read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def context_digest(register_dir: Path, extra: object = None) -> str:
    """What every page depends on: settings and departments files, and the rendering code."""
    h = hashlib.sha256(code_digest().encode())
    h.update(settings_digest(register_dir).encode())
    h.update(repr(extra).encode())
    return h.hexdigest()


def shown_milestones(milestones) -> list:
    """What an item page shows of its milestones (itemform.ItemForm.deadlines): the due and met
    times, the state, and for a breached or late one how overdue in hours to one decimal."""
    return [[m.name, m.due, m.met_at, m.state, m.overdue_hours if m.state in ("breached", "late") else None]
            for m in milestones]


def key(context: str, view, related_titles: list, photos: list) -> str:
    parts = [context, view.digest or view.data, shown_milestones(view.milestones), view.source, sorted(view.flags.items()),
             view.history.digest if view.history is not None else None, related_titles, photos,
             [r.line(dt.timezone.utc) for r in view.reminders]]
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


class PageCache:
    """``render(view)`` through the cache at ``folder`` (None: no cache, always render)."""

    def __init__(self, folder: Path | None, context: str, render, related, photos) -> None:
        self.folder, self.context, self._render = folder, context, render
        self.related, self.photos = related, photos      # view -> [(id, title)], view -> [names]
        self._keys: dict[int, tuple[object, str]] = {}   # id(view) -> (view, key): each hashed once a build

    def key(self, view) -> str:
        known = self._keys.get(id(view))
        if known is not None and known[0] is view:
            return known[1]
        k = key(self.context, view, self.related(view), self.photos(view))
        self._keys[id(view)] = (view, k)
        return k

    def render(self, view) -> str:
        if self.folder is None:
            return self._render(view)
        k = self.key(view)
        path = self.folder / k[:2] / f"{k}.html"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        content = self._render(view)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content.encode("utf-8", errors="xmlcharrefreplace"), durable=False)
        except OSError:
            pass   # a cache
        return content

    def prune(self, views) -> int:
        """Once the cache holds more than twice the pages of this build: remove the content no page of
        this build uses. The number removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        shards = [e.path for e in os.scandir(self.folder) if e.is_dir(follow_symlinks=False)]
        if sum(len(os.listdir(s)) for s in shards) <= 2 * len(views):
            return 0
        used = {f"{self.key(v)}.html" for v in views}
        removed = 0
        for shard in shards:
            for entry in os.scandir(shard):
                if entry.name not in used:
                    try:
                        os.unlink(entry.path)
                        removed += 1
                    except OSError:
                        pass
        return removed


def folder_in(cache_root: Path | None) -> Path | None:
    """The rendered content's folder in the caches' (``cachedir.cache_root``; None: no cache)."""
    return cache_root / f"pages-v{CACHE_VERSION}" if cache_root else None
