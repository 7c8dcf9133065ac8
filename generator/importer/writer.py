"""Writing an import: every file or none, never over an existing one.

1. A journal, ``register/.fbreg-import.json``, is created exclusively (a second import at the same
   time stops here). It lists every file to write, under its temporary name and its final name, and
   the month folders the import creates.
2. Every item is written to its temporary name in its month folder (``.FB-2025-0007.yaml.<token>.tmp``,
   which the loader passes over: it starts with a dot and does not end in .yaml) and flushed to disk.
3. Each temporary file is *linked* to its final name: a link fails when the name exists, so nothing
   is ever overwritten (a clash undoes the whole import). When all are linked, the journal says
   ``done``; the temporary names and the journal are removed.

A crash (or a kill) before step 3 leaves the register's items as they were (only hidden temporary
files, removed by the next run). A crash during step 3 leaves a journal that says the import is not
done: ``fbreg validate`` reports it (``import-interrupted``: so CI refuses a half import), and the
next ``fbreg import`` (or ``fbreg import --recover``) rolls it back first — it removes each final
file that is still the same file as its temporary one (the same inode: what this import wrote, never
anything else), the temporary files, the folders it created if they are empty, and the journal.
A journal that says ``done`` is only tidied (its temporary names removed).

``FBREG_IMPORT_PAUSE=staged:N`` or ``linked:N`` (for tests) stops the import after its N-th file is
written or linked: it prints ``fbreg-import-paused`` to standard error and sleeps, so a test can kill
it there with a signal.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path

import yaml

from ..atomicfile import write_atomic

JOURNAL = ".fbreg-import.json"
PAUSE_ENV = "FBREG_IMPORT_PAUSE"


class ImportBusy(Exception):
    """Another import is running, or an interrupted one must be rolled back first."""


class WriteClash(Exception):
    """A final name exists (someone wrote the same id meanwhile); the import was undone."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):   # lists indented under their key, as items are
        return super().increase_indent(flow, False)


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def item_text(fields: dict) -> str:
    """YAML for an item: the fields in their order, block style, multi-line texts as ``|`` blocks."""
    text = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100_000, indent=2)
    return text


def journal_path(register_dir: Path) -> Path:
    return Path(register_dir) / JOURNAL


def _pause(phase: str, n: int) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    if wanted == f"{phase}:{n}":
        print("fbreg-import-paused", file=sys.stderr, flush=True)
        time.sleep(120)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(register_dir: Path, files: list[tuple[Path, str]]) -> list[Path]:
    """Write ``[(final path, text)]`` all or none (see the module's text); returns the paths written."""
    register_dir = Path(register_dir)
    token = secrets.token_hex(6)
    plan, folders = [], []
    files = [(Path(os.path.abspath(final)), text) for final, text in files]
    for final, _ in files:
        folder = final.parent
        missing = []
        while not folder.exists() and folder != register_dir:
            missing.append(folder)
            folder = folder.parent
        for f in reversed(missing):
            if str(f) not in folders:
                folders.append(str(f))
        plan.append((str(final.parent / f".{final.name}.{token}.tmp"), str(final)))
    journal = journal_path(register_dir)
    record = {"token": token, "pid": os.getpid(), "state": "writing", "folders": folders, "files": plan}
    try:
        write_atomic(journal, json.dumps(record, ensure_ascii=False, indent=1), exclusive=True)
    except FileExistsError:
        raise ImportBusy(str(journal)) from None
    try:
        for folder in folders:
            Path(folder).mkdir(exist_ok=True)
        for n, ((tmp, _), (_, text)) in enumerate(zip(plan, files), start=1):
            with open(tmp, "xb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            _pause("staged", n)
        for folder in {Path(final).parent for _, final in plan}:
            _fsync_dir(folder)
        for n, (tmp, final) in enumerate(plan, start=1):
            try:
                os.link(tmp, final)
            except FileExistsError:
                raise WriteClash(Path(final)) from None
            _pause("linked", n)
        for folder in {Path(final).parent for _, final in plan}:
            _fsync_dir(folder)
        record["state"] = "done"
        write_atomic(journal, json.dumps(record, ensure_ascii=False, indent=1))
    except BaseException:
        rollback(register_dir)
        raise
    tidy(register_dir)
    return [Path(final) for _, final in plan]


def _read(register_dir: Path) -> dict | None:
    try:
        return json.loads(journal_path(register_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"state": "unreadable", "files": [], "folders": []}


def pending(register_dir: Path) -> bool:
    """An import was interrupted here (a journal not marked done)."""
    record = _read(Path(register_dir))
    return record is not None and record.get("state") != "done"


def tidy(register_dir: Path) -> None:
    """Remove a finished import's temporary names and its journal."""
    record = _read(register_dir) or {}
    for tmp, _ in record.get("files", []):
        Path(tmp).unlink(missing_ok=True)
    journal_path(register_dir).unlink(missing_ok=True)


def rollback(register_dir: Path) -> int:
    """Undo an interrupted import (see the module's text); the number of item files removed."""
    register_dir = Path(register_dir)
    record = _read(register_dir)
    if record is None:
        return 0
    if record.get("state") == "done":
        tidy(register_dir)
        return 0
    removed = 0
    for tmp, final in record.get("files", []):
        tmp_p, final_p = Path(tmp), Path(final)
        try:
            if tmp_p.exists() and final_p.exists() and os.path.samefile(tmp_p, final_p):
                final_p.unlink()
                removed += 1
        except OSError:
            pass
        tmp_p.unlink(missing_ok=True)
    for folder in reversed(record.get("folders", [])):
        try:
            Path(folder).rmdir()      # only when empty
        except OSError:
            pass
    journal_path(register_dir).unlink(missing_ok=True)
    return removed
