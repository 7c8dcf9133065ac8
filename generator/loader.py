"""Find and load the register's item files: one :class:`Item` per file, with source positions.

Discovery walks ``items/`` without following links: a symbolic link anywhere under the
register is a problem (it could point outside the repository), never something to read.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import safeyaml
from .problems import ProblemList


@dataclass
class Item:
    """One item file. ``data`` is the YAML mapping, or ``None`` when the file could not be read."""

    path: Path          # on disk
    shown: str          # as problems name it
    doc: safeyaml.Document | None
    digest: str | None = None   # SHA-256 of the file's bytes (generator.itemcache), what caches key on

    @property
    def data(self) -> dict | None:
        return self.doc.value if self.doc else None

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if self.data else None
        return value if isinstance(value, str) else None


def display_path(path: Path) -> str:
    """A path as a user should see it: relative to the working directory when below it."""
    full, cwd = os.path.abspath(path), os.getcwd()
    if full.startswith(cwd.rstrip(os.sep) + os.sep):   # the common case, without relpath's cost
        return full[len(cwd.rstrip(os.sep)) + 1:]
    try:
        rel = os.path.relpath(full, cwd)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def discover(register_dir: Path, problems: ProblemList) -> list[Path]:
    """Every ``*.yaml`` under ``register_dir/items``, sorted; links and stray files are problems."""
    found: list[Path] = []
    stack = [register_dir / "items"]
    if stack[0].is_symlink():
        problems.add(display_path(stack[0]), None, "file-symlink")
        return found
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            problems.add(display_path(folder), None, "file-unreadable", reason=exc.strerror or str(exc))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                problems.add(display_path(path), None, "file-symlink")
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif entry.name.endswith(".yaml"):
                found.append(path)
            elif entry.name.endswith(".yml"):
                problems.add(display_path(path), None, "file-extension", suggestion=entry.name[:-4] + ".yaml")
            elif not entry.name.startswith("."):
                problems.add(display_path(path), None, "file-stray")
    return sorted(found)


def read_item(path: Path, shown: str, problems: ProblemList) -> bytes | None:
    """An item file's bytes, or None with the problem recorded (a link, too large, unreadable)."""
    if path.is_symlink():
        problems.add(shown, None, "file-symlink")
        return None
    try:
        return safeyaml.read_bounded(path, safeyaml.MAX_BYTES)   # a regular file: no pipe to block on
    except safeyaml.FileTooLarge as exc:
        problems.add(shown, None, "file-too-large", size=exc.size, limit=safeyaml.MAX_BYTES)
    except OSError as exc:
        problems.add(shown, None, "file-unreadable", reason=exc.strerror or str(exc))
    return None


def load_item(path: Path, problems: ProblemList) -> Item:
    """Read one item file; problems are recorded, never raised."""
    shown = display_path(path)
    data = read_item(path, shown, problems)
    return Item(path, shown, safeyaml.load(data, shown, problems) if data is not None else None)


def load_items(paths: list[Path], problems: ProblemList) -> list[Item]:
    return [load_item(p, problems) for p in paths]
